"""Weekly snapshots of the funnel: what the portfolio looked like at the end of each ISO week, stored, not recomputed.

One row per week and business unit (the initiatives directly in that unit), and one with no unit for the whole
portfolio. A row is written once, by ``adoption.services.weekly.weekly_snapshot_take()`` (beat, early on Monday,
for the week that just ended) and never changed: the history the Monday view draws is what was recorded then.
"""

from django.db import models

from adoption.models.fields import append_only


class WeeklySnapshot(models.Model):
    week = models.DateField(help_text="The Monday that starts the ISO week.")
    # Null: the whole portfolio.
    business_unit = models.ForeignKey(
        "adoption.BusinessUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField()
    currency = models.CharField(max_length=3)
    # The funnel at the end of the week: initiatives per status, and per phase {active, on_hold, entered, advanced}.
    total = models.PositiveIntegerField(default=0)
    statuses = models.JSONField(default=dict)
    phases = models.JSONField(default=dict)
    overdue = models.PositiveIntegerField(default=0)
    # What happened during the week.
    entered = models.PositiveIntegerField(default=0)
    advanced = models.PositiveIntegerField(default=0)
    stopped = models.PositiveIntegerField(default=0)
    # Value in the reporting currency: the latest estimates' net annual value of open initiatives; the realised net
    # value recorded during the week, and measured over the twelve months before its end.
    hypothesised_value = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    realised_value = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    realised_value_12m = models.DecimalField(max_digits=24, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["week", "business_unit"], name="weeklysnapshot_one_per_unit", nulls_distinct=False
            )
        ]
        indexes = [models.Index(fields=["-week"], name="weeklysnapshot_week")]
        triggers = [append_only("weeklysnapshot_append_only")]

    def __str__(self) -> str:
        return f"{self.week} {self.business_unit_id or 'all'}"
