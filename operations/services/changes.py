"""The production change gate: a change request on an initiative in production, signed by a compliance officer
and the CoE (never its requester), applied and recorded on approval; rejected or withdrawn otherwise. What it asks
to be redone and who signs are ``operations.changes``'s rules."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import CriterionKind, CriterionStatus
from adoption.models import GateCriterion, Initiative
from core.db import lock_one
from core.exceptions import NotFound
from governance import actions
from governance.audit import audit_record
from operations import inputs
from operations.changes import MODELS_USED_ON, change_requirements, open_slots, role_to_sign
from operations.choices import ChangeStatus
from operations.models import ChangeApproval, ChangeRequest
from operations.services.filings import filings_flag_refile, filings_sync

# The criteria an evaluation measures: they reopen when the model, its version or the system prompt change.
EVALUATION_KINDS = (CriterionKind.METRIC, CriterionKind.REALITY_GAP)


def change_request_create(
    *,
    actor,
    initiative: Initiative,
    kinds: list[str] | None = None,
    description: str = "",
    from_value: str = "",
    to_value: str = "",
) -> ChangeRequest:
    """Ask for a change to an initiative in production (its owner or the CoE); what it asks to be redone is decided
    now and kept with it."""
    data = inputs.ChangeRequestInput.clean_arguments(locals())
    with transaction.atomic():
        locked = actions.action_lock("request_change", user=actor, initiative=initiative)
        # The register first follows the catalogue, so the filings a change asks to refile are all there.
        filings_sync(initiative=locked, actor=actor)
        kinds = sorted(set(data["kinds"]))
        change = ChangeRequest.objects.create(
            initiative=locked,
            kinds=kinds,
            description=data["description"],
            from_value=data["from_value"],
            to_value=data["to_value"],
            requirements=change_requirements(locked, kinds),
            requested_by=actor,
        )
        audit_record(
            actor=actor,
            verb="change_request.requested",
            target=change,
            initiative=locked,
            after={
                "kinds": kinds,
                "from": change.from_value,
                "to": change.to_value,
                "requirements": change.requirements,
            },
        )
    return change


def _lock_change(
    actor, change: ChangeRequest, action: str
) -> tuple[ChangeRequest, Initiative, actions.InitiativeFacts]:
    initiative_id = ChangeRequest.objects.filter(pk=change.pk).values_list("initiative_id", flat=True).first()
    if initiative_id is None:
        raise NotFound(_("Change request not found."))
    initiative = actions.lock_initiative(initiative_id)
    change = lock_one(ChangeRequest.objects.filter(pk=change.pk), _("Change request not found."))
    facts = actions.InitiativeFacts(user=actor, initiative=initiative, change_request=change)
    actions.action_require(action, user=actor, initiative=initiative, facts=facts)
    return change, initiative, facts


def _apply(actor, change: ChangeRequest, initiative: Initiative) -> None:
    """What an approved change does: the initiative's models and vendors follow a model or vendor change, filings
    whose basis changed turn "refile needed"; recorded."""
    applied: dict = {}
    if set(change.kinds) & MODELS_USED_ON and change.to_value:
        before = initiative.models_used
        initiative.models_used = change.to_value[: Initiative._meta.get_field("models_used").max_length]
        initiative.save(update_fields=["models_used"])
        applied["models_used"] = {"from": before, "to": initiative.models_used}
    flagged = filings_flag_refile(actor=actor, initiative=initiative, kinds=change.kinds, change_id=change.pk)
    applied["refile"] = [filing.pk for filing in flagged]
    applied["reopened"] = _reopen_criteria(actor, change, initiative)
    change.status = ChangeStatus.APPROVED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        verb="change_request.approved",
        target=change,
        initiative=initiative,
        after={"kinds": change.kinds, "applied": applied, "requirements": change.requirements},
    )


def _reopen_criteria(actor, change: ChangeRequest, initiative: Initiative) -> list[str]:
    """Reopen the criteria of the initiative's last phase that the change asks to be met again: those of the
    obligations whose ``on_change`` names a changed kind, and the evaluation criteria (metrics, benchmarks against
    reality) when the system is evaluated again. Audited, each."""
    requirements = change.requirements
    obligations = Q()
    for item in requirements.get("reopen", []):
        obligations |= Q(template__regime=item["regime"], template__obligation=item["obligation"])
    if requirements.get("reevaluate"):
        obligations |= Q(template__kind__in=EVALUATION_KINDS)
    if not obligations:
        return []
    reopened = []
    for criterion in (
        GateCriterion.objects.select_for_update(of=("self",))
        .filter(obligations, initiative=initiative, phase=initiative.phase)
        .exclude(status=CriterionStatus.OPEN)
        .select_related("template")
        .order_by("order", "code")
    ):
        before = {"status": criterion.status}
        criterion.status = CriterionStatus.OPEN
        criterion.save(update_fields=["status"])
        audit_record(
            actor=actor,
            verb="criterion.reopened_by_change",
            target=criterion,
            initiative=initiative,
            before=before,
            after={"status": criterion.status, "change_request": change.pk, "kinds": change.kinds},
        )
        reopened.append(criterion.code)
    return reopened


def change_request_approve(*, actor, change: ChangeRequest, note: str = "") -> ChangeRequest:
    """Sign the open slot the actor holds (a compliance officer in scope, the CoE); once every slot has signed the
    change is applied."""
    note = inputs.ChangeDecisionInput.clean_input(note=note)["note"]
    with transaction.atomic():
        change, initiative, facts = _lock_change(actor, change, "decide_change")
        role = role_to_sign(perms=facts.perms, change=change)
        ChangeApproval.objects.create(change=change, role=role, signed_by=actor, note=note)
        audit_record(
            actor=actor,
            verb="change_request.signed",
            target=change,
            initiative=initiative,
            after={"role": role, "note": note},
        )
        signed = set(change.approvals.values_list("role", flat=True))
        if not open_slots(change, signed):
            _apply(actor, change, initiative)
    return change


def change_request_reject(*, actor, change: ChangeRequest, note: str = "") -> ChangeRequest:
    """Reject a pending change (anyone who may sign it), with a note; nothing is applied."""
    note = inputs.ChangeDecisionInput.clean_input(note=note)["note"]
    return _close(actor, change, "decide_change", ChangeStatus.REJECTED, note)


def change_request_withdraw(*, actor, change: ChangeRequest, note: str = "") -> ChangeRequest:
    """Withdraw a pending change (its requester); nothing is applied."""
    note = inputs.ChangeDecisionInput.clean_input(note=note)["note"]
    return _close(actor, change, "withdraw_change", ChangeStatus.WITHDRAWN, note)


def _close(actor, change: ChangeRequest, action: str, status: str, note: str) -> ChangeRequest:
    with transaction.atomic():
        change, initiative, _facts = _lock_change(actor, change, action)
        change.status = status
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.decision_note = note
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit_record(
            actor=actor, verb=f"change_request.{status}", target=change, initiative=initiative, after={"note": note}
        )
    return change
