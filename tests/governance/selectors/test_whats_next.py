"""The "what's next" panel: the last decision, what is missing, who waits on whom, for the person looking; and a
constant number of queries whatever the number of reviews, sign-offs and signers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adoption.choices import Role
from adoption.models import GateCriterion
from governance.actions import InitiativeFacts
from governance.choices import Decision
from governance.selectors.whats_next import whats_next
from governance.services.reviews import gate_review_answer, gate_review_request, gate_review_withdraw, signoff_record
from tests.factories import UserFactory, grant, satisfy_gate, signers_for


@pytest.fixture
def cast(coe, units, sponsor):
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    return people


def panel(user, initiative):
    initiative.refresh_from_db()
    return whats_next(user=user, initiative=initiative, facts=InitiativeFacts(user=user, initiative=initiative))


def test_before_any_review_it_lists_what_is_missing(initiative, owner):
    result = panel(owner, initiative)
    assert result.waiting_on == "evidence"
    assert result.last is None
    assert "The risk tier has not been assessed yet." in result.missing
    satisfy_gate(initiative)
    result = panel(owner, initiative)
    assert result.waiting_on == "request"
    assert result.missing == []
    assert result.yours == ["request_review"]


def test_an_open_review_names_the_slots_and_who_may_sign(initiative, owner, cast, sponsor):
    satisfy_gate(initiative)
    gate_review_request(actor=owner, initiative=initiative)
    result = panel(owner, initiative)
    assert result.waiting_on == "signers"
    waits = {w.slot: w.signers for w in result.slots}
    assert set(waits) == {"business_sponsor", "coe_admin", "compliance_officer"}
    officers = sorted(cast[k].get_full_name() for k in ("compliance_officer", "compliance_officer_2"))
    assert sorted(waits["compliance_officer"]) == officers
    assert result.yours == []
    assert panel(cast["compliance_officer"], initiative).yours == ["sign"]


def test_after_changes_are_requested_the_owner_sees_the_decision_and_is_waited_on(initiative, owner, cast):
    satisfy_gate(initiative)
    review = gate_review_request(actor=owner, initiative=initiative)
    officer = cast["compliance_officer"]
    signoff_record(
        actor=officer,
        review=review,
        slot_key="compliance_officer",
        decision=Decision.REQUEST_CHANGES,
        comment="The spike needs its figures.",
        flags=[{"criterion": "feasibility_spike", "note": "Add accuracy."}],
    )
    result = panel(owner, initiative)
    assert result.waiting_on == "owner_answer"
    assert result.last.who == officer.get_full_name()
    assert result.last.decision == Decision.REQUEST_CHANGES
    assert result.last.comment == "The spike needs its figures."
    assert result.last.flags[0]["note"] == "Add accuracy."
    assert result.yours == ["answer_review"]
    assert panel(officer, initiative).yours == []
    # An unmet criterion shows as missing before the answer, which is then refused.
    GateCriterion.objects.filter(initiative=initiative, code="feasibility_spike").update(status="open")
    result = panel(owner, initiative)
    assert any("Feasibility spike" in reason for reason in result.missing)
    assert result.yours == []
    satisfy_gate(initiative)
    gate_review_answer(actor=owner, review=review, comment="Figures added.")
    assert panel(owner, initiative).waiting_on == "signers"


def test_query_count_is_constant(initiative, owner, cast, coe, units):
    satisfy_gate(initiative)

    def count():
        initiative.refresh_from_db()
        facts = InitiativeFacts(user=owner, initiative=initiative)
        with CaptureQueriesContext(connection) as queries:
            whats_next(user=owner, initiative=initiative, facts=facts)
        return len(queries)

    review = gate_review_request(actor=owner, initiative=initiative)
    small = count()
    # Many earlier attempts and sign-offs, and many more people who may sign.
    for _attempt in range(4):
        gate_review_withdraw(actor=owner, review=review)
        review = gate_review_request(actor=owner, initiative=initiative)
        signoff_record(actor=coe, review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    for n in range(6):
        grant(
            UserFactory(username=f"extra-officer-{n}"), Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe
        )
    assert count() == small


def test_the_page_shows_the_panel_to_the_owner(client, initiative, owner, cast):
    satisfy_gate(initiative)
    review = gate_review_request(actor=owner, initiative=initiative)
    signoff_record(
        actor=cast["compliance_officer"],
        review=review,
        slot_key="compliance_officer",
        decision=Decision.REQUEST_CHANGES,
        comment="Redo the spike.",
        flags=[{"criterion": "feasibility_spike", "note": "Add accuracy."}],
    )
    client.force_login(owner)
    page = client.get(reverse("governance:initiative", args=[initiative.key])).content.decode()
    assert 'id="whats-next"' in page
    assert page.index('id="whats-next"') < page.index('id="about"')
    assert "Redo the spike." in page
    assert "Add accuracy." in page
    assert "Answer the requested changes" in page
    assert "the signers asked for changes" in page
