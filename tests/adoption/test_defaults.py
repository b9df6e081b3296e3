"""The data migration's defaults: three phases, the seed gate templates (v1, current) and the selection weights."""

from decimal import Decimal

from adoption.defaults import DEFAULT_SELECTION_WEIGHTS, DEFAULT_TEMPLATES, DEFAULT_TIME_BOX_DAYS
from adoption.models import GateCriterionTemplate, PhaseDefinition, SelectionWeights


def test_exactly_three_phases_with_the_default_time_box(db):
    phases = list(PhaseDefinition.objects.order_by("order").values_list("phase", "order", "time_box_days"))
    assert phases == [
        ("exploration", 1, DEFAULT_TIME_BOX_DAYS),
        ("validation", 2, DEFAULT_TIME_BOX_DAYS),
        ("scaling", 3, DEFAULT_TIME_BOX_DAYS),
    ]


def test_each_phase_has_exactly_the_seed_criteria_as_current_first_versions(db):
    for phase, rows in DEFAULT_TEMPLATES.items():
        templates = list(GateCriterionTemplate.objects.filter(phase=phase).order_by("order"))
        assert [t.code for t in templates] == [row[0] for row in rows], phase
        assert {(t.version, t.is_current, t.mandatory) for t in templates} == {(1, True, True)}
        for template, row in zip(templates, rows, strict=True):
            _code, title, _guidance, kind, comparator, threshold, unit, validity, waiver_role = row
            assert (template.title, template.kind, template.comparator, template.unit) == (
                title,
                kind,
                comparator,
                unit,
            )
            assert template.threshold == threshold
            assert template.validity_days == validity
            assert template.waivable_by_role == waiver_role


def test_measured_seed_criteria_carry_their_thresholds(db):
    spike = GateCriterionTemplate.objects.get(phase="exploration", code="feasibility_spike")
    assert (spike.kind, spike.comparator, spike.threshold) == ("duration", "lte", Decimal("14"))
    testing = GateCriterionTemplate.objects.get(phase="validation", code="real_user_testing")
    assert (testing.kind, testing.comparator, testing.threshold) == ("duration", "gte", Decimal("28"))


def test_one_current_set_of_selection_weights_summing_to_100(db):
    weights = SelectionWeights.objects.get(is_current=True)
    assert weights.version == 1
    assert {name: getattr(weights, name) for name in DEFAULT_SELECTION_WEIGHTS} == DEFAULT_SELECTION_WEIGHTS
    assert sum(DEFAULT_SELECTION_WEIGHTS.values()) == 100
