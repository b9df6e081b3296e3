"""The production change gate: a model change runs to approval with the filings flagged "refile needed"; four eyes
(the requester never signs; compliance always, with the CoE); rejection and withdrawal."""

from __future__ import annotations

import pytest

from adoption.models import GateCriterion
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.actions import action_state
from governance.models import AuditEvent
from operations.changes import change_requirements
from operations.models import ChangeRequest
from operations.services.changes import (
    change_request_approve,
    change_request_create,
    change_request_reject,
    change_request_withdraw,
)
from operations.services.filings import filing_record, filings_sync

from .conftest import answer, to_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(regime, cast):
    initiative = to_production(cast["initiative"])
    answer(initiative, cast["owner"])
    (filing,) = filings_sync(initiative=initiative, actor=None)
    filing_record(actor=cast["owner"], filing=filing, status="submitted", reference="GD-1")
    filing_record(actor=cast["owner"], filing=filing, status="approved")
    return initiative, filing


def test_what_a_change_asks_for_is_decided_by_its_kinds(live):
    initiative, filing = live
    model = change_requirements(initiative, ["model"])
    assert model["reevaluate"]
    assert not model["roi_estimate"]
    assert not model["questionnaire"]
    assert model["reopen"] == [{"regime": "ops_test", "obligation": "algorithm_filing"}]
    assert model["refile"] == [{"id": filing.pk, "regime": "ops_test", "obligation": "algorithm_filing"}]
    price = change_requirements(initiative, ["price"])
    assert price["roi_estimate"]
    assert not price["reevaluate"]
    assert price["reopen"] == []
    assert price["refile"] == []
    audience = change_requirements(initiative, ["audience"])
    assert audience["questionnaire"]
    assert audience["refile"] == []
    assert model["slots"] == ["compliance_officer", "coe_admin"]


def test_a_model_change_runs_to_approval_and_flags_the_filing(live, cast):
    initiative, filing = live
    change = change_request_create(
        actor=cast["owner"],
        initiative=initiative,
        kinds=["model"],
        description="Move to the newer model.",
        from_value="Model A",
        to_value="Model B 2.0",
    )
    # Four eyes: the requester never signs.
    with pytest.raises(Forbidden):
        change_request_approve(actor=cast["owner"], change=change)
    change_request_approve(actor=cast["compliance"], change=change, note="Evaluation attached.")
    change.refresh_from_db()
    assert change.status == "pending"
    # The same person cannot take the second slot.
    with pytest.raises(Forbidden):
        change_request_approve(actor=cast["compliance"], change=change)
    change_request_approve(actor=cast["coe"], change=change)
    change.refresh_from_db()
    initiative.refresh_from_db()
    filing.refresh_from_db()
    assert change.status == "approved"
    assert sorted(change.approvals.values_list("role", flat=True)) == ["coe_admin", "compliance_officer"]
    assert initiative.models_used == "Model B 2.0"
    assert filing.status == "refile_needed"
    # The evaluation criteria of the last gate must be met again.
    reopened = GateCriterion.objects.filter(
        initiative=initiative, phase="scaling", template__kind__in=["metric", "reality_gap"]
    )
    assert reopened.exists()
    assert set(reopened.values_list("status", flat=True)) == {"open"}
    verbs = list(AuditEvent.objects.filter(initiative_id=initiative.pk).order_by("pk").values_list("verb", flat=True))
    assert verbs[-1] == "change_request.approved"
    assert "filing.refile_needed" in verbs
    assert "criterion.reopened_by_change" in verbs
    assert verbs.count("change_request.signed") == 2


def test_a_sponsor_without_a_slot_cannot_sign(live, cast):
    initiative, _filing = live
    change = change_request_create(actor=cast["owner"], initiative=initiative, kinds=["price"], description="Cheaper.")
    with pytest.raises(Forbidden):
        change_request_approve(actor=cast["sponsor"], change=change)


def test_a_change_is_requested_only_in_production_and_one_at_a_time(regime, cast):
    with pytest.raises(Refused):
        change_request_create(actor=cast["owner"], initiative=cast["initiative"], kinds=["model"], description="x")
    initiative = to_production(cast["initiative"])
    with pytest.raises(InvalidInput):
        change_request_create(actor=cast["owner"], initiative=initiative, kinds=["teleport"], description="x")
    change_request_create(actor=cast["owner"], initiative=initiative, kinds=["model"], description="x")
    with pytest.raises(Refused):
        change_request_create(actor=cast["owner"], initiative=initiative, kinds=["vendor"], description="y")
    assert ChangeRequest.objects.count() == 1


def test_rejected_and_withdrawn_changes_apply_nothing(live, cast):
    initiative, filing = live
    change = change_request_create(
        actor=cast["owner"], initiative=initiative, kinds=["model"], description="x", to_value="Model C"
    )
    change_request_reject(actor=cast["compliance"], change=change, note="No evaluation.")
    change.refresh_from_db()
    assert change.status == "rejected"
    second = change_request_create(actor=cast["owner"], initiative=initiative, kinds=["model"], description="again")
    with pytest.raises(Forbidden):
        change_request_withdraw(actor=cast["coe"], change=second)
    change_request_withdraw(actor=cast["owner"], change=second)
    second.refresh_from_db()
    initiative.refresh_from_db()
    filing.refresh_from_db()
    assert second.status == "withdrawn"
    assert initiative.models_used != "Model C"
    assert filing.status == "approved"
    assert action_state("request_change", user=cast["owner"], initiative=initiative).allowed


def test_another_units_compliance_officer_sees_nothing(live, cast):
    initiative, _filing = live
    change = change_request_create(actor=cast["owner"], initiative=initiative, kinds=["model"], description="x")
    with pytest.raises(NotFound):
        change_request_approve(actor=cast["outsider"], change=change)


def test_a_change_request_brings_the_filings_register_up_to_date_first(regime, cast):
    initiative = to_production(cast["initiative"])
    answer(initiative, cast["owner"])
    assert not initiative.filings.exists()
    change = change_request_create(
        actor=cast["owner"], initiative=initiative, kinds=["vendor"], description="New host."
    )
    filing = initiative.filings.get()
    assert change.requirements["refile"] == [{"id": filing.pk, "regime": "ops_test", "obligation": "algorithm_filing"}]


def test_the_api_refuses_a_change_that_names_no_kind(regime, cast):
    from rest_framework.test import APIClient

    initiative = to_production(cast["initiative"])
    client = APIClient()
    client.force_authenticate(cast["owner"])
    response = client.post(
        f"/api/v1/initiatives/{initiative.key}/change-requests/", {"description": "Something."}, format="json"
    )
    assert response.status_code == 400
    assert "kinds" in response.json()["fields"]
    assert not ChangeRequest.objects.exists()
