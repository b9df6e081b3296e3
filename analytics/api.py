"""The API of portfolio analytics: the kill list and its rules, vendor concentration, the vendor-shock simulator
and saved scenarios, the failure-mode radar and its back-test. Every read is scoped to the caller's initiatives."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import serializers
from rest_framework.response import Response

from adoption.api.views import id_param
from analytics import services
from analytics.inputs import KillRuleInput, VendorScenarioInput
from analytics.radar import MODES, SIGNALS
from analytics.selectors.kill_list import kill_list, kill_rule_get, kill_rules, rule_name
from analytics.selectors.radar import radar, radar_backtest
from analytics.selectors.vendors import (
    Shock,
    scenario_get,
    scenario_shock,
    scenarios_list,
    shock_run,
    vendor_concentration,
)
from core.api.base import operation, parse_id, validated
from core.api.endpoints import endpoint
from core.api.inputs import serializer_for

TAG = "analytics"
SCENARIO_ID = id_param("scenario_id", "scenario")
RULE_KIND = OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, description="The rule's kind.")


def _money(value) -> str | None:
    return None if value is None else str(value)


class InitiativeRefSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    business_unit = serializers.CharField(source="business_unit.name")
    phase = serializers.CharField()
    status = serializers.CharField()


class KillReasonSerializer(serializers.Serializer):
    kind = serializers.CharField()
    rule = serializers.CharField(source="rule_name")
    text = serializers.CharField(help_text="The reason as a sentence in your language.")
    figures = serializers.DictField(child=serializers.CharField())


class FlaggedSerializer(serializers.Serializer):
    initiative = InitiativeRefSerializer()
    reasons = KillReasonSerializer(many=True)


class KillRuleSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.SerializerMethodField()
    parameter = serializers.IntegerField(help_text="N")
    enabled = serializers.BooleanField()
    names = serializers.DictField(child=serializers.CharField(), help_text="The rule's name per language.")

    def get_name(self, rule) -> str:
        return rule_name(rule)


KillRuleRequestSerializer = serializer_for(KillRuleInput, name="KillRuleRequest")


@operation(TAG, FlaggedSerializer(many=True), description="Open initiatives you may see that a kill rule flags.")
def kill_list_get(view, request):
    """The kill list for the portfolio review, with each initiative's reasons"""
    return Response(FlaggedSerializer(kill_list(user=request.user), many=True).data)


@operation(TAG, KillRuleSerializer(many=True))
def kill_rule_list_get(view, request):
    """The kill rules: kind, N, switched on or off"""
    return Response(KillRuleSerializer(kill_rules(), many=True).data)


@operation(
    TAG,
    KillRuleSerializer,
    (400, 403, 404),
    parameters=[RULE_KIND],
    request=KillRuleRequestSerializer,
    examples=[OpenApiExample("Overdue by more than 45 days", value={"parameter": 45, "enabled": True})],
)
def kill_rule_detail_patch(view, request, kind):
    """Change a kill rule's N or switch it on or off (the CoE; audited)"""
    rule = services.kill_rule_update(actor=request.user, kind=kind, **validated(KillRuleRequestSerializer, request))
    return Response(KillRuleSerializer(rule).data)


@operation(TAG, KillRuleSerializer, (404,), parameters=[RULE_KIND])
def kill_rule_detail_get(view, request, kind):
    """One kill rule"""
    return Response(KillRuleSerializer(kill_rule_get(kind=kind)).data)


class ShareSerializer(serializers.Serializer):
    name = serializers.CharField()
    vendor = serializers.CharField()
    initiatives = serializers.IntegerField()
    production = serializers.IntegerField()
    production_share = serializers.CharField()
    run_cost = serializers.CharField(help_text="Annual run cost of the current estimates, reporting currency.")
    run_cost_share = serializers.CharField()


class LockInSerializer(serializers.Serializer):
    initiative = InitiativeRefSerializer()
    vendor = serializers.CharField(source="usage.vendor")
    model = serializers.CharField(source="usage.model")


class ConcentrationSerializer(serializers.Serializer):
    production_total = serializers.IntegerField()
    run_cost_total = serializers.CharField()
    vendors = ShareSerializer(many=True)
    models = ShareSerializer(many=True)
    lock_in = LockInSerializer(many=True)


@operation(TAG, ConcentrationSerializer)
def vendor_concentration_get(view, request):
    """Vendor concentration and lock-in flags over the initiatives you may see"""
    return Response(ConcentrationSerializer(vendor_concentration(user=request.user)).data)


class FiguresSerializer(serializers.Serializer):
    net_annual_value = serializers.CharField(source="reporting_net_annual_value")
    first_year_roi = serializers.CharField(allow_null=True)
    payback_months = serializers.CharField(allow_null=True)


class AffectedSerializer(serializers.Serializer):
    initiative = InitiativeRefSerializer()
    vendor = serializers.CharField(source="usage.vendor")
    model = serializers.CharField(source="usage.model")
    before = FiguresSerializer(allow_null=True)
    after = FiguresSerializer(allow_null=True)
    change = serializers.CharField()


class ShockSerializer(serializers.Serializer):
    kind = serializers.CharField()
    target_type = serializers.CharField()
    target = serializers.CharField()
    percent = serializers.CharField()


class ShockResultSerializer(serializers.Serializer):
    shock = ShockSerializer()
    affected_count = serializers.SerializerMethodField()
    value_before = serializers.CharField(help_text="The portfolio's net annual value now (reporting currency).")
    value_after = serializers.CharField(help_text="…and under the shock.")
    change = serializers.CharField()
    affected = AffectedSerializer(many=True)

    def get_affected_count(self, result) -> int:
        return len(result.affected)


ShockRequestSerializer = serializer_for(VendorScenarioInput, name="VendorShockRequest", exclude=("name",))
ScenarioRequestSerializer = serializer_for(VendorScenarioInput, name="VendorScenarioRequest")
SHOCK_EXAMPLE = {"kind": "price_change", "target_type": "model", "target": "Aurora-4 API", "percent": "35"}


class ScenarioSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    target_type = serializers.CharField()
    target = serializers.CharField()
    percent = serializers.CharField()
    created_by = serializers.CharField(source="created_by.username")
    created_at = serializers.DateTimeField()


class ScenarioRunSerializer(serializers.Serializer):
    scenario = ScenarioSerializer()
    result = ShockResultSerializer()


@operation(
    TAG,
    ShockResultSerializer,
    (400,),
    request=ShockRequestSerializer,
    examples=[OpenApiExample("Aurora-4 API 35% dearer", value=SHOCK_EXAMPLE)],
    description="Recomputes each affected initiative's ROI and payback and the portfolio's value; writes nothing.",
)
def vendor_shock_post(view, request):
    """Simulate a vendor shock over the initiatives you may see (nothing is written)"""
    data = VendorScenarioInput.clean_input(name="unsaved", **validated(ShockRequestSerializer, request))
    shock = Shock(data["kind"], data["target_type"], data["target"], data["percent"])
    return Response(ShockResultSerializer(shock_run(user=request.user, shock=shock)).data)


@operation(TAG, ScenarioSerializer(many=True))
def scenario_list_get(view, request):
    """Saved vendor-shock scenarios"""
    return Response(ScenarioSerializer(scenarios_list(), many=True).data)


@operation(
    TAG,
    ScenarioSerializer,
    (400, 403, 409),
    code=201,
    request=ScenarioRequestSerializer,
    examples=[OpenApiExample("Aurora-4 API 35% dearer", value={"name": "Aurora +35%", **SHOCK_EXAMPLE})],
)
def scenario_list_post(view, request):
    """Save a vendor-shock scenario (the CoE; audited)"""
    scenario = services.vendor_scenario_create(actor=request.user, **validated(ScenarioRequestSerializer, request))
    return Response(ScenarioSerializer(scenario).data, status=201)


@operation(TAG, ScenarioRunSerializer, (404,), parameters=[SCENARIO_ID])
def scenario_detail_get(view, request, scenario_id):
    """A saved scenario, run over the initiatives you may see (nothing is written)"""
    scenario = scenario_get(pk=parse_id(scenario_id, what="Scenario"))
    result = shock_run(user=request.user, shock=scenario_shock(scenario))
    return Response(ScenarioRunSerializer({"scenario": scenario, "result": result}).data)


@operation(TAG, None, (403, 404), code=204, parameters=[SCENARIO_ID])
def scenario_detail_delete(view, request, scenario_id):
    """Delete a saved scenario (the CoE; audited)"""
    services.vendor_scenario_delete(actor=request.user, scenario_id=parse_id(scenario_id, what="Scenario"))
    return Response(status=204)


class RadarRowSerializer(serializers.Serializer):
    initiative = InitiativeRefSerializer()
    signals = serializers.ListField(child=serializers.CharField())
    scores = serializers.DictField(child=serializers.IntegerField(), help_text="Failure mode → score, 0–100.")
    top = serializers.CharField(allow_null=True)


@operation(
    TAG,
    RadarRowSerializer(many=True),
    description="Signals and weights: " + "; ".join(f"{s.code} → {s.mode} ({s.weight})" for s in SIGNALS) + ".",
)
def radar_get(view, request):
    """The failure-mode radar of the open initiatives you may see"""
    return Response(RadarRowSerializer(radar(user=request.user), many=True).data)


class BacktestSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    hits = serializers.IntegerField()
    hit_rate = serializers.CharField(allow_null=True)
    per_mode = serializers.DictField(child=serializers.DictField(child=serializers.IntegerField()))


@operation(TAG, BacktestSerializer)
def radar_backtest_get(view, request):
    """How often the radar's top mode matched the failure mode recorded on the stopped initiatives you may see"""
    result = radar_backtest(user=request.user)
    data = BacktestSerializer(result).data
    data["per_mode"] = {mode: result.per_mode[mode] for mode in MODES}
    return Response(data)


KillListView = endpoint(get=kill_list_get)
KillRuleListView = endpoint(get=kill_rule_list_get)
KillRuleDetailView = endpoint(get=kill_rule_detail_get, patch=kill_rule_detail_patch)
VendorConcentrationView = endpoint(get=vendor_concentration_get)
VendorShockView = endpoint(post=vendor_shock_post)
ScenarioListView = endpoint(get=scenario_list_get, post=scenario_list_post)
ScenarioDetailView = endpoint(get=scenario_detail_get, delete=scenario_detail_delete)
RadarView = endpoint(get=radar_get)
RadarBacktestView = endpoint(get=radar_backtest_get)

ROUTES = (
    ("kill-list/", KillListView, "kill-list"),
    ("kill-rules/", KillRuleListView, "kill-rule-list"),
    ("kill-rules/<str:kind>/", KillRuleDetailView, "kill-rule-detail"),
    ("vendors/", VendorConcentrationView, "vendor-concentration"),
    ("vendors/shock/", VendorShockView, "vendor-shock"),
    ("vendor-scenarios/", ScenarioListView, "vendor-scenario-list"),
    ("vendor-scenarios/<str:scenario_id>/", ScenarioDetailView, "vendor-scenario-detail"),
    ("radar/", RadarView, "radar"),
    ("radar/backtest/", RadarBacktestView, "radar-backtest"),
)
