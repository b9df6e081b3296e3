"""Serializers of the adoption API: the shapes of business units, initiatives, criteria, evidence, ROI and the funnel.

Input serializers check only shape and type (lengths, numbers, dates, enumerations); every rule lives in the
services, which report their own field messages. Output serializers render what the selectors return.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from adoption import inputs
from adoption.choices import (
    Comparator,
    Confidence,
    CriterionKind,
    CriterionStatus,
    DataClassification,
    EvidenceKind,
    FailureMode,
    Phase,
    RiskTier,
    Role,
    Sourcing,
    SpendCategory,
    Status,
)
from adoption.derivations import DERIVATIONS
from core.api.base import Bool, Dec, Int, QueryBool, QueryStr, Ref, Str, Text
from core.api.inputs import serializer_for

MAX_VERSION = 2**31 - 1


def Money(**kwargs):
    return Dec(max_digits=16, decimal_places=2, min_value=Decimal("0"), **kwargs)


def Rate(**kwargs):
    return Dec(max_digits=18, decimal_places=8, **kwargs)


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
    code = Str(read_only=True)
    name = Str(read_only=True)
    parent = Str(source="parent.code", read_only=True, allow_null=True)


class BusinessUnitCreateSerializer(serializers.Serializer):
    code = Ref(max_length=40)
    name = Text(max_length=200)
    parent = Ref(max_length=40, required=False, allow_null=True)


# --- Initiatives ------------------------------------------------------------------------------------------------


class InitiativeSerializer(serializers.Serializer):
    key = Str(read_only=True, help_text="Human key, e.g. AI-0001; the id in every URL.")
    number = Int(read_only=True)
    title = Str(read_only=True)
    business_unit = Str(source="business_unit.code", read_only=True)
    business_unit_name = Str(source="business_unit.name", read_only=True)
    owner = Str(source="owner.username", read_only=True)
    sponsor = Str(source="sponsor.username", read_only=True, allow_null=True)
    pain_point = Str(read_only=True)
    value_driver = Str(read_only=True)
    kpi = Str(read_only=True)
    kpi_baseline = Str(read_only=True)
    kpi_target = Str(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    status = serializers.ChoiceField(choices=Status.choices, read_only=True)
    risk_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    data_classification = serializers.ChoiceField(choices=DataClassification.choices, read_only=True)
    sourcing = serializers.ChoiceField(choices=Sourcing.choices, read_only=True)
    models_used = Str(read_only=True)
    selection_rationale = Str(read_only=True)
    phase_entered_at = serializers.DateTimeField(read_only=True)
    planned_phase_end = serializers.DateTimeField(read_only=True)
    is_overdue = Bool(read_only=True, help_text="Active and past its planned phase end.")
    hold_reason = Str(read_only=True)
    production_entered_at = serializers.DateTimeField(read_only=True, allow_null=True)
    retired_at = serializers.DateTimeField(read_only=True, allow_null=True)
    stopped_at = serializers.DateTimeField(read_only=True, allow_null=True)
    stop_primary_failure_mode = Str(read_only=True)
    stop_contributing_modes = serializers.ListField(child=Str(), read_only=True)
    stop_not_a_failure = Bool(read_only=True)
    stop_reason = Str(read_only=True)
    voided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    void_reason = Str(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    version = Int(read_only=True, help_text="Send it back with PATCH (or as If-Match); a stale one is refused.")
    tags = serializers.SerializerMethodField(help_text="Codes of its programme and cohort tags.")
    external_id = Str(read_only=True, allow_null=True, help_text="Its id in the system it was imported from.")
    imported_at_phase = Str(
        read_only=True,
        help_text="Imported at a later phase (validation, scaling or production): the earlier gates were passed "
        "before the tracker and are not recorded here. Empty when registered here.",
    )

    def get_tags(self, obj) -> list[str]:
        return sorted(tag.code for tag in obj.tags.all())


class InitiativeDetailSerializer(InitiativeSerializer):
    merged_into = Str(
        source="merged_into.key",
        read_only=True,
        allow_null=True,
        help_text="A merged duplicate: the key of the initiative that carries on.",
    )
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
    version = Int(
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
    id = Int(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    code = Str(read_only=True)
    order = Int(read_only=True)
    title = Str(source="template.title", read_only=True)
    guidance = Str(source="template.guidance", read_only=True)
    kind = Str(source="template.kind", read_only=True)
    comparator = Str(source="template.comparator", read_only=True)
    threshold = Dec(source="template.threshold", max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    unit = Str(source="template.unit", read_only=True)
    mandatory = Bool(source="template.mandatory", read_only=True)
    validity_days = Int(source="template.validity_days", read_only=True, allow_null=True)
    waivable_by_role = Str(source="template.waivable_by_role", read_only=True)
    derived = Str(
        source="template.derived",
        read_only=True,
        help_text="The rule that judges it from the initiative's data; such a criterion is never marked by hand.",
    )
    status = serializers.ChoiceField(choices=CriterionStatus.choices, read_only=True)
    effective_status = serializers.ChoiceField(
        source="effective",
        choices=CriterionStatus.choices,
        read_only=True,
        help_text="The status today: expired evidence or a lapsed waiver reads as stale before the sweep runs.",
    )
    metric_value = Dec(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    offline_score = Dec(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    real_success = Dec(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    evaluation_metric = Str(
        source="bound_metric",
        read_only=True,
        help_text="The CI metric bound to it (this initiative's, else the template's).",
    )
    evidence_date = serializers.DateField(read_only=True, allow_null=True)
    period_start = serializers.DateField(read_only=True, allow_null=True)
    period_end = serializers.DateField(read_only=True, allow_null=True)
    evidence_expires_on = serializers.DateField(source="evidence_expires", read_only=True, allow_null=True)
    evidence_count = Int(read_only=True)
    latest_evidence_sha256 = Str(read_only=True)
    updated_by = Str(source="updated_by.username", read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    stale_since = serializers.DateTimeField(read_only=True, allow_null=True)
    waiver_reason = Str(read_only=True)
    waived_by = Str(source="waived_by.username", read_only=True, allow_null=True)
    waived_at = serializers.DateTimeField(read_only=True, allow_null=True)
    waiver_expires_on = serializers.DateField(read_only=True, allow_null=True)


class CriterionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CriterionStatus.choices, required=False)
    metric_value = Dec(max_digits=14, decimal_places=4, required=False, allow_null=True)
    offline_score = Dec(
        max_digits=14, decimal_places=4, required=False, allow_null=True, help_text="Benchmark against reality only."
    )
    real_success = Dec(
        max_digits=14,
        decimal_places=4,
        required=False,
        allow_null=True,
        help_text="Benchmark against reality: the task success real users had, on the offline score's scale.",
    )
    evidence_date = serializers.DateField(required=False, allow_null=True)
    period_start = serializers.DateField(
        required=False, allow_null=True, help_text="A duration's first day (e.g. of real-user testing)."
    )
    period_end = serializers.DateField(required=False, allow_null=True, help_text="A duration's last day.")
    evaluation_metric = Text(
        max_length=100,
        required=False,
        help_text="This initiative's CI metric for a measured criterion (empty: the template's).",
    )
    evidence_text = Text(required=False, help_text="Recorded as a new text evidence version (or a link's note).")
    evidence_url = Text(max_length=1000, required=False, help_text="Recorded as a new link evidence version.")


CriterionWaiveSerializer = serializer_for(inputs.WaiveInput, name="CriterionWaiveSerializer")


class EvidenceSerializer(serializers.Serializer):
    version = Int(read_only=True)
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, read_only=True)
    text = Str(read_only=True)
    url = Str(read_only=True)
    file_name = Str(read_only=True)
    content_type = Str(read_only=True)
    size = Int(read_only=True)
    sha256 = Str(read_only=True)
    metric_value = Dec(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    evidence_date = serializers.DateField(read_only=True, allow_null=True)
    created_by = Str(source="created_by.username", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, max_length=255, help_text="The evidence file (kind file).")
    kind = serializers.ChoiceField(
        choices=EvidenceKind.choices, required=False, help_text="Defaults to file, link or text by what is sent."
    )
    text = Text(required=False)
    url = Text(max_length=1000, required=False)
    metric_value = Dec(max_digits=14, decimal_places=4, required=False, allow_null=True)
    evidence_date = serializers.DateField(required=False, allow_null=True)
    # Multipart form fields are text: "true" / "false" (also 1 / 0).
    mark_met = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Also mark the criterion met, in the same transaction: when it cannot be met (409, with the "
        "reasons), the evidence is not recorded either.",
    )


# --- ROI --------------------------------------------------------------------------------------------------------


class RoiFiguresSerializer(serializers.Serializer):
    currency = Str()
    rate_to_reporting = Str()
    annual_benefit = Str()
    annual_run_cost = Str()
    one_off_cost = Str()
    net_annual_value = Str()
    first_year_roi = Str(allow_null=True)
    payback_months = Str(allow_null=True)
    net_low = Str()
    net_high = Str()
    reporting_annual_benefit = Str()
    reporting_annual_run_cost = Str()
    reporting_one_off_cost = Str()
    reporting_net_annual_value = Str()
    reporting_net_low = Str()
    reporting_net_high = Str()


class RealisedFiguresSerializer(serializers.Serializer):
    currency = Str()
    rate_to_reporting = Str()
    days = Int()
    measured_benefit = Str()
    measured_cost = Str()
    net_value = Str()
    reporting_measured_benefit = Str()
    reporting_measured_cost = Str()
    reporting_net_value = Str()


MONEY_OUT = {"max_digits": 16, "decimal_places": 2, "read_only": True}


class RoiVersionSerializer(serializers.Serializer):
    version = Int(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    currency = Str(read_only=True)
    rate_to_reporting = Dec(max_digits=18, decimal_places=8, read_only=True)
    rate_date = serializers.DateField(read_only=True)
    benefit_cash_saving = Dec(**MONEY_OUT)
    benefit_cost_avoidance = Dec(**MONEY_OUT)
    benefit_revenue = Dec(**MONEY_OUT)
    productivity_hours = Dec(max_digits=12, decimal_places=2, read_only=True)
    productivity_hourly_rate = Dec(**MONEY_OUT)
    one_off_cost = Dec(**MONEY_OUT)
    run_cost_model = Dec(**MONEY_OUT)
    run_cost_infrastructure = Dec(**MONEY_OUT)
    run_cost_people = Dec(**MONEY_OUT)
    confidence = serializers.ChoiceField(choices=Confidence.choices, read_only=True)
    assumptions = Str(read_only=True)
    recorded_by = Str(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class EstimateSerializer(serializers.Serializer):
    """An ROI version with its derived figures."""

    version = RoiVersionSerializer(read_only=True)
    figures = serializers.SerializerMethodField()

    def get_figures(self, obj) -> RoiFiguresSerializer:
        return obj.figures.as_dict()


class RealisedEntrySerializer(serializers.Serializer):
    id = Int(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    currency = Str(read_only=True)
    rate_to_reporting = Dec(max_digits=18, decimal_places=8, read_only=True)
    benefit_cash_saving = Dec(**MONEY_OUT)
    benefit_cost_avoidance = Dec(**MONEY_OUT)
    benefit_revenue = Dec(**MONEY_OUT)
    productivity_hours = Dec(max_digits=12, decimal_places=2, read_only=True)
    productivity_hourly_rate = Dec(**MONEY_OUT)
    measured_cost = Dec(**MONEY_OUT)
    note = Str(read_only=True)
    recorded_by = Str(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class RealisedSerializer(serializers.Serializer):
    """A realised-value entry with its derived figures."""

    entry = RealisedEntrySerializer(read_only=True)
    figures = serializers.SerializerMethodField()

    def get_figures(self, obj) -> RealisedFiguresSerializer:
        return obj.figures.as_dict()


class SpendSerializer(serializers.Serializer):
    id = Int(read_only=True)
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    category = serializers.ChoiceField(choices=SpendCategory.choices, read_only=True)
    amount = Dec(**MONEY_OUT)
    currency = Str(read_only=True)
    rate_to_reporting = Dec(max_digits=18, decimal_places=8, read_only=True)
    note = Str(read_only=True)
    recorded_by = Str(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class ComparisonSerializer(serializers.Serializer):
    first_estimate = Dec(**MONEY_OUT, allow_null=True)
    latest_estimate = Dec(**MONEY_OUT, allow_null=True)
    actual_annualised = Dec(**MONEY_OUT, allow_null=True)


class RealisedTotalsSerializer(serializers.Serializer):
    reporting_currency = Str(read_only=True)
    realised = RealisedSerializer(many=True, read_only=True)
    realised_benefit = Dec(**MONEY_OUT)
    realised_cost = Dec(**MONEY_OUT)
    realised_net = Dec(**MONEY_OUT)
    realised_days = Int(read_only=True)
    realised_net_annualised = Dec(**MONEY_OUT, allow_null=True)


class RoiLedgerSerializer(RealisedTotalsSerializer):
    """Every estimate (oldest first), the realised value, the spend, and estimate vs estimate vs actual."""

    estimates = EstimateSerializer(many=True, read_only=True)
    spend = SpendSerializer(many=True, read_only=True)
    spend_to_date = Dec(**MONEY_OUT)
    comparison = serializers.SerializerMethodField()

    def get_comparison(self, obj) -> ComparisonSerializer:
        return ComparisonSerializer(obj.comparison()).data


RoiVersionCreateSerializer = serializer_for(inputs.RoiVersionInput, name="RoiVersionCreateSerializer")
RealisedCreateSerializer = serializer_for(inputs.RealisedValueInput, name="RealisedCreateSerializer")
SpendCreateSerializer = serializer_for(inputs.SpendInput, name="SpendCreateSerializer")


# --- Model selection --------------------------------------------------------------------------------------------


class WeightsSerializer(serializers.Serializer):
    version = Int(read_only=True)
    quality = Int(read_only=True)
    total_cost = Int(read_only=True)
    data_security = Int(read_only=True)
    control = Int(read_only=True)
    vendor_risk = Int(read_only=True)


class ModelOptionSerializer(serializers.Serializer):
    id = Int(read_only=True)
    name = Str(read_only=True)
    sourcing = serializers.ChoiceField(choices=Sourcing.choices, read_only=True)
    vendor = Str(read_only=True)
    score_quality = Int(read_only=True)
    score_total_cost = Int(read_only=True)
    score_data_security = Int(read_only=True)
    score_control = Int(read_only=True)
    score_vendor_risk = Int(read_only=True)
    weighted_score = Dec(max_digits=5, decimal_places=2, read_only=True, allow_null=True)
    is_chosen = Bool(read_only=True)
    notes = Str(read_only=True)
    recorded_by = Str(source="recorded_by.username", read_only=True)
    recorded_at = serializers.DateTimeField(read_only=True)


class ModelSelectionSerializer(serializers.Serializer):
    weights = WeightsSerializer(read_only=True)
    options = ModelOptionSerializer(many=True, read_only=True)


ModelOptionCreateSerializer = serializer_for(inputs.ModelOptionInput, name="ModelOptionCreateSerializer")
ModelOptionChooseSerializer = serializer_for(inputs.ChooseOptionInput, name="ModelOptionChooseSerializer")


class PhaseExtendSerializer(serializers.Serializer):
    new_end = serializers.DateTimeField(help_text="The new planned end of the current phase, with its time zone.")
    reason = Text(max_length=2000)


# --- Funnel -----------------------------------------------------------------------------------------------------


class PhaseFiguresSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices)
    active = Int()
    on_hold = Int()
    entered = Int(help_text="Initiatives that ever entered the phase.")
    advanced = Int(help_text="Of those, how many went on to the next phase (or production).")
    conversion = serializers.FloatField(allow_null=True, help_text="advanced ÷ entered.")
    median_days = serializers.FloatField(allow_null=True, help_text="Median days in the phase, time on hold excluded.")
    p90_days = serializers.FloatField(allow_null=True)


def _counts(choices) -> serializers.DictField:
    return serializers.DictField(child=Int(), help_text=", ".join(v for v, _ in choices))


class RealityGapSerializer(serializers.Serializer):
    model = Str()
    initiatives = Int()
    mean_gap = Dec(max_digits=14, decimal_places=4, help_text="Offline score minus real users' task success.")
    widest_gap = Dec(max_digits=14, decimal_places=4)


class FunnelSerializer(serializers.Serializer):
    total = Int()
    by_status = _counts([(v, label) for v, label in Status.choices if v != Status.VOIDED])
    phases = PhaseFiguresSerializer(many=True)
    overdue = Int(help_text="Active and past the planned phase end.")
    stops_by_failure_mode = _counts(FailureMode.choices)
    stops_contributing = _counts(FailureMode.choices)
    stops_not_a_failure = Int()
    value = serializers.SerializerMethodField(
        help_text="Hypothesised vs realised annual value in the reporting currency (amounts as decimal strings)."
    )
    reality_gaps = RealityGapSerializer(
        many=True, help_text="Benchmark against reality by model: offline evaluation score above real task success."
    )

    def get_value(self, obj) -> dict[str, Any]:
        return plain(getattr(obj, "value", {}) or {})


class FunnelQuerySerializer(serializers.Serializer):
    business_unit = QueryStr(max_length=40, help_text="Business unit code (its sub-units included).")
    cohort = QueryStr(max_length=10, help_text="Creation quarter, e.g. 2026Q3.")


class WeekFiguresSerializer(serializers.Serializer):
    total = Int(help_text="Initiatives at the end of the week.")
    statuses = _counts(Status.choices)
    phases = serializers.DictField(
        child=serializers.DictField(child=Int()),
        help_text="Per phase: active, on_hold, entered (ever), advanced (ever), at the end of the week.",
    )
    overdue = Int()
    entered = Int(help_text="Initiatives registered during the week.")
    advanced = Int(help_text="Initiatives that moved to their next phase (or into production) during the week.")
    stopped = Int(help_text="Initiatives stopped during the week.")
    hypothesised_value = Dec(max_digits=24, decimal_places=2, help_text="Latest estimates' net annual value, open.")
    realised_value = Dec(max_digits=24, decimal_places=2, help_text="Realised net value recorded during the week.")
    realised_value_12m = Dec(max_digits=24, decimal_places=2, help_text="Realised net value, last twelve months.")


class WeekSerializer(serializers.Serializer):
    week = Str(source="label", help_text="ISO week, e.g. 2026-W48.")
    week_start = serializers.DateField(source="week", help_text="The Monday that starts it.")
    figures = WeekFiguresSerializer()


class UnitWeekSerializer(serializers.Serializer):
    business_unit = Str(source="unit.code")
    name = Str(source="unit.name")
    figures = WeekFiguresSerializer()


class WeeklyViewSerializer(serializers.Serializer):
    currency = Str(help_text="The reporting currency of the amounts.")
    weeks = WeekSerializer(many=True, help_text="The last 13 recorded weeks, oldest first, over your scope.")
    business_units = UnitWeekSerializer(
        many=True, source="units", help_text="The latest week per business unit you see whole."
    )


class WeeklyQuerySerializer(serializers.Serializer):
    business_unit = QueryStr(max_length=40, help_text="Business unit code (its sub-units included).")


class CriteriaQuerySerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices, required=False, help_text="Default: the current phase.")


# --- The CoE's configuration ------------------------------------------------------------------------------------


class PhaseDefinitionSerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    order = Int(read_only=True)
    time_box_days = Int(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class PhaseTimeBoxSerializer(serializers.Serializer):
    time_box_days = Int(min_value=-(2**31), max_value=2**31 - 1, help_text="1 to 365 days.")


class CriterionTemplateSerializer(serializers.Serializer):
    id = Int(read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    code = Str(read_only=True)
    version = Int(read_only=True)
    is_current = Bool(read_only=True)
    order = Int(read_only=True)
    title = Str(read_only=True)
    guidance = Str(read_only=True)
    kind = serializers.ChoiceField(choices=CriterionKind.choices, read_only=True)
    comparator = Str(read_only=True)
    threshold = Dec(max_digits=14, decimal_places=4, read_only=True, allow_null=True)
    unit = Str(read_only=True)
    mandatory = Bool(read_only=True)
    validity_days = Int(read_only=True, allow_null=True)
    waivable_by_role = Str(read_only=True)
    evaluation_metric = Str(read_only=True)
    derived = Str(read_only=True, help_text="The rule that judges it from the initiative's data (empty: people do).")
    created_at = serializers.DateTimeField(read_only=True)


INT32 = {"min_value": -(2**31), "max_value": 2**31 - 1}


class _TemplateFields(serializers.Serializer):
    title = Text(max_length=200)
    kind = serializers.ChoiceField(choices=CriterionKind.choices)
    guidance = Text(required=False)
    comparator = serializers.ChoiceField(choices=Comparator.choices, required=False, allow_blank=True)
    threshold = Dec(max_digits=14, decimal_places=4, required=False, allow_null=True)
    unit = Text(max_length=40, required=False)
    mandatory = Bool(required=False)
    validity_days = Int(**INT32, required=False, allow_null=True, help_text="Days evidence stays valid.")
    waivable_by_role = serializers.ChoiceField(choices=Role.choices, required=False, allow_blank=True)
    order = Int(**INT32, required=False)
    evaluation_metric = Text(
        max_length=100,
        required=False,
        help_text="A measured criterion's metric in CI evaluation runs (e.g. pass_rate, claims_qa/acc).",
    )
    derived = serializers.ChoiceField(
        choices=sorted(DERIVATIONS),
        required=False,
        allow_blank=True,
        help_text="Judge the criterion from the initiative's data with this rule (empty: people mark it).",
    )


class CriterionTemplateCreateSerializer(_TemplateFields):
    phase = serializers.ChoiceField(choices=Phase.choices)
    code = Str(max_length=60, help_text="Lower-case letters, digits, hyphens or underscores.")


class CriterionTemplateReviseSerializer(_TemplateFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class WeightsSetSerializer(serializers.Serializer):
    quality = Int(**INT32, help_text="Percent; the five add up to 100.")
    total_cost = Int(**INT32)
    data_security = Int(**INT32)
    control = Int(**INT32)
    vendor_risk = Int(**INT32)


class TemplateQuerySerializer(serializers.Serializer):
    phase = serializers.ChoiceField(choices=Phase.choices, required=False)
    history = QueryBool(default=False, help_text="Every version, not only the current ones.")
