"""What each kind of notification says, rendered in whatever language is active when it is called.

A notification stores its kind and a JSON context of plain values (keys, dates, numbers, role and phase codes);
the subject and message are built from them here, so the same notification can be rendered again in the
recipient's language when it is emailed. Phase, role and decision names are translated at rendering time.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adoption.choices import FailureMode, Phase, Role
from governance.choices import Decision, NotificationKind


def _phase(code: str | None) -> str:
    return str(Phase(code).label).lower() if code in Phase.values else (code or "")


def _roles(codes: list[str] | None) -> str:
    return ", ".join(str(Role(code).label) if code in Role.values else code for code in codes or [])


def _days(n: int) -> str:
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


def _phase_time_box(c: dict) -> tuple[str, str]:
    values = {
        "key": c["key"],
        "title": c["title"],
        "phase": _phase(c["phase"]),
        "percent": c["percent"],
        "deadline": c["deadline"],
        "left": _days(max(c.get("days_left", 0), 0)),
        "over": _days(max(c.get("days_over", 0), 0)),
    }
    if c.get("escalation"):
        return (
            _("Escalation: %(key)s is %(over)s past the end of its %(phase)s phase") % values,
            _(
                "“%(title)s” should have left %(phase)s by %(deadline)s and has used %(percent)s%% of its time box "
                "(time on hold not counted). As its business sponsor, decide with the owner and the CoE whether to "
                "push it through the gate, extend the phase with a reason, put it on hold or stop it."
            )
            % values,
        )
    if c["threshold"] >= 100:
        return (
            _("%(key)s is overdue: its %(phase)s phase ended on %(deadline)s") % values,
            _(
                "“%(title)s” is %(over)s past the planned end of %(phase)s (%(deadline)s). Request the gate review "
                "if the criteria are met, or ask the CoE to extend the phase with a reason."
            )
            % values,
        )
    return (
        _("%(key)s has used %(percent)s%% of its %(phase)s time box") % values,
        _(
            "“%(title)s” has %(left)s left in %(phase)s (planned end %(deadline)s; time on hold is not counted). "
            "Check which gate criteria are still open."
        )
        % values,
    )


def _gate_review_waiting(c: dict) -> tuple[str, str]:
    values = {
        "key": c["key"],
        "title": c["title"],
        "phase": _phase(c["phase"]),
        "days": _days(c["days_open"]),
        "slots": _roles(c.get("slots")),
    }
    if c.get("escalation"):
        return (
            _("Gate review of %(key)s has waited %(days)s for sign-off") % values,
            _(
                "The %(phase)s gate review of “%(title)s” has been open for %(days)s. Still unsigned: %(slots)s. "
                "Chase the signers, or make sure someone holds each of these roles."
            )
            % values,
        )
    return (
        _("Your sign-off is awaited: %(key)s, %(phase)s gate") % values,
        _(
            "The %(phase)s gate review of “%(title)s” has waited %(days)s for a decision. You can sign: %(slots)s. "
            "Approve, reject or request changes."
        )
        % values,
    )


def _compliance_review_due(c: dict) -> tuple[str, str]:
    rel = c["days_relative"]
    values = {
        "key": c["key"],
        "title": c["title"],
        "due": c["due_on"],
        "in": _days(-rel),
        "late": _days(rel),
        "assignee": c.get("assignee") or _("nobody"),
    }
    if c.get("escalation"):
        return (
            _("Escalation: the compliance review of %(key)s is %(late)s overdue") % values,
            _(
                "The periodic compliance review of “%(title)s” was due on %(due)s and is still open (assigned to "
                "%(assignee)s). Make sure it is done or reassigned."
            )
            % values,
        )
    if rel < 0:
        return (
            _("Compliance review of %(key)s due in %(in)s") % values,
            _("The periodic compliance review of “%(title)s” is due on %(due)s.") % values,
        )
    if rel == 0:
        return (
            _("Compliance review of %(key)s is due today") % values,
            _("The periodic compliance review of “%(title)s” is due today (%(due)s).") % values,
        )
    return (
        _("Compliance review of %(key)s is %(late)s overdue") % values,
        _("The periodic compliance review of “%(title)s” was due on %(due)s and is still open.") % values,
    )


def _waiver_expiring(c: dict) -> tuple[str, str]:
    values = {
        "key": c["key"],
        "criterion": c["criterion"],
        "date": c["expires_on"],
        "in": _days(c["days_left"]),
        "author": c.get("waived_by") or "",
    }
    return (
        _("A waiver on %(key)s expires in %(in)s") % values,
        _(
            "The waiver of “%(criterion)s” (granted by %(author)s) expires on %(date)s. After that the criterion "
            "turns stale and blocks the gate: record evidence and mark it met, or have the waiver renewed."
        )
        % values,
    )


def _criterion_stale(c: dict) -> tuple[str, str]:
    values = {"key": c["key"], "criterion": c["criterion"], "date": c.get("waiver_expires_on") or ""}
    subject = _("“%(criterion)s” on %(key)s has gone stale") % values
    if c.get("waiver_expires_on"):
        return subject, _(
            "Its waiver expired on %(date)s. Record evidence and mark it met, or have the waiver renewed; until then "
            "the gate cannot pass."
        ) % values
    return subject, _(
        "Its evidence is older than the criterion's validity. Record fresh evidence; until then the gate cannot pass."
    ) % values


def _executive_digest(c: dict) -> tuple[str, str]:
    status = c.get("by_status", {})
    values = {
        "week": c["week"],
        "total": c.get("total", 0),
        "active": status.get("active", 0),
        "production": status.get("in_production", 0),
        "hold": status.get("on_hold", 0),
        "stopped": status.get("stopped", 0),
        "overdue": c.get("overdue", 0),
    }
    return (
        _("GenAI portfolio digest, week %(week)s") % values,
        _(
            "%(total)s initiatives: %(active)s in a phase (%(overdue)s overdue), %(production)s in production, "
            "%(hold)s on hold, %(stopped)s stopped."
        )
        % values,
    )


def _review_requested(c: dict) -> tuple[str, str]:
    values = {
        "key": c["key"],
        "title": c["title"],
        "phase": _phase(c["phase"]),
        "by": c.get("actor", ""),
        "slots": _roles(c.get("slots")),
    }
    return (
        _("Gate review requested: %(key)s, %(phase)s gate") % values,
        _("%(by)s asked to take “%(title)s” through its %(phase)s gate. You can sign: %(slots)s.") % values,
    )


def _signoff_recorded(c: dict) -> tuple[str, str]:
    values = {
        "key": c["key"],
        "title": c["title"],
        "phase": _phase(c["phase"]),
        "by": c.get("actor", ""),
        "slot": _roles([c["slot"]]),
        "comment": c.get("comment", ""),
    }
    if c["decision"] == Decision.APPROVE:
        subject = _("%(by)s approved the %(slot)s slot of %(key)s") % values
        message = _("The %(phase)s gate review of “%(title)s” has a new approval.") % values
    elif c["decision"] == Decision.REJECT:
        subject = _("%(by)s rejected the %(phase)s gate of %(key)s") % values
        message = _("The review is closed. Their comment: %(comment)s") % values
    else:
        subject = _("%(by)s requested changes to the %(phase)s gate of %(key)s") % values
        message = _("The review is closed; rework and request it again. Their comment: %(comment)s") % values
    return subject, message


def _review_stale(c: dict) -> tuple[str, str]:
    values = {"key": c["key"], "title": c["title"], "phase": _phase(c["phase"]), "slots": _roles(c.get("slots"))}
    return (
        _("Please sign again: the %(phase)s gate review of %(key)s changed") % values,
        _(
            "The evidence or the risk tier of “%(title)s” changed while its %(phase)s gate review was open, so "
            "approvals given before no longer count. You can sign: %(slots)s."
        )
        % values,
    )


def _initiative_advanced(c: dict) -> tuple[str, str]:
    values = {"key": c["key"], "title": c["title"], "from": _phase(c.get("from_phase")), "to": _phase(c["phase"])}
    return (
        _("%(key)s passed its %(from)s gate and is now in %(to)s") % values,
        _("“%(title)s” entered %(to)s; its new gate criteria and time box start today.") % values,
    )


def _initiative_entered_production(c: dict) -> tuple[str, str]:
    values = {"key": c["key"], "title": c["title"]}
    return (
        _("%(key)s is in production") % values,
        _("“%(title)s” passed its scaling gate. Periodic compliance reviews start now.") % values,
    )


def _initiative_stopped(c: dict) -> tuple[str, str]:
    mode = c.get("failure_mode")
    values = {
        "key": c["key"],
        "title": c["title"],
        "reason": c.get("reason", ""),
        "mode": str(FailureMode(mode).label) if mode in FailureMode.values else _("not a failure"),
    }
    return (
        _("%(key)s was stopped") % values,
        _("“%(title)s” was stopped (%(mode)s). Reason: %(reason)s") % values,
    )


def _initiative_held(c: dict) -> tuple[str, str]:
    values = {"key": c["key"], "title": c["title"], "reason": c.get("reason", "")}
    return (
        _("%(key)s was put on hold") % values,
        _("“%(title)s” is on hold; its phase clock is paused. Reason: %(reason)s") % values,
    )


TEXTS: dict[str, Callable[[dict], tuple[str, str]]] = {
    NotificationKind.PHASE_TIME_BOX: _phase_time_box,
    NotificationKind.GATE_REVIEW_WAITING: _gate_review_waiting,
    NotificationKind.COMPLIANCE_REVIEW_DUE: _compliance_review_due,
    NotificationKind.WAIVER_EXPIRING: _waiver_expiring,
    NotificationKind.CRITERION_STALE: _criterion_stale,
    NotificationKind.EXECUTIVE_DIGEST: _executive_digest,
    NotificationKind.REVIEW_REQUESTED: _review_requested,
    NotificationKind.SIGNOFF_RECORDED: _signoff_recorded,
    NotificationKind.REVIEW_STALE: _review_stale,
    NotificationKind.INITIATIVE_ADVANCED: _initiative_advanced,
    NotificationKind.INITIATIVE_ENTERED_PRODUCTION: _initiative_entered_production,
    NotificationKind.INITIATIVE_STOPPED: _initiative_stopped,
    NotificationKind.INITIATIVE_HELD: _initiative_held,
}


def notification_texts(kind: str, context: dict) -> tuple[str, str]:
    """(subject, message) of a notification in the active language."""
    subject, message = TEXTS[kind](context)
    # A subject is one header line, whatever a title or a name contains.
    return " ".join(subject.split())[:300], message


def _value_labels() -> dict[str, str]:
    return {
        "hypothesised_annual_benefit": _("Hypothesised annual benefit"),
        "hypothesised_net_annual_value": _("Hypothesised net annual value"),
        "production_hypothesised_net_annual_value": _("Hypothesised net annual value in production"),
        "realised_benefit_12m": _("Realised benefit, last 12 months"),
        "realised_net_value_12m": _("Realised net value, last 12 months"),
    }


def display_data(kind: str, context: dict) -> dict:
    """``context`` with its codes replaced by names in the active language, for the email templates."""
    if kind != NotificationKind.EXECUTIVE_DIGEST:
        return context
    value = dict(context.get("value", {}))
    currency = value.pop("currency", "")
    labels = _value_labels()
    return {
        **context,
        "value": {
            labels.get(name, name.replace("_", " ").capitalize()): f"{amount} {currency}".strip()
            for name, amount in value.items()
        },
        "phases": [{**row, "phase": _phase(row["phase"]).capitalize()} for row in context.get("phases", [])],
        "stops_by_failure_mode": {
            (str(FailureMode(mode).label) if mode in FailureMode.values else mode): count
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
        return _("Open the gate review")
    if kind == NotificationKind.COMPLIANCE_REVIEW_DUE:
        return _("Open the compliance review")
    if kind == NotificationKind.EXECUTIVE_DIGEST:
        return _("Open the funnel")
    return _("Open the initiative")
