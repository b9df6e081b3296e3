"""Answers → one classification per applicable regime → confirmation → the risk tier is the strictest confirmed;
obligations become criteria of the right phase that block the gate until met or waived by the named role; slots
and cadence follow the binding obligations."""

import datetime
import itertools

import pytest
from django.utils import timezone

from adoption.choices import CriterionStatus, Phase, Role
from adoption.models import GateCriterion
from adoption.services.criteria import criterion_waive
from adoption.transitions import current_criteria, gate_unmet_reasons
from core.exceptions import Forbidden, InvalidInput, NotFound
from governance.gate import required_slots
from governance.services.scheduling import cadence, obligation_cadences
from regimes import engine
from regimes.models import AppliedObligation, RegimeClassification
from regimes.selectors.obligations import applicable_obligations
from regimes.services.applicability import applicability_answer, classification_confirm
from tests.factories import UserFactory, grant
from tests.factories.adoption import move_to_phase
from tests.regimes.conftest import EU_HIGH, TW_HIGH

pytestmark = pytest.mark.usefixtures("test_catalogue")


def _classes(initiative):
    return {
        c.regime.code: (c.class_code, c.tier, c.status)
        for c in RegimeClassification.objects.filter(initiative=initiative, is_current=True).select_related("regime")
    }


def _confirm_all(initiative, officer):
    for c in RegimeClassification.objects.filter(initiative=initiative, is_current=True, status="proposed"):
        classification_confirm(actor=officer, classification=c)
    initiative.refresh_from_db()


def test_answers_propose_one_classification_per_applicable_regime_with_reasons(initiative, owner):
    applicability_answer(initiative=initiative, answers={**EU_HIGH, "deployed_in": ["eu", "taiwan"]}, actor=owner)
    assert _classes(initiative) == {"eu": ("high", "high", "proposed"), "tw": ("low_impact", "minimal", "proposed")}
    eu = RegimeClassification.objects.get(initiative=initiative, regime__code="eu", is_current=True)
    assert eu.reasons[0]["en"] == "Annex III"
    assert any("creditworthiness" in r["en"] for r in eu.reasons)
    codes = {(a.regime, a.code, a.binding) for a in applicable_obligations(initiative)}
    assert codes == {("eu", "fria", True), ("eu", "transparency", True), ("tw", "basic_act_info", False)}


def test_an_internal_tool_gets_no_regime(initiative, owner):
    applicability_answer(initiative=initiative, answers={"deployed_in": ["other"], "audience": ["staff"]}, actor=owner)
    assert _classes(initiative) == {}
    assert applicable_obligations(initiative) == []


def test_confirmation_makes_the_risk_tier_the_strictest_confirmed(initiative, owner, officer):
    applicability_answer(initiative=initiative, answers={**EU_HIGH, "deployed_in": ["eu", "taiwan"]}, actor=owner)
    assert initiative.risk_tier == "unassessed"
    tw = RegimeClassification.objects.get(initiative=initiative, regime__code="tw", is_current=True)
    classification_confirm(actor=officer, classification=tw)
    initiative.refresh_from_db()
    assert initiative.risk_tier == "minimal"
    _confirm_all(initiative, officer)
    assert initiative.risk_tier == "high"
    assert _classes(initiative)["eu"] == ("high", "high", "confirmed")


@pytest.mark.parametrize(
    "pair", list(itertools.combinations_with_replacement(["minimal", "limited", "high", "prohibited"], 2))
)
def test_strictest_wins_over_every_pair_of_classes(pair):
    a, b = pair
    assert engine.strictest([a, b]) == max(pair, key=engine.TIER_RANK.__getitem__)
    assert engine.strictest([b, a]) == engine.strictest([a, b])


def test_strictest_wins_through_the_confirmations(initiative, owner, officer):
    # EU limited, Taiwan high impact: the initiative is high.
    answers = {"deployed_in": ["eu", "taiwan"], "audience": ["customers"], "autonomy": "high"}
    applicability_answer(initiative=initiative, answers=answers, actor=owner)
    _confirm_all(initiative, officer)
    assert _classes(initiative) == {
        "eu": ("limited", "limited", "confirmed"),
        "tw": ("high_impact", "high", "confirmed"),
    }
    assert initiative.risk_tier == "high"


def test_the_person_who_answered_cannot_confirm_and_another_units_officer_cannot_see(initiative, officer, outsider):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=officer)
    classification = RegimeClassification.objects.get(initiative=initiative, is_current=True)
    with pytest.raises(Forbidden):
        classification_confirm(actor=officer, classification=classification)
    with pytest.raises(NotFound):
        classification_confirm(actor=outsider, classification=classification)
    with pytest.raises(NotFound):
        applicability_answer(initiative=initiative, answers=EU_HIGH, actor=outsider)
    assert RegimeClassification.objects.get(pk=classification.pk).status == "proposed"


def test_bad_answers_are_refused_with_a_message_and_nothing_written(initiative, owner):
    with pytest.raises(InvalidInput) as refused:
        applicability_answer(initiative=initiative, answers={"deployed_in": ["mars"], "nope": True}, actor=owner)
    assert set(refused.value.fields) == {"deployed_in", "nope"}
    with pytest.raises(InvalidInput):
        applicability_answer(initiative=initiative, answers={"automated_decisions": "yes"}, actor=owner)
    assert not initiative.applicability_answers.exists()


def test_obligation_criteria_appear_in_their_phase_and_block_the_gate(initiative, owner, officer):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    fria = GateCriterion.objects.get(initiative=initiative, template__obligation="fria")
    assert fria.phase == Phase.EXPLORATION
    assert fria.template.citation["article"] == "Art. 27"
    assert not GateCriterion.objects.filter(initiative=initiative, template__obligation="transparency").exists()
    _confirm_all(initiative, officer)
    today = timezone.localdate()
    reasons = gate_unmet_reasons(
        initiative=initiative, criteria=current_criteria(initiative), today=today, pending_risk_change=False
    )
    assert any("Fundamental-rights impact assessment" in r for r in reasons)
    # Waived by the role the obligation names (a compliance officer), the obligation no longer blocks.
    criterion_waive(
        actor=officer,
        criterion=fria,
        reason="Assessed in the group's FRIA.",
        expires_on=today + datetime.timedelta(days=90),
    )
    reasons = gate_unmet_reasons(
        initiative=initiative, criteria=current_criteria(initiative), today=today, pending_risk_change=False
    )
    assert not any("Fundamental-rights" in r for r in reasons)


def test_only_the_named_role_waives_an_obligation_criterion(initiative, owner, officer, coe, units):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    _confirm_all(initiative, officer)
    move_to_phase(initiative, Phase.VALIDATION)
    transparency = GateCriterion.objects.get(initiative=initiative, template__obligation="transparency")
    assert transparency.phase == Phase.VALIDATION  # instantiated on phase entry because the obligation applies
    today = timezone.localdate()
    with pytest.raises(Forbidden):
        criterion_waive(
            actor=officer, criterion=transparency, reason="No.", expires_on=today + datetime.timedelta(days=30)
        )
    reviewer = UserFactory(username="reviewer")
    grant(reviewer, Role.INDEPENDENT_REVIEWER, business_unit=units["retail"], by=coe)
    criterion_waive(
        actor=reviewer, criterion=transparency, reason="Covered.", expires_on=today + datetime.timedelta(days=30)
    )
    assert GateCriterion.objects.get(pk=transparency.pk).status == CriterionStatus.WAIVED


def test_obligation_templates_are_not_instantiated_where_they_do_not_apply(initiative, owner, coe, units):
    from tests.factories import make_initiative

    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)  # makes the templates exist
    other = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Internal search")
    assert not GateCriterion.objects.filter(initiative=other).exclude(template__regime="").exists()
    move_to_phase(other, Phase.VALIDATION)
    assert not GateCriterion.objects.filter(initiative=other).exclude(template__regime="").exists()


def test_new_answers_that_drop_an_obligation_mark_its_criteria_not_required(initiative, owner):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    applicability_answer(initiative=initiative, answers={**EU_HIGH, "use_cases": ["other"]}, actor=owner)
    fria = GateCriterion.objects.get(initiative=initiative, template__obligation="fria")
    assert fria.required is False  # kept, never deleted
    assert fria not in current_criteria(initiative)


def test_slots_and_cadence_come_from_the_binding_obligations(initiative, owner, officer):
    applicability_answer(
        initiative=initiative,
        answers={**TW_HIGH, "deployed_in": ["taiwan", "eu"], "use_cases": ["creditworthiness"]},
        actor=owner,
    )
    slots = required_slots(phase="exploration", risk_tier="limited", initiative=initiative)
    assert ("independent_reviewer", 1) in slots
    assert ("independent_reviewer", 1) not in required_slots(phase="exploration", risk_tier="limited")
    assert obligation_cadences([initiative.pk]) == {initiative.pk: 30}  # smallest of 30 (TW) and 60 (EU)
    assert cadence("high", 30) == datetime.timedelta(days=30)
    assert cadence("high", 365) == datetime.timedelta(days=90)
    assert cadence("minimal") == datetime.timedelta(days=365)


def test_a_fresh_answer_is_asked_at_each_gate(initiative, owner, officer):
    applicability_answer(initiative=initiative, answers={"deployed_in": ["other"]}, actor=owner)
    today = timezone.localdate()

    def reasons():
        initiative.refresh_from_db()
        return gate_unmet_reasons(initiative=initiative, criteria=[], today=today, pending_risk_change=False)

    assert not any("applicability" in r for r in reasons())
    move_to_phase(initiative, Phase.VALIDATION)
    assert any("answer it again" in r for r in reasons())
    applicability_answer(initiative=initiative, answers={"deployed_in": ["eu"]}, actor=owner)
    assert any("awaits a compliance officer" in r for r in reasons())
    _confirm_all(initiative, officer)
    assert not any("applicability" in r or "classification" in r for r in reasons())


def test_applied_obligations_are_recorded(initiative, owner):
    applicability_answer(initiative=initiative, answers=TW_HIGH, actor=owner)
    rows = {(a.obligation, a.binding, a.cadence_days) for a in AppliedObligation.objects.filter(initiative=initiative)}
    assert rows == {("third_party_review", True, 30), ("basic_act_info", False, None)}
