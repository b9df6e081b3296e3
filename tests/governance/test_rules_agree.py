"""Every rule has one home, and everything that shows it agrees with the service that enforces it, over the demo
portfolio: the actions offered against what each service accepts, the review page's "May sign" lists, the sign-off
inbox and the reminders' recipients against what the sign-off service accepts."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from adoption.models import GateCriterion, Initiative, ModelOption
from adoption.services import configuration, criteria, evidence, initiatives, selection
from adoption.services import roi as roi_services
from adoption.services.evaluations import evaluation_record
from core.exceptions import Forbidden, NotFound, Refused
from demo.loader import USERS, load_demo_data
from governance import eligibility
from governance.actions import ACTIONS, available_actions
from governance.choices import ComplianceReviewStatus, ReviewStatus, RiskChangeStatus
from governance.models import LIVE_REVIEW, ComplianceReview, GateReview, RiskTierChange
from governance.selectors.reviews import gate_review_detail, signoff_inbox
from governance.services import compliance, lifecycle, reviews
from tests.factories import compliance_answers
from tests.factories.adoption import roi_values

User = get_user_model()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("ALTER SEQUENCE adoption_initiative_number_seq RESTART WITH 1")
        load_demo_data()
        yield
        call_command("flush", interactive=False, verbosity=0)


class Undo(Exception):
    """Raised inside a savepoint to undo what a service did once its answer is known."""


def accepted(call) -> bool:
    """Did the service accept the call? Whatever it wrote is undone either way."""
    try:
        with transaction.atomic():
            call()
            raise Undo
    except Undo:
        return True
    except (Forbidden, NotFound, Refused):
        return False


def _open_review(initiative):
    """The live review: open for signing, or waiting for the owner's answer."""
    return GateReview.objects.filter(LIVE_REVIEW, initiative=initiative).first()


def _any(calls) -> bool:
    return any(accepted(call) for call in calls)


class Case:
    """What the service calls for one person and one initiative read."""

    def __init__(self, user, initiative):
        self.user = user
        self.initiative = initiative
        self.today = timezone.localdate()
        self.current = list(GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).order_by("pk"))
        self.review = _open_review(initiative)


def _edit(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(lambda: initiatives.initiative_update(actor=user, initiative=initiative, kpi_target="+20 %"))


def _record_evidence(case: Case) -> bool:
    user, current = case.user, case.current
    return _any(
        lambda c=c: evidence.evidence_add(actor=user, criterion=c, kind="text", text="Checked.") for c in current
    )


def _record_evaluation(case: Case) -> bool:
    return accepted(
        lambda: evaluation_record(
            actor=case.user, initiative=case.initiative, tool="promptfoo", model="m", metrics={"pass_rate": 0.9}
        )
    )


def _waive_criterion(case: Case) -> bool:
    user, today, current = case.user, case.today, case.current
    return _any(
        lambda c=c: criteria.criterion_waive(
            actor=user, criterion=c, reason="Covered by the group policy.", expires_on=today + datetime.timedelta(30)
        )
        for c in current
    )


def _record_roi(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(lambda: roi_services.roi_version_append(actor=user, initiative=initiative, **roi_values()))


def _record_realised_value(case: Case) -> bool:
    user, initiative, today = case.user, case.initiative, case.today
    return accepted(
        lambda: roi_services.realised_value_record(
            actor=user,
            initiative=initiative,
            period_start=today - datetime.timedelta(days=30),
            period_end=today - datetime.timedelta(days=1),
            currency="EUR",
            rate_to_reporting=Decimal(1),
            benefit_cash_saving=Decimal(1000),
        )
    )


def _record_spend(case: Case) -> bool:
    user, initiative, today = case.user, case.initiative, case.today
    return accepted(
        lambda: roi_services.spend_record(
            actor=user,
            initiative=initiative,
            period_start=today - datetime.timedelta(days=30),
            period_end=today - datetime.timedelta(days=1),
            category="model",
            amount=Decimal(500),
            currency="EUR",
            rate_to_reporting=Decimal(1),
        )
    )


def _score_option(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(
        lambda: selection.model_option_record(
            actor=user,
            initiative=initiative,
            name="Self-hosted",
            sourcing="open_source_self_hosted",
            score_quality=3,
            score_total_cost=4,
            score_data_security=5,
            score_control=5,
            score_vendor_risk=4,
        )
    )


def _choose_option(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    options = list(ModelOption.objects.filter(initiative=initiative))
    return _any(
        lambda o=o: selection.model_option_choose(actor=user, initiative=initiative, option=o, rationale="Best.")
        for o in options
    )


def _request_review(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(lambda: reviews.gate_review_request(actor=user, initiative=initiative))


def _withdraw_review(case: Case) -> bool:
    user, review = case.user, case.review
    return review is not None and accepted(lambda: reviews.gate_review_withdraw(actor=user, review=review))


def _answer_review(case: Case) -> bool:
    user, review = case.user, case.review
    return review is not None and accepted(
        lambda: reviews.gate_review_answer(actor=user, review=review, comment="Evidence updated.")
    )


def _sign(case: Case) -> bool:
    user, review = case.user, case.review
    slots = list(review.slots.filter(active=True)) if review else []
    return _any(
        lambda s=s: reviews.signoff_record(actor=user, review=review, slot_key=s.key, decision="approve") for s in slots
    )


def _extend_phase(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    end = max(initiative.planned_phase_end, timezone.now()) + datetime.timedelta(days=14)
    return accepted(
        lambda: configuration.phase_extend(actor=user, initiative=initiative, new_end=end, reason="Data late.")
    )


def _propose_risk_tier(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    tier = "limited" if initiative.risk_tier != "limited" else "minimal"
    return accepted(
        lambda: compliance.risk_tier_propose(actor=user, initiative=initiative, to_tier=tier, reason="Reassessed.")
    )


def _decide_risk_tier(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    change = RiskTierChange.objects.filter(initiative=initiative, status=RiskChangeStatus.PENDING).first()
    return change is not None and accepted(lambda: compliance.risk_tier_decide(actor=user, change=change, confirm=True))


def _complete_compliance_review(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    item = ComplianceReview.objects.filter(initiative=initiative, status=ComplianceReviewStatus.OPEN).first()
    return item is not None and accepted(
        lambda: compliance.compliance_review_complete(
            actor=user, review=item, findings="Fine.", outcome="pass", answers=compliance_answers(item.risk_tier)
        )
    )


def _hold(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(lambda: lifecycle.initiative_hold(actor=user, initiative=initiative, reason="Budget freeze."))


def _resume(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(lambda: lifecycle.initiative_resume(actor=user, initiative=initiative))


def _stop(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(
        lambda: lifecycle.initiative_stop(
            actor=user, initiative=initiative, reason="Strategy changed.", not_a_failure=True
        )
    )


def _retire(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(lambda: lifecycle.initiative_retire(actor=user, initiative=initiative, reason="Replaced."))


def _void(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    return accepted(lambda: lifecycle.initiative_void(actor=user, initiative=initiative, reason="Registered twice."))


def _merge(case: Case) -> bool:
    user, initiative = case.user, case.initiative
    survivor = (
        Initiative.objects.restrict(user).exclude(pk=initiative.pk).exclude(status="voided").order_by("number").first()
    )
    into = survivor.key if survivor else "AI-9999"
    return accepted(
        lambda: lifecycle.initiative_merge(actor=user, initiative=initiative, into=into, reason="A duplicate.")
    )


def _tag(case: Case) -> bool:
    from adoption.models import Tag
    from adoption.services.tags import initiative_tag

    user, initiative = case.user, case.initiative

    def call():
        wave, _created = Tag.objects.get_or_create(code="rules-agree", defaults={"name": "Rules agree"})
        initiative_tag(actor=user, initiative=initiative, add=[wave])

    return accepted(call)


def _some_filing(initiative):
    """The initiative's first filing, or a draft made for the call (undone with it)."""
    from operations.models import Filing

    return Filing.objects.filter(initiative=initiative).order_by("pk").first() or Filing.objects.create(
        initiative=initiative, regime="demo_check", obligation="filing", kind="other", blocks_phase=""
    )


def _manage_filings(case: Case) -> bool:
    from operations.services.filings import NEXT_STATUSES, filing_record

    user, initiative = case.user, case.initiative

    def call():
        filing = _some_filing(initiative)
        status = next(s for s in NEXT_STATUSES[filing.status] if s != "waived")
        filing_record(actor=user, filing=filing, status=status, reference="REF-1")

    return accepted(call)


def _waive_filing(case: Case) -> bool:
    from operations.services.filings import filing_record

    user, initiative = case.user, case.initiative
    return accepted(
        lambda: filing_record(actor=user, filing=_some_filing(initiative), status="waived", note="Not required.")
    )


def _request_change(case: Case) -> bool:
    from operations.services.changes import change_request_create

    user, initiative = case.user, case.initiative
    return accepted(
        lambda: change_request_create(actor=user, initiative=initiative, kinds=["price"], description="Cheaper.")
    )


def _pending_change(initiative):
    from operations.models import ChangeRequest

    return ChangeRequest.objects.filter(initiative=initiative, status="pending").first()


def _decide_change(case: Case) -> bool:
    from operations.services.changes import change_request_approve

    change = _pending_change(case.initiative)
    return change is not None and accepted(lambda: change_request_approve(actor=case.user, change=change))


def _withdraw_change(case: Case) -> bool:
    from operations.services.changes import change_request_withdraw

    change = _pending_change(case.initiative)
    return change is not None and accepted(lambda: change_request_withdraw(actor=case.user, change=change))


def _record_incident(case: Case) -> bool:
    from operations.services.incidents import incident_record

    user, initiative = case.user, case.initiative
    return accepted(
        lambda: incident_record(
            actor=user, initiative=initiative, severity="minor", summary="A glitch.", detected_at=timezone.now()
        )
    )


def _tick_retirement(case: Case) -> bool:
    from operations.selectors.retirement import retirement_checklist
    from operations.services.retirement import retirement_item_tick

    user, initiative = case.user, case.initiative
    code = next((item.code for item in retirement_checklist(initiative) if item.done is None), "data_deletion")
    return accepted(lambda: retirement_item_tick(actor=user, initiative=initiative, code=code, note="Done."))


def _answer_applicability(case: Case) -> bool:
    from regimes.services.applicability import applicability_answer

    user, initiative = case.user, case.initiative
    return accepted(lambda: applicability_answer(initiative=initiative, answers={}, actor=user))


def _confirm_classification(case: Case) -> bool:
    from regimes.models import RegimeClassification
    from regimes.services.applicability import classification_confirm

    user, initiative = case.user, case.initiative
    pending = RegimeClassification.objects.filter(initiative=initiative, is_current=True, status="proposed").first()
    return pending is not None and accepted(lambda: classification_confirm(actor=user, classification=pending))


# The service behind each action, called with valid input.
SERVICE_CALLS = {
    "edit": _edit,
    "record_evidence": _record_evidence,
    "record_evaluation": _record_evaluation,
    "waive_criterion": _waive_criterion,
    "record_roi": _record_roi,
    "record_realised_value": _record_realised_value,
    "record_spend": _record_spend,
    "score_option": _score_option,
    "choose_option": _choose_option,
    "request_review": _request_review,
    "withdraw_review": _withdraw_review,
    "answer_review": _answer_review,
    "sign": _sign,
    "extend_phase": _extend_phase,
    "propose_risk_tier": _propose_risk_tier,
    "decide_risk_tier": _decide_risk_tier,
    "complete_compliance_review": _complete_compliance_review,
    "hold": _hold,
    "resume": _resume,
    "stop": _stop,
    "retire": _retire,
    "void": _void,
    "merge": _merge,
    "tag": _tag,
    "manage_filings": _manage_filings,
    "waive_filing": _waive_filing,
    "request_change": _request_change,
    "decide_change": _decide_change,
    "withdraw_change": _withdraw_change,
    "record_incident": _record_incident,
    "tick_retirement": _tick_retirement,
    "answer_applicability": _answer_applicability,
    "confirm_classification": _confirm_classification,
}


def service_call(name: str, user, initiative: Initiative) -> bool:
    """Whether the service behind action ``name`` accepts ``user``'s valid request on ``initiative``."""
    return SERVICE_CALLS[name](Case(user, initiative))


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("username", list(USERS))
def test_an_action_is_offered_if_and_only_if_its_service_accepts_it(username):
    user = User.objects.get(username=username)
    disagreements = []
    offered_somewhere = set()
    for initiative in Initiative.objects.select_related("business_unit").order_by("number"):
        states = available_actions(user=user, initiative=initiative).states
        assert set(states) == set(ACTIONS)
        for name, state in states.items():
            initiative.refresh_from_db()
            if state.allowed:
                offered_somewhere.add(name)
            else:
                assert state.sentences, (username, initiative.key, name)
            if service_call(name, user, initiative) != state.allowed:
                disagreements.append((initiative.key, name, state.allowed, state.sentences))
    assert disagreements == []
    if username == "coe":
        # The CoE reaches most actions somewhere in the demo portfolio, so the comparison is not vacuous.
        # (``retire`` waits for the retirement checklist, which no demo initiative has finished.)
        assert {"edit", "record_roi", "hold", "resume", "stop", "extend_phase", "request_change"} <= offered_somewhere
    if username == "owner":
        # The demo's review sent back for changes waits for its owner's answer.
        assert {"answer_review", "withdraw_review", "record_evidence"} <= offered_somewhere
    if username == "newcomer":
        assert offered_somewhere == set()


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
def test_a_refusal_is_the_services_own_sentence():
    """The reasons shown are the sentences the service raises, not a paraphrase."""
    sponsor = User.objects.get(username="sponsor")
    retired = Initiative.objects.get(status="retired")
    state = available_actions(user=sponsor, initiative=retired)["hold"]
    with pytest.raises(Refused) as raised:
        lifecycle.initiative_hold(actor=sponsor, initiative=retired, reason="Because.")
    assert state.kind is Refused
    assert [state.message, *state.reasons] == [raised.value.message, *raised.value.reasons]


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
def test_the_may_sign_list_equals_the_services_answer_for_every_slot_of_every_demo_review():
    people = list(User.objects.filter(username__in=USERS))
    checked = 0
    for review in GateReview.objects.select_related("initiative", "initiative__business_unit"):
        detail = gate_review_detail(user=User.objects.get(username="auditor"), review_id=review.pk)
        for slot in review.slots.filter(active=True):
            listed = {person.username for person in detail.signers.get(slot.pk, [])}
            accepting = {
                person.username
                for person in people
                if accepted(
                    lambda person=person, slot=slot, review=review: reviews.signoff_record(
                        actor=person, review=review, slot_key=slot.key, decision="approve"
                    )
                )
            }
            assert listed == accepting, (review.initiative.key, slot.key)
            checked += bool(accepting)
    assert checked >= 2  # the two open demo reviews each have a slot somebody may sign


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
@pytest.mark.parametrize("username", list(USERS))
def test_the_inbox_holds_exactly_the_reviews_with_a_slot_the_user_may_sign(username):
    user = User.objects.get(username=username)
    inbox = set(signoff_inbox(user=user).values_list("pk", flat=True))
    signable = {
        review.pk
        for review in GateReview.objects.filter(status=ReviewStatus.OPEN).select_related("initiative")
        if eligibility.signable_slots(user=user, review=review, facts=eligibility.review_facts(review, stale=False))
    }
    assert inbox == signable


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
def test_the_reminders_remind_exactly_who_the_review_page_lists():
    open_reviews = list(GateReview.objects.filter(status=ReviewStatus.OPEN).select_related("initiative__business_unit"))
    batch = eligibility.eligible_signers_many(open_reviews)
    for review in open_reviews:
        per_slot = eligibility.slot_signers(review=review, facts=eligibility.review_facts(review, stale=False))
        listed = {person.pk for people in per_slot.values() for person in people}
        assert set(batch.get(review.pk, {})) == listed, review.initiative.key


def test_every_action_has_a_service_call_in_this_test():
    """A new action cannot slip into the table without being compared with its service."""
    assert set(SERVICE_CALLS) == set(ACTIONS)


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
@pytest.mark.parametrize("username", list(USERS))
def test_the_initiative_page_offers_exactly_the_allowed_actions(username, client):
    """The page's forms are the actions ``available_actions`` allows (which the test above compares with the
    services); an action waiting on the gate is shown with its reasons and no form."""
    from governance.views.initiative import PAGE_ACTIONS

    user = User.objects.get(username=username)
    client.force_login(user)
    page_rules = {action.rule for action in PAGE_ACTIONS.values()}
    for initiative in Initiative.objects.select_related("business_unit").order_by("number"):
        response = client.get(f"/initiatives/{initiative.key}/")
        if username == "newcomer":
            assert response.status_code == 404
            continue
        forms = set(re.findall(r'<form method="post" data-action="(\w+)"', response.content.decode()))
        allowed = available_actions(user=user, initiative=initiative).allowed_names & page_rules
        assert forms == allowed, (initiative.key, forms ^ allowed)
