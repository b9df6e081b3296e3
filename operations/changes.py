"""The production change gate's rules: what a change asks to be redone (``change_requirements``) and who signs it
(``change_slots``, ``change_signoff_refusal``). The services, pages, API and the action rules all call these."""

from __future__ import annotations

from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import Initiative
from core.exceptions import Forbidden, Refused
from governance.permissions import act_as
from operations.choices import ChangeKind, ChangeStatus
from operations.models import ChangeRequest, Filing
from operations.obligations import binding_obligations

# Kinds of change after which the system is evaluated again, the ROI estimated again, the applicability
# questionnaire answered again.
REEVALUATE_ON = frozenset({ChangeKind.MODEL, ChangeKind.MODEL_VERSION, ChangeKind.SYSTEM_PROMPT})
ROI_ON = frozenset({ChangeKind.PRICE, ChangeKind.VENDOR})
QUESTIONNAIRE_ON = frozenset({ChangeKind.PURPOSE, ChangeKind.AUDIENCE})
# What a change of these kinds rewrites on the initiative once approved (its "models and vendors used").
MODELS_USED_ON = frozenset({ChangeKind.MODEL, ChangeKind.MODEL_VERSION, ChangeKind.VENDOR})

# Who signs every change: a compliance officer always, and the CoE (four eyes: never the requester, never one
# person twice).
CHANGE_SLOTS = (Role.COMPLIANCE_OFFICER, Role.COE_ADMIN)


def change_requirements(initiative: Initiative, kinds: list[str] | set[str]) -> dict:
    """What a change of ``kinds`` asks for: the binding obligations whose ``on_change`` names one of them (their
    criteria reopen), re-evaluation, a new ROI estimate, a renewed applicability questionnaire, the filings to make
    again, and the slots that sign. JSON-ready: a change request keeps it as decided when it was asked."""
    kinds = set(kinds)
    reopen = [
        {"regime": applied.regime, "obligation": applied.code}
        for applied in binding_obligations(initiative)
        if kinds & set(applied.spec.get("on_change") or [])
    ]
    refile = [
        {"id": filing.pk, "regime": filing.regime, "obligation": filing.obligation}
        for filing in Filing.objects.filter(initiative=initiative, refile_on__overlap=sorted(kinds)).order_by("pk")
    ]
    return {
        "reopen": reopen,
        "reevaluate": bool(kinds & REEVALUATE_ON),
        "roi_estimate": bool(kinds & ROI_ON),
        "questionnaire": bool(kinds & QUESTIONNAIRE_ON),
        "refile": refile,
        "slots": [str(role) for role in CHANGE_SLOTS],
    }


def requirement_sentences(requirements: dict) -> list[str]:
    """What a change asks for, a sentence each, in the reader's language."""
    sentences = []
    if requirements.get("reevaluate"):
        sentences.append(_("The system is evaluated again (its evaluation criteria reopen)."))
    if requirements.get("roi_estimate"):
        sentences.append(_("A new ROI estimate is recorded."))
    if requirements.get("questionnaire"):
        sentences.append(_("The applicability questionnaire is answered again."))
    for item in requirements.get("reopen", []):
        sentences.append(
            _("The criteria of obligation %(obligation)s (%(regime)s) reopen.")
            % {"obligation": item["obligation"], "regime": item["regime"]}
        )
    for item in requirements.get("refile", []):
        sentences.append(
            _("The filing for %(obligation)s (%(regime)s) must be made again.")
            % {"obligation": item["obligation"], "regime": item["regime"]}
        )
    return sentences


def open_slots(change: ChangeRequest, signed_roles: set[str]) -> list[str]:
    return [role for role in change.requirements.get("slots", CHANGE_SLOTS) if role not in signed_roles]


def change_signoff_refusal(*, user, perms: set[str], change: ChangeRequest) -> tuple[type, str] | None:
    """Why ``user`` (holding ``perms`` on the initiative) may not sign or reject ``change`` — (Refused or Forbidden,
    sentence) — or None when they may: it is pending; the requester never decides it; one person signs once; the
    person holds the role of a slot still open."""
    if change.status != ChangeStatus.PENDING:
        return Refused, _("This change was already decided.")
    if change.requested_by_id == user.pk:
        return Forbidden, _("You requested this change, so others must sign it (four eyes).")
    signed = {approval.role: approval.signed_by_id for approval in change.approvals.all()}
    if user.pk in signed.values():
        return Forbidden, _("You have signed this change already; another person signs the other slot.")
    slots = open_slots(change, set(signed))
    if not any(act_as(role) in perms for role in slots):
        return Forbidden, _("Only a compliance officer responsible for the initiative and the CoE sign a change.")
    return None


def role_to_sign(*, perms: set[str], change: ChangeRequest) -> str | None:
    """The open slot ``perms`` sign (the compliance slot first)."""
    signed = {approval.role for approval in change.approvals.all()}
    return next((role for role in open_slots(change, signed) if act_as(role) in perms), None)
