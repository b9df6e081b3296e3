"""The initiative's transition table and its gate: every edge with its sources, target, permission, gate and
effects, and what a gate requires.

``governance.services.lifecycle.initiative_transition`` applies any edge (lock → authorise → gate → apply → audit);
``governance.actions`` reads the same table to say which edges a person may take now and why not. Adding an edge
is a row here (and, for a new kind of effect, one function in the transition service).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption import display
from adoption.choices import CriterionStatus, HoldCause, Phase, RiskTier, Status
from adoption.models import GateCriterion, Initiative


class Target:
    """Where an edge takes the initiative, beyond a plain status."""

    SAME = "same"  # the status does not change (a gate review is opened)
    NEXT = "next"  # the next phase, or production after scaling
    PREVIOUS = "previous"  # the status it had before it was put on hold


class Effect:
    """What taking an edge does besides moving the status; each is applied by the transition service, in order."""

    OPEN_REVIEW = "open_review"  # open a gate review with its frozen snapshot and slots
    CLOSE_STINT = "close_stint"  # the phase's stay ends (advanced or stopped)
    ENTER_NEXT_PHASE = "enter_next_phase"  # clock reset, criteria instantiated; production after scaling
    START_HOLD = "start_hold"  # remember the status and cause; the phase clock stops
    END_HOLD = "end_hold"  # time on hold is added to the planned phase end
    CLOSE_OPEN_REVIEW = "close_open_review"  # an open gate review can no longer be decided: withdrawn
    RECORD_STOP = "record_stop"  # failure modes, reason, stopped_at
    RECORD_RETIREMENT = "record_retirement"
    CANCEL_COMPLIANCE_REVIEWS = "cancel_compliance_reviews"
    SCHEDULE_COMPLIANCE_REVIEW = "schedule_compliance_review"  # when the edge ends in production
    RECORD_VOID = "record_void"  # voided_at, the reason and, for a merge, the initiative that carries on


@dataclass(frozen=True)
class Edge:
    """One way an initiative changes state: what it needs and what it does.

    ``permission`` None means nobody takes the edge by asking: the approval of every slot of a gate review takes
    "advance", a failed compliance review and a prohibited tier take their holds; the service that decided it has
    authorised its actor already. ``permission_by_hold_cause`` overrides the permission when the initiative is on
    hold for that cause (a hold caused by compliance is lifted by compliance). ``verb`` names the audit event;
    ``refused`` is the headline of every refusal, ``forbidden`` the sentence when the permission is missing.
    """

    name: str
    sources: frozenset[str]
    target: str
    permission: str | None
    verb: str
    refused: str
    forbidden: str = ""
    # True when leaving through this edge requires the current phase's gate criteria to be satisfied.
    gated: bool = False
    gate_refused: str = ""
    effects: tuple[str, ...] = ()
    # Effects applied after the edge's own audit event (they record events of their own that follow it).
    after_audit: tuple[str, ...] = ()
    hold_cause: str = ""
    permission_by_hold_cause: dict[str, str] = field(default_factory=dict)
    # A check of ``EDGE_CHECKS`` the edge must pass besides its phase gate (the retirement checklist); its sentences
    # say what is left, headed by ``gate_refused``.
    check: str = ""

    @property
    def asked(self) -> bool:
        """Whether a person takes this edge by asking for it (an action a page or the API offers)."""
        return self.permission is not None


_LIVE = frozenset({Status.ACTIVE, Status.IN_PRODUCTION})
# Every status but voided: a mistaken registration may be voided (or merged) whatever became of it.
_NOT_VOIDED = frozenset(set(Status.values) - {Status.VOIDED})


def _void(name: str, verb: str, refused) -> Edge:
    """Voiding (``void``) or merging into another initiative (``merge``): the CoE's correction of a mistaken
    registration. Its records stay with it; it leaves the funnel, the board and the reminders."""
    return Edge(
        name,
        _NOT_VOIDED,
        Status.VOIDED,
        "act_as_coe_admin",
        verb=verb,
        refused=refused,
        forbidden=gettext_lazy("Only the CoE can void or merge %(key)s."),
        effects=(Effect.CLOSE_OPEN_REVIEW, Effect.CANCEL_COMPLIANCE_REVIEWS, Effect.RECORD_VOID),
    )


def _hold(name: str, sources: frozenset, permission: str | None, cause: str) -> Edge:
    """A hold: a person's decision (with the permission to hold), or one the system imposes for ``cause`` (a
    failed compliance review, a prohibited use), which needs no permission."""
    return Edge(
        name,
        sources,
        Status.ON_HOLD,
        permission,
        verb="initiative.held",
        refused=gettext_lazy("%(key)s was not put on hold."),
        effects=(Effect.START_HOLD, Effect.CLOSE_OPEN_REVIEW),
        hold_cause=cause,
    )


EDGES: dict[str, Edge] = {
    edge.name: edge
    for edge in (
        # The owner (or CoE) asks to leave the phase; the approval of every slot then takes the "advance" edge.
        Edge(
            "request_review",
            frozenset({Status.ACTIVE}),
            Target.SAME,
            "request_gate_review",
            verb="gate_review.requested",
            refused=gettext_lazy("The gate review was not requested."),
            forbidden=gettext_lazy("Only the owner or the CoE can request a gate review of %(key)s."),
            gated=True,
            gate_refused=gettext_lazy("The gate review was not requested: the gate is not satisfied."),
            effects=(Effect.OPEN_REVIEW,),
        ),
        Edge(
            "advance",
            frozenset({Status.ACTIVE}),
            Target.NEXT,
            None,
            verb="initiative.advanced",
            refused=gettext_lazy("The initiative cannot advance."),
            gated=True,
            gate_refused=gettext_lazy("The final approval was not recorded: the gate is no longer satisfied."),
            effects=(Effect.CLOSE_STINT, Effect.ENTER_NEXT_PHASE),
            after_audit=(Effect.SCHEDULE_COMPLIANCE_REVIEW,),
        ),
        _hold("hold", _LIVE, "hold_initiative", HoldCause.DECISION),
        _hold("hold_compliance_failed", frozenset({Status.IN_PRODUCTION}), None, HoldCause.COMPLIANCE_FAILED),
        _hold("hold_prohibited", _LIVE, None, HoldCause.PROHIBITED),
        Edge(
            "resume",
            frozenset({Status.ON_HOLD}),
            Target.PREVIOUS,
            "hold_initiative",
            verb="initiative.resumed",
            refused=gettext_lazy("%(key)s was not resumed."),
            effects=(Effect.END_HOLD,),
            after_audit=(Effect.SCHEDULE_COMPLIANCE_REVIEW,),
            # Segregation of duties: the sponsor or the CoE cannot lift a hold that a failed compliance review
            # imposed; a compliance officer responsible for the initiative decides it.
            permission_by_hold_cause={HoldCause.COMPLIANCE_FAILED: "complete_compliance_review"},
        ),
        Edge(
            "stop",
            frozenset({Status.ACTIVE, Status.IN_PRODUCTION, Status.ON_HOLD}),
            Status.STOPPED,
            "stop_initiative",
            verb="initiative.stopped",
            refused=gettext_lazy("%(key)s was not stopped."),
            effects=(Effect.CLOSE_STINT, Effect.RECORD_STOP, Effect.CLOSE_OPEN_REVIEW),
        ),
        Edge(
            "retire",
            frozenset({Status.IN_PRODUCTION}),
            Status.RETIRED,
            "retire_initiative",
            verb="initiative.retired",
            refused=gettext_lazy("%(key)s was not retired."),
            effects=(Effect.RECORD_RETIREMENT, Effect.CANCEL_COMPLIANCE_REVIEWS),
            check="retirement_checklist",
            gate_refused=gettext_lazy("%(key)s was not retired: its retirement checklist is not done."),
        ),
        _void("void", "initiative.voided", gettext_lazy("%(key)s was not voided.")),
        _void("merge", "initiative.merged", gettext_lazy("%(key)s was not merged.")),
    )
}


def _retirement_checklist(initiative: Initiative) -> list[str]:
    """Each item of the retirement checklist (the catalogue's binding obligations and the defaults) not yet done."""
    from operations.selectors.retirement import retirement_left

    return [
        _("The retirement checklist item “%(item)s” is not done.") % {"item": item.label}
        for item in retirement_left(initiative)
    ]


# The checks an edge may name (``Edge.check``): initiative → one sentence per thing left (empty: it may go).
EDGE_CHECKS = {"retirement_checklist": _retirement_checklist}


def edge_check_unmet(*, edge: Edge, initiative: Initiative) -> list[str]:
    """What the edge's check finds left to do on ``initiative`` (empty when it names none or nothing is left)."""
    if not edge.check or initiative.status not in edge.sources:
        return []
    return EDGE_CHECKS[edge.check](initiative)


def edge_permission(*, edge: Edge, initiative: Initiative) -> str | None:
    """The permission ``edge`` needs on ``initiative`` as it is now (a hold's cause may change it)."""
    if initiative.status == Status.ON_HOLD and initiative.hold_cause in edge.permission_by_hold_cause:
        return edge.permission_by_hold_cause[initiative.hold_cause]
    return edge.permission


def edge_forbidden(*, edge: Edge, initiative: Initiative) -> str:
    """The sentence for someone who lacks the edge's permission."""
    if (
        initiative.status == Status.ON_HOLD
        and initiative.hold_cause == HoldCause.COMPLIANCE_FAILED
        and initiative.hold_cause in edge.permission_by_hold_cause
    ):
        return _(
            "A failed compliance review put %(key)s on hold: only a compliance officer responsible for it can "
            "resume it."
        ) % {"key": initiative.key}
    return str(edge.forbidden or edge.refused) % {"key": initiative.key}


def edge_refusal(*, edge_name: str, initiative: Initiative) -> str | None:
    """Why ``initiative`` cannot take the edge in its current status, or None when it can."""
    edge = EDGES[edge_name]
    if initiative.status in edge.sources:
        if edge.target == Target.PREVIOUS and initiative.risk_tier == RiskTier.PROHIBITED:
            return _("Its risk tier is prohibited; a prohibited initiative stays on hold.")
        return None
    return _("%(key)s is %(status)s; this action needs it to be %(allowed)s.") % {
        "key": initiative.key,
        "status": initiative.get_status_display().lower(),
        "allowed": _(" or ").join(str(Status(s).label).lower() for s in sorted(edge.sources)),
    }


def current_criteria(initiative: Initiative) -> list[GateCriterion]:
    """The criteria of the initiative's current phase, with their templates (one query)."""
    return list(
        GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase, required=True)
        .select_related("template", "waived_by")
        .order_by("order", "code")
    )


def _criterion_fingerprint(criterion: GateCriterion) -> list:
    return [
        criterion.code,
        criterion.status,
        None if criterion.metric_value is None else str(criterion.metric_value.normalize()),
        criterion.evidence_date.isoformat() if criterion.evidence_date else None,
        criterion.latest_evidence_sha256,
        criterion.evidence_count,
        criterion.waiver_expires_on.isoformat() if criterion.waiver_expires_on else None,
    ]


def evidence_set_hash(criteria: list[GateCriterion]) -> str:
    """SHA-256 of everything a signer relies on in the criteria; any change of evidence changes it."""
    payload = json.dumps(sorted(_criterion_fingerprint(c) for c in criteria), separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _filings_blocking(initiative: Initiative) -> list[str]:
    """A filing the catalogue asks for keeps the gate it names shut until it is approved or waived (operations)."""
    from operations.obligations import words
    from operations.selectors.filings import filings_blocking

    return [
        _("The %(kind)s with %(authority)s is %(status)s; it must be approved or waived before this gate.")
        % {
            "kind": filing.get_kind_display().lower(),
            "authority": words(filing.authority),
            "status": filing.get_status_display().lower(),
        }
        for filing in filings_blocking(initiative)
    ]


def regulatory_unmet_reasons(initiative: Initiative) -> list[str]:
    """What the regulatory questionnaire asks of a gate (``regimes``, read through the initiative's relations): once
    answered, the applicability questionnaire is answered again in each phase, and every proposed classification is
    confirmed by a compliance officer. An initiative never answered is not asked (two queries at most)."""
    if not hasattr(initiative, "applicability_answers"):
        return []
    answered_in = initiative.applicability_answers.order_by("-version").values_list("phase", flat=True).first()
    if answered_in is None:
        return []
    reasons = []
    if answered_in != initiative.phase:
        reasons.append(
            _("The applicability questionnaire was answered in the %(phase)s phase; answer it again for this gate.")
            % {"phase": str(Phase(answered_in).label).lower()}
        )
    if initiative.regime_classifications.filter(is_current=True, status="proposed").exists():
        reasons.append(_("A regulatory classification awaits a compliance officer's confirmation."))
    return reasons


def gate_unmet_reasons(
    *, initiative: Initiative, criteria: list[GateCriterion], today: datetime.date, pending_risk_change: bool
) -> list[str]:
    """Everything that keeps ``initiative`` from leaving its phase today, one sentence each (empty: it may)."""
    reasons: list[str] = []
    if initiative.risk_tier == RiskTier.PROHIBITED:
        reasons.append(_("The risk tier is prohibited: a prohibited initiative can never pass a gate."))
    if initiative.phase == Phase.EXPLORATION and initiative.risk_tier == RiskTier.UNASSESSED:
        reasons.append(_("The risk tier has not been assessed yet."))
    if pending_risk_change:
        reasons.append(_("A risk-tier change awaits a compliance officer's confirmation."))
    reasons.extend(_filings_blocking(initiative))

    reasons += regulatory_unmet_reasons(initiative)
    for criterion in criteria:
        status = criterion.effective_status(today)
        title = display.data_text(criterion.template.title)
        if status == CriterionStatus.STALE:
            # A lapsed waiver keeps its expiry date (stored status waived or, after the sweep, stale).
            if criterion.waiver_expires_on is not None:
                reasons.append(
                    _("“%(title)s”: the waiver expired on %(date)s.")
                    % {"title": title, "date": display.date(criterion.waiver_expires_on)}
                )
            else:
                expires = criterion.evidence_expires_on()
                reasons.append(
                    _("“%(title)s”: the evidence is stale (valid until %(date)s); record fresh evidence.")
                    % {"title": title, "date": display.date(expires)}
                )
        elif criterion.template.mandatory and status not in (CriterionStatus.MET, CriterionStatus.WAIVED):
            reasons.append(
                _("“%(title)s” is %(status)s; it must be met or waived.")
                % {"title": title, "status": str(CriterionStatus(status).label).lower()}
            )
    return reasons
