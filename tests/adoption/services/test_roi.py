"""roi_version_append, spend_record, realised_value_record: the append-only ledger and its audited figures."""

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from adoption.choices import Phase, Status
from adoption.models import Initiative, RealisedValueEntry, RoiVersion, SpendEntry
from adoption.services.roi import realised_value_record, roi_version_append, spend_record
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.adoption import contributor_for, move_to_phase, roi_values

D = Decimal
DAY = datetime.timedelta(days=1)


def test_versions_are_numbered_per_initiative_and_recorded_against_the_phase(initiative, owner, coe):
    first = roi_version_append(actor=owner, initiative=initiative, **roi_values())
    assert (first.version, first.phase, first.recorded_by) == (1, Phase.EXPLORATION, owner)
    move_to_phase(initiative, Phase.VALIDATION)
    second = roi_version_append(actor=coe, initiative=initiative, **roi_values(benefit_revenue=D("5000.50")))
    assert (second.version, second.phase) == (2, Phase.VALIDATION)
    first.refresh_from_db()
    assert first.benefit_revenue == D("0.00")  # the earlier estimate is untouched


def test_the_audit_event_carries_the_derived_figures(initiative, owner):
    version = roi_version_append(actor=owner, initiative=initiative, **roi_values())
    [event] = AuditEvent.objects.filter(initiative=initiative, verb="roi.version_appended")
    assert event.target_id == str(version.pk)
    figures = event.after["figures"]
    assert figures["annual_benefit"] == "250000.00"
    assert figures["annual_run_cost"] == "40000.00"
    assert figures["net_annual_value"] == "210000.00"
    assert figures["first_year_roi"] == "1.5000"
    assert figures["payback_months"] == "3.4"
    assert event.after["currency"] == "EUR"
    assert event.after["version"] == 1


def test_a_losing_estimate_has_no_payback_and_foreign_currency_is_converted(initiative, owner):
    roi_version_append(
        actor=owner,
        initiative=initiative,
        **roi_values(currency="USD", rate_to_reporting=D("0.92"), benefit_cash_saving=0, productivity_hours=0),
    )
    figures = AuditEvent.objects.get(initiative=initiative, verb="roi.version_appended").after["figures"]
    assert figures["net_annual_value"] == "-10000.00"  # 30000 − 40000
    assert figures["payback_months"] is None
    assert figures["reporting_net_annual_value"] == "-9200.00"
    assert figures["reporting_annual_benefit"] == "27600.00"


def test_the_database_refuses_to_change_a_version(initiative, owner):
    version = roi_version_append(actor=owner, initiative=initiative, **roi_values())
    with (
        pytest.raises(DatabaseError, match="Cannot update or delete"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE adoption_roiversion SET one_off_cost = 1 WHERE id = %s", [version.pk])
    version.refresh_from_db()
    assert version.one_off_cost == D("60000.00")


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"one_off_cost": D("-1")}, "one_off_cost"),
        ({"benefit_revenue": D("10.005")}, "benefit_revenue"),
        ({"run_cost_people": "lots"}, "run_cost_people"),
        ({"run_cost_model": D("Infinity")}, "run_cost_model"),
        ({"benefit_cash_saving": D("1e15")}, "benefit_cash_saving"),
        ({"productivity_hours": D("-5")}, "productivity_hours"),
        ({"currency": "eur"}, "currency"),
        ({"currency": "EURO"}, "currency"),
        ({"currency": "USD", "rate_to_reporting": D("0")}, "rate_to_reporting"),
        ({"currency": "USD", "rate_to_reporting": D("-0.9")}, "rate_to_reporting"),
        ({"rate_to_reporting": D("1.1")}, "rate_to_reporting"),  # EUR is the reporting currency
        ({"rate_date": timezone.localdate() + DAY}, "rate_date"),
        ({"rate_date": timezone.now()}, "rate_date"),
        ({"confidence": "certain"}, "confidence"),
        ({"assumptions": "a\x00b"}, "assumptions"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_written(initiative, owner, override, field):
    with pytest.raises(InvalidInput) as err:
        roi_version_append(actor=owner, initiative=initiative, **roi_values(**override))
    assert list(err.value.fields) == [field]
    assert not RoiVersion.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="roi.").exists()


def test_who_may_record_roi(initiative, sponsor):
    with pytest.raises(Forbidden):
        roi_version_append(actor=contributor_for(initiative), initiative=initiative, **roi_values())
    with pytest.raises(Forbidden):
        roi_version_append(actor=sponsor, initiative=initiative, **roi_values())
    with pytest.raises(NotFound):
        roi_version_append(actor=UserFactory(username="stranger"), initiative=initiative, **roi_values())
    assert not RoiVersion.objects.exists()


def test_a_stopped_initiative_has_a_closed_ledger(initiative, owner):
    Initiative.objects.filter(pk=initiative.pk).update(status=Status.STOPPED, stopped_at=timezone.now())
    with pytest.raises(Refused):
        roi_version_append(actor=owner, initiative=initiative, **roi_values())


def test_spend_is_recorded_with_its_reporting_amount(initiative, owner):
    today = timezone.localdate()
    entry = spend_record(
        actor=owner,
        initiative=initiative,
        period_start=today - 30 * DAY,
        period_end=today + DAY,  # a month still running
        category="model",
        amount=D("1250.40"),
        currency="USD",
        rate_to_reporting=D("0.9"),
        note="Tokens, March",
    )
    assert (entry.amount, entry.currency, entry.recorded_by) == (D("1250.40"), "USD", owner)
    event = AuditEvent.objects.get(initiative=initiative, verb="roi.spend_recorded")
    assert event.after["reporting_amount"] == "1125.36"


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"amount": D("0")}, "amount"),
        ({"amount": D("-10")}, "amount"),
        ({"category": "snacks"}, "category"),
        ({"period_end": datetime.date(2020, 1, 1)}, "period_end"),
        ({"period_start": datetime.date(2999, 1, 1), "period_end": datetime.date(2999, 2, 1)}, "period_start"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_bad_spend_is_refused(initiative, owner, override, field):
    values = {
        "period_start": datetime.date(2026, 1, 1),
        "period_end": datetime.date(2026, 1, 31),
        "category": "people",
        "amount": D("100"),
        "currency": "EUR",
        "rate_to_reporting": D("1"),
    }
    with pytest.raises(InvalidInput) as err:
        spend_record(actor=owner, initiative=initiative, **{**values, **override})
    assert field in err.value.fields
    assert not SpendEntry.objects.exists()


def test_realised_value_is_recorded_with_its_figures(initiative, coe):
    entry = realised_value_record(
        actor=coe,
        initiative=initiative,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        currency="USD",
        rate_to_reporting=D("0.5"),
        benefit_cash_saving=D("10000"),
        benefit_revenue=D("5000"),
        productivity_hours=D("100"),
        productivity_hourly_rate=D("50"),
        measured_cost=D("8000"),
    )
    assert entry.recorded_by == coe
    figures = AuditEvent.objects.get(initiative=initiative, verb="roi.realised_recorded").after["figures"]
    assert figures["measured_benefit"] == "20000.00"
    assert figures["net_value"] == "12000.00"
    assert figures["reporting_net_value"] == "6000.00"
    assert figures["days"] == 90


def test_realised_value_is_measured_over_a_period_that_has_ended(initiative, owner):
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as err:
        realised_value_record(
            actor=owner,
            initiative=initiative,
            period_start=today - DAY,
            period_end=today + DAY,
            currency="EUR",
            rate_to_reporting=1,
            benefit_cash_saving=100,
        )
    assert list(err.value.fields) == ["period_end"]
    assert not RealisedValueEntry.objects.exists()
