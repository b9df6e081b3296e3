"""Serializers of the adoption API: the shapes of business units, initiatives, criteria, evidence, ROI and the funnel.

Input serializers check only shape and type (lengths, numbers, dates, enumerations); every rule lives in the
services, which report their own field messages. Output serializers render what the selectors return.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from adoption.api.base import Ref, Text
from adoption.choices import (
    Confidence,
    CriterionStatus,
    DataClassification,
    EvidenceKind,
    FailureMode,
    Phase,
    RiskTier,
    Sourcing,
    SpendCategory,
    Status,
)

MAX_VERSION = 2**31 - 1


def Money(**kwargs):
    return serializers.DecimalField(max_digits=16, decimal_places=2, min_value=Decimal("0"), **kwargs)


def Rate(**kwargs):
    return serializers.DecimalField(max_digits=18, decimal_places=8, **kwargs)


def plain(value: Any) -> Any:
    """Decimals as strings, recursively (money must not pass through binary floats)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


# --- Business units ---------------------------------------------------------------------------------------------


class BusinessUnitSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True)


class BusinessUnitCreateSerializer(serializers.Serializer):
    code = Ref(max_length=40)
    name = Text(max_length=200)
    parent = Ref(max_length=40, required=False, allow_null=True)


# --- Initiatives ------------------------------------------------------------------------------------------------


class InitiativeSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True, help_text="Human key, e.g. AI-0001; the id in every URL.")
    number = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    business_unit = serializers.CharField(source="business_unit.code", read_only=True)
    business_unit_name = serializers.CharField(source="business_unit.name", read_only=True)
    owner = serializers.CharField(source="owner.username", read_only=True)
    sponsor = serializers.CharField(source="sponsor.username", read_only=True, allow_null=True)
    pain_point = serializers.CharField(read_only=True)
    value_driver = serializers.CharField(read_only=True)
    kpi = serializers.CharField(read_only=True)
    kpi_baseline = serializers.CharField(read_only=True)
    kpi_target = serializers.CharField(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    risk_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    data_classification = serializers.ChoiceField(choices=DataClassification.choices, read_only=True)
    sourcing = serializers.ChoiceField(choices=Sourcing.choices, read_only=True)
    models_used = serializers.CharField(read_only=True)
    selection_rationale = serializers.CharField(read_only=True)
    phase_entered_at = serializers.DateTimeField(read_only=True)
    planned_phase_end = serializers.DateTimeField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True, help_text="Active and past its planned phase end.")
    hold_reason = serializers.CharField(read_only=True)
    production_entered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    retired_at = serializers.DateTimeField(read_only=True, allow_null=True)
    stopped_at = serializers.DateTimeField(read_only=True, allow_null=True)
    stop_primary_failure_mode = serializers.CharField(read_only=True)
    stop_contributing_modes = serializers.ListField(child=serializers.CharField(), read_only=True)
    stop_not_a_failure = serializers.BooleanField(read_only=True)
    stop_reason = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back with PATCH (or as If-Match); a stale one is refused."
    )


class InitiativeDetailSerializer(InitiativeSerializer):
    my_permissions = serializers.SerializerMethodField(
        help_text="What you may do to this initiative (permission codenames)."
    )

    def get_my_permissions(self, obj) -> list[str]:
        return sorted(self.context.get("permissions", ()))


class _InitiativeFields(serializers.Serializer):
    title = Text(max_length=200)
    business_unit = Ref(max_length=40, help_text="Business unit code.")
    owner = Ref(help_text="Username.")
    sponsor = Ref(required=False, allow_null=True, help_text="Username, or null for none.")
    pain_point = Text(required=False)
    value_driver = Text(required=False)
    kpi = Text(max_length=200, required=False)
    kpi_baseline = Text(max_length=100, required=False)
    kpi_target = Text(max_length=100, required=False)
    data_classification = serializers.ChoiceField(choices=DataClassification.choices, required=False)
    sourcing = serializers.ChoiceField(choices=Sourcing.choices, required=False)
    models_used = Text(max_length=500, required=False)
    selection_rationale = Text(required=False)


class InitiativeCreateSerializer(_InitiativeFields):
    risk_tier = serializers.ChoiceField(choices=RiskTier.choices, required=False)


class InitiativeUpdateSerializer(_InitiativeFields):
    version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        required=False,
        help_text="The version you read; required unless an If-Match header names it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


# --- Criteria and evidence --------------------------------------------------------------------------------------


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    code = serializers.CharField(read_only=True)
    order = serializers.IntegerField(read_only=True)
    title = serializers.CharField(source="template.title", read_only=True)
    guidance = serializers.CharField(source="template.guidance", read_only=True)
    kind = serializers.CharField(source="template.kind", read_only=True)
    comparator = serializers.CharField(source="template.comparator", read_only=True)
    threshold = serializers.DecimalField(
        source="template.threshold", max_digits=14, decimal_places=4, read_only=True, allow_null=True
    )
    unit = serializers.CharField(source="template.unit", read_only=True)
    mandatory = serializers.BooleanField(source="template.mandatory", read_only=True)
    validity_days = serializers.IntegerField(source="template.validity_days", read_only=True, allow_null=True)
    waivable_by_role = serializers.CharField(source="template.waivable_by_role", read_only=True)
    status = serializers.ChoiceField(choices=CriterionStatus.choices, read_only=True)
    effective_status = serializers.ChoiceField(
        source="effective",
        choices=CriterionStatus.choices,
        read_only=True,
        help_text="The status today: expired evidence or a lapsed waiver reads as stale before the sweep runs.",
    )
    metric_value = serializers.DecimalField(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    evidence_date = serializers.DateField(read_only=True, allow_null=True)
    evidence_expires_on = serializers.DateField(source="evidence_expires", read_only=True, allow_null=True)
    evidence_count = serializers.IntegerField(read_only=True)
    latest_evidence_sha256 = serializers.CharField(read_only=True)
    updated_by = serializers.CharField(source="updated_by.username", read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    stale_since = serializers.DateTimeField(read_only=True, allow_null=True)
    waiver_reason = serializers.CharField(read_only=True)
    waived_by = serializers.CharField(source="waived_by.username", read_only=True, allow_null=True)
    waived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    waiver_expires_on = serializers.DateField(read_only=True, allow_null=True)


class CriterionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CriterionStatus.choices, required=False)
    metric_value = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    evidence_date = serializers.DateField(required=False, allow_null=True)
    evidence_text = Text(required=False, help_text="Recorded as a new text evidence version (or a link's note).")
    evidence_url = Text(max_length=1000, required=False, help_text="Recorded as a new link evidence version.")


class CriterionWaiveSerializer(serializers.Serializer):
    reason = Text(max_length=2000)
    expires_on = serializers.DateField()


class EvidenceSerializer(serializers.Serializer):
    version = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, read_only=True)
    text = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True)
    file_name = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    sha256 = serializers.CharField(read_only=True)
    metric_value = serializers.DecimalField(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    evidence_date = serializers.DateField(read_only=True, allow_null=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, max_length=255, help_text="The evidence file (kind file).")
    kind = serializers.ChoiceField(
        choices=EvidenceKind.choices, required=False, help_text="Defaults to file, link or text by what is sent."
    )
    text = Text(required=False)
    url = Text(max_length=1000, required=False)
    metric_value = serializers.DecimalField(max_digits=14, decimal_places=4, required=False, allow_null=True)
    evidence_date = serializers.DateField(required=False, allow_null=True)


# --- ROI --------------------------------------------------------------------------------------------------------


class RoiFiguresSerializer(serializers.Serializer):
    currency = serializers.CharField()
    rate_to_reporting = serializers.CharField()
    annual_benefit = serializers.CharField()
    annual_run_cost = serializers.CharField()
    one_off_cost = serializers.CharField()
    net_annual_value = serializers.CharField()
    first_year_roi = serializers.CharField(allow_null=True)
    payback_months = serializers.CharField(allow_null=True)
    net_low = serializers.CharField()
    net_high = serializers.CharField()
    reporting_annual_benefit = serializers.CharField()
    reporting_annual_run_cost = serializers.CharField()
    reporting_one_off_cost = serializers.CharField()
    reporting_net_annual_value = serializers.CharField()
    reporting_net_low = serializers.CharField()
    reporting_net_high = serializers.CharField()


class RealisedFiguresSerializer(serializers.Serializer):
    currency = serializers.CharField()
    rate_to_reporting = serializers.CharField()
    days = serializers.IntegerField()
    measured_benefit = serializers.CharField()
    measured_cost = serializers.CharField()
    net_value = serializers.CharField()
    reporting_measured_benefit = serializers.CharField()
    reporting_measured_cost = serializers.CharField()
    reporting_net_value = serializers.CharField()


MONEY_OUT = {"max_digits": 16, "decimal_places": 2, "read_only": True}


class RoiVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    currency = serializers.CharField(read_only=True)
    rate_to_reporting = serializers.DecimalField(max_digits=18, decimal_places=8, read_only=True)
    rate_date = serializers.DateField(read_only=True)
    benefit_cash_saving = serializers.DecimalField(**MONEY_OUT)
    benefit_cost_avoidance = serializers.DecimalField(**MONEY_OUT)
    benefit_revenue = serializers.DecimalField(**MONEY_OUT)
    productivity_hours = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    productivity_hourly_rate = serializers.DecimalField(**MONEY_OUT)
    one_off_cost = serializers.DecimalField(**MONEY_OUT)
    run_cost_model = serializers.DecimalField(**MONEY_OUT)
    run_cost_infrastructure = serializers.DecimalField(**MONEY_OUT)
    run_cost_people = serializers.DecimalField(**MONEY_OUT)
    confidence = serializers.ChoiceField(choices=Confidence.choices, read_only=True)
    assumptions = serializers.CharField(read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class EstimateSerializer(serializers.Serializer):
    """An ROI version with its derived figures."""

    version = RoiVersionSerializer(read_only=True)
    figures = serializers.SerializerMethodField()

    def get_figures(self, obj) -> RoiFiguresSerializer:
        return obj.figures.as_dict()


class RealisedEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    currency = serializers.CharField(read_only=True)
    rate_to_reporting = serializers.DecimalField(max_digits=18, decimal_places=8, read_only=True)
    benefit_cash_saving = serializers.DecimalField(**MONEY_OUT)
    benefit_cost_avoidance = serializers.DecimalField(**MONEY_OUT)
    benefit_revenue = serializers.DecimalField(**MONEY_OUT)
    productivity_hours = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    productivity_hourly_rate = serializers.DecimalField(**MONEY_OUT)
    measured_cost = serializers.DecimalField(**MONEY_OUT)
    note = serializers.CharField(read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class RealisedSerializer(serializers.Serializer):
    """A realised-value entry with its derived figures."""

    entry = RealisedEntrySerializer(read_only=True)
    figures = serializers.SerializerMethodField()

    def get_figures(self, obj) -> RealisedFiguresSerializer:
        return obj.figures.as_dict()


class SpendSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    category = serializers.ChoiceField(choices=SpendCategory.choices, read_only=True)
    amount = serializers.DecimalField(**MONEY_OUT)
    currency = serializers.CharField(read_only=True)
    rate_to_reporting = serializers.DecimalField(max_digits=18, decimal_places=8, read_only=True)
    note = serializers.CharField(read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class ComparisonSerializer(serializers.Serializer):
    first_estimate = serializers.DecimalField(**MONEY_OUT, allow_null=True)
    latest_estimate = serializers.DecimalField(**MONEY_OUT, allow_null=True)
    actual_annualised = serializers.DecimalField(**MONEY_OUT, allow_null=True)


class RealisedTotalsSerializer(serializers.Serializer):
    reporting_currency = serializers.CharField(read_only=True)
    realised = RealisedSerializer(many=True, read_only=True)
    realised_benefit = serializers.DecimalField(**MONEY_OUT)
    realised_cost = serializers.DecimalField(**MONEY_OUT)
    realised_net = serializers.DecimalField(**MONEY_OUT)
    realised_days = serializers.IntegerField(read_only=True)
    realised_net_annualised = serializers.DecimalField(**MONEY_OUT, allow_null=True)


class RoiLedgerSerializer(RealisedTotalsSerializer):
    """Every estimate (oldest first), the realised value, the spend, and estimate vs estimate vs actual."""

    estimates = EstimateSerializer(many=True, read_only=True)
    spend = SpendSerializer(many=True, read_only=True)
    spend_to_date = serializers.DecimalField(**MONEY_OUT)
    comparison = serializers.SerializerMethodField()

    def get_comparison(self, obj) -> ComparisonSerializer:
        return ComparisonSerializer(obj.comparison()).data


class RoiVersionCreateSerializer(serializers.Serializer):
    currency = serializers.CharField(max_length=3, help_text="ISO 4217 code, e.g. EUR.")
    rate_to_reporting = Rate(help_text="Reporting-currency units per unit of this currency (1 for it).")
    rate_date = serializers.DateField()
    confidence = serializers.ChoiceField(choices=Confidence.choices)
    benefit_cash_saving = Money(required=False)
    benefit_cost_avoidance = Money(required=False)
    benefit_revenue = Money(required=False)
    productivity_hours = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )
    productivity_hourly_rate = Money(required=False)
    one_off_cost = Money(required=False)
    run_cost_model = Money(required=False)
    run_cost_infrastructure = Money(required=False)
    run_cost_people = Money(required=False)
    assumptions = Text(required=False)


class RealisedCreateSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    currency = serializers.CharField(max_length=3)
    rate_to_reporting = Rate()
    benefit_cash_saving = Money(required=False)
    benefit_cost_avoidance = Money(required=False)
    benefit_revenue = Money(required=False)
    productivity_hours = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0"), required=False
    )
    productivity_hourly_rate = Money(required=False)
    measured_cost = Money(required=False)
    note = Text(max_length=500, required=False)


class SpendCreateSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    category = serializers.ChoiceField(choices=SpendCategory.choices)
    amount = Money()
    currency = serializers.CharField(max_length=3)
    rate_to_reporting = Rate()
    note = Text(max_length=500, required=False)


# --- Model selection --------------------------------------------------------------------------------------------


class WeightsSerializer(serializers.Serializer):
    version = serializers.IntegerField(read_only=True)
    quality = serializers.IntegerField(read_only=True)
    total_cost = serializers.IntegerField(read_only=True)
    data_security = serializers.IntegerField(read_only=True)
    control = serializers.IntegerField(read_only=True)
    vendor_risk = serializers.IntegerField(read_only=True)


class ModelOptionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    sourcing = serializers.ChoiceField(choices=Sourcing.choices, read_only=True)
    vendor = serializers.CharField(read_only=True)
    score_quality = serializers.IntegerField(read_only=True)
    score_total_cost = serializers.IntegerField(read_only=True)
    score_data_security = serializers.IntegerField(read_only=True)
    score_control = serializers.IntegerField(read_only=True)
    score_vendor_risk = serializers.IntegerField(read_only=True)
    weighted_score = serializers.DecimalField(max_digits=5, decimal_places=2, read_only=True, allow_null=True)
    is_chosen = serializers.BooleanField(read_only=True)
    notes = serializers.CharField(read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class ModelSelectionSerializer(serializers.Serializer):
    weights = WeightsSerializer(read_only=True)
    options = ModelOptionSerializer(many=True, read_only=True)


SCORE = {"min_value": -(2**31), "max_value": 2**31 - 1}


class ModelOptionCreateSerializer(serializers.Serializer):
    name = Text(max_length=200)
    sourcing = serializers.ChoiceField(choices=Sourcing.choices)
    vendor = Text(max_length=200, required=False)
    score_quality = serializers.IntegerField(**SCORE, help_text="1 (poor) to 5 (excellent).")
    score_total_cost = serializers.IntegerField(**SCORE)
    score_data_security = serializers.IntegerField(**SCORE)
    score_control = serializers.IntegerField(**SCORE)
    score_vendor_risk = serializers.IntegerField(**SCORE)
    notes = Text(required=False)


class ModelOptionChooseSerializer(serializers.Serializer):
    rationale = Text()


class PhaseExtendSerializer(serializers.Serializer):
    new_end = serializers.DateTimeField(help_text="The new planned end of the current phase, with its time zone.")
    reason = Text(max_length=2000)


# --- Funnel -----------------------------------------------------------------------------------------------------


class PhaseFiguresSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices)
    active = serializers.IntegerField()
    on_hold = serializers.IntegerField()
    entered = serializers.IntegerField(help_text="Initiatives that ever entered the phase.")
    advanced = serializers.IntegerField(help_text="Of those, how many went on to the next phase (or production).")
    conversion = serializers.FloatField(allow_null=True, help_text="advanced ÷ entered.")
    median_days = serializers.FloatField(allow_null=True, help_text="Median days in the phase, time on hold excluded.")
    p90_days = serializers.FloatField(allow_null=True)


def _counts(choices) -> serializers.DictField:
    return serializers.DictField(child=serializers.IntegerField(), help_text=", ".join(v for v, _ in choices))


class FunnelSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_status = _counts(Status.choices)
    phases = PhaseFiguresSerializer(many=True)
    overdue = serializers.IntegerField(help_text="Active and past the planned phase end.")
    stops_by_failure_mode = _counts(FailureMode.choices)
    stops_contributing = _counts(FailureMode.choices)
    stops_not_a_failure = serializers.IntegerField()
    value = serializers.SerializerMethodField(
        help_text="Hypothesised vs realised annual value in the reporting currency (amounts as decimal strings)."
    )

    def get_value(self, obj) -> dict[str, Any]:
        return plain(getattr(obj, "value", {}) or {})


class FunnelQuerySerializer(serializers.Serializer):
    business_unit = Ref(max_length=40, required=False, help_text="Business unit code (its sub-units included).")
    cohort = serializers.CharField(max_length=10, required=False, help_text="Creation quarter, e.g. 2026Q3.")
