"""Intake's cast: a member of the retail unit who proposes, one of the insurance unit, and the CoE."""

import pytest

from adoption.choices import Role
from tests.factories import UserFactory, grant

LOW_RISK = {
    "audience": ["staff"],
    "deployed_in": ["taiwan"],
    "personal_data": False,
    "sensitive_personal_data": False,
    "content_outside": False,
    "model_provider": "api_model",
    "automated_decisions": False,
    "prohibited_uses": [],
}

IDEA = {
    "title": "Meeting-notes summariser",
    "pain_point": "Branch managers spend an hour a day writing up meetings.",
    "value_driver": "Time saved for branch managers.",
    "data_involved": "Internal meeting transcripts, no customer data.",
    "users": "Branch managers",
    "audience": "staff",
}


@pytest.fixture
def member(units, coe):
    user = UserFactory(username="member", first_name="Mei", last_name="Lin")
    grant(user, Role.CONTRIBUTOR, business_unit=units["retail"], by=coe)
    return user


@pytest.fixture
def outsider(units, coe):
    user = UserFactory(username="outsider")
    grant(user, Role.CONTRIBUTOR, business_unit=units["insurance"], by=coe)
    return user
