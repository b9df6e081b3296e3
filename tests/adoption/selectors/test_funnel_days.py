"""The funnel's days per phase from the histogram of whole days (``FunnelDays``): the same figures as sorting every
stay, for ties, even counts, stays within one day and every kind of scope; the triggers keep the histogram right
through every change of a stay; the cost does not grow with the stays."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adoption.choices import Phase, PhaseOutcome, Role, Status
from adoption.models import FunnelDays, Initiative, PhaseStint
from adoption.selectors.funnel import funnel_summary, funnel_summary_from_rows
from adoption.selectors.funnel_tally import funnel_tally_differences
from adoption.services.funnel import funnel_tally_rebuild
from governance.services.lifecycle import initiative_hold, initiative_merge, initiative_resume, initiative_void
from tests.factories import UserFactory, grant, make_initiative

START = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)

# Lengths of finished exploration stays (days, hours): ties on 40 days, several stays within day 12 (ordered by
# their hours), and the last retail one shortened by time on hold into day 10.
RETAIL = [(3, 0), (12, 20), (12, 2), (12, 11), (40, 0), (40, 0), (40, 0), (55, 6), (90, 1), (12, 2)]
CARDS = [(0, 1), (12, 5), (40, 0), (71, 23)]
INSURANCE = [(5, 0), (200, 0), (12, 7)]


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's percentile_cont, in Python: interpolated at rank fraction × (n - 1), shown to a tenth."""
    if not values:
        return None
    values = sorted(values)
    position = fraction * (len(values) - 1)
    low, high = values[int(position)], values[min(int(position) + 1, len(values) - 1)]
    return round(low + (high - low) * (position - int(position)), 1)


def finish(initiative, days: int, hours: int, *, held_hours: int = 0, phase: str = Phase.EXPLORATION) -> None:
    """End ``initiative``'s stay in ``phase`` after ``days`` and ``hours`` (``held_hours`` of them on hold)."""
    PhaseStint.objects.filter(initiative=initiative, phase=phase).update(
        entered_at=START,
        exited_at=START + days * DAY + datetime.timedelta(hours=hours),
        held_seconds=held_hours * 3600,
        outcome=PhaseOutcome.ADVANCED,
    )


@pytest.fixture
def stays(coe, units, owner):
    made = {}
    for unit, lengths in (("retail", RETAIL), ("cards", CARDS), ("insurance", INSURANCE)):
        for number, (days, hours) in enumerate(lengths):
            initiative = make_initiative(coe=coe, business_unit=units[unit], owner=owner, title=f"{unit} {number}")
            finish(initiative, days, hours)
            made[unit, number] = initiative
    # 12 days and 2 hours, 30 hours of them on hold: 10.83 days, counted on day 10.
    finish(made["retail", 9], 12, 2, held_hours=30)
    make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="still exploring")  # not finished
    return made


def exact_days(user, unit=None) -> tuple[float | None, float | None]:
    """Median and 90th percentile of the finished exploration stays ``user`` counts, from every stay's days."""
    visible = Initiative.objects.restrict(user).exclude(status=Status.VOIDED)
    if unit is not None:
        visible = visible.filter(business_unit__path__startswith=unit.path)
    days = list(
        PhaseStint.objects.filter(initiative__in=visible, phase=Phase.EXPLORATION, exited_at__isnull=False).values_list(
            "days", flat=True
        )
    )
    return percentile_cont(days, 0.5), percentile_cont(days, 0.9)


def agree(cases) -> None:
    """The histogram's funnel is the rows' funnel and the sorted stays' percentiles, for every (user, unit)."""
    for user, unit in cases:
        funnel = funnel_summary(user=user, business_unit=unit)
        assert funnel == funnel_summary_from_rows(user=user, business_unit=unit), (user.username, unit)
        exploration = funnel.phases[0]
        assert (exploration.median_days, exploration.p90_days) == exact_days(user, unit), (user.username, unit)
    assert funnel_tally_differences() == []


@pytest.fixture
def cases(coe, units, stays):
    officer = UserFactory(username="retail-officer")  # retail and its sub-unit cards
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    contributor = UserFactory(username="one-by-one")  # insurance, and one retail initiative granted on its own
    grant(contributor, Role.CONTRIBUTOR, business_unit=units["insurance"], by=coe)
    grant(contributor, Role.CONTRIBUTOR, initiative=stays["retail", 7], by=coe)
    return [
        (coe, None),
        (coe, units["retail"]),
        (coe, units["cards"]),
        (officer, None),
        (officer, units["cards"]),
        (contributor, None),
        (contributor, units["retail"]),
    ]


def test_the_histogram_gives_the_exact_percentiles_for_every_scope(cases, coe):
    agree(cases)
    exploration = funnel_summary(user=coe).phases[0]
    assert exploration.finished == len(RETAIL) + len(CARDS) + len(INSURANCE)
    # 17 stays: the median is the 9th (index 8), the 90th percentile between the 15th and 16th.
    assert exploration.median_days == percentile_cont(
        list(PhaseStint.objects.filter(exited_at__isnull=False).values_list("days", flat=True)), 0.5
    )
    # The whole portfolio's rows: one per phase and day.
    whole = dict(FunnelDays.objects.filter(business_unit=None, phase=Phase.EXPLORATION).values_list("days", "n"))
    assert whole[40] == 4  # the ties
    assert whole[12] == 5  # three retail stays, a cards and an insurance one within day 12
    assert whole[10] == 1  # 12 days 2 hours less 30 hours on hold


def test_an_even_count_interpolates_between_two_days(coe, units, owner):
    for number, days in enumerate((10, 11, 20, 31)):
        finish(make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title=f"even {number}"), days, 0)
    exploration = funnel_summary(user=coe).phases[0]
    assert (exploration.median_days, exploration.p90_days) == (15.5, 27.7)
    assert funnel_summary(user=coe) == funnel_summary_from_rows(user=coe)


def test_the_triggers_follow_every_change_of_a_stay(cases, stays, coe, units):
    # A finished stay reopened, then finished again at another length.
    PhaseStint.objects.filter(initiative=stays["retail", 4]).update(exited_at=None, outcome="")
    agree(cases)
    finish(stays["retail", 4], 77, 3)
    agree(cases)
    # Its times edited while finished: the days change, the bucket with them.
    PhaseStint.objects.filter(initiative=stays["cards", 2]).update(entered_at=START - 30 * DAY)
    agree(cases)
    # An initiative moved to another unit takes its stays' days along.
    Initiative.objects.filter(pk=stays["insurance", 1].pk).update(business_unit=units["retail"])
    agree(cases)
    # Deleted stays (an import placing an initiative at a later stage deletes them).
    PhaseStint.objects.filter(initiative=stays["cards", 0]).delete()
    agree(cases)
    # Hold and resume through the services: the open stay's clock, nothing finished changes.
    held = stays["retail", 8]
    initiative_hold(actor=coe, initiative=held, reason="budget")
    initiative_resume(actor=coe, initiative=Initiative.objects.get(pk=held.pk))
    agree(cases)
    # Void and merge: their stays leave the histogram, from the unit they were counted in.
    initiative_void(actor=coe, initiative=stays["retail", 5], reason="Registered by mistake.")
    agree(cases)
    initiative_merge(actor=coe, initiative=stays["cards", 3], into=stays["retail", 0].key, reason="A duplicate.")
    agree(cases)
    # The one granted on its own to the contributor, voided: it leaves their funnel too.
    initiative_void(actor=coe, initiative=stays["retail", 7], reason="Registered twice.")
    agree(cases)
    # A voided one moved moves nothing; restored (in the database), its stays count again.
    Initiative.objects.filter(pk=stays["retail", 5].pk).update(business_unit=units["insurance"])
    agree(cases)
    Initiative.objects.filter(pk=stays["retail", 5].pk).update(status=Status.ACTIVE, voided_at=None)
    agree(cases)


def test_rebuild_recounts_the_histogram(cases, coe):
    FunnelDays.objects.filter(business_unit=None).delete()
    assert funnel_tally_differences() != []
    funnel_tally_rebuild()
    agree(cases)


def queries_for(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        funnel_summary(user=user)
    return len(ctx.captured_queries)


def test_the_same_queries_at_two_sizes(coe, units, owner, stays):
    officer = UserFactory(username="scoped-officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    small = {user.username: queries_for(user) for user in (coe, officer)}
    for number in range(12):
        initiative = make_initiative(coe=coe, business_unit=units["cards"], owner=owner, title=f"more {number}")
        finish(initiative, number * 7, number)
    large = {user.username: queries_for(user) for user in (coe, officer)}
    assert small == large
    assert funnel_summary(user=officer) == funnel_summary_from_rows(user=officer)


@pytest.mark.parametrize("path", ["/funnel/", "/api/v1/funnel/"])
def test_the_page_and_the_api_cost_the_same_at_two_sizes(client, coe, units, owner, stays, path):
    """With finished stays in every phase counted, for the executive and for an officer scoped to a unit."""
    executive, officer = UserFactory(username="exec"), UserFactory(username="scoped-officer")
    grant(executive, Role.EXECUTIVE, by=coe)
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)

    def counts() -> dict[str, int]:
        found = {}
        for user in (executive, officer):
            client.force_login(user)
            client.get(path)  # a first request records what it records once (the session's first use)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path).status_code == 200
            found[user.username] = len(ctx.captured_queries)
        return found

    small = counts()
    for number in range(12):
        initiative = make_initiative(coe=coe, business_unit=units["cards"], owner=owner, title=f"more {number}")
        finish(initiative, number * 5, number)
    assert counts() == small
