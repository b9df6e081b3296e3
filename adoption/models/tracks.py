"""Tracks: the route an initiative takes through the phases, as data. A track names, per phase, the criterion
templates that apply (a lighter set) and the roles whose slots the gate needs (fewer slots); a phase the track does
not name takes today's behaviour (every current template; the CoE's sign-off matrix).

The shipped tracks (``adoption/tracks.py`` ``DEFAULT_TRACKS``): ``standard`` and ``fast`` (low-risk internal tools,
chosen at intake by the CoE only when the screening allows it)."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Track(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Texts per language: {"en": ..., "zh-hant": ..., "zh-hans": ...}.
    name = models.JSONField(_("name"), default=dict)
    description = models.JSONField(_("description"), default=dict, blank=True)
    # phase → [criterion template codes]; a phase not named takes every current template of the phase.
    criteria = models.JSONField(_("criterion templates per phase"), default=dict, blank=True)
    # phase → [roles]; a phase not named takes the CoE's sign-off matrix.
    slots = models.JSONField(_("sign-off roles per phase"), default=dict, blank=True)
    # Only for what the intake screening finds low-risk (``intake.screening.fast_track_refusal``).
    low_risk_only = models.BooleanField(_("only for low-risk proposals"), default=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The name in the active language (else English, else the code)."""
        language = (translation.get_language() or "en").lower()
        names = self.name or {}
        return names.get(language) or names.get(language.split("-")[0]) or names.get("en") or self.code

    @property
    def description_text(self) -> str:
        language = (translation.get_language() or "en").lower()
        texts = self.description or {}
        return texts.get(language) or texts.get("en") or ""

    def template_codes(self, phase: str) -> list[str] | None:
        """The criterion template codes of ``phase`` on this track, or None: every current template."""
        codes = (self.criteria or {}).get(phase)
        return list(codes) if codes is not None else None

    def slot_roles(self, phase: str) -> list[str] | None:
        """The roles whose slots ``phase``'s gate needs on this track, or None: the CoE's sign-off matrix."""
        roles = (self.slots or {}).get(phase)
        return list(roles) if roles is not None else None
