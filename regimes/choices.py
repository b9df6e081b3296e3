"""Enumerations of the regimes app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VersionStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("a regime version", "Draft")
    PUBLISHED = "published", pgettext_lazy("a regime version", "Published")
    SUPERSEDED = "superseded", pgettext_lazy("a regime version", "Superseded")


class ClassificationStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("a classification", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("a classification", "Confirmed")


# The common tier scale of every regime's classes, strictest last.
TIER_LABELS = {
    "minimal": _("Minimal"),
    "limited": _("Limited"),
    "high": _("High"),
    "prohibited": _("Prohibited"),
}
