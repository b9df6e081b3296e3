"""Which actions a person may take on an initiative now, and why not: the one home of "may U do A to I".

``available_actions(user=…, initiative=…)`` answers for every action of PRODUCT.md §3 at once, each either allowed
or refused with the exception and the sentences the service would raise; ``action_require`` raises that refusal,
and every write service calls it (inside its lock) before it changes anything. Pages offer exactly the actions
allowed here and the API lists them at ``/api/v1/initiatives/{key}/actions/``, so what a page offers and what a
service accepts cannot drift apart.

Each rule reads what it needs from an ``InitiativeFacts`` (permissions, the open review, a pending risk-tier change,
the current criteria…), fetched on first use and shared by all rules, so asking for one action costs only what that
action reads and asking for all of them costs a fixed number of queries. Checks that depend on the values submitted
(the new risk tier, the option chosen, a date) stay with the service's input checks. The lifecycle edges come from
the transition table (``adoption.transitions``); who may sign a slot comes from ``governance.eligibility``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role, Status
from adoption.models import GateCriterion, Initiative, ModelOption
from adoption.transitions import (
    EDGES,
    current_criteria,
    edge_check_unmet,
    edge_forbidden,
    edge_permission,
    edge_refusal,
    gate_unmet_reasons,
)
from core.exceptions import DomainError, Forbidden, NotFound, Refused
from governance import access, eligibility
from governance.choices import ComplianceReviewStatus, RiskChangeStatus
from governance.models import LIVE_REVIEW, ComplianceReview, GateReview, RiskTierChange, SignOff
from governance.permissions import VIEW, act_as


@dataclass(frozen=True)
class ActionState:
    """One action for one person on one initiative: allowed, or the refusal the service would raise."""

    name: str
    allowed: bool
    kind: type[DomainError] | None = None
    message: str = ""
    reasons: tuple[str, ...] = ()
    # Refused for now by something the person can change without the initiative changing status (the gate's
    # criteria): pages show such an action with its reasons, so the person sees what is missing.
    waiting: bool = False

    @property
    def code(self) -> str:
        """The refusal's kind as the API names it: not_found, forbidden or refused ("" when allowed)."""
        return {NotFound: "not_found", Forbidden: "forbidden", Refused: "refused"}.get(self.kind, "")

    @property
    def sentences(self) -> list[str]:
        """Everything a person needs to read: the headline and each reason."""
        return [text for text in (self.message, *self.reasons) if text]

    def error(self) -> DomainError:
        return self.kind(self.message, reasons=list(self.reasons))


class InitiativeFacts:
    """What the rules read about one initiative for one person, each fact fetched once, on first use.

    Services build it from the initiative they have locked (``fresh``: the person's permissions read again, never
    taken from the request's memo); pages may hand in what they have already read. A service acting on one named
    object (a gate review to withdraw, a risk-tier change to decide, a compliance review to complete) passes it as
    ``review``, ``change`` or ``compliance_review``; otherwise the open one is judged.
    """

    def __init__(
        self, *, user, initiative: Initiative, today: datetime.date | None = None, fresh: bool = False, **known
    ):
        self.user = user
        self.initiative = initiative
        self.today = today or timezone.localdate()
        self.fresh = fresh
        for name, value in known.items():
            setattr(self, name, value)  # overrides the cached_property of the same name

    @cached_property
    def access_facts(self) -> access.Access:
        """The person's roles and permissions on the initiative (``governance.access.access_facts``)."""
        return access.access_facts(user=self.user, initiative=self.initiative, fresh=self.fresh)

    @cached_property
    def perms(self) -> set[str]:
        return set(self.access_facts.perms)

    @cached_property
    def lent(self) -> list:
        """The signing roles lent to the person today (``governance.eligibility.lent_roles``)."""
        return eligibility.lent_roles(user_id=self.user.pk if self.user.is_authenticated else None)

    @cached_property
    def open_review(self) -> GateReview | None:
        """The live gate review: open for signing, or waiting for the owner's answer to requested changes."""
        review = (
            GateReview.objects.filter(LIVE_REVIEW, initiative=self.initiative).select_related("requested_by").first()
        )
        if review is not None:
            review.initiative = self.initiative
        return review

    @cached_property
    def pending_change(self) -> RiskTierChange | None:
        return (
            RiskTierChange.objects.filter(initiative=self.initiative, status=RiskChangeStatus.PENDING)
            .select_related("proposed_by")
            .first()
        )

    @cached_property
    def criteria(self) -> list[GateCriterion]:
        return current_criteria(self.initiative)

    @cached_property
    def has_options(self) -> bool:
        return ModelOption.objects.filter(initiative=self.initiative).exists()

    @cached_property
    def open_compliance_review(self) -> ComplianceReview | None:
        return (
            ComplianceReview.objects.filter(initiative=self.initiative, status=ComplianceReviewStatus.OPEN)
            .order_by("due_on", "pk")
            .first()
        )

    @cached_property
    def review(self) -> GateReview | None:
        return self.open_review

    @cached_property
    def pending_change_request(self):
        """The change request of an initiative in production awaiting its sign-offs (operations)."""
        from operations.models import ChangeRequest

        return ChangeRequest.objects.filter(initiative=self.initiative, status="pending").first()

    @cached_property
    def change_request(self):
        return self.pending_change_request

    @cached_property
    def change(self) -> RiskTierChange | None:
        return self.pending_change

    @cached_property
    def compliance_review(self) -> ComplianceReview | None:
        return self.open_compliance_review

    @cached_property
    def pending_classification(self):
        """A proposed regulatory classification awaiting confirmation (``regimes``, read through the relation)."""
        if not hasattr(self.initiative, "regime_classifications"):
            return None
        return (
            self.initiative.regime_classifications.filter(is_current=True, status="proposed")
            .select_related("answers")
            .order_by("pk")
            .first()
        )

    @cached_property
    def classification(self):
        return self.pending_classification

    @cached_property
    def review_facts(self) -> eligibility.ReviewFacts | None:
        return eligibility.review_facts(self.open_review) if self.open_review is not None else None

    @cached_property
    def signers(self) -> dict[int, list]:
        """Who may sign each open slot of the live review (``governance.eligibility.slot_signers``)."""
        if self.open_review is None:
            return {}
        return eligibility.slot_signers(review=self.open_review, facts=self.review_facts)

    @cached_property
    def last_signoff(self) -> SignOff | None:
        """The latest sign-off on any of the initiative's gate reviews."""
        return (
            SignOff.objects.filter(review__initiative=self.initiative)
            .select_related("review", "slot")
            .order_by("-signed_at", "-pk")
            .first()
        )

    @cached_property
    def gate_unmet(self) -> list[str]:
        """What keeps the initiative from leaving its phase today (``adoption.transitions.gate_unmet_reasons``)."""
        return gate_unmet_reasons(
            initiative=self.initiative,
            criteria=self.criteria,
            today=self.today,
            pending_risk_change=self.pending_change is not None,
        )

    def key(self) -> dict[str, str]:
        return {"key": self.initiative.key}

    def status_text(self) -> dict[str, str]:
        return {"key": self.initiative.key, "status": self.initiative.get_status_display().lower()}


def fact_annotations() -> dict:
    """Whether each object the rules would look up exists at all, as sub-selects to read with the initiative's row
    (``initiative_get(**fact_annotations())``): most often it does not, and ``known_facts`` then spares its query."""
    from operations.models import ChangeRequest
    from regimes.models import RegimeClassification

    mine = {"initiative": OuterRef("pk")}
    return {
        "has_pending_change": Exists(RiskTierChange.objects.filter(**mine, status=RiskChangeStatus.PENDING)),
        "has_open_compliance_review": Exists(
            ComplianceReview.objects.filter(**mine, status=ComplianceReviewStatus.OPEN)
        ),
        "has_pending_change_request": Exists(ChangeRequest.objects.filter(**mine, status="pending")),
        "has_pending_classification": Exists(
            RegimeClassification.objects.filter(**mine, is_current=True, status="proposed")
        ),
        "has_options": Exists(ModelOption.objects.filter(**mine)),
        "last_signoff_id": Subquery(
            SignOff.objects.filter(review__initiative=OuterRef("pk")).order_by("-signed_at", "-pk").values("pk")[:1]
        ),
    }


def known_facts(initiative: Initiative) -> dict:
    """The facts ``fact_annotations`` settled without a query, as ``InitiativeFacts`` keywords: the objects that do
    not exist, and whether the initiative has model options."""
    known = {"has_options": initiative.has_options}
    for name, present in (
        ("pending_change", initiative.has_pending_change),
        ("open_compliance_review", initiative.has_open_compliance_review),
        ("pending_change_request", initiative.has_pending_change_request),
        ("pending_classification", initiative.has_pending_classification),
    ):
        if not present:
            known[name] = None
    if initiative.last_signoff_id is None:
        known["last_signoff"] = None
    return known


# --- The rules -----------------------------------------------------------------------------------------------------

Rule = Callable[[InitiativeFacts], ActionState]


def _allowed(name: str) -> ActionState:
    return ActionState(name, True)


def _refused(name: str, message: str, *reasons: str, waiting: bool = False) -> ActionState:
    return ActionState(name, False, Refused, str(message), tuple(str(r) for r in reasons), waiting)


def _forbidden(name: str, message: str) -> ActionState:
    return ActionState(name, False, Forbidden, str(message))


def _permission(name: str, facts: InitiativeFacts, permission: str, message: str) -> ActionState | None:
    """NotFound when the initiative is invisible to the person, Forbidden without ``permission``, else None."""
    if VIEW not in facts.perms:
        return ActionState(name, False, NotFound, _("Initiative %(key)s was not found.") % facts.key())
    if permission not in facts.perms:
        return _forbidden(name, message)
    return None


def _on_open_review(name: str, facts: InitiativeFacts, review, refused: str) -> ActionState | None:
    """An action on the open review: NotFound when the initiative is invisible, refused (``refused``) without a
    review, else None."""
    if missing := _permission(name, facts, VIEW, ""):
        return missing
    if review is None:
        return _refused(name, refused, _("There is no open review."))
    return None


def _edge_rule(edge_name: str) -> Rule:
    """A lifecycle edge of the transition table taken by asking (hold, resume, stop, retire)."""

    def rule(facts: InitiativeFacts) -> ActionState:
        edge = EDGES[edge_name]
        initiative = facts.initiative
        permission = edge_permission(edge=edge, initiative=initiative)
        missing = _permission(edge_name, facts, permission, edge_forbidden(edge=edge, initiative=initiative))
        if missing:
            return missing
        refusal = edge_refusal(edge_name=edge_name, initiative=initiative)
        if refusal:
            return _refused(edge_name, str(edge.refused) % facts.key(), refusal)
        unmet = edge_check_unmet(edge=edge, initiative=initiative)
        if unmet:
            return _refused(edge_name, str(edge.gate_refused or edge.refused) % facts.key(), *unmet, waiting=True)
        return _allowed(edge_name)

    return rule


def request_review(facts: InitiativeFacts) -> ActionState:
    name, edge, initiative = "request_review", EDGES["request_review"], facts.initiative
    if missing := _permission(name, facts, edge.permission, edge_forbidden(edge=edge, initiative=initiative)):
        return missing
    refusal = edge_refusal(edge_name=name, initiative=initiative)
    if refusal:
        return _refused(name, edge.refused, refusal)
    if facts.open_review is not None:
        if facts.open_review.waiting_for_owner:
            return _refused(
                name,
                edge.refused,
                _("The gate review of %(key)s waits for an answer to the changes its signers requested.") % facts.key(),
            )
        return _refused(name, edge.refused, _("%(key)s already has an open gate review.") % facts.key())
    reasons = facts.gate_unmet
    if reasons:
        return _refused(name, edge.gate_refused, *reasons, waiting=True)
    return _allowed(name)


def withdraw_review(facts: InitiativeFacts) -> ActionState:
    name, review = "withdraw_review", facts.review
    if blocked := _on_open_review(name, facts, review, _("The review was not withdrawn.")):
        return blocked
    if review.requested_by_id != facts.user.pk:
        return _forbidden(name, _("Only the person who requested this review can withdraw it."))
    if not review.is_live:
        return _refused(name, _("The review was not withdrawn."), _("This review is already closed."))
    return _allowed(name)


def answer_review(facts: InitiativeFacts) -> ActionState:
    """Answer the changes signers requested, which opens the review for signing again: the initiative's owner or
    the review's requester (neither may sign it), while the review waits for them and the gate is met again."""
    name, review = "answer_review", facts.review
    message = _("The answer was not recorded.")
    if blocked := _on_open_review(name, facts, review, message):
        return blocked
    if facts.user.pk not in (facts.initiative.owner_id, review.requested_by_id):
        return _forbidden(
            name, _("Only the owner of %(key)s or the person who requested the review can answer it.") % facts.key()
        )
    if not review.waiting_for_owner:
        return _refused(name, message, _("No changes were requested on this review; it is open for signing."))
    if facts.initiative.status != Status.ACTIVE:
        return _refused(name, message, _("%(key)s is %(status)s.") % facts.status_text())
    reasons = facts.gate_unmet
    if reasons:
        return _refused(name, message, *reasons, waiting=True)
    return _allowed(name)


def sign(facts: InitiativeFacts) -> ActionState:
    """Sign a slot of the open gate review: allowed when one slot at least is the person's to sign."""
    name = "sign"
    if blocked := _on_open_review(name, facts, facts.open_review, _("The sign-off was not recorded.")):
        return blocked
    rules = facts.review_facts
    refusals = [
        eligibility.capacity(facts=rules, slot=slot, user_id=facts.user.pk, perms=facts.perms, lent=lambda: facts.lent)[
            0
        ]
        for slot in rules.active_slots
    ]
    if any(refusal is None for refusal in refusals):
        return _allowed(name)
    # The refusals of the slots the person holds a role for say most; otherwise the first slot's.
    held = [r for r, slot in zip(refusals, rules.active_slots, strict=True) if act_as(slot.role) in facts.perms]
    first = (held or refusals or [None])[0]
    if first is None:
        return _refused(name, _("The sign-off was not recorded."), _("This review has no slot to sign."))
    reasons = tuple(dict.fromkeys(r.reason for r in (held or refusals)))
    if first.kind is Refused:
        return _refused(name, _("The sign-off was not recorded."), *reasons)
    return ActionState(name, False, Forbidden, reasons[0], reasons[1:])


def extend_phase(facts: InitiativeFacts) -> ActionState:
    refused = _("%(key)s is %(status)s; only a phase in progress can be extended.")
    in_progress = (Status.ACTIVE, Status.ON_HOLD)
    return _while("extend_phase", facts, "extend_phase", in_progress, refused) or _allowed("extend_phase")


def propose_risk_tier(facts: InitiativeFacts) -> ActionState:
    name = "propose_risk_tier"
    message = _("The risk-tier change was not proposed.")
    if missing := _permission(name, facts, "propose_risk_tier", message):
        return missing
    if facts.initiative.status in (Status.STOPPED, Status.RETIRED, Status.VOIDED):
        return _refused(name, message, _("%(key)s is closed.") % facts.key())
    if facts.pending_change is not None:
        return _refused(name, message, _("Another risk-tier change already awaits confirmation."))
    return _allowed(name)


def decide_risk_tier(facts: InitiativeFacts) -> ActionState:
    name = "decide_risk_tier"
    message = _("The risk-tier change was not decided.")
    if missing := _permission(
        name,
        facts,
        "confirm_risk_tier",
        _("Only a compliance officer responsible for %(key)s can decide a risk-tier change.") % facts.key(),
    ):
        return missing
    change = facts.change
    if change is None:
        return _refused(name, message, _("No change awaits confirmation."))
    if change.status != RiskChangeStatus.PENDING:
        return _refused(name, message, _("This change was already decided."))
    if change.proposed_by_id == facts.user.pk:
        return _forbidden(name, _("You proposed this change, so someone else must confirm it (four eyes)."))
    return _allowed(name)


def _while(name: str, facts: InitiativeFacts, permission: str, statuses: tuple, refused: str) -> ActionState | None:
    """Forbidden without ``permission``; refused with ``refused`` unless the initiative's status is one of
    ``statuses``; else None (the action may go on to its own checks)."""
    if missing := _permission(name, facts, permission, _("You are not allowed to do this on %(key)s.") % facts.key()):
        return missing
    if facts.initiative.status not in statuses:
        return _refused(name, refused % facts.status_text())
    return None


# Still moving: active in a phase, on hold or in production (not stopped or retired).
OPEN = (Status.ACTIVE, Status.IN_PRODUCTION, Status.ON_HOLD)


def _ledger_rule(name: str) -> Rule:
    def rule(facts: InitiativeFacts) -> ActionState:
        closed = _("%(key)s is %(status)s; its ROI ledger is closed.")
        return _while(name, facts, "record_roi", OPEN, closed) or _allowed(name)

    return rule


def edit(facts: InitiativeFacts) -> ActionState:
    closed = _("%(key)s is %(status)s; it can no longer be edited.")
    return _while("edit", facts, "change_initiative", OPEN, closed) or _allowed("edit")


def _selection_rule(name: str) -> Rule:
    def rule(facts: InitiativeFacts) -> ActionState:
        closed = _("%(key)s is %(status)s; its model selection can no longer change.")
        if blocked := _while(name, facts, "change_initiative", OPEN, closed):
            return blocked
        if name == "choose_option" and not facts.has_options:
            return _refused(
                name, _("The option was not chosen."), _("%(key)s has no scored options to choose from.") % facts.key()
            )
        return _allowed(name)

    return rule


def record_evidence(facts: InitiativeFacts) -> ActionState:
    refused = _("%(key)s is %(status)s; gate criteria change only while it is active.")
    return _while("record_evidence", facts, "record_evidence", (Status.ACTIVE,), refused) or _allowed("record_evidence")


def record_evaluation(facts: InitiativeFacts) -> ActionState:
    """A CI pipeline's evaluation run: the evidence of the metric criteria while active, the watch for regressions
    once in production."""
    name = "record_evaluation"
    refused = _("%(key)s is %(status)s; evaluation runs are recorded while it is active or in production.")
    return _while(name, facts, "record_evidence", (Status.ACTIVE, Status.IN_PRODUCTION), refused) or _allowed(name)


def waive_criterion(facts: InitiativeFacts) -> ActionState:
    """Waive a criterion of the current phase: allowed when at least one is the person's to waive."""
    name = "waive_criterion"
    states = [criterion_waive_state(facts, criterion) for criterion in facts.criteria]
    if any(state.allowed for state in states):
        return _allowed(name)
    if VIEW not in facts.perms:
        return ActionState(name, False, NotFound, _("Initiative %(key)s was not found.") % facts.key())
    if not states:
        return _refused(name, _("The criterion was not waived."), _("The current phase has no criteria."))
    first = next((s for s in states if s.kind is Refused), states[0])
    return ActionState(name, False, first.kind, first.message, first.reasons)


def complete_compliance_review(facts: InitiativeFacts) -> ActionState:
    name = "complete_compliance_review"
    if missing := _permission(
        name,
        facts,
        "complete_compliance_review",
        _("Only a compliance officer responsible for %(key)s can complete its review.") % facts.key(),
    ):
        return missing
    if facts.open_compliance_review is None:
        return _refused(
            name,
            _("The compliance review was not completed."),
            _("%(key)s has no open compliance review.") % facts.key(),
        )
    return _allowed(name)


def tag(facts: InitiativeFacts) -> ActionState:
    """Put programme and cohort tags on an initiative, or take them off: the CoE, on any initiative not voided."""
    name = "tag"
    forbidden = _("Only the CoE tags %(key)s.") % facts.key()
    if missing := _permission(name, facts, act_as(Role.COE_ADMIN), forbidden):
        return missing
    if facts.initiative.status == Status.VOIDED:
        return _refused(name, _("The tags were not changed."), _("%(key)s is %(status)s.") % facts.status_text())
    return _allowed(name)


# --- Life after production (the operations app: filings, change requests, incidents, retirement) -------------------

# Who keeps an initiative's registers: its owner (or the CoE, who change it) and the compliance officers in scope.
_KEEPERS = ("change_initiative", "complete_compliance_review")


def _keeper(name: str, facts: InitiativeFacts, statuses: tuple, refused: str) -> ActionState | None:
    """NotFound when invisible, Forbidden unless the person keeps the initiative's registers, refused (``refused``)
    outside ``statuses``; else None."""
    if missing := _permission(name, facts, VIEW, ""):
        return missing
    if not any(permission in facts.perms for permission in _KEEPERS):
        return _forbidden(
            name,
            _("Only the owner of %(key)s, the CoE or a compliance officer responsible for it can do this.")
            % facts.key(),
        )
    if facts.initiative.status not in statuses:
        return _refused(name, refused % facts.status_text())
    return None


def manage_filings(facts: InitiativeFacts) -> ActionState:
    """Record a filing's progress (submitted, the authority's answer, its reference and documents)."""
    refused = _("%(key)s is %(status)s; its filings are closed.")
    return _keeper("manage_filings", facts, OPEN, refused) or _allowed("manage_filings")


def waive_filing(facts: InitiativeFacts) -> ActionState:
    """Waive a filing: a compliance officer responsible for the initiative."""
    name = "waive_filing"
    if missing := _permission(
        name,
        facts,
        "complete_compliance_review",
        _("Only a compliance officer responsible for %(key)s can waive a filing.") % facts.key(),
    ):
        return missing
    if facts.initiative.status not in OPEN:
        return _refused(name, _("%(key)s is %(status)s; its filings are closed.") % facts.status_text())
    return _allowed(name)


def request_change(facts: InitiativeFacts) -> ActionState:
    """Ask for a change to an initiative in production (its owner or the CoE), one at a time."""
    name = "request_change"
    message = _("The change was not requested.")
    if missing := _permission(
        name, facts, "change_initiative", _("Only the owner of %(key)s or the CoE can request a change.") % facts.key()
    ):
        return missing
    if facts.initiative.status != Status.IN_PRODUCTION:
        return _refused(
            name, message, _("%(key)s is %(status)s; changes are requested in production.") % facts.status_text()
        )
    if facts.pending_change_request is not None:
        return _refused(name, message, _("Another change of %(key)s awaits its sign-offs.") % facts.key())
    return _allowed(name)


def decide_change(facts: InitiativeFacts) -> ActionState:
    """Sign or reject the pending change request: who may is ``operations.changes.change_signoff_refusal``."""
    from operations.changes import change_signoff_refusal

    name = "decide_change"
    message = _("The change was not decided.")
    if missing := _permission(name, facts, VIEW, ""):
        return missing
    change = facts.change_request
    if change is None:
        return _refused(name, message, _("No change of %(key)s awaits sign-off.") % facts.key())
    refusal = change_signoff_refusal(user=facts.user, perms=facts.perms, change=change)
    if refusal is not None:
        kind, sentence = refusal
        return _refused(name, message, sentence) if kind is Refused else _forbidden(name, sentence)
    return _allowed(name)


def withdraw_change(facts: InitiativeFacts) -> ActionState:
    """Withdraw a pending change request: the person who asked for it."""
    name = "withdraw_change"
    message = _("The change was not withdrawn.")
    if missing := _permission(name, facts, VIEW, ""):
        return missing
    change = facts.change_request
    if change is None or change.status != "pending":
        return _refused(name, message, _("No change of %(key)s awaits sign-off.") % facts.key())
    if change.requested_by_id != facts.user.pk:
        return _forbidden(name, _("Only the person who requested this change can withdraw it."))
    return _allowed(name)


def record_incident(facts: InitiativeFacts) -> ActionState:
    """Record an incident, or its report to an authority."""
    refused = _("%(key)s is %(status)s; incidents are recorded while it runs.")
    return _keeper("record_incident", facts, OPEN, refused) or _allowed("record_incident")


def tick_retirement(facts: InitiativeFacts) -> ActionState:
    """Tick an item of the retirement checklist: the owner, the CoE or a compliance officer in scope."""
    refused = _("%(key)s is %(status)s; the retirement checklist is kept before it retires.")
    statuses = (Status.IN_PRODUCTION, Status.ON_HOLD)
    return _keeper("tick_retirement", facts, statuses, refused) or _allowed("tick_retirement")


OPERATIONS_ACTIONS: dict[str, Rule] = {
    "manage_filings": manage_filings,
    "waive_filing": waive_filing,
    "request_change": request_change,
    "decide_change": decide_change,
    "withdraw_change": withdraw_change,
    "record_incident": record_incident,
    "tick_retirement": tick_retirement,
}


# Every action of an initiative, in the order pages list them.
def answer_applicability(facts: InitiativeFacts) -> ActionState:
    """Answer the regulatory applicability questionnaire: the owner, the CoE or a compliance officer in scope,
    while the initiative is not closed."""
    name = "answer_applicability"
    message = _("The applicability answers were not recorded.")
    if missing := _permission(
        name,
        facts,
        "answer_applicability",
        _(
            "Only the owner of %(key)s, the CoE or a compliance officer responsible for it can answer its "
            "applicability questionnaire."
        )
        % facts.key(),
    ):
        return missing
    if facts.initiative.status in (Status.STOPPED, Status.RETIRED, Status.VOIDED):
        return _refused(name, message, _("%(key)s is closed.") % facts.key())
    return _allowed(name)


def confirm_classification(facts: InitiativeFacts) -> ActionState:
    """Confirm a proposed regulatory classification: a compliance officer in scope (the risk-tier confirmation
    generalised), not the person whose answers proposed it (four eyes)."""
    name = "confirm_classification"
    message = _("The classification was not confirmed.")
    if missing := _permission(
        name,
        facts,
        "confirm_risk_tier",
        _("Only a compliance officer responsible for %(key)s can confirm its regulatory classifications.")
        % facts.key(),
    ):
        return missing
    classification = facts.classification
    if classification is None:
        return _refused(name, message, _("No classification awaits confirmation."))
    if not classification.is_current or classification.status != "proposed":
        return _refused(name, message, _("This classification was already confirmed or replaced."))
    if facts.initiative.status in (Status.STOPPED, Status.RETIRED, Status.VOIDED):
        return _refused(name, message, _("%(key)s is closed.") % facts.key())
    if classification.answers.answered_by_id == facts.user.pk:
        return _forbidden(
            name, _("You answered the questionnaire behind this classification, so someone else must confirm it.")
        )
    return _allowed(name)


ACTIONS: dict[str, Rule] = {
    "edit": edit,
    "record_evidence": record_evidence,
    "record_evaluation": record_evaluation,
    "waive_criterion": waive_criterion,
    "record_roi": _ledger_rule("record_roi"),
    "record_realised_value": _ledger_rule("record_realised_value"),
    "record_spend": _ledger_rule("record_spend"),
    "score_option": _selection_rule("score_option"),
    "choose_option": _selection_rule("choose_option"),
    "request_review": request_review,
    "withdraw_review": withdraw_review,
    "answer_review": answer_review,
    "sign": sign,
    "extend_phase": extend_phase,
    "propose_risk_tier": propose_risk_tier,
    "decide_risk_tier": decide_risk_tier,
    "complete_compliance_review": complete_compliance_review,
    "tag": tag,
    "answer_applicability": answer_applicability,
    "confirm_classification": confirm_classification,
    **{name: _edge_rule(name) for name, edge in EDGES.items() if edge.asked and name != "request_review"},
    **OPERATIONS_ACTIONS,
}


# --- Criterion-level rules ------------------------------------------------------------------------------------------


def criterion_change_refusal(facts: InitiativeFacts, criterion: GateCriterion) -> ActionState | None:
    """Refused unless ``criterion`` belongs to the current phase of an active initiative (None: it does)."""
    initiative = facts.initiative
    if initiative.status != Status.ACTIVE:
        return _refused(
            "record_evidence",
            _("%(key)s is %(status)s; gate criteria change only while it is active.") % facts.status_text(),
        )
    if criterion.phase != initiative.phase:
        return _refused(
            "record_evidence",
            _(
                "This criterion belongs to the %(phase)s phase, which %(key)s has left; only the %(current)s phase's "
                "criteria can change."
            )
            % {
                "phase": criterion.get_phase_display().lower(),
                "key": initiative.key,
                "current": initiative.get_phase_display().lower(),
            },
        )
    return None


def criterion_evidence_state(facts: InitiativeFacts, criterion: GateCriterion) -> ActionState:
    """Record evidence on (or set the status of) one criterion."""
    state = record_evidence(facts)
    if not state.allowed:
        return state
    return criterion_change_refusal(facts, criterion) or state


def criterion_mark_state(facts: InitiativeFacts, criterion: GateCriterion) -> ActionState:
    """Set the status of one criterion by hand (open, met, not met): as recording evidence, except on a criterion the
    initiative's data judges (``adoption.derivations``), which follows the data and says what the data shows."""
    from adoption import derivations

    state = criterion_evidence_state(facts, criterion)
    if not state.allowed:
        return ActionState("mark_criterion", False, state.kind, state.message, state.reasons)
    judgement = derivations.judge(criterion, facts.initiative)
    if judgement is not None:
        return _refused(
            "mark_criterion",
            _("“%(title)s” follows the initiative's data and cannot be marked by hand.")
            % {"title": criterion.template.title},
            judgement.reason,
        )
    return _allowed("mark_criterion")


def criterion_waive_state(facts: InitiativeFacts, criterion: GateCriterion) -> ActionState:
    """Waive one criterion: the template's waiver role for the initiative, never its owner, while it is not met."""
    from adoption.choices import CriterionStatus

    name = "waive_criterion"
    if missing := _permission(name, facts, VIEW, ""):
        return missing
    template = criterion.template
    title = {"title": template.title}
    if not template.waivable_by_role:
        return _refused(name, _("“%(title)s” cannot be waived: it must be met.") % title)
    if act_as(template.waivable_by_role) not in facts.perms:
        return _forbidden(
            name,
            _("Only a %(role)s for %(key)s may waive “%(title)s”.")
            % {"role": Role(template.waivable_by_role).label, "key": facts.initiative.key, **title},
        )
    if facts.user.pk == facts.initiative.owner_id:
        return _forbidden(name, _("You own %(key)s: someone else must grant its waivers.") % facts.key())
    changeable = criterion_change_refusal(facts, criterion)
    if changeable is not None:
        return ActionState(name, False, changeable.kind, changeable.message, changeable.reasons)
    if criterion.effective_status(facts.today) == CriterionStatus.MET:
        return _refused(name, _("“%(title)s” is met; there is nothing to waive.") % title)
    return _allowed(name)


# --- Asking ---------------------------------------------------------------------------------------------------------


@dataclass
class Actions:
    """Every action's state for one person on one initiative, with the facts they were judged on."""

    facts: InitiativeFacts
    states: dict[str, ActionState] = field(default_factory=dict)

    def __getitem__(self, name: str) -> ActionState:
        return self.states[name]

    def allowed(self, name: str) -> bool:
        return self.states[name].allowed

    @property
    def allowed_names(self) -> set[str]:
        return {name for name, state in self.states.items() if state.allowed}


def available_actions(*, user, initiative: Initiative, facts: InitiativeFacts | None = None) -> Actions:
    """Every action of an initiative for ``user``, allowed or refused with its reasons (a fixed number of queries)."""
    facts = facts or InitiativeFacts(user=user, initiative=initiative)
    return Actions(facts=facts, states={name: rule(facts) for name, rule in ACTIONS.items()})


def action_state(name: str, *, user, initiative: Initiative, facts: InitiativeFacts | None = None) -> ActionState:
    """One action's state (reads only the facts that action needs)."""
    return ACTIONS[name](facts or InitiativeFacts(user=user, initiative=initiative))


CRITERION_ACTIONS: dict[str, Callable[[InitiativeFacts, GateCriterion], ActionState]] = {
    "record_evidence": criterion_evidence_state,
    "mark_criterion": criterion_mark_state,
    "waive_criterion": criterion_waive_state,
}


def criterion_require(name: str, *, user, initiative: Initiative, criterion: GateCriterion) -> InitiativeFacts:
    """Raise the refusal an action on one criterion meets (record evidence, set its status, waive it), if any."""
    facts = InitiativeFacts(user=user, initiative=initiative, fresh=True)
    state = CRITERION_ACTIONS[name](facts, criterion)
    if not state.allowed:
        raise state.error()
    return facts


def lock_initiative(pk: int, *, no_key: bool = False) -> Initiative:
    """The initiative's row, locked until the end of the caller's transaction: every writer locks the initiative
    first and what hangs off it next, so none deadlock. ``no_key``: FOR NO KEY UPDATE, for a writer that adds rows
    pointing at it (versions, entries) and changes no key."""
    try:
        return (
            Initiative.objects.select_for_update(no_key=no_key, of=("self",)).select_related("business_unit").get(pk=pk)
        )
    except Initiative.DoesNotExist:
        raise NotFound(_("Initiative not found.")) from None


def action_lock(name: str, *, user, initiative: Initiative, no_key: bool = False) -> Initiative:
    """Lock the initiative (``lock_initiative``) and require ``name`` of ``user`` on the locked row, the check every
    write service makes before it changes anything; returns the locked row."""
    locked = lock_initiative(initiative.pk, no_key=no_key)
    action_require(name, user=user, initiative=locked)
    return locked


def action_require(name: str, *, user, initiative: Initiative, facts: InitiativeFacts | None = None) -> InitiativeFacts:
    """Raise the refusal the action meets, if any; otherwise return the facts it was judged on (for more checks).

    Services call this inside their transaction, with ``initiative`` locked: the facts are read afresh there.
    """
    facts = facts or InitiativeFacts(user=user, initiative=initiative, fresh=True)
    state = ACTIONS[name](facts)
    if not state.allowed:
        raise state.error()
    return facts
