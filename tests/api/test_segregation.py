"""Segregation of duties through the API: a hold imposed by a failed compliance review is not the sponsor's to lift."""

from django.utils import timezone

from adoption.choices import HoldCause, Status
from governance.choices import ComplianceReviewStatus
from governance.models import AuditEvent, ComplianceReview
from tests.factories import compliance_answers
from tests.factories.adoption import move_to_phase


def test_the_sponsor_cannot_resume_after_a_failed_compliance_review(api, people, initiative):
    move_to_phase(initiative, "scaling")
    initiative.status = Status.IN_PRODUCTION
    initiative.production_entered_at = timezone.now()
    initiative.save()
    review = ComplianceReview.objects.create(
        initiative=initiative,
        assignee=people["compliance"],
        due_on=timezone.localdate(),
        status=ComplianceReviewStatus.OPEN,
    )
    failed = api(people["compliance"]).post(
        f"/api/v1/compliance-reviews/{review.pk}/complete/",
        {"findings": "No human oversight.", "outcome": "fail", "answers": compliance_answers()},
        format="json",
    )
    assert failed.status_code == 200, failed.json()
    url = f"/api/v1/initiatives/{initiative.key}/resume/"

    for attacker in ("sponsor", "coe"):
        response = api(people[attacker]).post(url, {}, format="json")
        assert response.status_code == 403, response.json()
        assert "only a compliance officer responsible for it can resume it" in response.json()["detail"]
    actions = api(people["sponsor"]).get(f"/api/v1/initiatives/{initiative.key}/actions/").json()
    resume = next(a for a in actions if a["action"] == "resume")
    assert (resume["allowed"], resume["refusal"]) == (False, "forbidden")
    initiative.refresh_from_db()
    assert (initiative.status, initiative.hold_cause) == (Status.ON_HOLD, HoldCause.COMPLIANCE_FAILED)
    assert not AuditEvent.objects.filter(verb="initiative.resumed").exists()

    response = api(people["compliance"]).post(url, {"note": "Oversight in place."}, format="json")
    assert response.status_code == 200, response.json()
    initiative.refresh_from_db()
    assert initiative.status == Status.IN_PRODUCTION
    assert AuditEvent.objects.get(verb="initiative.resumed").actor == people["compliance"]
