"""Races on real, separate connections: initiative keys, evidence version numbers, and the staleness sweep."""

import datetime
import importlib
import threading

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from adoption.choices import CriterionStatus, Phase, Role
from adoption.models import EvidenceVersion, GateCriterion, Initiative, PhaseDefinition
from adoption.services.criteria import criteria_mark_stale
from adoption.services.evidence import evidence_add
from adoption.services.initiatives import initiative_create
from tests.factories import BusinessUnitFactory, UserFactory, grant, make_initiative
from tests.factories.adoption import criterion, move_to_phase

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.concurrency]


@pytest.fixture(autouse=True)
def defaults(transactional_db):
    """The data migration's rows: a transactional test before this one may have flushed them."""
    if not PhaseDefinition.objects.exists():
        importlib.import_module("adoption.migrations.0002_defaults").load_defaults(apps, None)


def run_together(*calls):
    """Run each call in its own thread (so its own connection), released at the same instant."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = ("ok", call())
        except Exception as exc:
            results[index] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_initiatives_created_at_the_same_instant_get_distinct_keys():
    coe = UserFactory(username="race-coe")
    grant(coe, Role.COE_ADMIN)
    unit = BusinessUnitFactory(code="race-unit")
    owners = [UserFactory(username=f"race-owner-{n}") for n in range(4)]

    results = run_together(
        *[
            lambda person=person: initiative_create(
                actor=coe, title=f"Race {person.username}", business_unit=unit, owner=person
            )
            for person in owners
        ]
    )
    assert [outcome for outcome, _ in results] == ["ok"] * 4
    keys = {initiative.key for _, initiative in results}
    numbers = {initiative.number for _, initiative in results}
    assert len(keys) == len(numbers) == 4
    assert keys == {f"AI-{n:04d}" for n in numbers}
    assert Initiative.objects.filter(business_unit=unit).count() == 4


def test_evidence_added_at_the_same_instant_gets_consecutive_versions():
    coe = UserFactory(username="ev-coe")
    grant(coe, Role.COE_ADMIN)
    owner = UserFactory(username="ev-owner")
    initiative = make_initiative(coe=coe, business_unit=BusinessUnitFactory(code="ev-unit"), owner=owner)
    target = criterion(initiative, "value_hypothesis")

    results = run_together(
        *[lambda n=n: evidence_add(actor=owner, criterion=target, kind="text", text=f"Evidence {n}") for n in range(3)]
    )
    assert [outcome for outcome, _ in results] == ["ok"] * 3
    assert sorted(EvidenceVersion.objects.filter(criterion=target).values_list("version", flat=True)) == [1, 2, 3]
    stored = GateCriterion.objects.get(pk=target.pk)
    assert stored.evidence_count == 3
    latest = EvidenceVersion.objects.get(criterion=target, version=3)
    assert stored.latest_evidence_sha256 == latest.sha256


def test_the_sweep_skips_a_criterion_someone_is_changing_and_the_next_sweep_takes_it():
    coe = UserFactory(username="sweep-coe")
    grant(coe, Role.COE_ADMIN)
    unit = BusinessUnitFactory(code="sweep-unit")
    criteria = []
    for n in range(2):
        item = make_initiative(coe=coe, business_unit=unit, owner=UserFactory(username=f"sweep-owner-{n}"))
        move_to_phase(item, Phase.VALIDATION)
        GateCriterion.objects.filter(initiative=item, code="automated_evaluation").update(
            status=CriterionStatus.MET, metric_value=1, evidence_date=timezone.localdate() - datetime.timedelta(200)
        )
        criteria.append(GateCriterion.objects.get(initiative=item, code="automated_evaluation"))
    busy, free = criteria

    locked = threading.Event()
    release = threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                GateCriterion.objects.select_for_update().get(pk=busy.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        assert criteria_mark_stale() == 1  # does not wait for the busy row
        assert GateCriterion.objects.get(pk=free.pk).status == CriterionStatus.STALE
        assert GateCriterion.objects.get(pk=busy.pk).status == CriterionStatus.MET
    finally:
        release.set()
        holder.join(timeout=10)
    assert criteria_mark_stale() == 1
    assert GateCriterion.objects.get(pk=busy.pk).status == CriterionStatus.STALE
