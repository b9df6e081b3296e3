"""What a compliance review holds: the questionnaire (versioned by the compliance lead) and its answers, evidence
files, findings (carried into the next review until one closes them) and action items with owners and due dates.

Each service locks the initiative first, then the row it changes, authorises the actor on the locked rows
(``complete_compliance_review``: a compliance officer in scope, while the review is open) and writes its audit
event in the same transaction.
"""

from __future__ import annotations

import datetime

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import Initiative
from adoption.services.evidence import check_and_hash_file
from core.db import lock_one
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance import access, actions, inputs, questionnaire
from governance.actions import lock_initiative
from governance.audit import audit_record
from governance.choices import ActionItemStatus, ComplianceReviewStatus, FindingStatus
from governance.models import (
    ComplianceActionItem,
    ComplianceAttachment,
    ComplianceFinding,
    ComplianceQuestionnaire,
    ComplianceReview,
)

COMPLETE = "complete_compliance_review"


# --- Questionnaires ---------------------------------------------------------------------------------------------


def compliance_questionnaire_revise(
    *, actor, risk_tier: str, questions: list, note: str = ""
) -> ComplianceQuestionnaire:
    """A new version of a tier's questionnaire (the compliance lead: a global compliance officer). The reviews
    answered with an earlier version keep it."""
    note = inputs.QuestionnaireReviseInput.clean_input(risk_tier=risk_tier, note=note)["note"]
    if not access.holds_global_role(user=actor, role=Role.COMPLIANCE_OFFICER):
        raise Forbidden(_("Only the compliance lead (a global compliance officer) edits the questionnaires."))
    if risk_tier not in questionnaire.TIERS:
        raise InvalidInput(
            _("The questionnaire was not saved."),
            fields={"risk_tier": [_("Questionnaires are kept for the minimal, limited and high tiers.")]},
        )
    cleaned, problems = questionnaire.clean_questions(questions)
    if problems:
        raise InvalidInput(_("The questionnaire was not saved."), fields={"questions": problems})
    with transaction.atomic():
        current = (
            ComplianceQuestionnaire.objects.select_for_update().filter(risk_tier=risk_tier, is_current=True).first()
        )
        if current is not None:
            if current.questions == cleaned:
                raise Refused(_("The questionnaire was not saved."), reasons=[_("Nothing was changed.")])
            current.is_current = False
            current.save(update_fields=["is_current"])
        revised = ComplianceQuestionnaire.objects.create(
            risk_tier=risk_tier,
            version=(current.version + 1) if current else 1,
            questions=cleaned,
            is_current=True,
            note=note,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            verb="compliance_questionnaire.revised",
            target=revised,
            before={"version": current.version if current else None},
            after={"risk_tier": risk_tier, "version": revised.version, "questions": len(cleaned), "note": note},
        )
    return revised


def current_questionnaire(risk_tier: str) -> ComplianceQuestionnaire | None:
    """The questionnaire a review of ``risk_tier`` starts with."""
    tier = questionnaire.questionnaire_tier(risk_tier)
    return ComplianceQuestionnaire.objects.filter(risk_tier=tier, is_current=True).first()


# --- Locking and authorising ------------------------------------------------------------------------------------


def _lock_review(actor, review: ComplianceReview, refused: str) -> tuple[ComplianceReview, Initiative]:
    """The review and its initiative, locked (initiative first), and the actor allowed to work on it while open."""
    initiative_id = ComplianceReview.objects.filter(pk=review.pk).values_list("initiative_id", flat=True).first()
    if initiative_id is None:
        raise NotFound(_("Compliance review not found."))
    initiative = lock_initiative(initiative_id)
    review = ComplianceReview.objects.select_for_update().get(pk=review.pk)
    actions.action_require(
        COMPLETE,
        user=actor,
        initiative=initiative,
        facts=actions.InitiativeFacts(user=actor, initiative=initiative, compliance_review=review),
    )
    if review.status != ComplianceReviewStatus.OPEN:
        raise Refused(refused, reasons=[_("This compliance review is closed.")])
    return review, initiative


def answers_merge(review: ComplianceReview, answers, refused: str | None = None) -> dict:
    """Pin the review's questionnaire (the current one of its tier, at the first answer) and merge ``answers`` into
    those given before; InvalidInput (headed ``refused``) names each bad answer. The caller holds the review's
    lock."""
    refused = refused or _("The answers were not saved.")
    if review.questionnaire_id is None:
        review.questionnaire = current_questionnaire(review.risk_tier)
    if review.questionnaire is None:
        raise Refused(refused, reasons=[_("There is no questionnaire for this risk tier.")])
    cleaned, problems = questionnaire.clean_answers(review.questionnaire.questions, answers)
    if problems:
        raise InvalidInput(refused, fields=problems)
    merged = {**review.answers, **cleaned}
    return {code: value for code, value in merged.items() if value}


def compliance_review_answer(*, actor, review: ComplianceReview, answers: dict) -> ComplianceReview:
    """Answer (some of) the questionnaire of an open review; the review keeps the version it was first answered
    with."""
    with transaction.atomic():
        review, initiative = _lock_review(actor, review, _("The answers were not saved."))
        before = dict(review.answers)
        review.answers = answers_merge(review, answers)
        review.save(update_fields=["questionnaire", "answers"])
        audit_record(
            actor=actor,
            verb="compliance_review.answered",
            target=review,
            initiative=initiative,
            before={"answers": before},
            after={"answers": review.answers, "questionnaire_version": review.questionnaire.version},
        )
    return review


# --- Evidence files ---------------------------------------------------------------------------------------------


def compliance_attachment_add(
    *, actor, review: ComplianceReview, file: File | None, description: str = ""
) -> ComplianceAttachment:
    """Attach an evidence file to an open review: the same checks as gate evidence (size, type, content sniffed,
    no executables), stored under its SHA-256, removed again if the transaction fails."""
    description = inputs.AttachmentInput.clean_input(description=description)["description"]
    errors: dict[str, list[str]] = {}
    if file is None:
        raise InvalidInput(_("The file was not attached."), fields={"file": [_("Choose a file to upload.")]})
    file_name, content_type, size, sha256 = check_and_hash_file(errors, file)
    if errors:
        raise InvalidInput(_("The file was not attached."), fields=errors)
    field = ComplianceAttachment._meta.get_field("file")
    stored: list[str] = []
    try:
        with transaction.atomic():
            review, initiative = _lock_review(actor, review, _("The file was not attached."))
            attachment = ComplianceAttachment(
                initiative=initiative,
                review=review,
                file_name=file_name,
                content_type=content_type,
                size=size,
                sha256=sha256,
                description=description,
                created_by=actor,
            )
            name = field.generate_filename(attachment, file_name)
            stored.append(field.storage.save(name, file, max_length=field.max_length))
            attachment.file.name = stored[-1]
            attachment.save()
            audit_record(
                actor=actor,
                verb="compliance_review.evidence_attached",
                target=review,
                initiative=initiative,
                after={"file_name": file_name, "content_type": content_type, "size": size, "sha256": sha256},
            )
    except BaseException:
        # Nothing half-written: a file stored for a transaction that did not commit must not linger.
        for name in stored:
            field.storage.delete(name)
        raise
    return attachment


# --- Findings ---------------------------------------------------------------------------------------------------


def compliance_finding_raise(*, actor, review: ComplianceReview, text: str) -> ComplianceFinding:
    """Raise a finding in an open review; it stays open (and is carried forward) until a review closes it."""
    text = inputs.FindingInput.clean_input(text=text)["text"]
    with transaction.atomic():
        review, initiative = _lock_review(actor, review, _("The finding was not recorded."))
        finding = ComplianceFinding.objects.create(initiative=initiative, raised_in=review, text=text, created_by=actor)
        audit_record(
            actor=actor,
            verb="compliance_finding.raised",
            target=finding,
            initiative=initiative,
            after={"review": review.pk, "text": text},
        )
    return finding


def compliance_finding_close(*, actor, finding: ComplianceFinding, note: str) -> ComplianceFinding:
    """Close an open finding in the initiative's open review (whichever review raised it), with a note."""
    note = inputs.FindingCloseInput.clean_input(note=note)["note"]
    refused = _("The finding was not closed.")
    with transaction.atomic():
        initiative_id = ComplianceFinding.objects.filter(pk=finding.pk).values_list("initiative_id", flat=True).first()
        if initiative_id is None:
            raise NotFound(_("Finding not found."))
        initiative = lock_initiative(initiative_id)
        finding = lock_one(ComplianceFinding.objects.filter(pk=finding.pk), _("Finding not found."))
        facts = actions.InitiativeFacts(user=actor, initiative=initiative)
        actions.action_require(COMPLETE, user=actor, initiative=initiative, facts=facts)
        review = facts.open_compliance_review
        if finding.status != FindingStatus.OPEN:
            raise Refused(refused, reasons=[_("The finding is already closed.")])
        finding.status = FindingStatus.CLOSED
        finding.closed_in = review
        finding.closing_note = note
        finding.closed_by = actor
        finding.closed_at = timezone.now()
        finding.save(update_fields=["status", "closed_in", "closing_note", "closed_by", "closed_at"])
        audit_record(
            actor=actor,
            verb="compliance_finding.closed",
            target=finding,
            initiative=initiative,
            after={"review": review.pk, "note": note},
        )
    return finding


# --- Action items -----------------------------------------------------------------------------------------------


def compliance_action_item_add(
    *,
    actor,
    review: ComplianceReview,
    title: str,
    owner,
    due_on: datetime.date,
    finding: ComplianceFinding | None = None,
) -> ComplianceActionItem:
    """Give a person something to do by a date, in an open review; the owner must be able to see the initiative
    (the reminders send them to it)."""
    data = inputs.ActionItemInput.clean_input(title=title, due_on=due_on)
    refused = _("The action item was not recorded.")
    if data["due_on"] < timezone.localdate():
        raise InvalidInput(refused, fields={"due_on": [_("The due date cannot be in the past.")]})
    with transaction.atomic():
        review, initiative = _lock_review(actor, review, refused)
        if (
            owner is None
            or not owner.is_active
            or not Initiative.objects.restrict(owner).filter(pk=initiative.pk).exists()
        ):
            raise InvalidInput(refused, fields={"owner": [_("Choose a person who can see this initiative.")]})
        if finding is not None and not ComplianceFinding.objects.filter(pk=finding.pk, initiative=initiative).exists():
            raise InvalidInput(refused, fields={"finding": [_("The finding belongs to another initiative.")]})
        item = ComplianceActionItem.objects.create(
            initiative=initiative,
            review=review,
            finding=finding,
            title=data["title"],
            owner=owner,
            due_on=data["due_on"],
            created_by=actor,
        )
        audit_record(
            actor=actor,
            verb="compliance_action.assigned",
            target=item,
            initiative=initiative,
            after={"review": review.pk, "title": item.title, "owner": owner.pk, "due_on": item.due_on.isoformat()},
        )
    return item


def action_item_refusal(*, user, item: ComplianceActionItem, perms: set[str]) -> str | None:
    """Why ``user`` may not mark ``item`` done (None: they may): its owner or a compliance officer in scope, while
    it is open. The one rule the service, the page and the API apply."""
    if item.status != ActionItemStatus.OPEN:
        return _("The action item is already done.")
    if item.owner_id != user.pk and COMPLETE not in perms:
        return _("Only the action item's owner or a compliance officer responsible for the initiative can close it.")
    return None


def compliance_action_item_done(*, actor, item: ComplianceActionItem, note: str = "") -> ComplianceActionItem:
    """Mark an action item done (its owner, or a compliance officer in scope); its reminders stop."""
    note = inputs.ActionItemDoneInput.clean_input(note=note)["note"]
    with transaction.atomic():
        initiative_id = (
            ComplianceActionItem.objects.restrict(actor)
            .filter(pk=item.pk)
            .values_list("initiative_id", flat=True)
            .first()
        )
        if initiative_id is None:
            raise NotFound(_("Action item not found."))
        initiative = lock_initiative(initiative_id)
        item = lock_one(ComplianceActionItem.objects.filter(pk=item.pk), _("Action item not found."))
        refusal = action_item_refusal(
            user=actor, item=item, perms=access.initiative_permissions(user=actor, initiative=initiative)
        )
        if refusal is not None:
            kind = Refused if item.status != ActionItemStatus.OPEN else Forbidden
            if kind is Refused:
                raise Refused(_("The action item was not closed."), reasons=[refusal])
            raise Forbidden(refusal)
        item.status = ActionItemStatus.DONE
        item.done_note = note
        item.done_by = actor
        item.done_at = timezone.now()
        item.save(update_fields=["status", "done_note", "done_by", "done_at"])
        audit_record(
            actor=actor, verb="compliance_action.done", target=item, initiative=initiative, after={"note": note}
        )
    return item
