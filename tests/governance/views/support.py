"""A cast and a portfolio for the page tests: who may see and do what, and a way to grow the portfolio."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import Role
from governance.models import ComplianceReview, Notification
from governance.services.reviews import gate_review_request
from tests.factories import UserFactory, grant, make_initiative, satisfy_gate

PASSWORD = "pw-test-2026"


def make_cast(*, coe, units, owner, sponsor) -> dict:
    """One person per audience: retail-scoped signers, an officer of the other unit, the global readers, nobody."""
    cast = {"coe": coe, "owner": owner, "sponsor": sponsor}
    for name, role, unit in (
        ("officer", Role.COMPLIANCE_OFFICER, "retail"),
        ("officer2", Role.COMPLIANCE_OFFICER, "retail"),
        ("security", Role.SECURITY_REVIEWER, "retail"),
        ("steward", Role.DATA_STEWARD, "retail"),
        ("elsewhere", Role.COMPLIANCE_OFFICER, "insurance"),
    ):
        cast[name] = UserFactory(username=name)
        grant(cast[name], role, business_unit=units[unit], by=coe)
    for name, role in (("executive", Role.EXECUTIVE), ("auditor", Role.AUDITOR)):
        cast[name] = UserFactory(username=name)
        grant(cast[name], role, by=coe)
    cast["newcomer"] = UserFactory(username="newcomer")
    return cast


def grow(*, coe, unit, owner, sponsor, officer, count: int, start: int = 0) -> list:
    """``count`` more initiatives in ``unit``, each with an open gate review, a compliance review assigned to
    ``officer`` and a notification for ``officer``: every list of the pages gets longer."""
    made = []
    for n in range(start, start + count):
        initiative = make_initiative(
            coe=coe, business_unit=unit, owner=owner, sponsor=sponsor, title=f"Grown initiative {n}"
        )
        satisfy_gate(initiative)
        gate_review_request(actor=owner, initiative=initiative)
        # Set-up only: a periodic review as the scheduler would create it for a production initiative.
        ComplianceReview.objects.create(
            initiative=initiative,
            due_on=timezone.localdate() - datetime.timedelta(days=n % 3),
            risk_tier=initiative.risk_tier,
            assignee=officer,
        )
        Notification.objects.create(
            recipient=officer,
            kind="review_requested",
            initiative=initiative,
            subject=f"{initiative.key}: gate review requested",
            message="Please sign.",
            url=f"/initiatives/{initiative.key}/",
            dedupe_key=f"test:{initiative.pk}",
        )
        made.append(initiative)
    return made


def queries_for(client, url: str, **headers) -> int:
    """How many queries one GET of ``url`` makes (a streamed body is read to the end)."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, headers=headers)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, (url, response.status_code)
    return len(context)
