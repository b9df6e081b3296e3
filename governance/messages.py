"""What each kind of notification says, rendered in a given language from its kind and stored context alone.

A notification stores its kind and a JSON context of plain values (keys, dates, numbers, role and phase codes).
Its words are a template per kind (``templates/notifications/<kind>.txt``, a ``subject`` and a ``body`` partial,
each sentence translated with a context naming the notification); this module turns the stored codes into names
and renders them. Nothing here reads the database, so a notification can be rendered again in any language, when
it is shown or emailed, from what its row holds.
"""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from django.conf import settings
from django.template import Context, TemplateDoesNotExist
from django.template.base import render_value_in_context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.translation import npgettext, pgettext

from adoption import display
from adoption.choices import FailureMode, Phase, Role
from adoption.models.clock import days_left_until
from governance.choices import NotificationKind


def _phase(code: str | None) -> str:
    return display.choice_label(Phase, code).lower() if code in Phase.values else (code or "")


def _roles(codes: list[str] | None) -> str:
    return ", ".join(display.choice_label(Role, code) for code in codes or [])


def _days(n: int) -> str:
    return npgettext("notification: a number of days", "%(n)d day", "%(n)d days", n) % {"n": n}


def _values(context: dict) -> dict:
    """A notification's stored context as its template reads it: codes turned into names and counts of days into
    words, in the active language."""
    c = context
    values = dict(c)
    if "phase" in c:
        values["phase"] = _phase(c["phase"])
        values["to"] = values["phase"]
    if "from_phase" in c:
        values["from"] = _phase(c["from_phase"])
    if "slots" in c:
        values["slots"] = _roles(c["slots"])
    if "slot" in c:
        values["slot"] = _roles([c["slot"]])
    if "advances_to" in c:
        values["advanced"] = (
            pgettext("notification: the initiative advanced to", "production")
            if c["advances_to"] == "production"
            else _phase(c["advances_to"])
        )
    if c.get("flags"):
        values["flagged"] = pgettext("notification: a list separator", ", ").join(
            display.data_text(title) for title in c["flags"]
        )
    if "days_open" in c:
        values["days"] = _days(c["days_open"])
    if "days_left" in c:
        values["left"] = _days(max(c["days_left"], 0))
        values["in"] = _days(c["days_left"])
    if "days_over" in c:
        values["over"] = _days(max(c["days_over"], 0))
    if "days_relative" in c:
        values["in"] = _days(-c["days_relative"])
        values["late"] = _days(c["days_relative"])
    # Dates and moments are stored as ISO text and written as the reader writes them, in their zone.
    values["due"] = display.date(c["due_on"]) if c.get("due_on") else ""
    expires = c.get("expires_on") or c.get("waiver_expires_on")
    values["date"] = display.date(expires) if expires else ""
    if c.get("deadline"):
        values["deadline"] = display.date(c["deadline"])
    if c.get("since"):
        values["since"] = display.date_time(c["since"]) if "T" in str(c["since"]) else c["since"]
    if "regime_names" in c:  # a regime's name as the catalogue stores it, in each language
        names = c["regime_names"] or {}
        language = (translation.get_language() or "en").lower()
        key = "zh-hant" if language.startswith("zh-hant") else "zh-hans" if language.startswith("zh") else "en"
        values["regime"] = names.get(key) or names.get("en") or ""
    values["by"] = c.get("actor", "")
    values["author"] = c.get("waived_by") or ""
    values["assignee"] = c.get("assignee") or pgettext("compliance review due: no assignee", "nobody")
    mode = c.get("failure_mode")
    values["mode"] = (
        display.choice_label(FailureMode, mode)
        if mode in FailureMode.values
        else pgettext("initiative stopped: no failure mode", "not a failure")
    )
    # Filings and incidents (the operations app): an authority's name stored per language, codes as names.
    if "authority" in c:
        from governance.questionnaire import words

        values["authority"] = words(c["authority"] or "")
    if c.get("severity"):
        from operations.choices import Severity

        values["severity"] = display.choice_label(Severity, c["severity"]).lower()
    if c.get("filing_kind"):
        from operations.choices import FilingKind

        values["filing"] = display.choice_label(FilingKind, c["filing_kind"]).lower()
    if c.get("due_at"):
        values["due_at"] = display.date_time(c["due_at"])
    if c.get("detected_at"):
        values["detected"] = display.date_time(c["detected_at"])
    if "by_status" in c or "total" in c:
        status = c.get("by_status", {})
        # The digest's counts, grouped as the tables below them are (1,250 initiatives). Only the digest has them:
        # written for every other notification too, they cost a third of a sweep's rendering.
        values.update(
            active=display.number(status.get("active", 0)),
            production=display.number(status.get("in_production", 0)),
            hold=display.number(status.get("on_hold", 0)),
            stopped=display.number(status.get("stopped", 0)),
            total=display.number(c.get("total", 0)),
            overdue=display.number(c.get("overdue", 0)),
        )
    return values


def as_of(kind: str, context: dict, now: datetime.datetime) -> dict:
    """``context`` with its counts of days taken at ``now`` (the reader's moment, dated in the active zone): the
    days left or past a phase's end by the phase clock's rule (``adoption.models.clock.days_left_until``), the days
    to or past a compliance review's due date and to a waiver's expiry — so a notification read three days past the
    end says three days, as the initiative page and the board's CSV do."""
    values = dict(context)
    try:
        if kind == NotificationKind.PHASE_TIME_BOX and "T" in str(context.get("deadline", "")):
            left = days_left_until(datetime.datetime.fromisoformat(context["deadline"]), now)
            values.update(days_left=max(left, 0), days_over=max(-left, 0))
        today = timezone.localdate(now)
        if kind == NotificationKind.COMPLIANCE_REVIEW_DUE and context.get("due_on"):
            values["days_relative"] = (today - datetime.date.fromisoformat(context["due_on"])).days
        if kind == NotificationKind.WAIVER_EXPIRING and context.get("expires_on"):
            values["days_left"] = (datetime.date.fromisoformat(context["expires_on"]) - today).days
    except (TypeError, ValueError):  # a stored value that is not a date: the counts stored with it stand
        return dict(context)
    return values


def notification_texts(kind: str, context: dict, language: str) -> tuple[str, str]:
    """(subject, message) of a notification in ``language``, from its kind's template
    (``templates/notifications/<kind>.txt``) and its stored context."""
    NotificationKind(kind)  # an unknown kind is an error, not a template to look for
    with translation.override(language):
        return _finished(*_rendered(kind, _values(context)))


def _rendered(kind: str, values: dict) -> tuple[str, str]:
    return (
        render_to_string(f"notifications/{kind}.txt#subject", values),
        render_to_string(f"notifications/{kind}.txt#body", values),
    )


def _finished(subject: str, message: str) -> tuple[str, str]:
    # A subject is one header line, whatever a title or a name contains.
    return " ".join(subject.split())[:300], message.strip()


# A placeholder for a printed value: no stored value holds a NUL character (PostgreSQL's text cannot).
_SLOT = re.compile(r"\x00(\d+)\x00")


@lru_cache(maxsize=64)
def _template_names(kind: str) -> tuple[tuple[str, ...], frozenset[str]] | None:
    """The names ``kind``'s template only prints (``{{ name }}``) and the names its tags read (conditions, plural
    counts); None when it prints anything else (a filter, an attribute), which only a full rendering writes right."""
    source = get_template(f"notifications/{kind}.txt").template.source
    printed = [expression.strip() for expression in re.findall(r"{{(.*?)}}", source, re.DOTALL)]
    if not all(re.fullmatch(r"[A-Za-z_]\w*", name) for name in printed):
        return None
    tags = [re.sub(r'"[^"]*"', "", tag) for tag in re.findall(r"{%(.*?)%}", source, re.DOTALL)]
    read = frozenset(word for tag in tags for word in re.findall(r"[A-Za-z_]\w*", tag))
    return tuple(sorted(set(printed) - read)), read


class NotificationTexts:
    """``notification_texts`` for many notifications at once, with the same result: each kind's template is rendered
    once per language and per value of what its tags read (a threshold, an escalation, a decision), with a
    placeholder for each value it only prints, and each notification's values are written into that. A first
    sweep over a large portfolio makes hundreds of thousands of reminders that differ only in such values."""

    # Shapes kept at most; a worker's renderer starts again past it (shapes are few: kinds, languages, thresholds).
    LIMIT = 5000

    def __init__(self):
        self._shapes: dict[tuple, tuple[str, str]] = {}

    def __call__(self, kind: str, context: dict, language: str) -> tuple[str, str]:
        names = _template_names(NotificationKind(kind))
        if names is None:
            return notification_texts(kind, context, language)
        printed, read = names
        with translation.override(language):
            values = _values(context)
            shape = (kind, language, json.dumps({name: values.get(name) for name in read}, sort_keys=True, default=str))
            if shape not in self._shapes:
                if len(self._shapes) >= self.LIMIT:
                    self._shapes.clear()
                slots = {name: f"\x00{index}\x00" for index, name in enumerate(printed)}
                self._shapes[shape] = _rendered(kind, {**values, **slots})
            # A printed value written as the template writes it (``{{ name }}``, no escaping in these templates).
            shown = Context(autoescape=False)
            written = [render_value_in_context(values[name], shown) if name in values else "" for name in printed]
        subject, message = (_SLOT.sub(lambda m: written[int(m.group(1))], text) for text in self._shapes[shape])
        return _finished(subject, message)


def _value_labels() -> dict[str, str]:
    return {
        "hypothesised_annual_benefit": pgettext("executive digest: value", "Hypothesised annual benefit"),
        "hypothesised_net_annual_value": pgettext("executive digest: value", "Hypothesised net annual value"),
        "production_hypothesised_net_annual_value": pgettext(
            "executive digest: value", "Hypothesised net annual value in production"
        ),
        "realised_benefit_12m": pgettext("executive digest: value", "Realised benefit, last 12 months"),
        "realised_net_value_12m": pgettext("executive digest: value", "Realised net value, last 12 months"),
    }


def _amount(amount, currency: str) -> str:
    try:
        return display.money(Decimal(str(amount)), currency or None)
    except InvalidOperation:  # not a number: shown as stored rather than not at all
        return f"{amount} {currency}".strip()


def display_data(kind: str, context: dict) -> dict:
    """``context`` with its codes replaced by names and its figures written as the active language writes them
    (CLDR, through ``adoption.display``), for the email templates."""
    if kind != NotificationKind.EXECUTIVE_DIGEST:
        return context
    value = dict(context.get("value", {}))
    currency = value.pop("currency", "")
    labels = _value_labels()
    return {
        **context,
        "value": {
            labels.get(name, name.replace("_", " ").capitalize()): _amount(amount, currency)
            for name, amount in value.items()
        },
        "phases": [
            {
                **row,
                "phase": _phase(row["phase"]).capitalize(),
                "active": display.number(row.get("active", 0)),
                "on_hold": display.number(row.get("on_hold", 0)),
                "conversion": None
                if row.get("conversion_percent") is None
                else display.percent(Decimal(row["conversion_percent"]) / 100),
                "median_days": None if row.get("median_days") is None else display.number(row["median_days"], 1),
            }
            for row in context.get("phases", [])
        ],
        "stops_by_failure_mode": {
            display.choice_label(FailureMode, mode): display.number(count)
            for mode, count in context.get("stops_by_failure_mode", {}).items()
        },
    }


def action_label(kind: str) -> str:
    """The words on the link to the page that needs action."""
    if kind in (
        NotificationKind.GATE_REVIEW_WAITING,
        NotificationKind.REVIEW_REQUESTED,
        NotificationKind.REVIEW_STALE,
        NotificationKind.SIGNOFF_RECORDED,
    ):
        return pgettext("notification email: link", "Open the gate review")
    if kind in (NotificationKind.COMPLIANCE_REVIEW_DUE, NotificationKind.COMPLIANCE_ACTION_DUE):
        return pgettext("notification email: link", "Open the compliance review")
    if kind == NotificationKind.EXECUTIVE_DIGEST:
        return pgettext("notification email: link", "Open the funnel")
    if kind in (NotificationKind.PROPOSAL_SUBMITTED, NotificationKind.PROPOSAL_DECIDED):
        return pgettext("notification email: link", "Open the proposal")
    if kind in (NotificationKind.FILING_DUE, NotificationKind.FILING_WAITING):
        return pgettext("notification email: link", "Open the filings register")
    if kind in (NotificationKind.INCIDENT_RECORDED, NotificationKind.INCIDENT_DEADLINE):
        return pgettext("notification email: link", "Open the incident register")
    return pgettext("notification email: link", "Open the initiative")


def shown_texts(notification) -> tuple[str, str]:
    """(subject, message) of a stored notification in the reader's current language, rendered from its kind and
    parameters; the sentences stored when it was made when it has no parameters or its kind is no longer known."""
    if not notification.context:
        return notification.subject, notification.message
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        current = as_of(notification.kind, notification.context, timezone.now())
        context = json.dumps(current, sort_keys=True, default=str)
        return _shown(notification.kind, context, language, timezone.get_current_timezone_name(), display.date_style())
    except (ValueError, TemplateDoesNotExist):
        return notification.subject, notification.message


@lru_cache(maxsize=4096)
def _shown(kind: str, context: str, language: str, zone: str, date_style: str) -> tuple[str, str]:
    # The zone and date style are part of the key: the same row reads differently in Taipei and in Berlin.
    return notification_texts(kind, json.loads(context), language)
