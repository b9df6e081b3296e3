"""Races on real, separate database connections: concurrent final approvals and concurrent review requests."""

import threading

import pytest
from django.db import connection

from adoption.choices import Phase, Role
from adoption.models import GateCriterion, Initiative, PhaseStint
from core.exceptions import Refused
from governance.choices import Decision, ReviewStatus
from governance.models import AuditEvent, GateReview
from governance.services.reviews import gate_review_request, signoff_record
from tests.factories import BusinessUnitFactory, UserFactory, grant, make_initiative, satisfy_gate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


def run_together(*calls):
    """Run each call in its own thread (and so its own connection), released at the same instant."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as exc:
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.fixture
def setting():
    coe = UserFactory(username="race-coe")
    grant(coe, Role.COE_ADMIN)
    unit = BusinessUnitFactory(code="race-unit")
    owner = UserFactory(username="race-owner")
    sponsor = UserFactory(username="race-sponsor")
    officer = UserFactory(username="race-compliance")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=unit, by=coe)
    initiative = make_initiative(coe=coe, business_unit=unit, owner=owner, sponsor=sponsor)
    satisfy_gate(initiative)
    return {"coe": coe, "owner": owner, "sponsor": sponsor, "officer": officer, "initiative": initiative}


def test_two_last_approvals_at_once_make_exactly_one_transition(setting):
    initiative = setting["initiative"]
    review = gate_review_request(actor=setting["owner"], initiative=initiative)
    signoff_record(actor=setting["sponsor"], review=review, slot_key="business_sponsor", decision=Decision.APPROVE)

    results = run_together(
        lambda: signoff_record(actor=setting["coe"], review=review, slot_key="coe_admin", decision="approve"),
        lambda: signoff_record(
            actor=setting["officer"], review=review, slot_key="compliance_officer", decision="approve"
        ),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    initiative = Initiative.objects.get(pk=initiative.pk)
    assert initiative.phase == Phase.VALIDATION
    assert GateReview.objects.get(pk=review.pk).status == ReviewStatus.APPROVED
    assert PhaseStint.objects.filter(initiative=initiative).count() == 2
    assert GateCriterion.objects.filter(initiative=initiative, phase=Phase.VALIDATION).count() == 8
    assert AuditEvent.objects.filter(initiative=initiative, verb="initiative.advanced").count() == 1


def test_two_requests_at_once_make_one_review(setting):
    initiative = setting["initiative"]
    results = run_together(
        lambda: gate_review_request(actor=setting["owner"], initiative=initiative),
        lambda: gate_review_request(actor=setting["coe"], initiative=initiative),
    )
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["error", "ok"], results
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, Refused)
    assert error.reasons == [f"{initiative.key} already has an open gate review."]
    assert GateReview.objects.filter(initiative=initiative, status=ReviewStatus.OPEN).count() == 1
    assert AuditEvent.objects.filter(initiative=initiative, verb="gate_review.requested").count() == 1
