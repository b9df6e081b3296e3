"""The filings register: drafts made from the catalogue's binding obligations (``filings_sync``), their progress
recorded (``filing_record``: submitted, the authority's answer, waived), documents attached, and refiling after a
change. Each write locks the initiative first, authorises on the locked row (``governance.actions``) and is
audited in the same transaction."""

from __future__ import annotations

import datetime

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative
from adoption.services.evidence import check_and_hash_file
from core.db import lock_one
from core.exceptions import InvalidInput, NotFound, Refused
from governance import actions
from governance.audit import audit_record
from operations import inputs
from operations.choices import FilingStatus
from operations.models import Filing, FilingDocument
from operations.obligations import binding_obligations, text

# Which statuses a filing may move to from each (recording the authority's answer needs a submission first).
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    FilingStatus.DRAFT: (FilingStatus.SUBMITTED, FilingStatus.WAIVED),
    FilingStatus.SUBMITTED: (FilingStatus.APPROVED, FilingStatus.REJECTED, FilingStatus.WAIVED),
    FilingStatus.REJECTED: (FilingStatus.SUBMITTED, FilingStatus.WAIVED),
    FilingStatus.REFILE_NEEDED: (FilingStatus.SUBMITTED, FilingStatus.WAIVED),
    FilingStatus.APPROVED: (FilingStatus.REFILE_NEEDED,),
    FilingStatus.WAIVED: (FilingStatus.SUBMITTED,),
}
RECORDED = ["status", "reference", "due_on", "submitted_on", "decided_on", "note"]


def _state(filing: Filing) -> dict:
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in ((name, getattr(filing, name)) for name in RECORDED)
    }


def filings_sync(*, initiative: Initiative, actor=None) -> list[Filing]:
    """A draft filing for each binding obligation of the initiative with a ``filing`` spec that has none yet
    (idempotent; an existing filing keeps its progress, its authority and gate follow the catalogue; a filing whose
    obligation no longer binds stops blocking its gate). The caller may hold the initiative's lock; this takes it
    otherwise. Returns the filings created."""
    wanted = [applied for applied in binding_obligations(initiative) if applied.spec.get("filing")]
    if not wanted and not Filing.objects.filter(initiative=initiative).exists():
        return []
    created: list[Filing] = []
    with transaction.atomic():
        locked = actions.lock_initiative(initiative.pk, no_key=True)
        existing = {(f.regime, f.obligation): f for f in Filing.objects.select_for_update().filter(initiative=locked)}
        for applied in wanted:
            spec = applied.spec["filing"]
            values = {
                "kind": spec.get("kind") or "other",
                "authority": text(spec.get("authority")),
                "blocks_phase": spec.get("blocks_phase") or "",
                "refile_on": list(spec.get("refile_on") or []),
            }
            filing = existing.get((applied.regime, applied.code))
            if filing is None:
                filing = Filing.objects.create(
                    initiative=locked, regime=applied.regime, obligation=applied.code, **values
                )
                created.append(filing)
                audit_record(
                    actor=actor,
                    verb="filing.created",
                    target=filing,
                    initiative=locked,
                    after={"regime": filing.regime, "obligation": filing.obligation, **values},
                )
            elif any(getattr(filing, name) != value for name, value in values.items()):
                before = {name: getattr(filing, name) for name in values}
                for name, value in values.items():
                    setattr(filing, name, value)
                filing.updated_at = timezone.now()
                filing.save(update_fields=[*values, "updated_at"])
                audit_record(
                    actor=actor, verb="filing.synced", target=filing, initiative=locked, before=before, after=values
                )
        # An obligation that no longer binds (other answers, a new catalogue version) keeps its filing on record but
        # no longer holds a gate shut.
        still = {(applied.regime, applied.code) for applied in wanted}
        for code, filing in existing.items():
            if code not in still and filing.blocks_phase:
                before = {"blocks_phase": filing.blocks_phase}
                filing.blocks_phase = ""
                filing.updated_at = timezone.now()
                filing.save(update_fields=["blocks_phase", "updated_at"])
                audit_record(
                    actor=actor,
                    verb="filing.synced",
                    target=filing,
                    initiative=locked,
                    before=before,
                    after={"blocks_phase": "", "binding": False},
                )
    return created


def _lock_filing(actor, filing: Filing, action: str) -> tuple[Filing, Initiative]:
    initiative_id = Filing.objects.filter(pk=filing.pk).values_list("initiative_id", flat=True).first()
    if initiative_id is None:
        raise NotFound(_("Filing not found."))
    initiative = actions.action_lock(action, user=actor, initiative=Initiative(pk=initiative_id))
    return lock_one(Filing.objects.filter(pk=filing.pk), _("Filing not found.")), initiative


def filing_record(
    *,
    actor,
    filing: Filing,
    status: str,
    reference: str = "",
    due_on: datetime.date | None = None,
    submitted_on: datetime.date | None = None,
    decided_on: datetime.date | None = None,
    note: str = "",
) -> Filing:
    """Record a filing's progress: submitted (with its date, today by default), the authority's answer (approved or
    rejected, dated), or waived (a compliance officer in scope, with a reason). Reference, due date and note are
    kept when not given."""
    data = inputs.FilingRecordInput.clean_arguments(locals())
    refused = inputs.FilingRecordInput.refused
    with transaction.atomic():
        action = "waive_filing" if data["status"] == FilingStatus.WAIVED else "manage_filings"
        filing, initiative = _lock_filing(actor, filing, action)
        target = data["status"]
        if target != filing.status and target not in NEXT_STATUSES[filing.status]:
            raise Refused(
                refused,
                reasons=[
                    _("A filing that is %(from)s cannot become %(to)s.")
                    % {
                        "from": FilingStatus(filing.status).label.lower(),
                        "to": FilingStatus(target).label.lower(),
                    }
                ],
            )
        before = _state(filing)
        today = timezone.localdate()
        filing.status = target
        filing.reference = data["reference"] or filing.reference
        filing.due_on = data["due_on"] or filing.due_on
        filing.note = data["note"] or filing.note
        if target == FilingStatus.SUBMITTED:
            filing.submitted_on = data["submitted_on"] or today
            filing.decided_on = None
        elif target in (FilingStatus.APPROVED, FilingStatus.REJECTED, FilingStatus.WAIVED):
            filing.decided_on = data["decided_on"] or today
            if filing.submitted_on and filing.decided_on < filing.submitted_on:
                raise InvalidInput(
                    refused, fields={"decided_on": [_("The decision cannot come before the submission.")]}
                )
        filing.updated_at = timezone.now()
        filing.save(update_fields=[*RECORDED, "updated_at"])
        audit_record(
            actor=actor,
            verb=f"filing.{target}",
            target=filing,
            initiative=initiative,
            before=before,
            after=_state(filing),
        )
    return filing


def filing_document_add(*, actor, filing: Filing, file: File | None, description: str = "") -> FilingDocument:
    """Attach a document to a filing: the same checks as gate evidence (``check_and_hash_file``), stored under its
    SHA-256, removed again if the transaction fails."""
    description = inputs.FilingDocumentInput.clean_input(description=description)["description"]
    refused = inputs.FilingDocumentInput.refused
    if file is None:
        raise InvalidInput(refused, fields={"file": [_("Choose a file to upload.")]})
    errors: dict[str, list[str]] = {}
    file_name, content_type, size, sha256 = check_and_hash_file(errors, file)
    if errors:
        raise InvalidInput(refused, fields=errors)
    field = FilingDocument._meta.get_field("file")
    stored: list[str] = []
    try:
        with transaction.atomic():
            filing, initiative = _lock_filing(actor, filing, "manage_filings")
            document = FilingDocument(
                initiative=initiative,
                filing=filing,
                file_name=file_name,
                content_type=content_type,
                size=size,
                sha256=sha256,
                description=description,
                created_by=actor,
            )
            stored.append(field.storage.save(field.generate_filename(document, file_name), file, max_length=500))
            document.file.name = stored[-1]
            document.save()
            audit_record(
                actor=actor,
                verb="filing.document_attached",
                target=filing,
                initiative=initiative,
                after={"file_name": file_name, "content_type": content_type, "size": size, "sha256": sha256},
            )
    except BaseException:
        for name in stored:
            field.storage.delete(name)
        raise
    return document


def filings_flag_refile(*, actor, initiative: Initiative, kinds: list[str], change_id: int) -> list[Filing]:
    """Turn "refile needed" every filing of the (locked) initiative whose ``refile_on`` names a changed kind and
    that was filed (submitted, approved or rejected); a draft has nothing to refile, a waived one was judged not
    needed. Audited, each."""
    flagged = list(
        Filing.objects.select_for_update()
        .filter(initiative=initiative, refile_on__overlap=sorted(kinds))
        .exclude(status__in=[FilingStatus.DRAFT, FilingStatus.REFILE_NEEDED, FilingStatus.WAIVED])
        .order_by("pk")
    )
    for filing in flagged:
        before = _state(filing)
        filing.status = FilingStatus.REFILE_NEEDED
        filing.updated_at = timezone.now()
        filing.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            verb="filing.refile_needed",
            target=filing,
            initiative=initiative,
            before=before,
            after={**_state(filing), "change_request": change_id, "kinds": sorted(kinds)},
        )
    return flagged
