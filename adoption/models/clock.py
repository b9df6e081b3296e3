"""The phase clock: how much of its time box an initiative has used, and whether it is overdue — the one home of
both (PRODUCT.md §3, §5, §6). The initiative page, the board and its CSV, the API, the funnel and the time-box
reminders all read them from here.

Time on hold does not count: ``planned_phase_end`` already carries the time spent on hold, and
``phase_held_seconds`` how much of it; on hold, the clock stands still where the hold began. Overdue means active
with the time box used up: from the planned phase end on, which is also when the reminders' 100 % step fires. From
that moment it is at least one day overdue, and every started day past the end counts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from adoption.choices import Status

DAY = 86400


def overdue_condition(now: datetime.datetime) -> Q:
    """Overdue as a filter: active, with the planned phase end reached."""
    return Q(status=Status.ACTIVE, planned_phase_end__lte=now)


def days_left_until(end: datetime.datetime, now: datetime.datetime) -> int:
    """Whole days from ``now`` to ``end``; once ``end`` is reached, minus the started days past it (at least one).
    The page, the CSV and a time-box notification read when it is shown all count with this."""
    left = (end - now).total_seconds()
    return int(left // DAY) if left > 0 else -max(1, -int(left // DAY))


@dataclass(frozen=True)
class PhaseClock:
    """Where an initiative stands in its phase's time box."""

    box_days: int
    elapsed_days: int
    # Whole days left; once the end is reached, minus the started days past it (at least one).
    days_left: int
    # The share of the time box used, rounded down (the reminders' steps compare with it), at most 999.
    percent: int
    overdue: bool
    held: bool

    @property
    def overdue_days(self) -> int:
        return max(-self.days_left, 0)


def _box_seconds(initiative) -> float:
    # planned_phase_end already includes the time on hold: the box is what is left without it.
    return max(
        (initiative.planned_phase_end - initiative.phase_entered_at).total_seconds() - initiative.phase_held_seconds, 1
    )


def percent_reached_at(initiative, percent: int) -> datetime.datetime:
    """The moment an active initiative's phase clock reaches ``percent`` (``PhaseClock.percent`` >= it), should it
    stay active until then: a reminder sweep's next visit."""
    # percent >= p  <=>  int(elapsed) * 100 >= p * int(box)  <=>  elapsed >= ceil(p * int(box) / 100) seconds.
    seconds = -(-percent * int(_box_seconds(initiative)) // 100)
    return initiative.phase_entered_at + datetime.timedelta(seconds=initiative.phase_held_seconds + seconds)


def phase_clock(initiative, now: datetime.datetime) -> PhaseClock | None:
    """The time box of the initiative's current phase, or None once it has left the phases."""
    if initiative.status not in (Status.ACTIVE, Status.ON_HOLD) or initiative.production_entered_at is not None:
        return None
    held = initiative.status == Status.ON_HOLD
    clock_now = initiative.hold_started_at if held and initiative.hold_started_at else now
    held_seconds = initiative.phase_held_seconds
    box = _box_seconds(initiative)
    elapsed = (clock_now - initiative.phase_entered_at).total_seconds() - held_seconds
    return PhaseClock(
        box_days=round(box / DAY),
        elapsed_days=max(int(elapsed // DAY), 0),
        days_left=days_left_until(initiative.planned_phase_end, clock_now),
        # Whole seconds, so that 75 % of a time box is 75 and not 74.99999.
        percent=max(0, min(int(elapsed) * 100 // int(box), 999)),
        overdue=initiative.status == Status.ACTIVE and now >= initiative.planned_phase_end,
        held=held,
    )
