"""Enumerations of portfolio analytics."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class KillRuleKind(models.TextChoices):
    """The kinds of kill rule; each has one check in ``analytics.selectors.kill_list.CHECKS``."""

    OVERDUE = "overdue", _("Overdue by more than N days")
    NET_VALUE_FALLING = "net_value_falling", _("Net value fell in the last N ROI estimates")
    NO_CONFIRMED_VALUE = "no_confirmed_value", _("No confirmed value N months after production")
    REJECTED_AT_GATE = "rejected_at_gate", _("Rejected N times at the same gate")


class ScenarioKind(models.TextChoices):
    """What happens to a vendor or a model in a vendor-shock scenario."""

    PRICE_CHANGE = "price_change", _("Price changes by the percentage")
    DISAPPEARS = "disappears", _("Disappears for the percentage of a year")


class ScenarioTarget(models.TextChoices):
    VENDOR = "vendor", _("Vendor")
    MODEL = "model", _("Model")
