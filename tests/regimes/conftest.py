"""The regimes' tests run against a small test catalogue (``tests/regimes/catalogue.py``), published as the only
enabled regimes, with the common questions patched to the test ones."""

import pytest

from adoption.choices import Role
from regimes.models import Regime, RegimeVersion
from tests.factories import UserFactory, grant
from tests.regimes import catalogue


@pytest.fixture
def test_catalogue(db, monkeypatch):
    monkeypatch.setattr("regimes.selectors.obligations.common_questions", lambda: list(catalogue.QUESTIONS))
    Regime.objects.update(enabled=False)
    made = {}
    for order, content in enumerate(catalogue.regimes()):
        regime = Regime.objects.create(code=content["code"], order=order)
        made[content["code"]] = RegimeVersion.objects.create(
            regime=regime, version=1, content=content, status="published"
        )
    return made


@pytest.fixture
def officer(db, units, coe):
    user = UserFactory(username="officer")
    grant(user, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    return user


@pytest.fixture
def lead(db, coe):
    """The compliance lead: a compliance officer for the whole organisation."""
    user = UserFactory(username="lead")
    grant(user, Role.COMPLIANCE_OFFICER, by=coe)
    return user


@pytest.fixture
def outsider(db, units, coe):
    """A compliance officer of another unit."""
    user = UserFactory(username="outsider")
    grant(user, Role.COMPLIANCE_OFFICER, business_unit=units["insurance"], by=coe)
    return user


EU_HIGH = {"deployed_in": ["eu"], "audience": ["customers"], "use_cases": ["creditworthiness"]}
TW_HIGH = {"deployed_in": ["taiwan"], "audience": ["customers"], "autonomy": "high"}
