"""Intake: a unit member proposes, the screening is answered under the common codes, and the CoE accepts (on the
fast track only when the screening allows it), merges or declines; each step audited, the people told; the track
decides the initiative's criteria and its gates' slots."""

import pytest

from adoption.choices import Role
from adoption.models import GateCriterion, GateCriterionTemplate, Track
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.gate import required_slots
from governance.models import AuditEvent, Notification
from governance.services.reviews import gate_review_request, signoff_record
from intake import screening
from intake.choices import ProposalStatus
from intake.models import Proposal
from intake.selectors import proposal_get, proposals_visible, triage_queue
from intake.services import proposal_accept, proposal_decline, proposal_merge, proposal_screen, proposal_submit
from regimes.models import Applicability, RegimeClassification
from regimes.services.applicability import classification_confirm
from tests.factories import UserFactory, grant
from tests.factories.workflow import satisfy_gate

from .conftest import IDEA, LOW_RISK


@pytest.fixture
def proposal(member, units):
    return proposal_submit(actor=member, business_unit=units["retail"], **IDEA)


def test_a_unit_member_proposes_and_the_coe_is_told(member, units, coe):
    proposal = proposal_submit(actor=member, business_unit=units["cards"], **IDEA)
    assert Proposal.objects.get().status == ProposalStatus.SUBMITTED
    assert AuditEvent.objects.get(verb="proposal.submitted").actor == member
    note = Notification.objects.get(recipient=coe, kind="proposal_submitted")
    assert "Meeting-notes summariser" in note.subject
    assert note.url == f"/intake/{proposal.pk}/"


def test_only_someone_with_a_role_in_the_unit_proposes(member, outsider, units, db):
    with pytest.raises(Forbidden):
        proposal_submit(actor=outsider, business_unit=units["retail"], **IDEA)
    with pytest.raises(Forbidden):
        proposal_submit(actor=UserFactory(username="nobody"), business_unit=units["retail"], **IDEA)
    assert not Proposal.objects.exists()


def test_bad_input_names_each_field(member, units):
    with pytest.raises(InvalidInput) as error:
        proposal_submit(actor=member, business_unit=units["retail"], **{**IDEA, "title": "x" * 201, "audience": "moon"})
    assert set(error.value.fields) == {"title", "audience"}
    assert not Proposal.objects.exists()


def test_proposers_see_their_own_and_the_coe_sees_all(proposal, outsider, coe, member):
    assert list(proposals_visible(user=member)) == [proposal]
    assert list(proposals_visible(user=outsider)) == []
    with pytest.raises(NotFound):
        proposal_get(user=outsider, pk=proposal.pk)
    assert list(triage_queue(user=coe)) == [proposal]
    assert list(triage_queue(user=member)) == []


def test_the_screening_is_stored_under_the_common_codes(proposal, member):
    proposal_screen(actor=member, proposal=proposal, answers=LOW_RISK)
    proposal.refresh_from_db()
    assert proposal.screening == {**LOW_RISK, "prohibited_practice": False}
    verdict = screening.verdict(proposal.screening)
    assert verdict.complete
    assert verdict.fast_track
    assert not verdict.prohibited
    assert AuditEvent.objects.get(verb="proposal.screened").after["fast_track"] is True


def test_an_incomplete_or_wrong_screening_is_refused_whole(proposal, member):
    with pytest.raises(InvalidInput) as error:
        proposal_screen(
            actor=member, proposal=proposal, answers={**LOW_RISK, "personal_data": "maybe", "audience": [], "x": 1}
        )
    assert {"personal_data", "audience", "x"} <= set(error.value.fields)
    proposal.refresh_from_db()
    assert proposal.screening == {}


def test_another_unit_cannot_screen_and_the_proposer_cannot_triage(proposal, outsider, member, owner):
    with pytest.raises(NotFound):
        proposal_screen(actor=outsider, proposal=proposal.pk, answers=LOW_RISK)
    proposal_screen(actor=member, proposal=proposal, answers=LOW_RISK)
    with pytest.raises(Forbidden):
        proposal_accept(actor=member, proposal=proposal, owner=owner)
    with pytest.raises(Forbidden):
        proposal_decline(actor=member, proposal=proposal, reason="no")


def test_accepting_on_the_fast_track_registers_the_initiative_with_lighter_criteria_and_fewer_slots(
    proposal, member, coe, owner
):
    proposal_screen(actor=member, proposal=proposal, answers=LOW_RISK)
    proposal = proposal_accept(actor=coe, proposal=proposal, owner=owner, track="fast")
    initiative = proposal.initiative
    assert proposal.status == ProposalStatus.ACCEPTED
    assert initiative.phase == "exploration"
    assert initiative.track.code == "fast"
    assert initiative.owner == owner
    assert initiative.pain_point == IDEA["pain_point"]
    fast = Track.objects.get(code="fast")
    codes = set(GateCriterion.objects.filter(initiative=initiative).values_list("code", flat=True))
    assert codes == set(fast.criteria["exploration"])
    assert codes < set(
        GateCriterionTemplate.objects.filter(phase="exploration", is_current=True).values_list("code", flat=True)
    )
    assert required_slots(phase="exploration", risk_tier="limited", track=fast) == [
        ("business_sponsor", 1),
        ("coe_admin", 1),
    ]
    event = AuditEvent.objects.get(verb="proposal.accepted")
    assert event.after == {"status": "accepted", "initiative": initiative.key, "track": "fast"}
    assert event.initiative_id == initiative.pk
    note = Notification.objects.get(recipient=member, kind="proposal_decided")
    assert initiative.key in note.subject
    # The screening's answers are the initiative's first applicability answers, and its regulatory
    # classifications are proposed from them for a compliance officer to confirm.
    answered = Applicability.objects.get(initiative=initiative)
    assert answered.answers["audience"] == ["staff"]
    assert answered.answers["model_provider"] == "api_model"
    assert "prohibited_uses" not in answered.answers
    assert RegimeClassification.objects.filter(initiative=initiative, status="proposed").exists()


def regulatory_confirmed(initiative, coe):
    """A compliance officer of the initiative's unit confirms the classifications the screening proposed (the gate
    waits for them)."""
    officer = UserFactory(username="intake-officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=initiative.business_unit, by=coe)
    for classification in RegimeClassification.objects.filter(initiative=initiative, status="proposed"):
        classification_confirm(actor=officer, classification=classification)
    initiative.refresh_from_db()
    return initiative


def test_a_fast_track_review_asks_for_the_tracks_slots(proposal, member, coe, owner, sponsor):
    proposal_screen(actor=member, proposal=proposal, answers=LOW_RISK)
    initiative = proposal_accept(actor=coe, proposal=proposal, owner=owner, sponsor=sponsor, track="fast").initiative
    satisfy_gate(regulatory_confirmed(initiative, coe))
    review = gate_review_request(actor=owner, initiative=initiative)
    assert sorted(review.slots.values_list("role", flat=True)) == ["business_sponsor", "coe_admin"]


def test_the_standard_track_keeps_every_criterion_and_the_matrix(proposal, member, coe, owner):
    proposal_screen(actor=member, proposal=proposal, answers={**LOW_RISK, "personal_data": True})
    initiative = proposal_accept(actor=coe, proposal=proposal, owner=owner, track="standard").initiative
    assert GateCriterion.objects.filter(initiative=initiative).count() == (
        GateCriterionTemplate.objects.filter(phase="exploration", is_current=True).count()
    )
    assert [role for role, _n in required_slots(phase="exploration", risk_tier="limited", track=initiative.track)] == [
        "business_sponsor",
        "coe_admin",
        "compliance_officer",
    ]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"audience": ["staff", "customers"]}, "It is not for internal staff only."),
        ({"personal_data": True}, "It may process personal data."),
        ({"content_outside": True}, "Generated content may be shown outside the company."),
    ],
)
def test_the_fast_track_is_refused_unless_the_screening_allows_it(proposal, member, coe, owner, change, reason):
    proposal_screen(actor=member, proposal=proposal, answers={**LOW_RISK, **change})
    with pytest.raises(Refused) as error:
        proposal_accept(actor=coe, proposal=proposal, owner=owner, track="fast")
    assert reason in error.value.reasons
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.initiative is None


def test_a_prohibited_use_or_a_missing_screening_refuses_acceptance(proposal, member, coe, owner):
    with pytest.raises(Refused, match="cannot be accepted"):
        proposal_accept(actor=coe, proposal=proposal, owner=owner)
    proposal_screen(actor=member, proposal=proposal, answers={**LOW_RISK, "prohibited_uses": ["social_scoring"]})
    proposal.refresh_from_db()
    assert proposal.screening["prohibited_practice"] is True
    with pytest.raises(Refused) as error:
        proposal_accept(actor=coe, proposal=proposal, owner=owner)
    assert "The screening declares a prohibited practice." in error.value.reasons


def test_decline_needs_a_reason_and_tells_the_proposer(proposal, member, coe):
    with pytest.raises(InvalidInput):
        proposal_decline(actor=coe, proposal=proposal, reason="  ")
    proposal_decline(actor=coe, proposal=proposal, reason="A vendor tool does this already.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECLINED
    assert AuditEvent.objects.get(verb="proposal.declined").after["reason"] == "A vendor tool does this already."
    note = Notification.objects.get(recipient=member, kind="proposal_decided")
    assert "A vendor tool does this already." in note.message
    with pytest.raises(Refused, match="triaged already"):
        proposal_decline(actor=coe, proposal=proposal, reason="again")


def test_merge_into_an_initiative_or_another_proposal(proposal, member, coe, initiative, units):
    other = proposal_submit(actor=member, business_unit=units["retail"], **{**IDEA, "title": "Notes bot"})
    proposal_merge(actor=coe, proposal=other, into_proposal=proposal.pk)
    other.refresh_from_db()
    assert other.status == ProposalStatus.MERGED
    assert other.merged_into == proposal
    proposal_merge(actor=coe, proposal=proposal, into_initiative=initiative.key)
    proposal.refresh_from_db()
    assert proposal.initiative == initiative
    assert AuditEvent.objects.filter(verb="proposal.merged").count() == 2
    third = proposal_submit(actor=member, business_unit=units["retail"], **IDEA)
    with pytest.raises(InvalidInput):
        proposal_merge(actor=coe, proposal=third, into_initiative="AI-9999")
    with pytest.raises(InvalidInput):
        proposal_merge(actor=coe, proposal=third)
    with pytest.raises(Refused):
        proposal_merge(actor=coe, proposal=third, into_proposal=other.pk)


def test_two_signatures_pass_a_fast_track_gate_and_validation_takes_the_tracks_lighter_set(
    proposal, member, coe, owner, sponsor
):
    from governance.choices import Decision

    proposal_screen(actor=member, proposal=proposal, answers=LOW_RISK)
    initiative = proposal_accept(actor=coe, proposal=proposal, owner=owner, sponsor=sponsor, track="fast").initiative
    review = gate_review_request(actor=owner, initiative=satisfy_gate(regulatory_confirmed(initiative, coe)))
    signoff_record(actor=sponsor, review=review, slot_key="business_sponsor", decision=Decision.APPROVE)
    signoff_record(actor=coe, review=review, slot_key="coe_admin", decision=Decision.APPROVE)
    initiative.refresh_from_db()
    assert initiative.phase == "validation"
    fast = Track.objects.get(code="fast")
    codes = set(GateCriterion.objects.filter(initiative=initiative, phase="validation").values_list("code", flat=True))
    assert codes == set(fast.criteria["validation"])
    assert [role for role, _n in required_slots(phase="validation", risk_tier="limited", track=fast)] == [
        "coe_admin",
        "security_reviewer",
        "business_sponsor",
    ]


def test_the_shipped_tracks_name_real_templates_and_roles(db):
    current = set(GateCriterionTemplate.objects.filter(is_current=True).values_list("phase", "code"))
    tracks = {track.code: track for track in Track.objects.all()}
    assert set(tracks) == {"standard", "fast"}
    assert tracks["standard"].template_codes("exploration") is None
    assert tracks["standard"].slot_roles("validation") is None
    for track in tracks.values():
        for phase, codes in track.criteria.items():
            assert {(phase, code) for code in codes} <= current, (track.code, phase)
        for roles in track.slots.values():
            assert set(roles) <= set(Role.values)
        assert set(track.name) == {"en", "zh-hant", "zh-hans"}
