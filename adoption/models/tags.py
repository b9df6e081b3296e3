"""Tags: programmes and cohorts the CoE names, put on initiatives to filter the board and break the funnel down."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from adoption.choices import TagKind


class Tag(models.Model):
    """A programme or a cohort. ``name`` is the English name; ``names`` holds the others by language ("zh-hant",
    "zh-hans"), read through ``label()`` in the reader's language."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TagKind.choices, default=TagKind.PROGRAMME)
    name = models.CharField(_("name"), max_length=100)
    name_zh_hant = models.CharField(_("name in traditional Chinese"), max_length=100, blank=True)
    name_zh_hans = models.CharField(_("name in simplified Chinese"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.label()

    def label(self, language: str | None = None) -> str:
        """The name in ``language`` (the active language by default), else the English name."""
        language = (language or get_language() or "en").lower()
        if language.startswith("zh-hant") or language in ("zh-tw", "zh-hk"):
            return self.name_zh_hant or self.name
        if language.startswith("zh"):
            return self.name_zh_hans or self.name
        return self.name
