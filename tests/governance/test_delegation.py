"""Delegation of signing: the period, revocation, scope, and every four-eyes rule applied to the delegate and to the
delegator (governance.eligibility, governance.services.delegations, the database trigger)."""

import datetime

import pytest
import time_machine
from django.db import DatabaseError, transaction
from django.utils import timezone

from adoption.choices import Role
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from core.web import person_name
from governance import eligibility
from governance.choices import Decision
from governance.models import AuditEvent, Delegation, SignOff
from governance.services.delegations import delegation_create, delegation_revoke
from governance.services.reviews import gate_review_request, signoff_record
from tests.factories import UserFactory, grant, satisfy_gate, signers_for

TODAY = timezone.localdate


@pytest.fixture
def cast(coe, units, initiative):
    people = signers_for(units["retail"], coe=coe)
    deputy = UserFactory(username="deputy", first_name="Dana", last_name="Deputy")
    grant(deputy, Role.CONTRIBUTOR, business_unit=units["retail"], by=coe)
    people["deputy"] = deputy
    return people


def open_review(initiative, coe, risk_tier="limited"):
    satisfy_gate(initiative, risk_tier=risk_tier)
    return gate_review_request(actor=coe, initiative=initiative)


def lend(delegator, delegate, *, role=Role.COMPLIANCE_OFFICER, start=0, days=14):
    assignment = delegator.role_assignments.get(role=role, revoked_at__isnull=True)
    first = TODAY() + datetime.timedelta(days=start)
    return delegation_create(
        actor=delegator,
        assignment=assignment.pk,
        delegate=delegate.username,
        starts_on=first,
        ends_on=first + datetime.timedelta(days=days - 1),
        reason="Annual leave",
    )


def test_a_delegate_signs_on_behalf_of_the_delegator(initiative, coe, cast):
    officer, deputy = cast["compliance_officer"], cast["deputy"]
    review = open_review(initiative, coe)
    assert eligibility.signable_slots(user=deputy, review=review) == []
    delegation = lend(officer, deputy)
    assert eligibility.signable_slots(user=deputy, review=review) == ["compliance_officer"]
    assert list(eligibility.inbox(user=deputy)) == [review]
    signers = eligibility.slot_signers(review=review)
    compliance = review.slots.get(role=Role.COMPLIANCE_OFFICER)
    shown = {(p.username, getattr(p, "on_behalf_of", None)) for p in signers[compliance.pk]}
    assert shown == {
        ("compliance_officer", None),
        ("compliance_officer_2", None),
        ("deputy", person_name(officer)),
    }
    recipients = eligibility.eligible_signers_many(
        [type(review).objects.select_related("initiative__business_unit").get(pk=review.pk)]
    )
    assert recipients[review.pk][deputy.pk] == [Role.COMPLIANCE_OFFICER]

    signoff_record(actor=deputy, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)

    signoff = SignOff.objects.get(review=review, slot=compliance)
    assert (signoff.signer, signoff.on_behalf_of, signoff.delegation) == (deputy, officer, delegation)
    assert signoff.grant["delegation"] == delegation.pk
    assert signoff.grant["role"] == Role.COMPLIANCE_OFFICER
    event = AuditEvent.objects.filter(verb="signoff.recorded").latest("pk")
    assert event.after["on_behalf_of"] == person_name(officer) == signoff.on_behalf_of_name
    # The slot is signed: nobody is offered it any more, the delegate's inbox is empty.
    assert list(eligibility.inbox(user=deputy)) == []


def test_the_period_starts_and_ends_by_itself(initiative, coe, cast):
    officer, deputy = cast["compliance_officer"], cast["deputy"]
    review = open_review(initiative, coe)
    lend(officer, deputy, start=1, days=2)
    assert eligibility.signable_slots(user=deputy, review=review) == []
    with pytest.raises(Forbidden):
        signoff_record(actor=deputy, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1)):
        assert eligibility.signable_slots(user=deputy, review=review) == ["compliance_officer"]
        assert list(eligibility.inbox(user=deputy)) == [review]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        # Past its last day: nothing sweeps it, it simply no longer counts.
        assert eligibility.signable_slots(user=deputy, review=review) == []
        assert list(eligibility.inbox(user=deputy)) == []
        with pytest.raises(Forbidden):
            signoff_record(actor=deputy, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    assert not SignOff.objects.filter(review=review).exists()


def test_revocation_by_the_delegator_or_the_coe_only(initiative, coe, cast, units):
    officer, deputy = cast["compliance_officer"], cast["deputy"]
    review = open_review(initiative, coe)
    delegation = lend(officer, deputy)
    with pytest.raises(Forbidden):
        delegation_revoke(actor=deputy, delegation_id=delegation.pk)
    with pytest.raises(NotFound):
        delegation_revoke(actor=cast["data_steward"], delegation_id=delegation.pk)
    delegation_revoke(actor=officer, delegation_id=delegation.pk)
    assert Delegation.objects.get(pk=delegation.pk).revoked_by == officer
    assert eligibility.signable_slots(user=deputy, review=review) == []
    with pytest.raises(Forbidden):
        signoff_record(actor=deputy, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    second = lend(officer, deputy)
    delegation_revoke(actor=coe, delegation_id=second.pk)
    assert Delegation.objects.get(pk=second.pk).revoked_by == coe
    verbs = list(AuditEvent.objects.filter(verb__startswith="delegation.").values_list("verb", flat=True))
    assert verbs == ["delegation.created", "delegation.revoked", "delegation.created", "delegation.revoked"]


def test_revoking_the_delegators_role_ends_the_delegation(initiative, coe, cast):
    from governance.services.roles import role_revoke

    officer, deputy = cast["compliance_officer"], cast["deputy"]
    review = open_review(initiative, coe)
    delegation = lend(officer, deputy)
    role_revoke(actor=coe, assignment=delegation.assignment, reason="Left the bank")
    assert eligibility.signable_slots(user=deputy, review=review) == []


def test_four_eyes_applies_to_the_delegate_as_a_person(initiative, coe, cast, units):
    officer, deputy = cast["compliance_officer"], cast["deputy"]
    grant(deputy, Role.BUSINESS_SPONSOR, business_unit=units["retail"], by=coe)
    review = open_review(initiative, coe)
    lend(officer, deputy)
    assert eligibility.signable_slots(user=deputy, review=review) == ["business_sponsor", "compliance_officer"]
    signoff_record(actor=deputy, review=review, slot_key="business_sponsor", decision=Decision.APPROVE)
    with pytest.raises(Forbidden, match="one person signs one slot"):
        signoff_record(actor=deputy, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    assert eligibility.signable_slots(user=deputy, review=review) == []


def test_the_owner_cannot_sign_through_a_delegation(initiative, coe, cast, owner, units):
    grant(owner, Role.CONTRIBUTOR, business_unit=units["retail"], by=coe)
    review = open_review(initiative, coe)
    lend(cast["compliance_officer"], owner)
    assert eligibility.signable_slots(user=owner, review=review) == []
    with pytest.raises(Forbidden, match="You own"):
        signoff_record(actor=owner, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)


def test_one_persons_authority_signs_one_slot_in_person_or_through_a_delegate(initiative, coe, cast):
    """High risk: two compliance slots. The officer signs one in person; their delegate may not sign the other
    on their behalf, and the database refuses it too."""
    officer, deputy = cast["compliance_officer"], cast["deputy"]
    review = open_review(initiative, coe, risk_tier="high")
    delegation = lend(officer, deputy)
    assert eligibility.signable_slots(user=deputy, review=review) == ["compliance_officer", "compliance_officer_2"]
    signoff_record(actor=officer, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    assert eligibility.signable_slots(user=deputy, review=review) == []
    assert list(eligibility.inbox(user=deputy)) == []
    with pytest.raises(Forbidden, match="already signed"):
        signoff_record(actor=deputy, review=review, slot_key="compliance_officer_2", decision=Decision.APPROVE)
    slot = review.slots.get(role=Role.COMPLIANCE_OFFICER, ordinal=2)
    with pytest.raises(DatabaseError, match="four-eyes"), transaction.atomic():
        SignOff.objects.create(
            review=review,
            slot=slot,
            round=review.round,
            signer=deputy,
            signer_name="deputy",
            on_behalf_of=officer,
            delegation=delegation,
            grant={},
            decision=Decision.APPROVE,
            evidence_hash=review.evidence_hash,
            signed_at=timezone.now(),
        )
    # The other officer may still sign it in person.
    signoff_record(
        actor=cast["compliance_officer_2"], review=review, slot_key="compliance_officer_2", decision="approve"
    )


def test_the_delegator_cannot_sign_what_their_delegate_signed_for_them(initiative, coe, cast):
    officer, deputy = cast["compliance_officer"], cast["deputy"]
    review = open_review(initiative, coe, risk_tier="high")
    lend(officer, deputy)
    signoff_record(actor=deputy, review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    assert eligibility.signable_slots(user=officer, review=review) == []
    with pytest.raises(Forbidden, match="one person signs one slot"):
        signoff_record(actor=officer, review=review, slot_key="compliance_officer_2", decision=Decision.APPROVE)


def test_scope_period_and_role_are_checked_when_delegating(initiative, coe, cast, units):
    officer, deputy = cast["compliance_officer"], cast["deputy"]
    elsewhere = UserFactory(username="elsewhere")
    grant(elsewhere, Role.CONTRIBUTOR, business_unit=units["insurance"], by=coe)
    with pytest.raises(InvalidInput, match="not recorded"):
        lend(officer, elsewhere)
    # A role in a sub-unit does not cover the whole of the officer's unit.
    narrow = UserFactory(username="narrow")
    grant(narrow, Role.CONTRIBUTOR, business_unit=units["cards"], by=coe)
    with pytest.raises(InvalidInput, match="not recorded"):
        lend(officer, narrow)
    with pytest.raises(InvalidInput) as error:
        lend(officer, deputy, days=91)
    assert "at most 90 days" in str(error.value.fields["ends_on"])
    with pytest.raises(InvalidInput) as error:
        lend(officer, deputy, start=-1)
    assert "past" in str(error.value.fields["starts_on"])
    with pytest.raises(InvalidInput):
        lend(officer, officer)
    contributor = deputy.role_assignments.get(role=Role.CONTRIBUTOR)
    with pytest.raises(InvalidInput, match="not recorded") as error:
        delegation_create(
            actor=deputy, assignment=contributor.pk, delegate="compliance_officer", starts_on=TODAY(), ends_on=TODAY()
        )
    assert "signs gate reviews" in str(error.value.fields["assignment"])
    # Someone else's assignment is not found.
    with pytest.raises(NotFound):
        delegation_create(
            actor=deputy,
            assignment=officer.role_assignments.get(role=Role.COMPLIANCE_OFFICER).pk,
            delegate="data_steward",
            starts_on=TODAY(),
            ends_on=TODAY(),
        )
    lend(officer, deputy)
    with pytest.raises(Refused):
        lend(officer, deputy, start=3)
    assert Delegation.objects.count() == 1


def test_the_api_delegates_signs_on_behalf_and_shows_it(initiative, coe, cast):
    from tests.api.conftest import client_for

    officer, deputy = cast["compliance_officer"], cast["deputy"]
    review = open_review(initiative, coe)
    today = TODAY().isoformat()
    body = {
        "assignment": officer.role_assignments.get(role=Role.COMPLIANCE_OFFICER).pk,
        "delegate": "deputy",
        "starts_on": today,
        "ends_on": (TODAY() + datetime.timedelta(days=120)).isoformat(),
    }
    refused = client_for(officer).post("/api/v1/delegations/", body, format="json")
    assert refused.status_code == 400
    assert "at most 90 days" in refused.json()["fields"]["ends_on"][0]
    created = client_for(officer).post("/api/v1/delegations/", {**body, "ends_on": today}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["state"] == "in_force"
    assert [d["id"] for d in client_for(deputy).get("/api/v1/delegations/").json()["results"]] == [created.json()["id"]]
    # Someone else (another unit's signer) does not see it.
    assert client_for(cast["data_steward"]).get(f"/api/v1/delegations/{created.json()['id']}/").status_code == 404

    signed = client_for(deputy).post(
        f"/api/v1/gate-reviews/{review.pk}/sign/", {"slot": "compliance_officer", "decision": "approve"}, format="json"
    )
    assert signed.status_code == 200, signed.json()
    detail = client_for(coe).get(f"/api/v1/gate-reviews/{review.pk}/").json()
    slot = next(s for s in detail["slots"] if s["key"] == "compliance_officer")
    assert slot["signoff"]["signer"] == "deputy"
    assert slot["signoff"]["on_behalf_of_name"] == person_name(officer)
