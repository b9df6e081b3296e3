"""Reads the pages need beyond the shared selectors: the phase clock, a phase's evidence, stays in each phase, and
the choices of the filters (units, owners, cohorts), each restricted to what the user may see.

Every function here makes a fixed number of queries, whatever the size of the portfolio.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Window
from django.utils import timezone

from adoption.choices import CriterionStatus, Role
from adoption.models import BusinessUnit, EvidenceVersion, GateCriterion, GateCriterionTemplate, Initiative, PhaseStint
from adoption.selectors.criteria import require_visible
from adoption.selectors.initiatives import initiative_list_visible, initiative_rows_visible
from governance import access

User = get_user_model()
DAY = 86400


def gate_progress(criteria: list[GateCriterion]) -> dict[str, int]:
    """How far the phase's gate is: mandatory criteria met or waived out of all mandatory ones, and stale ones.

    ``criteria`` come from ``criteria_for`` (with ``effective`` set); this counts, it does not query.
    """
    mandatory = [c for c in criteria if c.template.mandatory]
    done = [c for c in mandatory if c.effective in (CriterionStatus.MET, CriterionStatus.WAIVED)]
    return {
        "done": len(done),
        "total": len(mandatory),
        "stale": sum(1 for c in criteria if c.effective == CriterionStatus.STALE),
    }


def latest_evidence(*, user, initiative: Initiative, criteria: list[GateCriterion]) -> dict[int, list[EvidenceVersion]]:
    """Every evidence version of ``criteria``, newest first, by criterion id (one query for the whole phase)."""
    require_visible(user=user, initiative=initiative)
    by_criterion: dict[int, list[EvidenceVersion]] = {c.pk: [] for c in criteria}
    for version in (
        EvidenceVersion.objects.filter(criterion__in=[c.pk for c in criteria])
        .select_related("created_by")
        .order_by("criterion_id", "-version")
    ):
        by_criterion[version.criterion_id].append(version)
    return by_criterion


def evidence_version_visible(*, user, pk: int) -> EvidenceVersion | None:
    """One evidence version, if ``user`` may see its initiative (for downloading its file)."""
    return (
        EvidenceVersion.objects.filter(pk=pk, criterion__initiative__in=initiative_list_visible(user=user))
        .select_related("criterion", "criterion__initiative")
        .first()
    )


def criterion_visible(*, user, initiative: Initiative, pk) -> GateCriterion | None:
    """A criterion of ``initiative`` (any phase) with its template, or None."""
    require_visible(user=user, initiative=initiative)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    criterion = (
        GateCriterion.objects.filter(initiative=initiative, pk=pk)
        .select_related("template", "updated_by", "waived_by", "initiative")
        .first()
    )
    if criterion is not None:
        today = timezone.localdate()
        criterion.effective = criterion.effective_status(today)
        criterion.evidence_expires = criterion.evidence_expires_on()
    return criterion


def phase_stints(*, user, initiative: Initiative) -> dict[str, PhaseStint]:
    """The initiative's stay in each phase it entered, by phase."""
    require_visible(user=user, initiative=initiative)
    return {stint.phase: stint for stint in PhaseStint.objects.filter(initiative=initiative).order_by("entered_at")}


def criterion_titles() -> dict[str, str]:
    """Current template titles by code, to name criteria in the activity timeline."""
    return dict(GateCriterionTemplate.objects.filter(is_current=True).values_list("code", "title"))


def units_visible(*, user) -> QuerySet[BusinessUnit]:
    """Units holding an initiative ``user`` may see, and the units above them (filter choices).

    Asked unit by unit (does it hold one?), so the cost follows the number of units, not of initiatives.
    """
    holding = BusinessUnit.objects.filter(
        Exists(initiative_rows_visible(user=user).filter(business_unit=OuterRef("pk")))
    ).values_list("path", flat=True)
    ids = {int(part) for path in holding for part in path.strip("/").split("/") if part}
    return BusinessUnit.objects.filter(pk__in=ids).order_by("path")


def units_for_registration(*, user) -> QuerySet[BusinessUnit]:
    """Every unit, for the CoE registering an initiative; none for anyone else."""
    if not access.holds_global_role(user=user, role=Role.COE_ADMIN):
        return BusinessUnit.objects.none()
    return BusinessUnit.objects.order_by("path")


def people_for_registration() -> QuerySet:
    """Active people who can be made owner or sponsor of an initiative."""
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def owners_visible(*, user) -> QuerySet:
    """People who own an initiative ``user`` may see, by name."""
    return User.objects.filter(Exists(initiative_rows_visible(user=user).filter(owner=OuterRef("pk")))).order_by(
        "first_name", "last_name", "username"
    )


def owners_matching(*, user, text: str, limit: int = 20) -> list:
    """The first ``limit`` owners (see ``owners_visible``) whose username or name contains ``text``, to suggest
    while someone types in the board's owner filter: never the whole list, which grows with the portfolio."""
    text = text.strip()
    if not text:
        return []
    named = Q(username__icontains=text) | Q(first_name__icontains=text) | Q(last_name__icontains=text)
    return list(owners_visible(user=user).filter(named)[:limit])


def cohorts_visible(*, user) -> list[str]:
    """Quarters in which the initiatives ``user`` may see were created, newest first, as "2026Q3".

    One query that hops from quarter to quarter (a recursive CTE: the first creation time at or after the start of
    the next quarter, read from the index on ``created_at``), so it costs one index probe per quarter of history,
    not a pass over every initiative."""
    try:
        visible, params = initiative_rows_visible(user=user).order_by().values("created_at").query.sql_with_params()
    except EmptyResultSet:
        return []
    zone = timezone.get_current_timezone_name()
    sql = f"""
        WITH RECURSIVE quarter(start) AS (
            SELECT date_trunc('quarter', min(v.created_at) AT TIME ZONE %s) FROM ({visible}) v
            UNION ALL
            SELECT (
                SELECT date_trunc('quarter', min(v.created_at) AT TIME ZONE %s) FROM ({visible}) v
                WHERE v.created_at >= (quarter.start + interval '3 months') AT TIME ZONE %s
            )
            FROM quarter WHERE quarter.start IS NOT NULL
        )
        SELECT start FROM quarter WHERE start IS NOT NULL
    """  # noqa: S608 (the visible set's SQL is Django's own, its values are bound)
    with connection.cursor() as cursor:
        cursor.execute(sql, [zone, *params, zone, *params, zone])
        starts = [row[0] for row in cursor.fetchall()]
    return [f"{q.year}Q{(q.month - 1) // 3 + 1}" for q in sorted(starts, reverse=True)]


def stale_criteria(*, today: datetime.date) -> QuerySet[GateCriterion]:
    """Criteria that are stale as of ``today``, whether or not the sweep has marked them yet (for health flags)."""
    expires = ExpressionWrapper(F("evidence_date") + F("template__validity_days"), output_field=DateField())
    return GateCriterion.objects.alias(expires=expires).filter(
        Q(status=CriterionStatus.STALE)
        | Q(status=CriterionStatus.MET, expires__lt=today)
        | Q(status=CriterionStatus.WAIVED, waiver_expires_on__lt=today)
    )


def page_with_total(queryset: QuerySet, number, *, per_page: int) -> Page:
    """A page of ``queryset`` with the number of all its rows counted by the same query (``COUNT(*) OVER ()``): a
    list sorted in the database computes every matching row anyway, and a separate count would compute them again.
    Like ``Paginator.get_page``: a page number that is not one gives the first page, one past the end the last."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(queryset.annotate(rows_in_all=Window(Count("*")))[start : start + per_page])
    paginator = Paginator(queryset, per_page)
    if not rows and number > 1:
        return paginator.get_page(number)  # past the end: counted apart, then the last page
    paginator.count = rows[0].rows_in_all if rows else 0
    return Page(rows, number, paginator)
