"""The audit trail: per-initiative hash chains, the append-only trigger, tamper detection and concurrent appends."""

import datetime
import threading
import time
from io import StringIO
from unittest import mock

import pgtrigger
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.models import Initiative
from adoption.services.initiatives import business_unit_create, initiative_update
from governance.audit import (
    GENESIS,
    GLOBAL_CHAIN,
    AuditEntry,
    audit_record,
    audit_record_many,
    event_hash,
    hash_of,
    verify_chains,
)
from governance.context import request_id_var
from governance.management.commands.verify_audit_chain import Command as VerifyCommand
from governance.models import AuditChainHead, AuditEvent
from tests.factories import BusinessUnitFactory, UserFactory, make_initiative

APPEND_ONLY = "governance.AuditEvent:audit_append_only"


def _chain(initiative) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(chain=f"initiative:{initiative.pk}").order_by("seq"))


def _tamper(sql: str, params=()) -> None:
    """Change the table as someone with database access could, with the append-only trigger out of the way."""
    with pgtrigger.ignore(APPEND_ONLY), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def history(coe, initiative):
    """An initiative with a few events of its own, and a second initiative with its own chain."""
    initiative_update(actor=coe, initiative=initiative, title="Contract summariser v2")
    initiative_update(actor=coe, initiative=initiative, kpi="Minutes per contract")
    other = make_initiative(coe=coe, business_unit=initiative.business_unit, owner=UserFactory(), title="Other")
    return initiative, other


def _chain_count() -> int:
    return AuditEvent.objects.values("chain").distinct().count()


# --- Chaining -------------------------------------------------------------------------------------------------


def test_each_initiative_has_its_own_chain_linked_by_hash(history):
    initiative, other = history
    events = _chain(initiative)

    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert [e.verb for e in events] == [
        "initiative.created",
        "role.granted",
        "role.granted",
        "initiative.updated",
        "initiative.updated",
    ]
    assert {e.initiative_id for e in events} == {initiative.pk}
    assert events[0].prev_hash == GENESIS
    assert [e.prev_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    head = AuditChainHead.objects.get(chain=f"initiative:{initiative.pk}")
    assert (head.seq, head.hash) == (events[-1].seq, events[-1].hash)
    # The other initiative starts its own chain at 1 instead of continuing this one.
    assert [e.seq for e in _chain(other)] == [1, 2]
    assert _chain(other)[0].prev_hash == GENESIS


def test_events_without_an_initiative_go_to_the_global_chain(coe):
    unit = business_unit_create(actor=coe, code="legal", name="Legal")

    event = AuditEvent.objects.get(verb="business_unit.created", target_id=str(unit.pk))
    assert event.chain == GLOBAL_CHAIN
    assert event.initiative is None
    previous = AuditEvent.objects.get(chain=GLOBAL_CHAIN, seq=event.seq - 1)
    assert event.prev_hash == previous.hash
    assert AuditChainHead.objects.get(chain=GLOBAL_CHAIN).seq == event.seq


def test_a_batch_of_events_extends_each_chain_in_order_in_three_queries(history, coe):
    initiative, other = history
    unit = initiative.business_unit
    heads_before = {h.chain: h.seq for h in AuditChainHead.objects.all()}
    entries = [
        AuditEntry(initiative, initiative_id=initiative.pk, after={"n": 1}),
        AuditEntry(unit, after={"n": 2}),  # no initiative: the global chain
        AuditEntry(other, initiative_id=other.pk, after={"n": 3}),
        AuditEntry(initiative, initiative_id=initiative.pk, before={"n": 1}, after={"n": 4}),
    ]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        events = audit_record_many(actor=coe, verb="test.batch", entries=entries)
    assert len(queries) == 3

    assert [e.after["n"] for e in events] == [1, 2, 3, 4]
    first, unit_event, other_event, last = events
    chain = f"initiative:{initiative.pk}"
    assert (first.chain, first.seq, last.seq) == (chain, heads_before[chain] + 1, heads_before[chain] + 2)
    assert last.prev_hash == first.hash
    assert unit_event.chain == GLOBAL_CHAIN
    assert unit_event.seq == heads_before[GLOBAL_CHAIN] + 1
    assert other_event.seq == heads_before[f"initiative:{other.pk}"] + 1
    head = AuditChainHead.objects.get(chain=chain)
    assert (head.seq, head.hash) == (last.seq, last.hash)
    # A single event after the batch continues the chain, and every chain still verifies.
    with transaction.atomic():
        after = audit_record(actor=coe, verb="test.single", target=initiative, initiative=initiative)
    assert (after.seq, after.prev_hash) == (last.seq + 1, last.hash)
    assert verify_chains() == (AuditEvent.objects.count(), None)


def test_a_batch_starts_a_new_chain_at_genesis(units):
    assert not AuditChainHead.objects.exists()
    with transaction.atomic():
        first, second = audit_record_many(
            actor=None, verb="test.batch", entries=[AuditEntry(units["retail"]), AuditEntry(units["cards"])]
        )
    assert (first.chain, first.seq, first.prev_hash) == (GLOBAL_CHAIN, 1, GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert (first.actor_repr, first.actor_id) == ("system", None)
    assert AuditChainHead.objects.get(chain=GLOBAL_CHAIN).hash == second.hash
    assert verify_chains() == (AuditEvent.objects.count(), None)


def test_the_hash_covers_what_a_reader_is_shown(history):
    event = _chain(history[0])[3]
    assert hash_of(event) == event.hash
    # Change any column a reader is shown and the hash no longer matches.
    changed = {
        "chain": "initiative:0",
        "seq": event.seq + 1,
        "prev_hash": GENESIS,
        "actor_id": None,
        "actor_repr": "someone else",
        "verb": "initiative.deleted",
        "target_type": "adoption.phase",
        "target_id": "0",
        "target_repr": "another",
        "initiative_id": None,
        "before": {"title": "x"},
        "after": {"title": "y"},
        "request_id": "forged",
        "at": event.at + datetime.timedelta(seconds=1),
    }
    for name, value in changed.items():
        forged = AuditEvent(**{**{f: getattr(event, f) for f in changed}, name: value})
        assert hash_of(forged) != event.hash, name
    assert event.after == {"title": "Contract summariser v2", "version": 2}


def test_a_normal_history_verifies(history):
    assert verify_chains() == (AuditEvent.objects.count(), None)
    assert verify_chains(batch_size=2) == (AuditEvent.objects.count(), None)


def test_the_command_prints_ok_with_the_counts(history):
    out = _run_command()
    counts = f"{AuditEvent.objects.count()} events in {_chain_count()} chains"
    assert out == f"OK: {counts} verified, no checkpoint found to compare with\n"
    assert _chain_count() == 3  # global, and one per initiative


def test_values_postgresql_rewrites_still_verify(coe, initiative):
    # jsonb prints 1e20 as 100000000000000000000 and reorders keys; the recorded hash must survive that.
    with transaction.atomic():
        audit_record(
            actor=coe,
            verb="test.numbers",
            target=initiative,
            initiative=initiative,
            after={"z": 1e20, "a": 0.1, "tiny": 1e-7, "text": "專案 資料", "nested": {"b": [1, 2.5], "a": None}},
        )
    assert verify_chains() == (AuditEvent.objects.count(), None)


def test_audit_events_carry_the_request_id(coe, initiative):
    token = request_id_var.set("req-7f3a9c")
    try:
        initiative_update(actor=coe, initiative=initiative, title="Renamed in a request")
    finally:
        request_id_var.reset(token)
    initiative_update(actor=coe, initiative=initiative, title="Renamed by a task")

    assert list(
        AuditEvent.objects.filter(initiative=initiative, verb="initiative.updated")
        .order_by("seq")
        .values_list("request_id", flat=True)
    ) == ["req-7f3a9c", ""]
    assert verify_chains()[1] is None


# --- The database refuses edits ---------------------------------------------------------------------------------


def test_the_database_refuses_update_and_delete(history):
    event = _chain(history[0])[1]
    statements = [
        ("UPDATE governance_auditevent SET verb = 'forged' WHERE id = %s", [event.pk]),
        ("DELETE FROM governance_auditevent WHERE id = %s", [event.pk]),
    ]
    for sql, params in statements:
        with (
            pytest.raises(DatabaseError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(after={"forged": True})
    with pytest.raises(DatabaseError, match="Cannot update or delete"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.verb, stored.after, stored.hash) == (event.verb, event.after, event.hash)
    assert verify_chains()[1] is None


# --- Tampering is detected -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value_sql"),
    [
        ("after", """'{"title": "Forged title", "version": 2}'::jsonb"""),
        ("before", """'{}'::jsonb"""),
        ("verb", "'initiative.viewed'"),
        ("actor_repr", "'somebody-else'"),
        ("target_repr", "'AI-9999 Something else'"),
        ("request_id", "'req-forged'"),
        ("at", "at - interval '3 days'"),
        ("actor_id", "NULL"),
    ],
)
def test_an_edited_event_is_reported_with_its_chain_and_seq(history, column, value_sql):
    event = _chain(history[0])[3]
    _tamper(f"UPDATE governance_auditevent SET {column} = {value_sql} WHERE id = %s", [event.pk])  # noqa: S608

    _checked, broken = verify_chains()

    assert (broken.chain, broken.seq, broken.event_id) == (event.chain, 4, event.pk)
    assert broken.problem == "content does not match its hash"
    message = _command_failure()
    assert f"chain {event.chain}, seq 4, event {event.pk}" in message


def test_moving_an_event_to_another_initiative_is_detected(history):
    initiative, other = history
    event = _chain(initiative)[3]
    _tamper("UPDATE governance_auditevent SET initiative_id = %s WHERE id = %s", [other.pk, event.pk])

    _checked, broken = verify_chains()

    assert (broken.chain, broken.seq, broken.event_id) == (event.chain, 4, event.pk)


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(history):
    events = _chain(history[0])
    forged = events[2]
    after = {"user": 1, "role": "coe_admin", "scope": "global", "source": "manual"}
    digest = event_hash(
        chain=forged.chain,
        seq=forged.seq,
        prev_hash=forged.prev_hash,
        actor_id=forged.actor_id,
        actor_repr=forged.actor_repr,
        verb=forged.verb,
        target_type=forged.target_type,
        target_id=forged.target_id,
        target_repr=forged.target_repr,
        initiative_id=forged.initiative_id,
        before=forged.before,
        after=after,
        request_id=forged.request_id,
        at=forged.at,
    )
    _tamper(
        "UPDATE governance_auditevent SET after = %s::jsonb, hash = %s WHERE id = %s",
        ['{"user": 1, "role": "coe_admin", "scope": "global", "source": "manual"}', digest, forged.pk],
    )

    _checked, broken = verify_chains()

    assert (broken.chain, broken.seq, broken.event_id) == (forged.chain, 4, events[3].pk)
    assert broken.problem == "link to the previous event broken"


def test_deleting_the_last_event_of_a_chain_is_detected(history):
    events = _chain(history[0])
    _tamper("DELETE FROM governance_auditevent WHERE id = %s", [events[-1].pk])

    checked, broken = verify_chains()

    assert (broken.chain, broken.seq, broken.event_id) == (events[-1].chain, 5, None)
    assert broken.problem == "events after the last one found are missing"
    assert checked == AuditEvent.objects.count()
    assert "seq 5" in _command_failure()


def test_deleting_a_middle_event_is_detected(history):
    events = _chain(history[0])
    _tamper("DELETE FROM governance_auditevent WHERE id = %s", [events[2].pk])

    _checked, broken = verify_chains()

    assert (broken.chain, broken.seq) == (events[2].chain, 3)
    assert broken.problem == "missing event (deleted?)"


def test_deleting_a_whole_chain_is_detected_by_its_head(history):
    initiative = history[0]
    _tamper("DELETE FROM governance_auditevent WHERE chain = %s", [f"initiative:{initiative.pk}"])

    _checked, broken = verify_chains()

    assert (broken.chain, broken.seq) == (f"initiative:{initiative.pk}", 1)


def test_a_missing_chain_head_is_detected(history):
    initiative = history[0]
    # PostgreSQL refuses deleting a head; the owner, who can switch the trigger off, still could.
    with pytest.raises(ProgrammingError, match="Cannot delete rows"), transaction.atomic():
        AuditChainHead.objects.filter(chain=f"initiative:{initiative.pk}").delete()
    with pgtrigger.ignore("governance.AuditChainHead:audit_head_no_delete"):
        AuditChainHead.objects.filter(chain=f"initiative:{initiative.pk}").delete()

    _checked, broken = verify_chains()

    assert (broken.chain, broken.seq) == (f"initiative:{initiative.pk}", 5)
    assert broken.problem == "the chain's head record is missing"


def test_the_command_line_exits_with_status_1_on_a_break(history):
    event = _chain(history[0])[0]
    _tamper("UPDATE governance_auditevent SET verb = 'forged' WHERE id = %s", [event.pk])

    # run_from_argv is what ``manage.py`` calls; it closes connections when done, which would end this test's
    # transaction, so that one step is skipped here.
    with mock.patch("django.core.management.base.connections.close_all"), pytest.raises(SystemExit) as exit_info:
        VerifyCommand().run_from_argv(["manage.py", "verify_audit_chain"])

    assert exit_info.value.code == 1


# --- Concurrency (real connections, committed data) -------------------------------------------------------------


def _bare_initiative() -> Initiative:
    """An initiative written directly, so that no audit event exists yet and no service or default is needed."""
    now = timezone.now()
    number = 9000 + Initiative.objects.count()
    return Initiative.objects.create(
        number=number,
        key=f"AI-{number}",
        title="Race track",
        business_unit=BusinessUnitFactory(),
        owner=UserFactory(),
        phase_entered_at=now,
        planned_phase_end=now + datetime.timedelta(days=60),
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_two_writers_on_one_chain_get_consecutive_links():
    initiative = _bare_initiative()
    rounds = 8
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(name: str) -> None:
        try:
            for n in range(rounds):
                with transaction.atomic():
                    connection.ensure_connection()
                    barrier.wait(timeout=10)
                    audit_record(
                        actor=None,
                        verb="test.appended",
                        target=initiative,
                        initiative=initiative,
                        after={"writer": name, "n": n},
                    )
                    # Hold the chain's head lock a moment so that the other writer is certainly waiting on it.
                    time.sleep(0.02)
        except BaseException as error:
            errors.append(error)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    events = _chain(initiative)
    assert [e.seq for e in events] == list(range(1, 2 * rounds + 1))
    for name in ("a", "b"):
        assert [e.after["n"] for e in events if e.after["writer"] == name] == list(range(rounds))
    assert AuditChainHead.objects.get(chain=f"initiative:{initiative.pk}").seq == 2 * rounds
    assert verify_chains() == (2 * rounds, None)


@pytest.mark.django_db(transaction=True)
@pytest.mark.concurrency
def test_events_appended_while_verifying_are_not_taken_for_tampering():
    initiative = _bare_initiative()
    with transaction.atomic():
        audit_record(actor=None, verb="test.appended", target=initiative, initiative=initiative)
    appended = threading.Event()

    def append_from_another_connection() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=None, verb="test.appended", target=initiative, initiative=initiative)
        finally:
            connection.close()

    def append_before_events_are_read(execute, sql, params, many, context):
        # The heads have been read by now; another writer commits before the events are.
        if 'FROM "governance_auditevent"' in sql and not appended.is_set():
            appended.set()
            thread = threading.Thread(target=append_from_another_connection)
            thread.start()
            thread.join(timeout=30)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(append_before_events_are_read):
        checked, broken = verify_chains()

    assert appended.is_set()
    assert AuditEvent.objects.filter(initiative=initiative).count() == 2
    assert (checked, broken) == (1, None)
    assert verify_chains() == (2, None)


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    initiative = _bare_initiative()
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(actor=None, verb="test.appended", target=initiative, initiative=initiative)
    assert not AuditEvent.objects.exists()


# --- helpers for the command ------------------------------------------------------------------------------------


def _run_command() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def _command_failure() -> str:
    with pytest.raises(CommandError) as err:
        call_command("verify_audit_chain")
    assert err.value.returncode == 1
    return str(err.value)
