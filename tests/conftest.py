"""Shared fixtures: the demo-like cast of users and a small organisation, built through the services; the demo
portfolio as a database copied from a template; the split of the suite into `make test` and `make test-long`."""

import contextlib
import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache
from django.db import connections
from django.db.backends.signals import connection_created
from django.test import TransactionTestCase
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


# --- The demo portfolio, loaded once per session --------------------------------------------------------------------
# Loading the demo through the services takes thousands of queries; a test that needs it gets a copy of a database
# that holds it (CREATE DATABASE ... TEMPLATE, well under a second), which it may change at will and which is dropped
# after it. The test database itself is not written meanwhile, so a transactional test that worked only on its copy
# skips the flush (TRUNCATE of every table and the defaults written again) that would otherwise follow it.
_flush_after_transactional_test = TransactionTestCase._fixture_teardown
_unflushed = []


def _fixture_teardown(self):
    if _unflushed:
        _unflushed.clear()
        return
    _flush_after_transactional_test(self)


TransactionTestCase._fixture_teardown = _fixture_teardown


def _maintenance(statement: str, params: list | None = None) -> None:
    """Run a statement on the server's maintenance database (a database cannot be copied or dropped from inside)."""
    with connections["default"]._nodb_cursor() as cursor:
        cursor.execute(statement, params)


def _point_at(name: str) -> None:
    """Every connection of every thread made from now on opens ``name`` (the settings dict is shared)."""
    for connection in connections.all(initialized_only=True):
        connection.close()
    connections["default"].settings_dict["NAME"] = name


def _copy(source: str, target: str) -> None:
    """``target`` as a copy of ``source``; connections left open on the source (none should be) are ended first."""
    _maintenance(f'DROP DATABASE IF EXISTS "{target}"')
    try:
        _maintenance(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    except Exception:  # "source database is being accessed by other users": an idle connection a thread left behind
        _maintenance(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [source],
        )
        _maintenance(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


class DemoDatabases:
    """The demo template of this session (made on first use) and the copies handed to tests."""

    def __init__(self, test_database: str):
        self.test_database = test_database
        self.template = f"{test_database}_demo"
        self.numbers = itertools.count(1)
        self.made = False
        # Dropping a database makes the server checkpoint, which can take seconds on a busy server: the copies are
        # dropped one after another in the background while the next tests run.
        self.dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-demo-copy")
        self.dropping = []

    def _make_template(self) -> None:
        from demo.loader import load_demo_data

        _point_at(self.test_database)
        _copy(self.test_database, self.template)
        _point_at(self.template)
        try:
            with connections["default"].cursor() as cursor:
                # A fresh install numbers the demo AI-0001 to AI-0019; earlier tests drew numbers from the sequence.
                cursor.execute("ALTER SEQUENCE adoption_initiative_number_seq RESTART WITH 1")
            load_demo_data()
        finally:
            _point_at(self.test_database)
        self.made = True

    @contextlib.contextmanager
    def copy(self):
        """Point every connection at a fresh copy of the demo for the duration; drop the copy afterwards."""
        if not self.made:
            self._make_template()
        name = f"{self.template}_{next(self.numbers)}"
        _copy(self.template, name)
        _point_at(name)
        try:
            yield name
        finally:
            _point_at(self.test_database)
            self.dropping.append(self.dropper.submit(_maintenance, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    @staticmethod
    def nothing_to_flush() -> None:
        """Say so after a test's copy is gone: that test's own flush, which comes next, is not needed."""
        _unflushed.append(True)

    def drop(self) -> None:
        """At the end of the session: every copy and the template gone (a failed drop fails the session's end)."""
        self.dropper.shutdown(wait=True)
        for dropped in self.dropping:
            dropped.result()
        if self.made:
            _point_at(self.test_database)
            _maintenance(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


@pytest.fixture(scope="session")
def demo_databases(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        databases = DemoDatabases(connections["default"].settings_dict["NAME"])
        yield databases
        databases.drop()


@pytest.fixture(scope="module")
def demo_module(demo_databases, django_db_blocker):
    """The demo portfolio for a whole module (a copy of the template; what the module's tests commit stays)."""
    with django_db_blocker.unblock(), demo_databases.copy():
        yield
