"""Regulatory regimes as versioned data, and per initiative: its applicability answers, one classification per
applicable regime, and the obligations that currently apply to it.

A regime version's ``content`` is the catalogue format's dict (``regimes/catalogue/``, read only by
``regimes.engine``); the newest published version of each regime is the one that binds.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.choices import Phase
from adoption.models import Initiative
from adoption.models.fields import append_only, person_field
from adoption.models.scoping import InitiativeRecord
from regimes.choices import ClassificationStatus, VersionStatus


class Regime(models.Model):
    """A regime (a law, a regulator's guidelines, a voluntary framework). Voluntary frameworks stay off until the
    CoE switches them on."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    voluntary = models.BooleanField(_("voluntary"), default=False)
    enabled = models.BooleanField(_("enabled"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("regime")
        verbose_name_plural = _("regimes")

    def __str__(self) -> str:
        return self.code


class RegimeVersion(models.Model):
    """One version of a regime's content. Drafts are edited; publishing supersedes the previous published one."""

    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    content = models.JSONField(_("content"), default=dict)
    status = models.CharField(max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    note = models.TextField(_("what changed"), blank=True, max_length=2000)
    created_by = person_field(optional=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = person_field(optional=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["regime", "-version"]
        verbose_name = _("regime version")
        verbose_name_plural = _("regime versions")
        constraints = [
            models.UniqueConstraint(fields=["regime", "version"], name="regime_version_unique"),
            models.UniqueConstraint(
                fields=["regime"], condition=models.Q(status="published"), name="regime_one_published"
            ),
            models.UniqueConstraint(fields=["regime"], condition=models.Q(status="draft"), name="regime_one_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.regime.code} v{self.version}"


class Applicability(InitiativeRecord):
    """One version of an initiative's answers to the applicability questionnaire (append-only)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="applicability_answers")
    version = models.PositiveIntegerField()
    answers = models.JSONField(_("answers"), default=dict)
    phase = models.CharField(max_length=20, choices=Phase.choices)
    answered_by = person_field()
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["initiative", "-version"]
        verbose_name = _("applicability answers")
        verbose_name_plural = _("applicability answers")
        constraints = [models.UniqueConstraint(fields=["initiative", "version"], name="applicability_version_unique")]
        triggers = [append_only("applicability_append_only")]

    def __str__(self) -> str:
        return f"{self.initiative.key} · applicability answers v{self.version}"


class RegimeClassification(InitiativeRecord):
    """The class of one regime an initiative falls in, with its reasons, proposed from the answers and confirmed by
    a compliance officer in scope. The newest per initiative and regime (``is_current``) is the one that counts."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="regime_classifications")
    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="+")
    regime_version = models.ForeignKey(RegimeVersion, on_delete=models.PROTECT, related_name="+")
    answers = models.ForeignKey(Applicability, on_delete=models.PROTECT, related_name="+")
    class_code = models.CharField(max_length=60)
    tier = models.CharField(max_length=20)
    reasons = models.JSONField(default=list)
    status = models.CharField(
        max_length=20, choices=ClassificationStatus.choices, default=ClassificationStatus.PROPOSED
    )
    is_current = models.BooleanField(default=True)
    proposed_by = person_field()
    proposed_at = models.DateTimeField()
    confirmed_by = person_field(optional=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["initiative", "regime", "-proposed_at"]
        verbose_name = _("regime classification")
        verbose_name_plural = _("regime classifications")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "regime"], condition=models.Q(is_current=True), name="classification_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.key} · {self.regime.code}: {self.class_code}"


class AppliedObligation(InitiativeRecord):
    """An obligation that applies to an initiative now (the current set, recomputed by the services whenever the
    answers, a classification or the catalogue change). ``binding`` False: informational, or not yet effective."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="applied_obligations")
    regime = models.CharField(max_length=60)
    obligation = models.CharField(max_length=100)
    regime_version = models.ForeignKey(RegimeVersion, on_delete=models.PROTECT, related_name="+")
    binding = models.BooleanField(default=True)
    # What the obligation implies while it binds (copied from the version's content, so that the gate's slots and
    # the review cadence are read in one query): extra sign-off slots [[role, ordinal]] and review cadence in days.
    slots = models.JSONField(default=list, blank=True)
    cadence_days = models.PositiveIntegerField(null=True, blank=True)
    applied_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["initiative", "regime", "obligation"]
        verbose_name = _("applied obligation")
        verbose_name_plural = _("applied obligations")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "regime", "obligation"], name="applied_obligation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}/{self.regime}/{self.obligation}"
