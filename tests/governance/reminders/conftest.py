"""Fixtures for the reminder tests: a cast with signers, and the Celery app on a broker queue of each test's own."""

from __future__ import annotations

import contextlib
import time
import uuid

import kombu.pools
import pytest
from celery import current_app

from adoption.choices import Role
from tests.factories import UserFactory, grant, signers_for

BROKER_STATE = (
    "broker_read_url",
    "broker_write_url",
    "broker_transport_options",
    "task_default_queue",
    "worker_hijack_root_logger",
)


def _reset_connections(app) -> None:
    """Forget pooled broker connections and cached queue declarations, so changed settings take effect."""
    # kombu keeps connection and producer pools per broker URL, process-wide; close and forget all of them.
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None
    for cached in ("queues", "default_queue", "router", "default_exchange"):
        app.amqp.__dict__.pop(cached, None)


@contextlib.contextmanager
def broker_at(url: str, *, transport_options: dict | None = None):
    """Point the project's Celery app at ``url`` for the duration (e.g. an unused port: the broker is down)."""
    app = current_app
    saved = {name: app.conf.get(name) for name in BROKER_STATE}
    # Celery prefers the CELERY_BROKER_URL environment variable to broker_url; the read/write URLs come first.
    app.conf.broker_read_url = app.conf.broker_write_url = url
    app.conf.broker_transport_options = transport_options or {}
    _reset_connections(app)
    try:
        yield app
    finally:
        for name, value in saved.items():
            app.conf[name] = value
        _reset_connections(app)


@pytest.fixture(autouse=True)
def test_queue(tmp_path):
    """Every message these tests publish goes to a queue only they use: the configured broker (CELERY_BROKER_URL,
    Redis in CI) is shared with other runs and with a developer's `make run` worker, which must not see them.
    Without a configured broker, the filesystem transport works in this test's temporary directory."""
    app = current_app
    saved = {name: app.conf.get(name) for name in BROKER_STATE}
    queue = f"test-reminders-{uuid.uuid4().hex[:10]}"
    app.conf.task_default_queue = queue
    # The embedded worker must not take over the root logger pytest reports through.
    app.conf.worker_hijack_root_logger = False
    if app.conf.broker_url.startswith("filesystem://"):
        folders = {name: tmp_path / "broker" / name for name in ("queue", "processed", "control")}
        for folder in folders.values():
            folder.mkdir(parents=True)
        app.conf.broker_transport_options = {
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]),
            "control_folder": str(folders["control"]),
            "store_processed": False,
            # Poll often: these tests wait for the worker, and the default is a second.
            "polling_interval": 0.05,
        }
    _reset_connections(app)
    yield queue
    if not app.conf.broker_url.startswith("filesystem://"):
        # Declared again first: the channel deletes only the bindings it knows about, and this one is new.
        declared = app.amqp.queues[queue]
        with contextlib.suppress(Exception), app.connection_for_write() as connection:
            bound = declared(connection.default_channel)
            bound.declare()
            bound.delete()
    for name, value in saved.items():
        app.conf[name] = value
    _reset_connections(app)


def wait_until(condition, *, timeout: float = 20.0, interval: float = 0.05):
    """Poll ``condition`` until it returns something truthy (short sleeps; the whole wait is bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def cast(coe, units, owner, sponsor, initiative):
    """The conftest initiative in Retail Banking, its owner and sponsor, the CoE, one signer per role in the unit,
    a global compliance officer (the compliance lead) and an executive."""
    signers = signers_for(units["retail"], coe=coe)
    lead = UserFactory(username="lead")
    grant(lead, Role.COMPLIANCE_OFFICER, by=coe)
    executive = UserFactory(username="executive")
    grant(executive, Role.EXECUTIVE, by=coe)
    return {
        "coe": coe,
        "owner": owner,
        "sponsor": sponsor,
        "initiative": initiative,
        "signers": signers,
        "lead": lead,
        "executive": executive,
        "units": units,
    }
