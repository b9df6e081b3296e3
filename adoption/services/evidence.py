"""Evidence: append-only versions (text, link or file) of a criterion's evidence, each with its SHA-256.

What a signer saw must be showable years later, so a version is never changed (the table refuses UPDATE and
DELETE); new evidence is a new version. Files are checked (size, declared type and a sniff of their first bytes)
before they are stored, stored under their hash, and removed again if the transaction that records them fails.
"""

from __future__ import annotations

import datetime
import hashlib
import mimetypes
import os
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from adoption.choices import CriterionStatus, EvidenceKind
from adoption.models import EvidenceVersion, GateCriterion
from adoption.services._input import Errors, add, clean_choice, clean_text
from adoption.services.criteria import (
    AUDITED_FIELDS,
    audit_change,
    clean_evidence_date,
    clean_metric_value,
    lock_criterion,
    require_met,
    set_status,
    status_after_recording,
)
from core.exceptions import InvalidInput
from governance import actions
from governance.audit import snapshot

CHUNK_SIZE = 64 * 1024
SNIFF_SIZE = 8 * 1024
URL_LIMIT = 1000
FILE_NAME_LIMIT = 200

# Signatures of the binary formats we accept; a file declared as one of these must start with it.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (b"PK\x03\x04",),
}
# Formats recognisable on sight; a file that looks like one of them must be declared as it.
SNIFFED = ("application/pdf", "image/png", "image/jpeg")
TEXT_TYPES = frozenset({"text/plain", "text/csv", "text/markdown", "application/json"})
# Windows PE, ELF, Mach-O (32/64-bit, both byte orders, universal) and scripts with an interpreter line.
EXECUTABLE_SIGNATURES = (
    b"MZ",
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",
)
EXECUTABLE_EXTENSIONS = frozenset(
    {
        ".apk",
        ".app",
        ".bat",
        ".bin",
        ".cmd",
        ".com",
        ".cpl",
        ".dll",
        ".dylib",
        ".elf",
        ".exe",
        ".jar",
        ".js",
        ".msi",
        ".pif",
        ".ps1",
        ".scr",
        ".sh",
        ".so",
        ".vbs",
    }
)


def _declared_type(upload: File, name: str) -> str:
    declared = getattr(upload, "content_type", None) or mimetypes.guess_type(name)[0] or ""
    return declared.split(";", 1)[0].strip().lower()


def _clean_file_name(errors: Errors, upload: File) -> str:
    raw = os.path.basename(str(upload.name or "").replace("\\", "/"))
    if "\x00" in raw:
        add(errors, "file", _("The file name may not contain NUL characters."))
        return ""
    try:
        name = get_valid_filename(raw)
    except SuspiciousFileOperation:
        add(errors, "file", _("Give the file a name."))
        return ""
    if len(name) > FILE_NAME_LIMIT:
        stem, ext = os.path.splitext(name)
        name = stem[: FILE_NAME_LIMIT - len(ext)] + ext
    if os.path.splitext(name)[1].lower() in EXECUTABLE_EXTENSIONS:
        add(errors, "file", _("Executable files and scripts are not accepted as evidence."))
    return name


def _sniff_problem(head: bytes, declared: str) -> str | None:
    """Why the first bytes contradict the declared type (or are an executable), or None when they agree."""
    if any(head.startswith(sig) for sig in EXECUTABLE_SIGNATURES):
        return _("Executable files and scripts are not accepted as evidence.")
    expected = SIGNATURES.get(declared)
    if expected and not any(head.startswith(sig) for sig in expected):
        return _("The file is declared as %(type)s but its content is not; upload the original file.") % {
            "type": declared
        }
    for kind in SNIFFED:
        if kind != declared and any(head.startswith(sig) for sig in SIGNATURES[kind]):
            return _("The file's content is %(actual)s but it is declared as %(type)s.") % {
                "actual": kind,
                "type": declared,
            }
    if declared in TEXT_TYPES and b"\x00" in head:
        return _("The file is declared as %(type)s but contains binary data.") % {"type": declared}
    return None


def check_and_hash_file(errors: Errors, upload: File) -> tuple[str, str, int, str]:
    """Validate an upload and hash it in chunks. Returns (file name, content type, size, SHA-256)."""
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    name = _clean_file_name(errors, upload)
    declared = _declared_type(upload, name)
    if declared not in settings.EVIDENCE_ALLOWED_CONTENT_TYPES:
        add(
            errors,
            "file",
            _(
                "Files of type “%(type)s” are not accepted; use PDF, an image (PNG, JPEG), text, CSV or an Office "
                "document."
            )
            % {"type": declared or _("unknown")},
        )
    declared_size = getattr(upload, "size", None)
    if declared_size is not None and declared_size > limit:
        add(errors, "file", _("The file is larger than the %(limit)s limit.") % {"limit": _size_text(limit)})
    if errors:
        return name, declared, 0, ""
    digest = hashlib.sha256()
    size = 0
    head = b""
    upload.seek(0)
    for chunk in upload.chunks(CHUNK_SIZE):
        if len(head) < SNIFF_SIZE:
            head += chunk[: SNIFF_SIZE - len(head)]
        size += len(chunk)
        if size > limit:
            add(errors, "file", _("The file is larger than the %(limit)s limit.") % {"limit": _size_text(limit)})
            return name, declared, size, ""
        digest.update(chunk)
    upload.seek(0)
    if size == 0:
        add(errors, "file", _("The file is empty."))
    else:
        problem = _sniff_problem(head, declared)
        if problem:
            add(errors, "file", problem)
    return name, declared, size, digest.hexdigest()


def _size_text(limit: int) -> str:
    return str(filesizeformat(limit))


def _clean_url(errors: Errors, url: str) -> str:
    url = clean_text(errors, "url", url, limit=URL_LIMIT, required=True)
    if url and "url" not in errors:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            add(errors, "url", _("Enter a full web address starting with http:// or https://."))
    return url


def evidence_add(
    *,
    actor,
    criterion: GateCriterion,
    kind: str,
    text: str = "",
    url: str = "",
    file: File | None = None,
    metric_value: Decimal | None = None,
    evidence_date: datetime.date | None = None,
    mark_met: bool = False,
) -> EvidenceVersion:
    """Append a version of a criterion's evidence (owner, contributor) and make it the criterion's latest.

    ``text`` is the evidence for kind ``text`` and an optional description otherwise. The evidence date defaults to
    today; a measured value recorded with the evidence is judged against the threshold like any other.
    ``mark_met``: mark the criterion met in the same step, as ``criterion_update`` would (each audited); when it
    cannot be marked met, neither the evidence nor the status is recorded.
    """
    if not isinstance(mark_met, bool):
        raise InvalidInput(_("The evidence was not recorded."), fields={"mark_met": [_("Answer yes or no.")]})
    today = timezone.localdate()
    errors: Errors = {}
    kind = clean_choice(errors, "kind", kind, EvidenceKind)
    text = clean_text(errors, "text", text, required=kind == EvidenceKind.TEXT)
    date = clean_evidence_date(errors, evidence_date, today=today) or today
    file_name, content_type, size, sha256 = "", "", 0, ""
    if kind == EvidenceKind.LINK:
        url = _clean_url(errors, url)
        sha256 = hashlib.sha256(url.encode()).hexdigest()
    elif url:
        add(errors, "url", _("A link goes with evidence of kind “link”."))
    if kind == EvidenceKind.FILE:
        if file is None:
            add(errors, "file", _("Choose a file to upload."))
        else:
            file_name, content_type, size, sha256 = check_and_hash_file(errors, file)
    elif file is not None:
        add(errors, "file", _("A file goes with evidence of kind “file”."))
    if kind == EvidenceKind.TEXT:
        sha256 = hashlib.sha256(text.encode()).hexdigest()
    if errors:
        raise InvalidInput(_("The evidence was not recorded."), fields=errors)

    field = EvidenceVersion._meta.get_field("file")
    stored: list[str] = []
    try:
        with transaction.atomic():
            initiative, criterion = lock_criterion(criterion=criterion)
            action = "mark_criterion" if mark_met else "record_evidence"
            actions.criterion_require(action, user=actor, initiative=initiative, criterion=criterion)
            value = clean_metric_value(errors, metric_value, criterion.template)
            if errors:
                raise InvalidInput(_("The evidence was not recorded."), fields=errors)

            # The criterion's row lock makes "last version + 1" safe against concurrent uploads.
            last = criterion.evidence_versions.aggregate(last=Max("version"))["last"] or 0
            version = EvidenceVersion(
                criterion=criterion,
                version=last + 1,
                kind=kind,
                text=text,
                url=url if kind == EvidenceKind.LINK else "",
                file_name=file_name,
                content_type=content_type,
                size=size,
                sha256=sha256,
                metric_value=value,
                evidence_date=date,
                created_by=actor,
            )
            if kind == EvidenceKind.FILE:
                name = field.generate_filename(version, file_name)
                stored.append(field.storage.save(name, file, max_length=field.max_length))
                version.file.name = stored[-1]
            version.save()

            before = snapshot(criterion, AUDITED_FIELDS)
            criterion.latest_evidence_sha256 = sha256
            criterion.evidence_count = version.version
            criterion.evidence_date = date
            if value is not None:
                criterion.metric_value = value
            set_status(criterion, status_after_recording(criterion, today=today))
            criterion.updated_by = actor
            criterion.updated_at = timezone.now()
            criterion.save()
            audit_change(
                actor=actor,
                verb="criterion.evidence_added",
                criterion=criterion,
                initiative=initiative,
                before=before,
                extra={
                    "evidence_version": version.version,
                    "kind": kind,
                    "sha256": sha256,
                    "url": version.url,
                    "file_name": file_name,
                    "content_type": content_type,
                    "size": size,
                },
            )
            if mark_met and criterion.status != CriterionStatus.MET:
                before = snapshot(criterion, AUDITED_FIELDS)
                require_met(criterion, today=today)
                criterion.save()
                audit_change(
                    actor=actor, verb="criterion.updated", criterion=criterion, initiative=initiative, before=before
                )
    except BaseException:
        # Nothing half-written: a file stored for a transaction that did not commit must not linger.
        for name in stored:
            field.storage.delete(name)
        raise
    return version
