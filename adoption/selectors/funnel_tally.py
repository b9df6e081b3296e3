"""Compare the funnel's running totals with a count from the rows."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from adoption.models import FunnelTally

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
    """Every bucket whose stored count or sums differ from the rows (empty buckets count as zero), in two queries."""
    zero = (0, Decimal("0.00"), Decimal("0.00"))
    rows = FunnelTally.objects.values_list(*BUCKET, "n", "net", "benefit")
    stored = {tuple(row[:5]): tuple(row[5:]) for row in rows}
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM adoption_funneltally_expected()")
        expected = {tuple(row[:5]): tuple(row[5:]) for row in cursor.fetchall()}
    return [
        TallyDifference(bucket=bucket, stored=stored.get(bucket, zero), expected=expected.get(bucket, zero))
        for bucket in sorted(stored.keys() | expected.keys(), key=str)
        if stored.get(bucket, zero) != expected.get(bucket, zero)
    ]
