"""A production initiative in Retail Banking with an open compliance review, and the people around it."""

import datetime

import pytest
from django.utils import timezone

from adoption.choices import Role
from adoption.models import Initiative
from governance.models import ComplianceReview
from tests.factories import UserFactory, grant, make_initiative, signers_for

# Answers to every required question of the default limited-risk questionnaire.
LIMITED_ANSWERS = {
    "purpose_unchanged": "yes",
    "data_classification_current": "yes",
    "incidents": "None recorded.",
    "transparency_notice": "yes",
    "vendor_changes": "unchanged",
}


@pytest.fixture
def cast(coe, units, owner, sponsor, initiative):
    """The initiative in production (limited risk) with an open review assigned to the unit's compliance officer;
    a security reviewer of the unit, a global compliance officer (the lead), and an outsider: a compliance officer
    of Insurance with an initiative of their own there."""
    signers = signers_for(units["retail"], coe=coe)
    lead = UserFactory(username="lead")
    grant(lead, Role.COMPLIANCE_OFFICER, by=coe)
    outsider = UserFactory(username="outsider")
    grant(outsider, Role.COMPLIANCE_OFFICER, business_unit=units["insurance"], by=coe)
    Initiative.objects.filter(pk=initiative.pk).update(
        status="in_production", production_entered_at=timezone.now(), risk_tier="limited"
    )
    initiative.refresh_from_db()
    review = ComplianceReview.objects.create(
        initiative=initiative,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        risk_tier="limited",
        assignee=signers["compliance_officer"],
    )
    other = make_initiative(coe=coe, business_unit=units["insurance"], owner=UserFactory(username="other-owner"))
    return {
        "coe": coe,
        "owner": owner,
        "sponsor": sponsor,
        "initiative": initiative,
        "review": review,
        "officer": signers["compliance_officer"],
        "security": signers["security_reviewer"],
        "lead": lead,
        "outsider": outsider,
        "other": other,
    }
