"""The regulator evidence pack: a ZIP per initiative (or a selection) that a regulator checks offline.

It holds, per initiative, every evidence file (each with the SHA-256 recorded at upload), the decision packet of
every gate review, and the initiative's whole audit chain as JSON lines (each event with its hash, the link to the
one before it, and a content digest); then ``manifest.json`` (every file with its SHA-256) and ``verify.py``, a
standard-library script that re-checks all of it (``reports/verify.py`` says what it proves with and without the
audit key). The ZIP's entries are written in a fixed order with a fixed date, so the same records give the same ZIP.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from adoption.models import EvidenceVersion, Initiative
from core.exceptions import Forbidden, InvalidInput, NotFound
from governance import access
from governance.audit import audit_record
from governance.models import AuditEvent, GateReview
from reports.packets import decision_packet_pdf
from reports.pdf import canonical_json

FORMAT = "genai-tracker-evidence-pack/1"
VERIFIER = Path(__file__).with_name("verify.py")
# Who may export: the CoE and auditors (who read the audit trail) and compliance officers, for what they see.
EXPORT_PERMISSIONS = frozenset({"view_audit_trail", "act_as_compliance_officer"})
MAX_INITIATIVES = 50
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe(name: str) -> str:
    return UNSAFE.sub("_", name).strip("._")[:120] or "file"


def event_line(event: AuditEvent) -> dict:
    """An audit event as the pack writes it: what ``governance.audit.event_hash`` covers, in the same shapes, plus
    the recorded hash, its scheme and the SHA-256 of the canonical content (checkable without the key)."""
    content = {
        "chain": event.chain,
        "seq": event.seq,
        "prev": event.prev_hash,
        "actor": [event.actor_id, event.actor_repr],
        "verb": event.verb,
        "target": [event.target_type, str(event.target_id), event.target_repr],
        "initiative": event.initiative_id,
        "before": event.before,
        "after": event.after,
        "request_id": event.request_id,
        "at": event.at.astimezone(datetime.UTC).isoformat(),
    }
    digest = hashlib.sha256(canonical_json(content)).hexdigest()
    return {"id": event.pk, **content, "hash": event.hash, "scheme": event.hash_scheme, "content_sha256": digest}


def exportable(*, user, keys: list[str]) -> list[Initiative]:
    """The initiatives named by ``keys`` that ``user`` may export: NotFound for one they may not see, Forbidden for
    one they see but may not export."""
    keys = sorted({key.strip().upper() for key in keys if key and key.strip()})
    if not keys:
        raise InvalidInput(_("The evidence pack was not made."), fields={"initiatives": [_("Name an initiative.")]})
    if len(keys) > MAX_INITIATIVES:
        raise InvalidInput(
            _("The evidence pack was not made."),
            fields={"initiatives": [_("Name at most %(n)d initiatives.") % {"n": MAX_INITIATIVES}]},
        )
    found = {i.key: i for i in Initiative.objects.filter(key__in=keys).select_related("business_unit")}
    chosen = []
    for key in keys:
        initiative = found.get(key)
        if initiative is None:
            raise NotFound(_("Initiative %(key)s was not found.") % {"key": key})
        permissions = access.require(user=user, action="view_initiative", initiative=initiative)
        if not permissions & EXPORT_PERMISSIONS:
            raise Forbidden(
                _("Only the CoE, auditors and compliance officers export the evidence pack of %(key)s.") % {"key": key}
            )
        chosen.append(initiative)
    return chosen


def evidence_pack_export(*, actor, keys: list[str], language: str = "en") -> tuple[str, bytes]:
    """The ZIP of the initiatives named by ``keys`` (file name, bytes); each export is audited on the initiative's
    chain first, so the pack holds the record of its own export."""
    initiatives = exportable(user=actor, keys=keys)
    with transaction.atomic():
        for initiative in initiatives:
            audit_record(
                actor=actor,
                verb="evidence_pack.exported",
                target=initiative,
                initiative=initiative,
                after={"initiatives": [i.key for i in initiatives]},
            )
    files: list[tuple[str, bytes, dict]] = []
    lines: list[str] = []
    for initiative in initiatives:
        base = initiative.key
        versions = (
            EvidenceVersion.objects.filter(criterion__initiative=initiative)
            .exclude(file="")
            .select_related("criterion")
            .order_by("criterion__phase", "criterion__code", "version")
        )
        for version in versions:
            with version.file.open("rb") as handle:
                data = handle.read()
            path = (
                f"{base}/evidence/{version.criterion.phase}/{_safe(version.criterion.code)}/"
                f"v{version.version}-{_safe(version.file_name)}"
            )
            files.append((path, data, {"recorded_sha256": version.sha256}))
        for review in (
            GateReview.objects.filter(initiative=initiative)
            .select_related("initiative__business_unit", "requested_by", "decided_by")
            .order_by("requested_at", "pk")
        ):
            path = f"{base}/decision-packets/{review.phase}-attempt-{review.attempt}-review-{review.pk}.pdf"
            files.append((path, decision_packet_pdf(review, language), {}))
        for event in AuditEvent.objects.filter(chain=f"initiative:{initiative.pk}").order_by("seq"):
            lines.append(json.dumps(event_line(event), sort_keys=True, ensure_ascii=False))
    files.append(("audit/events.jsonl", ("\n".join(lines) + "\n").encode(), {}))
    manifest = {
        "format": FORMAT,
        "initiatives": [{"key": i.key, "title": i.title, "chain": f"initiative:{i.pk}"} for i in initiatives],
        "files": [
            {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), **extra}
            for path, data, extra in files
        ],
        "verify": "python3 verify.py [--key AUDIT_HMAC_KEY]",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in [
            ("manifest.json", json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False).encode()),
            ("verify.py", VERIFIER.read_bytes()),
            *[(path, data) for path, data, _extra in files],
        ]:
            info = zipfile.ZipInfo(path, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    name = "evidence-pack-" + "-".join(i.key for i in initiatives[:3]) + ("-etc" if len(initiatives) > 3 else "")
    return f"{name}.zip", buffer.getvalue()
