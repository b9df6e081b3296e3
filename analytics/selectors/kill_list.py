"""The kill list: open initiatives the CoE's kill rules flag for the portfolio review, each with its reasons.

Rules are data (``KillRule``: kind, N, switched on or off, names per language); each kind has one check here
(``CHECKS``), a function of the rule, the initiatives in scope and the moment, answering initiative id → the
reason's figures. A reason reads as a sentence from ``REASON_SENTENCES`` in the reader's language. The list costs
one query for the rules, one per rule switched on, and one for the initiatives flagged, whatever the portfolio's
size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from adoption import display
from adoption.choices import Phase, Status
from adoption.models import Initiative, RoiVersion
from adoption.models.clock import days_left_until, overdue_condition
from adoption.selectors.initiatives import initiative_list_visible
from analytics.choices import KillRuleKind
from analytics.models import KillRule
from analytics.value import has_confirmed_value
from core.exceptions import NotFound
from governance.choices import ReviewStatus
from governance.models import GateReview
from governance.questionnaire import words

# The initiatives a kill rule looks at: still moving (not stopped, retired or voided).
OPEN = (Status.ACTIVE, Status.ON_HOLD, Status.IN_PRODUCTION)

# kind → the reason as a sentence; its figures fill the placeholders (amounts in the reporting currency).
REASON_SENTENCES = {
    KillRuleKind.OVERDUE: _("Overdue by %(days)s days in %(phase)s (the rule: more than %(n)s)."),
    KillRuleKind.NET_VALUE_FALLING: ngettext_lazy(
        "Net annual value fell in the latest ROI estimate: from %(first)s to %(last)s.",
        "Net annual value fell in each of the last %(n)s ROI estimates: from %(first)s to %(last)s.",
        "estimates",
    ),
    KillRuleKind.NO_CONFIRMED_VALUE: _(
        "In production since %(since)s with no confirmed value (the rule: within %(n)s months)."
    ),
    KillRuleKind.REJECTED_AT_GATE: _("Rejected %(count)s times at the %(phase)s gate (the rule: %(n)s)."),
}

Figures = dict[str, str]


def reason_text(kind: str, figures: Figures) -> str:
    """A reason as a sentence in the active language, its amounts, dates and phase as the reader reads them."""
    shown = dict(figures)
    for name in ("first", "last"):
        if name in shown:
            shown[name] = display.money(shown[name])
    if "since" in shown:
        shown["since"] = display.date(datetime.date.fromisoformat(shown["since"]))
    if "phase" in shown:
        shown["phase"] = display.choice_label(Phase, shown["phase"])
    for name in ("days", "count", "n"):
        if name in shown:
            shown[name] = display.number(shown[name])
    # The plural form of a sentence that counts estimates is chosen by N.
    shown["estimates"] = int(figures.get("n", "0"))
    return str(REASON_SENTENCES[kind] % shown)


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` moved back by whole calendar months (the 31st becomes the month's last day)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (following - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def _overdue(rule: KillRule, scope: QuerySet, now: datetime.datetime) -> dict[int, Figures]:
    """Overdue (``adoption.models.clock``, the one home) by more than N days."""
    rows = scope.filter(overdue_condition(now - datetime.timedelta(days=rule.parameter))).values_list(
        "pk", "planned_phase_end", "phase"
    )
    found = {}
    for pk, end, phase in rows:
        days = -days_left_until(end, now)
        if days > rule.parameter:
            found[pk] = {"days": str(days), "phase": phase, "n": str(rule.parameter)}
    return found


def _net_value_falling(rule: KillRule, scope: QuerySet, now: datetime.datetime) -> dict[int, Figures]:
    """The net annual value (reporting currency) of each of the last N estimates is below the one before it."""
    n = rule.parameter
    values: dict[int, list] = defaultdict(list)
    rows = (
        RoiVersion.objects.filter(initiative__in=scope.values("pk"))
        .order_by("initiative_id", "version")
        .values_list("initiative_id", "reporting_net_annual_value")
    )
    for initiative_id, net in rows:
        values[initiative_id].append(net)
    found = {}
    for initiative_id, nets in values.items():
        last = nets[-(n + 1) :]
        if len(last) == n + 1 and all(later < earlier for earlier, later in pairwise(last)):
            found[initiative_id] = {"first": str(last[0]), "last": str(last[-1]), "n": str(n)}
    return found


def _no_confirmed_value(rule: KillRule, scope: QuerySet, now: datetime.datetime) -> dict[int, Figures]:
    """In production for more than N months without confirmed value (``analytics.value``, the seam)."""
    rows = (
        scope.filter(status=Status.IN_PRODUCTION, production_entered_at__lte=months_before(now, rule.parameter))
        .exclude(has_confirmed_value())
        .values_list("pk", "production_entered_at")
    )
    return {pk: {"since": timezone.localdate(since).isoformat(), "n": str(rule.parameter)} for pk, since in rows}


def _rejected_at_gate(rule: KillRule, scope: QuerySet, now: datetime.datetime) -> dict[int, Figures]:
    """At least N rejected reviews of the same phase's gate."""
    rows = (
        GateReview.objects.filter(initiative__in=scope.values("pk"), status=ReviewStatus.REJECTED)
        .values("initiative_id", "phase")
        .annotate(count=Count("pk"))
        .filter(count__gte=rule.parameter)
        .order_by("initiative_id", "phase")
    )
    return {
        row["initiative_id"]: {"count": str(row["count"]), "phase": row["phase"], "n": str(rule.parameter)}
        for row in rows
    }


CHECKS: dict[str, Callable[[KillRule, QuerySet, datetime.datetime], dict[int, Figures]]] = {
    KillRuleKind.OVERDUE: _overdue,
    KillRuleKind.NET_VALUE_FALLING: _net_value_falling,
    KillRuleKind.NO_CONFIRMED_VALUE: _no_confirmed_value,
    KillRuleKind.REJECTED_AT_GATE: _rejected_at_gate,
}


@dataclass(frozen=True)
class KillReason:
    kind: str
    rule_name: str
    figures: Figures

    @property
    def text(self) -> str:
        return reason_text(self.kind, self.figures)


@dataclass
class Flagged:
    initiative: Initiative
    reasons: list[KillReason] = field(default_factory=list)


def kill_rules() -> list[KillRule]:
    """Every kill rule, in order (one query)."""
    return list(KillRule.objects.order_by("order", "kind"))


def kill_rule_get(*, kind: str) -> KillRule:
    """The kill rule of ``kind``, or NotFound."""
    rule = KillRule.objects.filter(kind=kind).first()
    if rule is None:
        raise NotFound(gettext("No such kill rule."))
    return rule


def rule_name(rule: KillRule) -> str:
    """The rule's name in the reader's language (its stored names; the kind's label when it has none)."""
    return words(rule.names) or str(KillRuleKind(rule.kind).label)


def kill_list_of(scope: QuerySet, *, now: datetime.datetime) -> list[Flagged]:
    """The open initiatives of ``scope`` that a rule switched on flags, in key order, each with its reasons in the
    rules' order."""
    scope = scope.filter(status__in=OPEN)
    reasons: dict[int, list[KillReason]] = defaultdict(list)
    for rule in kill_rules():
        if not rule.enabled:
            continue
        for initiative_id, figures in CHECKS[rule.kind](rule, scope, now).items():
            reasons[initiative_id].append(KillReason(rule.kind, rule_name(rule), figures))
    if not reasons:
        return []
    initiatives = scope.filter(pk__in=list(reasons)).select_related("business_unit", "owner").order_by("number")
    return [Flagged(initiative, reasons[initiative.pk]) for initiative in initiatives]


def kill_list(*, user, now: datetime.datetime | None = None) -> list[Flagged]:
    """The kill list as ``user`` may see it: only initiatives visible to them."""
    return kill_list_of(initiative_list_visible(user=user), now=now or timezone.now())


def end_of_day(today: datetime.date) -> datetime.datetime:
    """The last moment of ``today`` in the active zone: the moment a day's figures are taken at."""
    return timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min))


def board_pack_kill_list(today: datetime.date) -> dict:
    """The whole portfolio's kill list at the end of ``today``, for the board pack: JSON-ready, sorted, amounts as
    strings, in no language (``reason_text()`` and the partial ``templates/boardpack/kill_list.html`` word it)."""
    flagged = kill_list_of(Initiative.objects.all(), now=end_of_day(today))
    return {
        "as_of": today.isoformat(),
        "rules": [
            {"kind": rule.kind, "parameter": rule.parameter, "enabled": rule.enabled, "names": rule.names}
            for rule in kill_rules()
        ],
        "initiatives": [
            {
                "key": item.initiative.key,
                "title": item.initiative.title,
                "business_unit": item.initiative.business_unit.name,
                "phase": item.initiative.phase,
                "status": item.initiative.status,
                "reasons": [{"kind": r.kind, "figures": dict(sorted(r.figures.items()))} for r in item.reasons],
            }
            for item in flagged
        ],
    }
