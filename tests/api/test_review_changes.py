"""The API's side of requested changes: flags on the sign action, the review waiting for its owner, the owner's
answer, and the last approval's message naming the phase reached."""

import pytest

from adoption.models import Initiative
from governance.models import GateReview, ReviewAnswer, SignOff
from governance.services.reviews import gate_review_request
from tests.factories import satisfy_gate

API = "/api/v1/"


@pytest.fixture
def review(initiative, owner, people):
    satisfy_gate(initiative)
    return gate_review_request(actor=owner, initiative=initiative)


def sign(api, user, review, **body):
    return api(user).post(f"{API}gate-reviews/{review.pk}/sign/", body, format="json")


def test_request_changes_with_flags_then_answer_then_approve(api, people, review, owner, sponsor, coe):
    response = sign(
        api,
        people["compliance"],
        review,
        slot="compliance_officer",
        decision="request_changes",
        comment="The spike report is missing.",
        flags=[{"criterion": "feasibility_spike", "note": "Attach the report."}],
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "changes_requested"
    assert data["waiting_for_owner"] is True
    assert data["decided_at"] is None
    assert (
        data["message"]
        == f"The review of {review.initiative.key} now waits for its owner to answer the requested changes."
    )
    flagged = next(s for s in data["slots"] if s["key"] == "compliance_officer")["signoff"]["flags"]
    assert flagged == [
        {"code": "feasibility_spike", "title": "Feasibility spike done within 2 weeks", "note": "Attach the report."}
    ]

    # Nobody signs meanwhile: 409 with the reason.
    refused = sign(api, sponsor, review, slot="business_sponsor", decision="approve")
    assert refused.status_code == 409
    assert "signing resumes when the owner answers" in refused.json()["reasons"][0]

    # A signer may not answer (403); someone who cannot see the initiative gets 404.
    url = f"{API}gate-reviews/{review.pk}/answer/"
    assert api(people["compliance"]).post(url, {"comment": "x"}, format="json").status_code == 403
    assert api(people["outsider"]).post(url, {"comment": "x"}, format="json").status_code == 404
    assert api(owner).post(url, {"comment": ""}, format="json").status_code == 400
    answered = api(owner).post(url, {"comment": "Report attached."}, format="json")
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "open"
    assert answered.json()["round"] == 2
    assert answered.json()["answers"][0]["comment"] == "Report attached."

    for user, slot in ((people["compliance"], "compliance_officer"), (sponsor, "business_sponsor")):
        assert sign(api, user, review, slot=slot, decision="approve").json()["message"] == ""
    last = sign(api, coe, review, slot="coe_admin", decision="approve")
    assert last.status_code == 200
    assert last.json()["message"] == f"Every slot approved: {review.initiative.key} advanced to validation."
    assert Initiative.objects.get(pk=review.initiative_id).phase == "validation"


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        ([{"criterion": "nope", "note": "x"}], "This review has no criterion “nope”"),
        ([{"criterion": "feasibility_spike", "note": ""}], "This field may not be blank."),
        ([{"criterion": "feasibility_spike"}], ""),
        ("feasibility_spike", ""),
    ],
)
def test_bad_flags_are_refused_with_a_message(api, people, review, flags, message):
    response = sign(
        api,
        people["compliance"],
        review,
        slot="compliance_officer",
        decision="request_changes",
        comment="x",
        flags=flags,
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert all(name.startswith("flags") for name in fields)
    if message:
        assert message in " ".join(m for messages in fields.values() for m in messages)
    assert not SignOff.objects.exists()
    assert GateReview.objects.get(pk=review.pk).status == "open"
    assert not ReviewAnswer.objects.exists()
