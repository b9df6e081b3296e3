"""The executive funnel: exact counts, conversion, days per phase, overdue, stops and value; scope and cost."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import Role
from adoption.models import FunnelTally, Initiative
from adoption.selectors.funnel import cohort_range, funnel_summary, funnel_summary_from_rows
from adoption.selectors.funnel_tally import funnel_tally_differences
from adoption.services.roi import realised_value_record, roi_version_append
from core.exceptions import InvalidInput
from governance.services.lifecycle import initiative_hold, initiative_stop
from governance.services.reviews import gate_review_request, signoff_record
from tests.factories import UserFactory, grant, make_initiative, satisfy_gate, signers_for

START = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def cast(coe, units, sponsor):
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    return people


def advance(initiative, owner, cast):
    satisfy_gate(initiative)
    review = gate_review_request(actor=owner, initiative=initiative)
    for slot in review.slots.filter(active=True):
        signoff_record(actor=cast[slot.key], review=review, slot_key=slot.key, decision="approve")
    initiative.refresh_from_db()


def roi(initiative, owner, net):
    roi_version_append(
        actor=owner,
        initiative=initiative,
        currency="USD",
        rate_to_reporting=Decimal("0.5"),
        rate_date=timezone.localdate(),
        confidence="medium",
        benefit_cash_saving=Decimal(net + 1000),
        run_cost_model=Decimal(1000),
    )


@pytest.fixture
def portfolio(coe, units, owner, sponsor, cast, time_machine):
    """Four retail initiatives and one insurance one, with histories of known length."""
    time_machine.move_to(START, tick=False)
    make = lambda title, unit="retail": make_initiative(  # noqa: E731
        coe=coe, business_unit=units[unit], owner=owner, sponsor=sponsor, title=title
    )
    fast, slow, stopped, held = make("fast"), make("slow"), make("stopped"), make("held")
    other = make("other unit", "insurance")
    roi(fast, owner, 10000)
    roi(slow, owner, 30000)
    time_machine.shift(datetime.timedelta(days=20))
    advance(fast, owner, cast)  # exploration took 20 days
    time_machine.shift(datetime.timedelta(days=20))
    advance(slow, owner, cast)  # 40 days
    initiative_stop(
        actor=sponsor,
        initiative=stopped,
        reason="no KPI",
        primary_failure_mode="no_value_hypothesis",
        contributing_modes=["data_governance"],
    )
    initiative_hold(actor=sponsor, initiative=held, reason="budget")
    time_machine.shift(datetime.timedelta(days=30))
    advance(fast, owner, cast)  # validation took 50 days (entered on day 20, left on day 70)
    advance(fast, owner, cast)  # scaling took 0 days: in production now
    realised_value_record(
        actor=owner,
        initiative=fast,
        period_start=timezone.localdate() - datetime.timedelta(days=31),
        period_end=timezone.localdate() - datetime.timedelta(days=1),
        currency="USD",
        rate_to_reporting=Decimal("0.5"),
        benefit_cash_saving=Decimal("4000"),
        measured_cost=Decimal("1000"),
    )
    time_machine.shift(datetime.timedelta(days=15))  # slow is 45 days into validation; other is 115 into exploration
    return {"fast": fast, "slow": slow, "stopped": stopped, "held": held, "other": other}


def test_exact_figures_for_the_whole_portfolio(portfolio, coe):
    funnel = funnel_summary(user=coe)
    assert funnel.total == 5
    assert funnel.by_status == {"active": 2, "on_hold": 1, "stopped": 1, "in_production": 1, "retired": 0}
    exploration, validation, scaling = funnel.phases
    assert (exploration.active, exploration.on_hold, exploration.entered, exploration.advanced) == (1, 1, 5, 2)
    assert exploration.conversion == 0.4
    # Finished stays: 20 and 40 days (advanced) and 40 (stopped); the held and the late one are still in it.
    assert (exploration.median_days, exploration.p90_days) == (40.0, 40.0)
    assert (validation.active, validation.entered, validation.advanced, validation.median_days) == (1, 2, 1, 50.0)
    assert (scaling.entered, scaling.advanced, scaling.conversion, scaling.median_days) == (1, 1, 1.0, 0.0)
    assert funnel.overdue == 1  # "other" is 115 days into a 60-day exploration
    assert funnel.stops_by_failure_mode["no_value_hypothesis"] == 1
    assert funnel.stops_contributing["data_governance"] == 1
    assert funnel.value["currency"] == "EUR"
    # Latest estimates of open initiatives, net 10,000 and 30,000 USD at 0.5.
    assert funnel.value["hypothesised_net_annual_value"] == Decimal("20000.00")
    assert funnel.value["production_hypothesised_net_annual_value"] == Decimal("5000.00")
    assert funnel.value["realised_net_value_12m"] == Decimal("1500.00")


def test_scope_unit_and_cohort(portfolio, coe, units):
    steward = UserFactory(username="insurance-steward")
    grant(steward, Role.DATA_STEWARD, business_unit=units["insurance"], by=coe)
    assert funnel_summary(user=steward).total == 1
    assert funnel_summary(user=coe, business_unit=units["retail"]).total == 4
    assert funnel_summary(user=coe, cohort="2026Q1").total == 5
    assert funnel_summary(user=coe, cohort="2025-Q4").total == 0
    assert funnel_summary(user=UserFactory(username="nobody")).total == 0


@pytest.mark.parametrize("cohort", ["2026Q5", "Q1 2026", "1999Q1", "2026Q1; DROP TABLE"])
def test_bad_cohort_is_a_field_error(cohort, db, coe):
    with pytest.raises(InvalidInput) as err:
        funnel_summary(user=coe, cohort=cohort)
    assert "cohort" in err.value.fields


def test_cohort_range():
    start, end = cohort_range("2026Q4")
    assert (start.date(), end.date()) == (datetime.date(2026, 10, 1), datetime.date(2027, 1, 1))


def queries_for(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        funnel_summary(user=user)
    return len(ctx.captured_queries)


def test_query_count_is_the_same_at_two_sizes(coe, units, owner):
    officer = UserFactory(username="scoped-officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    make_initiative(coe=coe, business_unit=units["cards"], owner=owner)
    small = {user.username: queries_for(user) for user in (coe, officer)}
    for _ in range(11):
        make_initiative(coe=coe, business_unit=units["cards"], owner=owner)
    assert funnel_summary(user=officer).total == 12
    large = {user.username: queries_for(user) for user in (coe, officer)}
    assert small == large
    assert large["coe"] <= 7


def test_running_totals_give_the_same_funnel_as_the_rows(portfolio, coe, units, owner):
    """The totals kept by triggers answer exactly what counting the rows answers, for every kind of scope."""
    steward = UserFactory(username="insurance-steward")
    grant(steward, Role.DATA_STEWARD, business_unit=units["insurance"], by=coe)
    contributor = UserFactory(username="one-by-one")  # an insurance unit and one retail initiative
    grant(contributor, Role.CONTRIBUTOR, business_unit=units["insurance"], by=coe)
    grant(contributor, Role.CONTRIBUTOR, initiative=portfolio["fast"], by=coe)
    cases = [(coe, None), (coe, units["retail"]), (steward, None), (contributor, None), (contributor, units["retail"])]
    for user, unit in cases:
        assert funnel_summary(user=user, business_unit=unit) == funnel_summary_from_rows(
            user=user, business_unit=unit
        ), (user.username, unit)
    assert funnel_summary(user=contributor).total == 2
    assert funnel_summary(user=contributor, business_unit=units["retail"]).by_status["in_production"] == 1
    assert funnel_tally_differences() == []


def test_running_totals_follow_a_move_and_roll_back_with_a_failed_transaction(portfolio, coe, units, sponsor):
    Initiative.objects.filter(pk=portfolio["other"].pk).update(business_unit=units["retail"])
    assert funnel_summary(user=coe, business_unit=units["retail"]).total == 5
    assert funnel_summary(user=coe, business_unit=units["retail"]).phases[0].entered == 5
    before = funnel_summary(user=coe)
    seen_inside = []

    def stop_then_fail():
        with transaction.atomic():
            initiative_stop(
                actor=sponsor, initiative=portfolio["slow"], reason="x", primary_failure_mode="no_value_hypothesis"
            )
            seen_inside.append(funnel_summary(user=coe).by_status["stopped"])
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        stop_then_fail()
    assert seen_inside == [2]
    assert funnel_summary(user=coe) == before
    assert funnel_tally_differences() == []


def test_check_finds_a_wrong_total_and_rebuild_repairs_it(portfolio, coe):
    call_command("funnel_tally", "--check", stdout=io.StringIO())
    FunnelTally.objects.filter(kind="status", status="active").update(n=F("n") + 3)
    out = io.StringIO()
    with pytest.raises(CommandError, match="differ from the rows"):
        call_command("funnel_tally", "--check", stdout=out)
    assert "status exploration active: stored 4 (net 0.00, benefit 0.00), counted 1" in out.getvalue()
    assert funnel_summary(user=coe).by_status["active"] != funnel_summary_from_rows(user=coe).by_status["active"]
    call_command("funnel_tally", "--rebuild", stdout=io.StringIO())
    assert funnel_tally_differences() == []
    assert funnel_summary(user=coe) == funnel_summary_from_rows(user=coe)
