"""The ROI ledger (append-only versions), spend and realised-value entries, and the model-selection record."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.choices import Confidence, Phase, Sourcing, SpendCategory
from core.inputs import LONG_TEXT_LIMIT

from .fields import append_only, person_field
from .portfolio import Initiative
from .scoping import InitiativeRecord

# An ISO 4217 code such as EUR, TWD or CNY.
CURRENCY = {
    "max_length": 3,
    "validators": [
        RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter upper-case ISO 4217 currency code, such as EUR or TWD."))
    ],
}
MONEY = {"max_digits": 16, "decimal_places": 2, "default": Decimal("0.00"), "validators": [MinValueValidator(0)]}
RATE = {"max_digits": 18, "decimal_places": 8, "validators": [MinValueValidator(Decimal("0.00000001"))]}


class RoiVersion(InitiativeRecord):
    """One version of the ROI hypothesis. Never changed after it is written; a new estimate is a new version."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="roi_versions")
    version = models.PositiveIntegerField()
    phase = models.CharField(max_length=20, choices=Phase.choices)
    currency = models.CharField(_("currency (ISO code)"), **CURRENCY)
    rate_to_reporting = models.DecimalField(_("rate to the reporting currency"), **RATE)
    rate_date = models.DateField()
    benefit_cash_saving = models.DecimalField(_("cash saving per year"), **MONEY)
    benefit_cost_avoidance = models.DecimalField(_("cost avoidance per year"), **MONEY)
    benefit_revenue = models.DecimalField(_("revenue per year"), **MONEY)
    productivity_hours = models.DecimalField(
        _("productivity hours per year"),
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    productivity_hourly_rate = models.DecimalField(_("value of an hour"), **MONEY)
    one_off_cost = models.DecimalField(_("one-off cost"), **MONEY)
    run_cost_model = models.DecimalField(_("annual model and token cost"), **MONEY)
    run_cost_infrastructure = models.DecimalField(_("annual infrastructure cost"), **MONEY)
    run_cost_people = models.DecimalField(_("annual people cost"), **MONEY)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    assumptions = models.TextField(_("assumptions"), blank=True, max_length=LONG_TEXT_LIMIT)
    # Derived by adoption.roi when the version is written (rows never change), so roll-ups are plain sums.
    reporting_annual_benefit = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    reporting_net_annual_value = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    recorded_by = person_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "version"]
        verbose_name = _("ROI version")
        verbose_name_plural = _("ROI versions")
        constraints = [models.UniqueConstraint(fields=["initiative", "version"], name="roi_version_unique")]
        triggers = [append_only("roi_append_only")]

    def __str__(self) -> str:
        return f"{self.initiative_id} ROI v{self.version}"


class SpendEntry(InitiativeRecord):
    """Money spent on an initiative in a period (append-only)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="spend_entries")
    period_start = models.DateField()
    period_end = models.DateField()
    category = models.CharField(max_length=20, choices=SpendCategory.choices)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(_("currency (ISO code)"), **CURRENCY)
    rate_to_reporting = models.DecimalField(_("rate to the reporting currency"), **RATE)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = person_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "period_start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="spend_period"),
        ]
        triggers = [append_only("spend_append_only")]

    def __str__(self) -> str:
        return f"{self.initiative_id} spend {self.period_start}"


class RealisedValueEntry(InitiativeRecord):
    """Benefit measured over a period, by category, and the cost measured alongside (append-only)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="realised_values")
    period_start = models.DateField()
    period_end = models.DateField()
    currency = models.CharField(_("currency (ISO code)"), **CURRENCY)
    rate_to_reporting = models.DecimalField(_("rate to the reporting currency"), **RATE)
    benefit_cash_saving = models.DecimalField(**MONEY)
    benefit_cost_avoidance = models.DecimalField(**MONEY)
    benefit_revenue = models.DecimalField(**MONEY)
    productivity_hours = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)]
    )
    productivity_hourly_rate = models.DecimalField(**MONEY)
    measured_cost = models.DecimalField(**MONEY)
    # Derived by adoption.roi when the entry is written, so roll-ups are plain sums.
    reporting_measured_benefit = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    reporting_net_value = models.DecimalField(max_digits=18, decimal_places=2, default=Decimal("0"))
    note = models.CharField(max_length=500, blank=True)
    # Where the saved hours went (work taken on, a backlog cleared): without it, hours never count as money once
    # finance confirms the entry (finance.selectors.confirmed_value).
    redeployed_to = models.CharField(_("saved time redeployed to"), max_length=500, blank=True, db_default="")
    recorded_by = person_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="realised_period"
            ),
        ]
        triggers = [append_only("realised_append_only")]

    def __str__(self) -> str:
        return f"{self.initiative_id} realised {self.period_start}"


class SelectionWeights(models.Model):
    """The CoE's weights for the five model-selection dimensions (percent, summing to 100); versioned."""

    version = models.PositiveIntegerField(unique=True)
    is_current = models.BooleanField(default=True)
    quality = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    total_cost = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    data_security = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    control = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    vendor_risk = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    created_by = person_field(optional=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="weights_one_current"
            ),
            models.CheckConstraint(
                condition=models.Q(
                    quality=100
                    - models.F("total_cost")
                    - models.F("data_security")
                    - models.F("control")
                    - models.F("vendor_risk")
                ),
                name="weights_sum_100",
            ),
        ]

    def __str__(self) -> str:
        return f"weights v{self.version}"


SCORE = {"validators": [MinValueValidator(1), MaxValueValidator(5)]}


class ModelOption(InitiativeRecord):
    """One option considered for an initiative, scored 1–5 on each of the five dimensions."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="model_options")
    name = models.CharField(max_length=200)
    sourcing = models.CharField(max_length=30, choices=Sourcing.choices)
    vendor = models.CharField(max_length=200, blank=True)
    score_quality = models.PositiveSmallIntegerField(**SCORE)
    score_total_cost = models.PositiveSmallIntegerField(**SCORE)
    score_data_security = models.PositiveSmallIntegerField(**SCORE)
    score_control = models.PositiveSmallIntegerField(**SCORE)
    score_vendor_risk = models.PositiveSmallIntegerField(**SCORE)
    is_chosen = models.BooleanField(default=False)
    notes = models.TextField(_("notes"), blank=True, max_length=LONG_TEXT_LIMIT)
    recorded_by = person_field()
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "name"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "name"], name="model_option_unique_name"),
            models.UniqueConstraint(
                fields=["initiative"], condition=models.Q(is_chosen=True), name="model_option_one_chosen"
            ),
            *[
                models.CheckConstraint(condition=models.Q(**{f"{f}__gte": 1, f"{f}__lte": 5}), name=f"option_{f}_1_5")
                for f in (
                    "score_quality",
                    "score_total_cost",
                    "score_data_security",
                    "score_control",
                    "score_vendor_risk",
                )
            ],
        ]

    def __str__(self) -> str:
        return self.name
