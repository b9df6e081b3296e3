"""Shared fixtures: the demo-like cast of users and a small organisation, built through the services."""

import pytest
from django.core.cache import cache
from django.db.backends.signals import connection_created
from django.utils import translation

from adoption.choices import Role
from tests.factories import BusinessUnitFactory, UserFactory, grant, make_initiative


def _allow_the_test_flush(sender, connection, **kwargs):
    """The audit tables refuse TRUNCATE; the suite's database flush between transactional tests says it may."""
    with connection.cursor() as cursor:
        cursor.execute("SET audit.allow_truncate = 'on'")


connection_created.connect(_allow_the_test_flush, dispatch_uid="tests-allow-audit-flush")


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings, tmp_path):
    """Each test keeps its audit checkpoints to itself: another test's heads are not this database's."""
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "audit-checkpoints")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a page's cached panels, throttles and memos are not another test's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_unless_a_test_asks():
    """Every test starts in English: a request in another language leaves that language active in the thread."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def coe(db):
    user = UserFactory(username="coe")
    grant(user, Role.COE_ADMIN)
    return user


@pytest.fixture
def units(db):
    """Two top-level units and a sub-unit of the first."""
    retail = BusinessUnitFactory(code="retail", name="Retail Banking")
    cards = BusinessUnitFactory(code="cards", name="Cards", parent=retail)
    insurance = BusinessUnitFactory(code="insurance", name="Insurance")
    return {"retail": retail, "cards": cards, "insurance": insurance}


@pytest.fixture
def owner(db):
    return UserFactory(username="owner")


@pytest.fixture
def sponsor(db):
    return UserFactory(username="sponsor")


@pytest.fixture
def initiative(coe, units, owner, sponsor):
    return make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor)
