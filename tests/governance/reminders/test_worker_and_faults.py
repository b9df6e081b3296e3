"""A real Celery worker on the configured broker (Redis in CI, else the filesystem transport), and the faults the
reminders must survive: the broker down while a sign-off is recorded, a send delivered twice after a lost worker,
and two sweeps at the same time. Each is bounded in time and talks to loopback only."""

from __future__ import annotations

import datetime
import socket
import threading
import time

import pytest
from celery import current_app
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connection, transaction
from django.utils import timezone

from governance.actions import lock_initiative
from governance.choices import Decision
from governance.models import HandledEvent, Notification, NotificationStatus, SignOff
from governance.services.delivery import SEND_GROUP_TASK, SEND_TASK
from governance.services.outbox import notifications_from_events
from governance.services.reminders import RESULTS, gate_reviews_sweep, phase_time_boxes_sweep, sweeps_run_all
from governance.services.reviews import gate_review_request, signoff_record
from governance.tasks import resend_notifications, sweep_phase_time_boxes
from tests.factories import UserFactory, make_initiative, satisfy_gate

from .conftest import broker_at, wait_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture
def worker(test_queue, monkeypatch):
    """An embedded worker (one thread, solo pool) consuming this test's queue on the configured broker."""
    monkeypatch.setenv("CELERY_SKIP_CHECKS", "1")  # the system checks already ran for this test session
    app = current_app._get_current_object()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20) as embedded:
        yield embedded


@pytest.fixture
def finished_sends():
    """How many send tasks the worker has finished, to wait for (results are not stored: ignore_result)."""
    done: list[str] = []

    def count(sender=None, **kwargs):
        if sender is not None and sender.name in (SEND_TASK, SEND_GROUP_TASK):
            done.append(kwargs.get("task_id"))

    task_postrun.connect(count, weak=False)
    yield done
    task_postrun.disconnect(count)


def unused_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_sweep_sent_through_the_broker_creates_the_reminders_and_the_emails(cast, worker, mailoutbox):
    initiative = cast["initiative"]
    late = initiative.planned_phase_end + datetime.timedelta(days=1)

    sweep_phase_time_boxes.apply_async(kwargs={"at": late.isoformat()})

    wait_until(lambda: Notification.objects.filter(status=NotificationStatus.SENT).count() == 2)
    wait_until(lambda: len(mailoutbox) == 2)
    assert sorted(email.to[0] for email in mailoutbox) == sorted([cast["owner"].email, cast["coe"].email])
    assert all(email.subject.startswith(f"{initiative.key} is overdue") for email in mailoutbox)
    assert all(n.emailed_at is not None for n in Notification.objects.all())


def test_broker_down_while_a_signoff_is_recorded_then_the_next_sweep_sends_it(cast, mailoutbox, caplog):
    satisfy_gate(cast["initiative"])
    review = gate_review_request(actor=cast["owner"], initiative=cast["initiative"])
    started = time.monotonic()
    with broker_at(f"redis://127.0.0.1:{unused_port()}/0"):
        signoff_record(actor=cast["sponsor"], review=review, slot_key="business_sponsor", decision=Decision.APPROVE)
        # The outbox sweep runs while the broker is still down: the notifications commit, their emails cannot be
        # queued, and nothing fails for that.
        created = notifications_from_events()
    assert time.monotonic() - started < 15
    assert SignOff.objects.filter(review=review, signer=cast["sponsor"]).exists()
    note = Notification.objects.get(kind="signoff_recorded")
    assert note.recipient == cast["owner"]
    assert note.status == NotificationStatus.PENDING
    assert created == Notification.objects.filter(status=NotificationStatus.PENDING).count() == 5
    assert mailoutbox == []
    assert "Broker unreachable" in caplog.text

    # The broker is back: the next resend sweep, sent through it to a worker, emails each one once.
    app = current_app._get_current_object()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
        later = timezone.now() + datetime.timedelta(minutes=6)
        resend_notifications.apply_async(kwargs={"at": later.isoformat()})
        wait_until(lambda: not Notification.objects.exclude(status=NotificationStatus.SENT).exists())
    assert len(mailoutbox) == 5
    assert [e.to[0] for e in mailoutbox].count(cast["owner"].email) == 1
    assert any("approved the Business sponsor slot" in e.subject for e in mailoutbox)


def test_a_send_delivered_twice_after_a_lost_worker_emails_once(cast, worker, finished_sends, mailoutbox):
    initiative = cast["initiative"]
    # The sweep queues the emails it made when it commits (owner and CoE, one message) ...
    phase_time_boxes_sweep(now=initiative.planned_phase_end + datetime.timedelta(days=1))
    owner_note = Notification.objects.get(recipient=cast["owner"])
    # ... and the owner's arrives a second time, as acks_late redelivers it when a worker dies before acking.
    current_app.send_task(SEND_TASK, args=[owner_note.pk])

    wait_until(lambda: len(finished_sends) == 2)
    assert len(mailoutbox) == 2
    owner_note.refresh_from_db()
    assert (owner_note.status, owner_note.attempts) == (NotificationStatus.SENT, 1)


def run_together(*calls):
    """Run each call in its own thread (and so its own database connection), released at the same instant."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as exc:
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def portfolio(cast):
    """Six initiatives past their phase end (each with its own owner) and an open gate review on one of them."""
    initiatives = [cast["initiative"]] + [
        make_initiative(
            coe=cast["coe"],
            business_unit=cast["units"]["retail"],
            owner=UserFactory(username=f"owner-{n}"),
            sponsor=cast["sponsor"],
        )
        for n in range(5)
    ]
    satisfy_gate(initiatives[0])
    gate_review_request(actor=cast["owner"], initiative=initiatives[0])
    return initiatives


def test_two_sweeps_at_the_same_time_create_each_reminder_once(portfolio):
    late = max(i.planned_phase_end for i in portfolio) + datetime.timedelta(days=20)

    results = run_together(
        lambda: phase_time_boxes_sweep(now=late, batch_size=2),
        lambda: phase_time_boxes_sweep(now=late, batch_size=2),
    )

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    # owner, CoE and sponsor of each of six initiatives, whichever worker made them
    assert sum(count for _, count in results) == Notification.objects.count() == 18
    assert phase_time_boxes_sweep(now=late) == 0


def test_two_full_runs_at_the_same_time_duplicate_nothing(portfolio):
    late = max(i.planned_phase_end for i in portfolio) + datetime.timedelta(days=20)

    results = run_together(lambda: sweeps_run_all(now=late), lambda: sweeps_run_all(now=late))

    assert [kind for kind, _ in results] == ["ok", "ok"], results
    notifying = [label for label, notifies in RESULTS if notifies]
    made = sum(result[label] for _, result in results for label in notifying)
    assert made == Notification.objects.count() > 18
    assert HandledEvent.objects.filter(event__verb="gate_review.requested").count() == 1
    again = sweeps_run_all(now=late)
    assert sum(again[label] for label in notifying) == 0


def test_a_sweep_skips_a_review_whose_initiative_a_signoff_holds(cast):
    """A sign-off locks the initiative, then its review. A sweep that took the review first and then waited for the
    initiative (its notification's foreign key) deadlocked with it under load; the sweep now locks both in the one
    statement that skips what others hold, and the next sweep finds the review."""
    satisfy_gate(cast["initiative"])
    review = gate_review_request(actor=cast["owner"], initiative=cast["initiative"])
    held, release = threading.Event(), threading.Event()

    def signoff_holding_the_initiative():
        try:
            with transaction.atomic():
                lock_initiative(review.initiative_id)
                held.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=signoff_holding_the_initiative)
    thread.start()
    try:
        assert held.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")  # the sweep used to wait here for the initiative
        assert gate_reviews_sweep(now=review.requested_at + datetime.timedelta(days=3)) == 0
    finally:
        release.set()
        thread.join(timeout=15)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
    assert gate_reviews_sweep(now=review.requested_at + datetime.timedelta(days=3)) == 5
