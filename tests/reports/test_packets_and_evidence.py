"""Decision packets and regulator evidence packs over the demo portfolio: what the packet prints, who may read it, and
the evidence pack checked offline by its own verify.py (untampered, one evidence byte changed, one event edited)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from pypdf import PdfReader
from rest_framework.test import APIClient

from adoption.models import GateCriterion, Initiative
from adoption.services.evidence import evidence_add
from core.web import person_name
from governance.labels import describe_events
from governance.models import AuditEvent, GateReview, SignOff
from reports.evidence_pack import evidence_pack_export
from reports.packets import decision_packet_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def person(username):
    return get_user_model().objects.get(username=username)


def squeezed(data: bytes) -> str:
    """The PDF's text without any white space (long hashes wrap inside their cells)."""
    return re.sub(r"\s+", "", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def decided_review() -> GateReview:
    return (
        GateReview.objects.filter(status="approved", initiative__business_unit__code="retail")
        .select_related("initiative__business_unit")
        .order_by("pk")
        .first()
    )


def test_the_packet_prints_the_frozen_hashes_the_signers_and_the_audit_excerpt():
    review = decided_review()
    data = decision_packet_pdf(review, "en")
    text = squeezed(data)
    assert review.initiative.key in text
    assert review.evidence_hash in text
    frozen = [c["evidence"]["sha256"] for c in review.snapshot["criteria"] if c.get("evidence")]
    assert frozen
    for digest in frozen:
        assert digest in text
    signoffs = list(SignOff.objects.filter(review=review))
    assert signoffs
    for signoff in signoffs:
        assert re.sub(r"\s+", "", signoff.signer_name) in text
    events = AuditEvent.objects.filter(target_type="governance.gatereview", target_id=str(review.pk))
    assert events.exists()
    for event in describe_events(events.select_related("actor")):
        assert event.hash in text
        assert event.prev_hash in text
        assert re.sub(r"\s+", "", event.sentence) in text  # what happened, in a sentence
    # The same records print the same bytes.
    assert hashlib.sha256(decision_packet_pdf(review, "en")).digest() == hashlib.sha256(data).digest()


def test_the_packet_is_for_whoever_may_see_the_review():
    retail = decided_review()
    insurance = GateReview.objects.filter(initiative__business_unit__code="insurance").first()
    client = Client()
    client.force_login(person("security"))  # a security reviewer of Retail only
    response = client.get(f"/reviews/{retail.pk}/packet.pdf?lang=zh-hans")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert client.get(f"/reviews/{insurance.pk}/packet.pdf").status_code == 404
    assert client.get(f"/reviews/{retail.pk}/packet.pdf?lang=xx").status_code == 400
    page = client.get(f"/reviews/{retail.pk}/")
    assert f"/reviews/{retail.pk}/packet.pdf" in page.content.decode()
    api = APIClient()
    api.force_authenticate(person("security"))
    assert api.get(f"/api/v1/gate-reviews/{retail.pk}/packet/").status_code == 200
    assert api.get(f"/api/v1/gate-reviews/{insurance.pk}/packet/").status_code == 404


@pytest.fixture
def with_file():
    """A demo initiative with an evidence file of its own."""
    initiative = Initiative.objects.filter(status="active", business_unit__code="retail").order_by("number").first()
    criterion = GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).order_by("pk").first()
    evidence_add(
        actor=initiative.owner,
        criterion=criterion,
        kind="file",
        text="Spike report",
        file=ContentFile(b"%PDF-1.4 spike report, 81% accuracy", name="spike report.pdf"),
    )
    return initiative


def unpack(data: bytes, folder: Path) -> Path:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    return folder


def verify(folder: Path, *extra: str) -> subprocess.CompletedProcess:
    # -I: isolated (no site packages, no project on the path): the script needs nothing but the standard library.
    return subprocess.run(  # noqa: S603 (our own script, fixed arguments)
        [sys.executable, "-I", str(folder / "verify.py"), str(folder), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_untampered_pack_verifies_offline_with_and_without_the_key(with_file, tmp_path):
    name, data = evidence_pack_export(actor=person("auditor"), keys=[with_file.key])
    assert name == f"evidence-pack-{with_file.key}.zip"
    folder = unpack(data, tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    paths = [entry["path"] for entry in manifest["files"]]
    assert any("/evidence/" in path and path.endswith("spike_report.pdf") for path in paths)
    assert (
        any("/decision-packets/" in path for path in paths) == GateReview.objects.filter(initiative=with_file).exists()
    )
    lines = (folder / "audit/events.jsonl").read_text().splitlines()
    assert len(lines) == AuditEvent.objects.filter(initiative=with_file).count()
    assert json.loads(lines[-1])["verb"] == "evidence_pack.exported"  # the pack holds the record of its own export
    plain = verify(folder)
    assert plain.returncode == 0, plain.stdout + plain.stderr
    assert plain.stdout.startswith("OK")
    keyed = verify(folder, "--key", settings.AUDIT_HMAC_KEY)
    assert keyed.returncode == 0, keyed.stdout
    wrong = verify(folder, "--key", "not-the-key")
    assert wrong.returncode == 1
    first = json.loads(lines[0])
    assert f"audit event {first['id']} " in wrong.stdout


def test_one_changed_byte_of_an_evidence_file_is_named(with_file, tmp_path):
    _name, data = evidence_pack_export(actor=person("coe"), keys=[with_file.key])
    folder = unpack(data, tmp_path)
    (evidence,) = [p for p in folder.rglob("*spike_report.pdf")]
    content = bytearray(evidence.read_bytes())
    content[3] ^= 0x01
    evidence.write_bytes(bytes(content))
    result = verify(folder)
    assert result.returncode == 1
    relative = evidence.relative_to(folder).as_posix()
    assert result.stdout.startswith(f"MISMATCH {relative}:"), result.stdout


def test_one_edited_audit_event_is_named(with_file, tmp_path):
    _name, data = evidence_pack_export(actor=person("compliance"), keys=[with_file.key])
    folder = unpack(data, tmp_path)
    path = folder / "audit/events.jsonl"
    lines = path.read_text().splitlines()
    edited = json.loads(lines[2])
    edited["actor"][1] = "someone-else"
    lines[2] = json.dumps(edited, sort_keys=True, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n")
    result = verify(folder)
    assert result.returncode == 1
    assert result.stdout.startswith(
        f"MISMATCH audit event {edited['id']} (chain {edited['chain']}, seq {edited['seq']}, line 3)"
    ), result.stdout


def test_only_the_coe_auditors_and_compliance_export_and_only_what_they_see(with_file):
    api = APIClient()
    api.force_authenticate(person("owner"))  # sees it, may not export
    assert api.get(f"/api/v1/initiatives/{with_file.key}/evidence-pack/").status_code == 403
    api.force_authenticate(person("security"))
    insurance = Initiative.objects.filter(business_unit__code="insurance").first()
    assert api.post("/api/v1/evidence-packs/", {"initiatives": [insurance.key]}, format="json").status_code == 404
    api.force_authenticate(person("auditor"))
    response = api.post("/api/v1/evidence-packs/", {"initiatives": [with_file.key, insurance.key]}, format="json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert {i["key"] for i in manifest["initiatives"]} == {with_file.key, insurance.key}
    assert api.post("/api/v1/evidence-packs/", {"initiatives": []}, format="json").status_code == 400
    exported = AuditEvent.objects.select_related("actor").get(verb="evidence_pack.exported", initiative=insurance)
    (described,) = describe_events([exported])
    assert described.sentence.startswith(f"{person_name(exported.actor)} exported the regulator evidence pack of ")
    assert insurance.key in described.sentence
    client = Client()
    link = f"/initiatives/{with_file.key}/evidence-pack.zip"
    for username, offered in (("owner", False), ("security", False), ("compliance", True), ("auditor", True)):
        client.force_login(person(username))
        assert (link in client.get(f"/initiatives/{with_file.key}/").content.decode()) == offered, username
    assert client.get(link.replace(with_file.key, "AI-9999")).status_code == 404
    page = client.get(link)
    assert page.status_code == 200
    assert page["Content-Type"] == "application/zip"
