"""Kill rules (data the CoE edits) and saved vendor-shock scenarios."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models.fields import person_field

from .choices import KillRuleKind, ScenarioKind, ScenarioTarget


class KillRule(models.Model):
    """A rule that puts initiatives on the kill list for the portfolio review: one per kind, with its parameter N,
    switched on or off, named in each language (``names``: "en", "zh-hant", "zh-hans")."""

    kind = models.CharField(_("kind"), max_length=30, choices=KillRuleKind.choices, unique=True)
    parameter = models.PositiveIntegerField(_("N"), validators=[MinValueValidator(1), MaxValueValidator(3650)])
    enabled = models.BooleanField(_("switched on"), default=True)
    names = models.JSONField(default=dict)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "kind"]
        verbose_name = _("kill rule")
        verbose_name_plural = _("kill rules")
        constraints = [
            models.CheckConstraint(condition=models.Q(parameter__gte=1), name="kill_rule_parameter_positive"),
        ]

    def __str__(self) -> str:
        return self.names.get("en") or self.kind


class VendorScenario(models.Model):
    """A saved "what if": a vendor's or a model's price changes by ``percent``, or it disappears for ``percent`` of
    a year. Running it writes nothing (``analytics.selectors.vendors.scenario_run``)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("what happens"), max_length=20, choices=ScenarioKind.choices)
    target_type = models.CharField(_("to a"), max_length=10, choices=ScenarioTarget.choices)
    target = models.CharField(_("vendor or model"), max_length=200)
    percent = models.DecimalField(
        _("percent"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("1000"))],
    )
    created_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("vendor-shock scenario")
        verbose_name_plural = _("vendor-shock scenarios")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__gte=-100, percent__lte=1000), name="scenario_percent_range"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="disappears") | models.Q(percent__gt=0, percent__lte=100),
                name="scenario_disappears_share_of_year",
            ),
        ]

    def __str__(self) -> str:
        return self.name
