"""Compare the funnel's running totals (and its histogram of days) with a count from the rows."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from adoption.models import FunnelDays, FunnelTally

BUCKET = ("business_unit_id", "kind", "phase", "status", "mode")


@dataclass(frozen=True)
class TallyDifference:
    bucket: tuple
    stored: tuple[int, Decimal, Decimal]
    expected: tuple[int, Decimal, Decimal]

    @property
    def figures(self) -> tuple[tuple[int, Decimal, Decimal], tuple[int, Decimal, Decimal]]:
        return self.stored, self.expected


def funnel_tally_differences() -> list[TallyDifference]:
    """Every bucket whose stored count or sums differ from the rows (empty buckets count as zero), in four queries.
    The histogram's buckets read as (unit, "days", phase, "", whole days); the whole portfolio's unit is None."""
    zero = (0, Decimal("0.00"), Decimal("0.00"))
    rows = FunnelTally.objects.values_list(*BUCKET, "n", "net", "benefit")
    stored = {tuple(row[:5]): tuple(row[5:]) for row in rows}
    for unit, phase, days, n in FunnelDays.objects.values_list("business_unit_id", "phase", "days", "n"):
        stored[unit, "days", phase, "", str(days)] = (n, zero[1], zero[2])
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM adoption_funneltally_expected()")
        expected = {tuple(row[:5]): tuple(row[5:]) for row in cursor.fetchall()}
        cursor.execute("SELECT * FROM adoption_funneldays_expected()")
        for unit, phase, days, n in cursor.fetchall():
            expected[unit, "days", phase, "", str(days)] = (n, zero[1], zero[2])
    return [
        TallyDifference(bucket=bucket, stored=stored.get(bucket, zero), expected=expected.get(bucket, zero))
        for bucket in sorted(stored.keys() | expected.keys(), key=str)
        if stored.get(bucket, zero) != expected.get(bucket, zero)
    ]
