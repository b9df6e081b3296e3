"""Reads behind the pages that need both apps: the portfolio board's cards with health flags, an initiative's open
review and pending risk-tier change, and who may sign a slot. Restricted to what the user may see.

The board costs three queries whatever the size of the portfolio: the cards it shows are read from an index in the
board's order and their health flags worked out for them alone; the column totals come from the running totals
unless a filter narrows the board (see ``board_columns``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from adoption import display
from adoption.choices import FailureMode, ImportedStage, Phase, RiskTier, Status
from adoption.display import choice_labels, time_box_words
from adoption.models import Initiative, RoiVersion
from adoption.models.clock import overdue_condition, phase_clock
from adoption.selectors.criteria import stale_criteria
from adoption.selectors.initiatives import initiative_list_visible
from core.pagination import page_with_total
from core.web import person_name
from governance.choices import ReviewStatus
from governance.models import GateReview

User = get_user_model()
REVIEW_WAIT_DAYS = 7
COLUMN_LIMIT = 50

COLUMNS = (
    (Phase.EXPLORATION, Phase.EXPLORATION.label),
    (Phase.VALIDATION, Phase.VALIDATION.label),
    (Phase.SCALING, Phase.SCALING.label),
    (Status.ON_HOLD, Status.ON_HOLD.label),
    (Status.IN_PRODUCTION, Status.IN_PRODUCTION.label),
    (Status.STOPPED, Status.STOPPED.label),
    (Status.RETIRED, Status.RETIRED.label),
)
# Health flags of a card (PRODUCT.md §6): annotation, label, and whether it is a warning rather than an alarm.
HEALTH_FLAGS = (
    ("flag_overdue", _("Overdue"), False),
    ("flag_stale", _("Stale criterion"), True),
    ("flag_no_roi", _("No ROI estimate in this phase"), True),
    ("flag_review_waiting", _("Review waiting over 7 days"), False),
)


def board_cards(*, user, now: datetime.datetime | None = None) -> QuerySet[Initiative]:
    """Visible initiatives with their board column and the overdue flag (the health flags that need sub-queries
    come from ``with_health_flags``, for the rows actually shown or exported); voided ones are not on the board."""
    now = now or timezone.now()
    return (
        initiative_list_visible(user=user)
        .exclude(status=Status.VOIDED)
        .select_related("business_unit", "owner")
        .annotate(
            column=Case(When(status=Status.ACTIVE, then=F("phase")), default=F("status"), output_field=CharField()),
            flag_overdue=Case(When(overdue_condition(now), then=Value(True)), default=Value(False)),
        )
    )


def with_health_flags(
    queryset: QuerySet[Initiative], *, now: datetime.datetime | None = None, among: list[int] | None = None
) -> QuerySet[Initiative]:
    """Add the health flags that need a sub-query (PRODUCT.md §6): a stale criterion in the current phase, no ROI
    version recorded in the current phase, an open gate review waiting more than seven days.

    ``among`` names the only initiatives asked about (the board's shown cards): the review look-up is then kept to
    them, where PostgreSQL would otherwise hash every waiting review of the portfolio to answer a few hundred rows.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    in_phase = Q(status__in=[Status.ACTIVE, Status.ON_HOLD])
    stale = stale_criteria(today=today).filter(initiative=OuterRef("pk"), phase=OuterRef("phase"))
    roi_in_phase = RoiVersion.objects.filter(initiative=OuterRef("pk"), phase=OuterRef("phase"))
    waiting = GateReview.objects.filter(
        initiative=OuterRef("pk"),
        status=ReviewStatus.OPEN,
        requested_at__lt=now - datetime.timedelta(days=REVIEW_WAIT_DAYS),
    )
    if among is not None:
        waiting = waiting.filter(initiative__in=id_list(among))
    true, false = Value(True), Value(False)
    return queryset.annotate(
        flag_stale=Case(When(in_phase & Exists(stale), then=true), default=false, output_field=BooleanField()),
        flag_no_roi=Case(When(in_phase & ~Exists(roi_in_phase), then=true), default=false, output_field=BooleanField()),
        flag_review_waiting=Exists(waiting),
    )


def filter_board(
    queryset: QuerySet[Initiative],
    *,
    business_unit=None,
    risk_tier: str = "",
    owners: list | None = None,
    overdue: bool = False,
    failure_mode: str = "",
    text: str = "",
    now: datetime.datetime | None = None,
    tag=None,
) -> QuerySet[Initiative]:
    """Narrow the board: a unit and its sub-units, a risk tier, owners (``people_named``), overdue only, a failure
    mode (primary or contributing, of stopped initiatives), or words in the key or title."""
    if business_unit is not None:
        queryset = queryset.filter(business_unit__path__startswith=business_unit.path)
    if risk_tier:
        queryset = queryset.filter(risk_tier=risk_tier)
    if owners is not None:
        queryset = queryset.filter(owner__in=owners)
    if overdue:
        # The flag's own condition on the columns rather than the flag: the planner can then skip the columns
        # that cannot hold an overdue card and walk the others by deadline.
        queryset = queryset.overdue(now)
    if failure_mode in FailureMode.values:
        # Only a stop records failure modes, and stopped is final: the other columns are left out at no cost.
        queryset = queryset.filter(
            Q(stop_primary_failure_mode=failure_mode) | Q(stop_contributing_modes__contains=[failure_mode]),
            status=Status.STOPPED,
        )
    text = text.strip()
    if text:
        queryset = queryset.filter(Q(key__iexact=text) | Q(title__icontains=text))
    if tag is not None:
        # A programme or cohort (``adoption.models.tags``): one semi-join, whatever the number of tags.
        queryset = queryset.filter(tags=tag)
    return queryset


class _Person:
    """An owner's names as a card reads them, for ``core.web.person_name`` (the user model's own methods) without
    building a user per card."""

    __slots__ = ("first_name", "last_name", "username")
    USERNAME_FIELD = User.USERNAME_FIELD
    get_full_name = User.get_full_name
    get_username = User.get_username

    def __init__(self, username: str, first_name: str, last_name: str):
        self.username, self.first_name, self.last_name = username, first_name, last_name


class Card:
    """A board card: the plain values of one initiative (``CARD_FIELDS``, its column and health flags) and what the
    card says of them, worked out once in Python; no model instance per card."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


@dataclass
class Column:
    key: str
    label: str
    cards: list[Card]
    total: int

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


def column_condition(key: str) -> Q:
    """The cards of one board column, as conditions an index on (status, phase, deadline) can serve."""
    if key in Phase.values:
        return Q(status=Status.ACTIVE, phase=key)
    return Q(status=key)


def _column_of(status: str, phase: str) -> str:
    return phase if status == Status.ACTIVE else status


URGENT_FIRST = ("planned_phase_end", "number")
# What a card shows (and its phase clock reads): a few hundred cards of the initiative's 45 columns and the owner's
# password hash would cost more to fetch and build than to show.
CARD_FIELDS = (
    "number",
    "key",
    "title",
    "phase",
    "status",
    "risk_tier",
    "phase_entered_at",
    "planned_phase_end",
    "phase_held_seconds",
    "hold_started_at",
    "production_entered_at",
    "retired_at",
    "stop_primary_failure_mode",
    "stop_not_a_failure",
    "business_unit__name",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
    "imported_at_phase",
)


def id_list(ids: list[int]) -> RawSQL:
    """``ids`` for an ``__in`` filter as one array parameter: hundreds of separate placeholders cost more to build
    and send than the query they select (a board shows up to 350 cards)."""
    return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])


def board_columns(
    queryset: QuerySet[Initiative], *, limit: int | None = None, counts: dict[tuple[str, str], int] | None = None
) -> list[Column]:
    """The board's columns, each with its first ``limit`` cards (default ``COLUMN_LIMIT``; most urgent first) and its
    full count.

    Three queries: the column totals (``counts`` per (status, phase) when the caller has them, e.g. from the running
    totals, ``adoption.selectors.funnel.status_counts``; else a count grouped by status and phase, which an index on
    the two answers without reading the table, the one cost that follows the number of matching initiatives), the
    ids of the first cards of every column (one ``ORDER BY … LIMIT`` per column, glued with UNION ALL, each read in
    deadline order from an index), and those cards' plain values with their health flags (``cards_prepared``), so
    the flags' sub-queries run for the cards shown and never for the whole portfolio.
    """
    limit = limit or COLUMN_LIMIT
    totals: dict[str, int] = {key: 0 for key, _label in COLUMNS}
    if counts is None:
        # COUNT(*) rather than of a column: an index on (status, phase) then answers without reading the table.
        counts = dict(
            ((status, phase), n)
            for status, phase, n in queryset.order_by().values_list("status", "phase").annotate(n=Count("*"))
        )
    for (status, phase), count in counts.items():
        column = _column_of(status, phase)
        totals[column] = totals.get(column, 0) + count
    branches = [
        queryset.filter(column_condition(key)).order_by(*URGENT_FIRST).values_list("pk", flat=True)[:limit]
        for key, _label in COLUMNS
        if totals[key]
    ]
    if len(branches) > 1:
        # The outer query of a UNION takes the first branch's order, which names no column of the result.
        ids = list(branches[0].union(*branches[1:], all=True).order_by())
    else:
        ids = list(branches[0]) if branches else []
    now = timezone.now()
    rows = []
    if ids:
        shown = with_health_flags(queryset.filter(pk__in=id_list(ids)), now=now, among=ids)
        rows = shown.order_by(*URGENT_FIRST).values("pk", "column", *CARD_FIELDS, *FLAG_NAMES)
    cards = cards_prepared(rows, now=now)
    by_column: dict[str, list[Card]] = {key: [] for key, _label in COLUMNS}
    for card in cards:
        by_column.setdefault(card.column, []).append(card)
    regime_classes_attach(cards)
    return [Column(key=key, label=label, cards=by_column[key], total=totals[key]) for key, label in COLUMNS]


FLAG_NAMES = tuple(name for name, _label, _warning in HEALTH_FLAGS)


def cards_prepared(rows, *, now: datetime.datetime) -> list[Card]:
    """The board's cards from their plain values: everything a card says, each label translated and each date and
    name formatted once per distinct value rather than once per card (a board shows up to 350)."""
    flags = [(name, str(label), warning) for name, label, warning in HEALTH_FLAGS]
    risk_tiers, failure_modes = choice_labels(RiskTier), choice_labels(FailureMode)
    stages = choice_labels(ImportedStage)
    # The initiative page's address, built once: reversing it for each card costs more than the card.
    marker = "0" * 8
    link = reverse("governance:initiative", args=[marker])
    select = gettext("Select %(key)s")
    since, retired = gettext("In production since %(date)s"), gettext("Retired on %(date)s")
    dates: dict[datetime.date, str] = {}
    owners: dict[tuple, str] = {}
    clocks: dict = {}

    def date(moment) -> str:
        day = timezone.localdate(moment)
        if day not in dates:
            dates[day] = display.date(day)
        return dates[day]

    cards = []
    for row in rows:
        card = Card(row)
        card.url = link.replace(marker, quote(card.key))
        card.select_label = select % {"key": card.key}
        card.clock = phase_clock(card, now)
        if card.clock is not None and card.clock not in clocks:
            clocks[card.clock] = time_box_words(card.clock)
        card.clock_words = clocks.get(card.clock)
        card.flags = [(label, warning) for name, label, warning in flags if row[name]]
        card.risk_label = risk_tiers.get(card.risk_tier, card.risk_tier)
        card.failure_label = failure_modes.get(card.stop_primary_failure_mode, "")
        person = (row["owner__username"], row["owner__first_name"], row["owner__last_name"])
        if person not in owners:
            owners[person] = person_name(_Person(*person))
        card.owner_name = owners[person]
        card.unit_name = row["business_unit__name"]
        card.since = since % {"date": date(card.production_entered_at)} if card.production_entered_at else ""
        card.retired = retired % {"date": date(card.retired_at)} if card.retired_at else ""
        if card.imported_at_phase:
            # What ``imports/_imported.html`` reads of an initiative.
            card.get_imported_at_phase_display = stages.get(card.imported_at_phase, card.imported_at_phase)
        cards.append(card)
    return cards


def regime_classes_attach(cards) -> None:
    """Each card's current regulatory classifications (regime name, class, tier; ``regimes`` keeps them, read through
    the relation) as ``card.regime_classes``: one query for all the cards, none without cards."""
    from regimes.texts import words

    cards = list(cards)
    if not cards:
        return
    found: dict[int, list[dict]] = {}
    tiers = choice_labels(RiskTier)
    rows = (
        Initiative.objects.filter(pk__in=[c.pk for c in cards], regime_classifications__is_current=True)
        .order_by("pk", "regime_classifications__regime__order", "regime_classifications__regime__code")
        .values_list(
            "pk",
            "regime_classifications__regime_version__content__name",
            "regime_classifications__class_code",
            "regime_classifications__tier",
        )
    )
    for pk, name, class_code, tier in rows:
        found.setdefault(pk, []).append(
            {"regime": words(name), "class_code": class_code, "tier": tier, "tier_label": tiers.get(tier, tier)}
        )
    for card in cards:
        card.regime_classes = found.get(card.pk, [])


# The portfolio table: the board's cards as rows, sorted by a column and read a page at a time.
TABLE_PAGE_SIZE = 50
# Pages past this are not served: an offset costs what it skips, so the deepest page costs at most
# TABLE_MAX_PAGES × TABLE_PAGE_SIZE rows read in order; narrower filters (or the CSV) reach the rest.
TABLE_MAX_PAGES = 100


def _choice_rank(field: str, values: list[str]) -> Case:
    return Case(*(When(**{field: value}, then=Value(n)) for n, value in enumerate(values)), default=Value(len(values)))


# Each sortable column: the expressions it sorts by (the key's number breaks ties, in the same direction).
TABLE_SORTS: dict[str, tuple] = {
    "key": (),
    "title": (Lower("title"),),
    "phase": (_choice_rank("phase", list(Phase.values)), _choice_rank("status", list(Status.values))),
    "unit": (Lower("business_unit__name"),),
    "owner": (Lower("owner__first_name"), Lower("owner__last_name"), Lower("owner__username")),
    # Days left in the time box: the most overdue first (the phase clock's deadline; time on hold has been added).
    "deadline": ("planned_phase_end",),
    "risk": (_choice_rank("risk_tier", list(RiskTier.values)),),
    "net_value": ("net_value",),
}
TABLE_DEFAULT_SORT = "key"


def table_sort(value: str) -> tuple[str, bool]:
    """The column and direction named by ``value`` (``"owner"``, ``"-net_value"``); an unknown name sorts by key."""
    descending = value.startswith("-")
    column = value.removeprefix("-")
    if column not in TABLE_SORTS:
        return TABLE_DEFAULT_SORT, False
    return column, descending


def portfolio_table(
    queryset: QuerySet[Initiative], *, sort: str = TABLE_DEFAULT_SORT, page=1, now: datetime.datetime | None = None
):
    """One page of the portfolio table (``board_cards`` narrowed by ``filter_board``), sorted by ``sort`` (see
    ``table_sort``), each row with its phase clock and latest ROI estimate's net annual value (in the reporting
    currency; None without an estimate).

    One query whatever the size of the portfolio (the page and the number of all rows together,
    ``core.pagination.page_with_total``); a page past ``TABLE_MAX_PAGES`` is served as the last page allowed.
    """
    now = now or timezone.now()
    column, descending = table_sort(sort)
    # The current estimate is kept on the initiative (``current_roi``): one join, no look-up per row.
    rows = queryset.annotate(net_value=F("current_roi__reporting_net_annual_value")).only(*CARD_FIELDS)
    order = [*TABLE_SORTS[column], "number"]
    order = [
        (F(term).desc(nulls_last=True) if descending else F(term).asc(nulls_last=True))
        if isinstance(term, str)
        else (term.desc(nulls_last=True) if descending else term.asc(nulls_last=True))
        for term in order
    ]
    try:
        number = min(max(int(page), 1), TABLE_MAX_PAGES)
    except (TypeError, ValueError):
        number = 1
    result = page_with_total(rows.order_by(*order), number, per_page=TABLE_PAGE_SIZE)
    risk_tiers = choice_labels(RiskTier)
    for row in result.object_list:
        row.clock = row.phase_clock(now)
        row.clock_words = time_box_words(row.clock) if row.clock else None
        row.risk_label = risk_tiers.get(row.risk_tier, row.risk_tier)
        row.owner_name = row.owner.get_full_name() or row.owner.username
    result.capped = result.paginator.num_pages > TABLE_MAX_PAGES
    return result
