"""Value as the CFO reads it: hypothesised (the current ROI estimate's annual benefit), claimed (the owners'
measured benefit of the periods recorded) and confirmed (what finance stands behind), in the reporting currency,
by business unit and by cohort; and the claims older than a quarter that nobody confirmed.

``newest_confirmations()`` is the one home of "confirmed value": of each claim, only finance's newest decision
counts (rows are append-only; a later one supersedes). Every figure here is a sum over it.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from adoption.choices import Status
from adoption.models import BusinessUnit, Initiative, RealisedValueEntry, Tag
from adoption.selectors.funnel import hypothesised_benefit_by_unit
from finance.models import ValueConfirmation

# A claim is flagged when this many days after its period's end nobody in finance has decided on it.
UNCONFIRMED_AFTER_DAYS = 90
ZERO = Decimal("0.00")
FIGURES = ("hypothesised", "claimed", "confirmed")


def newest_confirmations() -> QuerySet[ValueConfirmation]:
    """The decisions that count: for each claim, finance's newest (the highest id; rows are never changed)."""
    newer = ValueConfirmation.objects.filter(entry=OuterRef("entry"), pk__gt=OuterRef("pk"))
    return ValueConfirmation.objects.filter(~Exists(newer))


def with_confirmation(entries: QuerySet[RealisedValueEntry]) -> QuerySet[RealisedValueEntry]:
    """``entries``, each with its newest decision: ``confirmed`` (reporting amount, None when undecided),
    ``confirmation_status`` and ``confirmation_id``."""
    newest = ValueConfirmation.objects.filter(entry=OuterRef("pk")).order_by("-pk")
    return entries.annotate(
        confirmed=Subquery(newest.values("reporting_confirmed_benefit")[:1]),
        confirmation_status=Subquery(newest.values("status")[:1]),
        confirmation_id=Subquery(newest.values("pk")[:1]),
    )


def unconfirmed_cutoff(today: datetime.date) -> datetime.date:
    """Claims whose period ended before this day and that nobody confirmed are flagged."""
    return today - datetime.timedelta(days=UNCONFIRMED_AFTER_DAYS)


def _old_unconfirmed(today: datetime.date, *, until: datetime.datetime | None = None) -> Q:
    decided = ValueConfirmation.objects.filter(entry=OuterRef("pk"))
    if until is not None:
        decided = decided.filter(confirmed_at__lt=until)
    return Q(period_end__lt=unconfirmed_cutoff(today)) & ~Q(Exists(decided))


def unconfirmed_claims(*, user, today: datetime.date | None = None) -> QuerySet[RealisedValueEntry]:
    """Claims visible to ``user`` older than a quarter (UNCONFIRMED_AFTER_DAYS after their period's end) that
    nobody in finance decided on, oldest first (one query)."""
    today = today or timezone.localdate()
    return (
        RealisedValueEntry.objects.restrict(user)
        .exclude(initiative__status=Status.VOIDED)
        .filter(_old_unconfirmed(today))
        .select_related("initiative", "initiative__business_unit", "recorded_by")
        .order_by("period_end", "pk")
    )


def claims_to_confirm(*, user) -> QuerySet[RealisedValueEntry]:
    """Every claim visible to ``user``, newest period first, each with its newest decision (finance's page)."""
    return with_confirmation(
        RealisedValueEntry.objects.restrict(user)
        .exclude(initiative__status=Status.VOIDED)
        .select_related("initiative", "initiative__business_unit", "recorded_by")
        .order_by("-period_end", "-pk")
    )


def _blank(**names) -> dict:
    return {**names, **dict.fromkeys(FIGURES, ZERO), "unconfirmed_old": 0}


def value_figures(
    initiatives: QuerySet[Initiative],
    *,
    today: datetime.date,
    until: datetime.datetime | None = None,
    hypothesised_by_unit: dict[int, Decimal] | None = None,
) -> dict:
    """Hypothesised, claimed and confirmed value of ``initiatives`` (voided ones left out), in the reporting
    currency: in total, by business unit and by cohort tag (an initiative in two cohorts counts in both), with the
    number of claims older than a quarter that nobody confirmed. ``until``: only what was recorded before that
    moment (a past board pack). ``hypothesised_by_unit``: the hypothesised value per unit of the same initiatives
    when the caller has it already (from the funnel's running totals), instead of summing every initiative's
    estimate. Eight queries whatever the portfolio's size (seven with it). Decimals stay Decimals here
    (``as_json`` writes them as text)."""
    scope = initiatives.exclude(status=Status.VOIDED)
    ids = scope.values("pk")
    entries = RealisedValueEntry.objects.filter(initiative__in=ids, period_end__lte=today)
    confirmations = newest_confirmations().filter(initiative__in=ids, entry__period_end__lte=today)
    if until is not None:
        entries = entries.filter(recorded_at__lt=until)
        newer = ValueConfirmation.objects.filter(entry=OuterRef("entry"), pk__gt=OuterRef("pk"), confirmed_at__lt=until)
        confirmations = ValueConfirmation.objects.filter(
            ~Exists(newer), initiative__in=ids, entry__period_end__lte=today, confirmed_at__lt=until
        )
    stale = Count("pk", filter=_old_unconfirmed(today, until=until))
    units: dict[int, dict] = {}
    cohorts: dict[int, dict] = {}
    cohort = {"tags__kind": "cohort"}
    queries = (
        (units, "hypothesised", scope.values("business_unit"), "current_roi__reporting_annual_benefit"),
        (units, "claimed", entries.values("initiative__business_unit"), "reporting_measured_benefit"),
        (units, "confirmed", confirmations.values("initiative__business_unit"), "reporting_confirmed_benefit"),
        (cohorts, "hypothesised", scope.filter(**cohort).values("tags"), "current_roi__reporting_annual_benefit"),
        (
            cohorts,
            "claimed",
            entries.filter(initiative__tags__kind="cohort").values("initiative__tags"),
            "reporting_measured_benefit",
        ),
        (
            cohorts,
            "confirmed",
            confirmations.filter(initiative__tags__kind="cohort").values("initiative__tags"),
            "reporting_confirmed_benefit",
        ),
    )
    if hypothesised_by_unit is not None:
        queries = queries[1:]
        for unit, amount in hypothesised_by_unit.items():
            units.setdefault(unit, _blank())["hypothesised"] += amount or ZERO
    for target, figure, grouped, amount in queries:
        extra = {"stale": stale} if figure == "claimed" else {}
        for row in (
            grouped.annotate(v=Sum(amount), **extra).order_by().values_list(*grouped.query.values_select, "v", *extra)
        ):
            bucket = target.setdefault(row[0], _blank())
            bucket[figure] += row[1] or ZERO
            if extra:
                bucket["unconfirmed_old"] += row[2]
    total = _blank()
    for bucket in units.values():
        for name in (*FIGURES, "unconfirmed_old"):
            total[name] += bucket[name]
    unit_names = {unit.pk: unit for unit in BusinessUnit.objects.filter(pk__in=units)}
    tag_names = {tag.pk: tag for tag in Tag.objects.filter(pk__in=cohorts)}
    return {
        "currency": settings.REPORTING_CURRENCY,
        "as_of": today,
        "unconfirmed_after_days": UNCONFIRMED_AFTER_DAYS,
        "total": total,
        "by_unit": sorted(
            (
                {"code": unit_names[pk].code, "name": unit_names[pk].name, **figures}
                for pk, figures in units.items()
                if pk in unit_names
            ),
            key=lambda row: (row["name"], row["code"]),
        ),
        "by_cohort": sorted(
            (
                {"code": tag_names[pk].code, "name": tag_names[pk].label(), **figures}
                for pk, figures in cohorts.items()
                if pk in tag_names
            ),
            key=lambda row: row["code"],
        ),
    }


def value_side_by_side(*, user, today: datetime.date | None = None) -> dict:
    """``value_figures`` of the initiatives ``user`` sees (the funnel page, the executive view, the API); the
    hypothesised value per unit from the funnel's running totals."""
    return value_figures(
        Initiative.objects.restrict(user),
        today=today or timezone.localdate(),
        hypothesised_by_unit=hypothesised_benefit_by_unit(user=user),
    )


def as_json(figures: dict) -> dict:
    """``figures`` as JSON values: Decimals and dates as text."""

    def convert(value):
        if isinstance(value, dict):
            return {key: convert(item) for key, item in value.items()}
        if isinstance(value, list):
            return [convert(item) for item in value]
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    return convert(figures)


def board_pack_value(today: datetime.date) -> dict:
    """The value section of the month-end board pack: ``value_figures`` of the whole portfolio as of ``today``
    (claims of periods ended by then; decisions recorded by then), JSON-serialisable and deterministic (sorted;
    Decimals as text; cohort names in English)."""
    from django.utils import translation

    end_of_day = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time()))
    with translation.override("en"):
        figures = value_figures(Initiative.objects.filter(created_at__lt=end_of_day), today=today, until=end_of_day)
    return as_json(figures)
