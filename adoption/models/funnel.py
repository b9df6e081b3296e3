"""Exact running totals behind the funnel, one row per business unit and bucket, kept by PostgreSQL triggers.

The triggers (migration 0004) add and subtract in the same transaction as the change to the initiative or the
phase stay, so the totals are never stale: a rolled-back transition rolls its counts back with it. Every write
path is covered, the services as much as a bulk load or the admin. Kinds of bucket:

- ``status``: initiatives in (phase, status), with the sum of their current ROI estimate's net annual value and
  annual benefit in the reporting currency;
- ``entered`` / ``advanced`` / ``finished``: stays in a phase, those that ended by moving to the next one, and
  those that ended at all (how many durations the days per phase are the percentiles of);
- ``stop_primary`` (mode), ``not_a_failure``, ``stop_contributing`` (mode): why stopped initiatives stopped.

Beside them, ``FunnelDays``: how many finished stays lasted each whole number of days, per unit and phase (a
histogram kept by the same triggers), so that the days per phase are found from a bounded number of rows.

``manage.py funnel_tally --check`` compares both with a count from the rows; ``--rebuild`` recomputes them.
"""

from django.db import models


class FunnelTally(models.Model):
    class Kind(models.TextChoices):
        STATUS = "status"
        ENTERED = "entered"
        ADVANCED = "advanced"
        FINISHED = "finished"
        STOP_PRIMARY = "stop_primary"
        NOT_A_FAILURE = "not_a_failure"
        STOP_CONTRIBUTING = "stop_contributing"

    business_unit = models.ForeignKey("adoption.BusinessUnit", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    phase = models.CharField(max_length=20, blank=True, default="")
    status = models.CharField(max_length=20, blank=True, default="")
    mode = models.CharField(max_length=40, blank=True, default="")
    n = models.BigIntegerField(default=0)
    net = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    benefit = models.DecimalField(max_digits=24, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["business_unit", "kind", "phase", "status", "mode"], name="funneltally_one_per_bucket"
            )
        ]

    def __str__(self) -> str:
        return f"{self.business_unit_id} {self.kind} {self.phase} {self.status} {self.mode}: {self.n}"


class FunnelDays(models.Model):
    """Finished stays of the initiatives of a unit (voided ones left out) in a phase that lasted ``days`` whole days
    (``floor`` of ``PhaseStint.days``): where the median and 90th percentile of days per phase fall. The funnel
    finds the day a rank falls on from these rows, then reads the exact values from that day's stays alone. The rows
    without a unit count the whole portfolio, so that everyone's funnel reads one row per phase and day."""

    business_unit = models.ForeignKey(
        "adoption.BusinessUnit", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    phase = models.CharField(max_length=20)
    days = models.IntegerField()
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["business_unit", "phase", "days"], name="funneldays_one_per_bucket", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.business_unit_id} {self.phase} {self.days}: {self.n}"
