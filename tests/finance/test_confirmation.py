"""Finance-confirmed value: who may confirm, hours that never silently become money, adjustments with a comment,
and the figures side by side (finance.rules, finance.services, finance.selectors)."""

import datetime
import json
from decimal import Decimal as D

import pytest
from django.db import DatabaseError, transaction
from django.utils import timezone

from adoption.choices import Role
from adoption.services.roi import realised_value_record
from core.exceptions import Forbidden, InvalidInput, NotFound
from finance.models import ValueConfirmation
from finance.selectors import board_pack_value, unconfirmed_claims, value_side_by_side
from finance.services import value_confirm
from governance.models import AuditEvent
from tests.factories import UserFactory, grant, make_initiative

JAN = (datetime.date(2026, 1, 1), datetime.date(2026, 1, 31))


@pytest.fixture
def controller(coe, units):
    person = UserFactory(username="controller")
    grant(person, Role.FINANCE_CONTROLLER, business_unit=units["retail"], by=coe)
    return person


def claim(initiative, actor, *, hours="100", redeployed_to="", period=JAN, cash="10000"):
    return realised_value_record(
        actor=actor,
        initiative=initiative,
        period_start=period[0],
        period_end=period[1],
        currency="USD",
        rate_to_reporting=D("0.5"),
        benefit_cash_saving=D(cash),
        productivity_hours=D(hours),
        productivity_hourly_rate=D("50"),
        redeployed_to=redeployed_to,
    )


def test_hours_without_a_redeployment_never_become_money(initiative, owner, controller):
    entry = claim(initiative, owner)
    # Claimed: (10,000 + 100 h × 50) × 0.5 = 7,500 in the reporting currency.
    assert entry.reporting_measured_benefit == D("7500.00")
    confirmation = value_confirm(actor=controller, entry=entry, status="confirmed", hourly_rate=D("40"))
    assert confirmation.hours == D("0")
    assert confirmation.reporting_confirmed_benefit == D("5000.00")
    event = AuditEvent.objects.get(verb="value.confirmed")
    assert event.after["hours_left_out"] == "100.00"
    # Adjusting them in is refused too, with the reason.
    with pytest.raises(InvalidInput) as error:
        value_confirm(
            actor=controller,
            entry=entry,
            status="adjusted",
            cash_saving=D("10000"),
            hours=D("100"),
            hourly_rate=D("40"),
            comment="Add the hours.",
        )
    assert "names where the saved time went" in error.value.fields["hours"][0]
    assert ValueConfirmation.objects.count() == 1


def test_redeployed_hours_count_at_finances_rate_only(initiative, owner, controller):
    entry = claim(initiative, owner, redeployed_to="Backlog of KYC refreshes cleared by the same team")
    with pytest.raises(InvalidInput) as error:
        value_confirm(actor=controller, entry=entry, status="confirmed")
    assert "value of an hour" in error.value.fields["hourly_rate"][0]
    confirmation = value_confirm(actor=controller, entry=entry, status="confirmed", hourly_rate=D("40"))
    # (10,000 + 100 h × 40, finance's rate) × 0.5 = 7,000, not the owner's 7,500.
    assert confirmation.reporting_confirmed_benefit == D("7000.00")


def test_an_adjustment_needs_a_comment_and_the_newest_decision_counts(initiative, owner, controller):
    entry = claim(initiative, owner, hours="0")
    value_confirm(actor=controller, entry=entry, status="confirmed")
    with pytest.raises(InvalidInput) as error:
        value_confirm(actor=controller, entry=entry, status="adjusted", cash_saving=D("6000"))
    assert list(error.value.fields) == ["comment"]
    value_confirm(
        actor=controller, entry=entry, status="adjusted", cash_saving=D("6000"), comment="Net of the vendor credit."
    )
    figures = value_side_by_side(user=controller, today=datetime.date(2026, 3, 1))
    assert figures["total"]["claimed"] == D("5000.00")
    assert figures["total"]["confirmed"] == D("3000.00")
    assert [e.verb for e in AuditEvent.objects.filter(verb__startswith="value.").order_by("pk")] == [
        "value.confirmed",
        "value.adjusted",
    ]
    # Append-only: the database refuses a change.
    with pytest.raises(DatabaseError), transaction.atomic():
        ValueConfirmation.objects.update(comment="rewritten")


def test_who_may_confirm(initiative, owner, controller, coe, units):
    entry = claim(initiative, owner)
    with pytest.raises(Forbidden, match="finance controller"):
        value_confirm(actor=coe, entry=entry, status="confirmed")
    # A finance controller who owns the initiative does not confirm its value.
    grant(owner, Role.FINANCE_CONTROLLER, business_unit=units["retail"], by=coe)
    with pytest.raises(Forbidden, match="You own"):
        value_confirm(actor=owner, entry=entry, status="confirmed")
    # Nor one who recorded the claim.
    grant(coe, Role.FINANCE_CONTROLLER, business_unit=units["retail"])
    other = claim(initiative, coe, hours="0", period=(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)))
    with pytest.raises(Forbidden, match="You recorded"):
        value_confirm(actor=coe, entry=other, status="confirmed")
    # A controller of another unit does not even see it.
    away = UserFactory(username="away")
    grant(away, Role.FINANCE_CONTROLLER, business_unit=units["insurance"], by=coe)
    with pytest.raises(NotFound):
        value_confirm(actor=away, entry=entry, status="confirmed")
    assert not ValueConfirmation.objects.exists()


def test_claims_older_than_a_quarter_nobody_confirmed_are_flagged(initiative, owner, controller):
    old = claim(initiative, owner, hours="0")
    recent = claim(initiative, owner, hours="0", period=(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)))
    today = datetime.date(2026, 5, 15)  # January ended 104 days before; April 15.
    assert list(unconfirmed_claims(user=controller, today=today)) == [old]
    assert value_side_by_side(user=controller, today=today)["total"]["unconfirmed_old"] == 1
    value_confirm(actor=controller, entry=old, status="confirmed")
    assert list(unconfirmed_claims(user=controller, today=today)) == []
    assert recent.pk not in [e.pk for e in unconfirmed_claims(user=controller, today=today)]


def test_figures_by_unit_are_scoped_and_the_board_pack_is_plain_json(initiative, owner, controller, coe, units):
    from adoption.services.roi import roi_version_append

    roi_version_append(
        actor=owner,
        initiative=initiative,
        currency="EUR",
        rate_to_reporting=D("1"),
        rate_date=JAN[0],
        confidence="medium",
        benefit_cash_saving=D("120000"),
    )
    away = make_initiative(coe=coe, business_unit=units["insurance"], owner=owner, title="Elsewhere")
    claim(away, owner, hours="0", cash="2000")
    value_confirm(actor=controller, entry=claim(initiative, owner, hours="0"), status="confirmed")
    mine = value_side_by_side(user=controller, today=datetime.date(2026, 3, 1))
    assert [(row["code"], row["hypothesised"], row["claimed"], row["confirmed"]) for row in mine["by_unit"]] == [
        ("retail", D("120000.00"), D("5000.00"), D("5000.00"))
    ]
    today = timezone.localdate()
    pack = board_pack_value(today)
    # January's insurance claim, unconfirmed, is older than a quarter by now.
    assert pack["total"] == {
        "hypothesised": "120000.00",
        "claimed": "6000.00",
        "confirmed": "5000.00",
        "unconfirmed_old": 1 if today > datetime.date(2026, 5, 1) else 0,
    }
    assert [row["code"] for row in pack["by_unit"]] == ["insurance", "retail"]
    assert pack["as_of"] == today.isoformat()
    assert json.loads(json.dumps(pack)) == pack
    # A pack as of a day before anything was recorded holds nothing of it.
    assert board_pack_value(today - datetime.timedelta(days=400))["total"]["claimed"] == "0.00"


def test_value_by_cohort_counts_an_initiative_in_each_of_its_cohorts(initiative, owner, controller, coe, units):
    from adoption.models import Tag

    wave1 = Tag.objects.create(code="wave-1", kind="cohort", name="Wave 1", name_zh_hant="第一波")
    wave2 = Tag.objects.create(code="wave-2", kind="cohort", name="Wave 2")
    programme = Tag.objects.create(code="ops", kind="programme", name="Operations")
    initiative.tags.add(wave1, wave2, programme)
    second = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Second")
    second.tags.add(wave1)
    value_confirm(actor=controller, entry=claim(initiative, owner, hours="0"), status="confirmed")
    claim(second, owner, hours="0", cash="4000")
    figures = value_side_by_side(user=controller, today=datetime.date(2026, 3, 1))
    assert [(row["code"], row["claimed"], row["confirmed"]) for row in figures["by_cohort"]] == [
        ("wave-1", D("7000.00"), D("5000.00")),
        ("wave-2", D("5000.00"), D("5000.00")),
    ]
    assert figures["total"]["claimed"] == D("7000.00")


@pytest.mark.parametrize("size", [1, 6])
def test_the_figures_take_the_same_queries_whatever_the_size(
    size, owner, controller, coe, units, django_assert_num_queries
):
    from adoption.models import Tag

    wave = Tag.objects.create(code="wave", kind="cohort", name="Wave")
    for n in range(size):
        item = make_initiative(coe=coe, business_unit=units["retail" if n % 2 else "cards"], owner=owner, title=f"I{n}")
        item.tags.add(wave)
        value_confirm(actor=controller, entry=claim(item, owner, hours="0"), status="confirmed")
    # The hypothesised value by unit from the funnel's running totals (global roles, the units granted, the totals);
    # global roles and the units granted again for the rows; five sums (two by unit, three by cohort), the units
    # and the tags.
    with django_assert_num_queries(12):
        figures = value_side_by_side(user=controller, today=datetime.date(2026, 3, 1))
    assert figures["total"]["confirmed"] == D("5000.00") * size
    # Global roles, the units granted, the list.
    with django_assert_num_queries(3):
        assert len(list(unconfirmed_claims(user=controller, today=datetime.date(2026, 6, 1)))) == 0


def test_amounts_too_large_to_add_up_are_bad_input_not_an_error(initiative, owner, controller):
    entry = claim(initiative, owner, redeployed_to="Claims backlog")
    with pytest.raises(InvalidInput) as error:
        value_confirm(
            actor=controller,
            entry=entry,
            status="adjusted",
            cash_saving=D("99999999999999.99"),
            hours=D("9999999999.99"),
            hourly_rate=D("99999999999999.99"),
            comment="Fat fingers.",
        )
    assert "too large" in error.value.fields["__all__"][0]
    assert not ValueConfirmation.objects.exists()
