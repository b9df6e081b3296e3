"""The funnel broken down by programme and cohort tags, beside the breakdown by unit, and the funnel's data quality
note on imported initiatives. Each reads the funnel's own scope (``funnel_scope``: visible, not voided, in the unit
and cohort asked for) in one grouped query, whatever the portfolio's size."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from adoption.choices import ImportedStage, Phase, Status
from adoption.models import Tag
from adoption.selectors.funnel import funnel_scope


@dataclass
class TagFigures:
    tag: Tag
    total: int = 0
    by_phase: dict[str, int] = field(default_factory=dict)  # active or on hold, by phase
    in_production: int = 0
    stopped: int = 0
    retired: int = 0

    @property
    def phases(self) -> list[int]:
        return [self.by_phase.get(phase, 0) for phase in Phase.values]


def funnel_by_tag(*, user, business_unit=None, cohort: str | None = None) -> list[TagFigures]:
    """Per tag (programmes first, then cohorts, by code): how many of the funnel's initiatives carry it, where
    they stand (by phase while active or on hold, in production, stopped, retired). Two queries."""
    scope = funnel_scope(user=user, business_unit=business_unit, cohort=cohort)
    figures = {tag.pk: TagFigures(tag) for tag in Tag.objects.order_by("-kind", "code")}
    rows = (
        Tag.initiatives.through.objects.filter(initiative__in=scope.values("pk"))
        .values("tag_id", "initiative__status", "initiative__phase")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        item = figures[row["tag_id"]]
        n, status = row["n"], row["initiative__status"]
        item.total += n
        if status in (Status.ACTIVE, Status.ON_HOLD):
            item.by_phase[row["initiative__phase"]] = item.by_phase.get(row["initiative__phase"], 0) + n
        elif status == Status.IN_PRODUCTION:
            item.in_production += n
        elif status == Status.STOPPED:
            item.stopped += n
        elif status == Status.RETIRED:
            item.retired += n
    return [item for item in figures.values() if item.total]


def imported_later(*, user, business_unit=None, cohort: str | None = None) -> dict[str, int]:
    """How many of the funnel's initiatives were imported at a later stage, by stage (validation, scaling,
    production): their earlier gates are not recorded here, so the conversions and days before that stage do not
    count them. One query."""
    scope = funnel_scope(user=user, business_unit=business_unit, cohort=cohort).exclude(imported_at_phase="")
    rows = scope.order_by().values("imported_at_phase").annotate(n=Count("pk"))
    counts = {row["imported_at_phase"]: row["n"] for row in rows}
    return {stage: counts[stage] for stage in ImportedStage.values if counts.get(stage)}
