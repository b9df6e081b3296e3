"""Selectors: what each reader sees of initiatives, criteria, evidence, the ROI ledger and the model selection."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from adoption import transitions
from adoption.choices import CriterionStatus, Phase, Role
from adoption.selectors.criteria import criteria_for, evidence_set_hash, evidence_versions
from adoption.selectors.initiatives import initiative_get
from adoption.selectors.roi import model_options_for, roi_ledger
from adoption.services.criteria import criterion_update, criterion_waive
from adoption.services.evidence import evidence_add
from adoption.services.roi import realised_value_record, roi_version_append, spend_record
from adoption.services.selection import model_option_record
from core.exceptions import NotFound
from tests.factories import UserFactory, grant, make_initiative
from tests.factories.adoption import criterion, move_to_phase, roi_values

D = Decimal


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger")


# --- initiatives -------------------------------------------------------------------------------------------------


def test_detail_by_key_with_unit_and_people_loaded(initiative, owner, django_assert_num_queries):
    # The initiative with its joins, then the one answer of who the user is on it (``governance.access.Access``).
    with django_assert_num_queries(2):
        found = initiative_get(user=owner, key=initiative.key)
        assert (found.business_unit.code, found.owner.username, found.sponsor.username) == (
            "retail",
            "owner",
            "sponsor",
        )


def test_detail_reads_missing_and_invisible_alike(initiative, stranger, owner):
    with pytest.raises(NotFound) as invisible:
        initiative_get(user=stranger, key=initiative.key)
    with pytest.raises(NotFound) as missing:
        initiative_get(user=owner, key="AI-9999")
    assert str(invisible.value) == f"Initiative {initiative.key} was not found."
    assert str(missing.value) == "Initiative AI-9999 was not found."


def test_a_unit_role_sees_initiatives_of_its_sub_units(coe, units):
    officer = UserFactory(username="officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    cards = make_initiative(coe=coe, business_unit=units["cards"], owner=UserFactory(username="cards-owner"))
    other = make_initiative(coe=coe, business_unit=units["insurance"], owner=UserFactory(username="ins-owner"))
    assert initiative_get(user=officer, key=cards.key) == cards
    with pytest.raises(NotFound):
        initiative_get(user=officer, key=other.key)


# --- criteria and evidence ---------------------------------------------------------------------------------------


def test_criteria_of_the_current_phase_with_their_effective_status(initiative, owner, units):
    initiative = move_to_phase(initiative, Phase.VALIDATION)
    evaluation = criterion(initiative, "automated_evaluation")
    criterion_update(actor=owner, criterion=evaluation, status=CriterionStatus.MET, metric_value=D("0.9"))
    officer = UserFactory(username="officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    pipeline = criterion(initiative, "production_data_pipeline")
    criterion_waive(
        actor=officer, criterion=pipeline, reason="Interim", expires_on=timezone.localdate() + datetime.timedelta(3)
    )

    rows = criteria_for(user=owner, initiative=initiative)
    assert [c.code for c in rows][:3] == ["production_data_pipeline", "automated_evaluation", "human_evaluation"]
    by_code = {c.code: c for c in rows}
    assert by_code["automated_evaluation"].effective == CriterionStatus.MET
    assert by_code["automated_evaluation"].evidence_expires == timezone.localdate() + datetime.timedelta(90)
    assert by_code["production_data_pipeline"].effective == CriterionStatus.WAIVED

    with time_machine.travel(timezone.now() + datetime.timedelta(days=100), tick=False):
        rows = {c.code: c for c in criteria_for(user=owner, initiative=initiative)}
        # Stored statuses are unchanged until the sweep runs; what readers see is already stale.
        assert rows["automated_evaluation"].status == CriterionStatus.MET
        assert rows["automated_evaluation"].effective == CriterionStatus.STALE
        assert rows["production_data_pipeline"].effective == CriterionStatus.STALE

    past = criteria_for(user=owner, initiative=initiative, phase=Phase.EXPLORATION)
    assert past[0].code == "pain_point_prioritised"


def test_criteria_and_evidence_are_hidden_from_strangers(initiative, owner, stranger):
    target = criterion(initiative, "value_hypothesis")
    evidence_add(actor=owner, criterion=target, kind="text", text="one")
    with pytest.raises(NotFound):
        criteria_for(user=stranger, initiative=initiative)
    with pytest.raises(NotFound):
        evidence_versions(user=stranger, criterion=target)


def test_evidence_versions_oldest_first(initiative, owner, sponsor):
    target = criterion(initiative, "value_hypothesis")
    evidence_add(actor=owner, criterion=target, kind="text", text="one")
    evidence_add(actor=owner, criterion=target, kind="link", url="https://example.test/two")
    versions = list(evidence_versions(user=sponsor, criterion=target))
    assert [(v.version, v.kind, v.created_by.username) for v in versions] == [
        (1, "text", "owner"),
        (2, "link", "owner"),
    ]


def test_the_evidence_set_hash_moves_with_the_evidence_only(initiative, owner, django_assert_num_queries):
    # The first estimate meets "First ROI estimate recorded" (a criterion the data judges): its status is evidence.
    roi_version_append(actor=owner, initiative=initiative, **roi_values())
    with django_assert_num_queries(1):
        first = evidence_set_hash(initiative=initiative)
    assert first == transitions.evidence_set_hash(transitions.current_criteria(initiative))
    assert evidence_set_hash(initiative=initiative) == first  # deterministic
    roi_version_append(actor=owner, initiative=initiative, **roi_values(benefit_revenue=Decimal("1")))
    assert evidence_set_hash(initiative=initiative) == first  # another estimate is not evidence
    evidence_add(actor=owner, criterion=criterion(initiative, "value_hypothesis"), kind="text", text="KPI")
    second = evidence_set_hash(initiative=initiative)
    assert second != first
    criterion_update(actor=owner, criterion=criterion(initiative, "feasibility_spike"), metric_value=9)
    assert evidence_set_hash(initiative=initiative) not in (first, second)


# --- ROI ledger and selection ------------------------------------------------------------------------------------


def test_the_ledger_shows_estimate_vs_estimate_vs_actual(initiative, owner, sponsor):
    roi_version_append(actor=owner, initiative=initiative, **roi_values())
    initiative = move_to_phase(initiative, Phase.VALIDATION)
    roi_version_append(
        actor=owner,
        initiative=initiative,
        **roi_values(currency="USD", rate_to_reporting=D("0.5"), benefit_cash_saving=D("40000")),
    )
    realised_value_record(
        actor=owner,
        initiative=initiative,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        currency="EUR",
        rate_to_reporting=1,
        benefit_cash_saving=D("30000"),
        measured_cost=D("12000"),
    )
    realised_value_record(
        actor=owner,
        initiative=initiative,
        period_start=datetime.date(2026, 4, 1),
        period_end=datetime.date(2026, 6, 29),
        currency="USD",
        rate_to_reporting=D("0.5"),
        benefit_cash_saving=D("40000"),
        measured_cost=D("10000"),
    )
    spend_record(
        actor=owner,
        initiative=initiative,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 1, 31),
        category="people",
        amount=D("1000"),
        currency="USD",
        rate_to_reporting=D("0.5"),
    )

    ledger = roi_ledger(user=sponsor, initiative=initiative)
    assert ledger.reporting_currency == "EUR"
    assert [e.version.version for e in ledger.estimates] == [1, 2]
    assert set(ledger.estimate_by_phase) == {Phase.EXPLORATION, Phase.VALIDATION}
    first, latest = ledger.first_estimate.figures, ledger.latest_estimate.figures
    assert first.net_annual_value == D("210000.00")
    # 40000 + 30000 + 100000 − 40000 = 130000 USD, at 0.5 = 65000 EUR.
    assert (latest.net_annual_value, latest.reporting_net_annual_value) == (D("130000.00"), D("65000.00"))
    assert [r.figures.reporting_net_value for r in ledger.realised] == [D("18000.00"), D("15000.00")]
    assert (ledger.realised_benefit, ledger.realised_cost, ledger.realised_net) == (
        D("50000.00"),
        D("17000.00"),
        D("33000.00"),
    )
    assert ledger.realised_days == 180
    assert ledger.realised_net_annualised == D("66916.67")  # 33000 × 365 ÷ 180
    assert ledger.spend_to_date == D("500.00")
    assert ledger.comparison() == {
        "first_estimate": D("210000.00"),
        "latest_estimate": D("65000.00"),
        "actual_annualised": D("66916.67"),
    }


def test_an_empty_ledger(initiative, owner, stranger):
    ledger = roi_ledger(user=owner, initiative=initiative)
    assert (ledger.estimates, ledger.realised, ledger.spend) == ([], [], [])
    assert ledger.first_estimate is None
    assert ledger.comparison() == {"first_estimate": None, "latest_estimate": None, "actual_annualised": None}
    with pytest.raises(NotFound):
        roi_ledger(user=stranger, initiative=initiative)


def test_options_are_ranked_by_weighted_score(initiative, owner, sponsor):
    scores = {"score_total_cost": 3, "score_data_security": 3, "score_control": 3, "score_vendor_risk": 3}
    model_option_record(actor=owner, initiative=initiative, name="B", sourcing="hybrid", score_quality=2, **scores)
    model_option_record(actor=owner, initiative=initiative, name="A", sourcing="closed_api", score_quality=5, **scores)
    weights, options = model_options_for(user=sponsor, initiative=initiative)
    assert weights.version == 1
    assert [(o.name, o.weighted_score) for o in options] == [("A", D("3.60")), ("B", D("2.70"))]
