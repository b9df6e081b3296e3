"""evidence_add: append-only versions with their SHA-256, link and file checks, and no file left behind on failure."""

import hashlib
import os

import pytest
from django.db import DatabaseError, connection, transaction

from adoption.choices import CriterionStatus, Phase
from adoption.models import EvidenceVersion, GateCriterion
from adoption.services import evidence as evidence_service
from adoption.services.evidence import evidence_add
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.models import AuditEvent
from tests.factories import UserFactory
from tests.factories.adoption import (
    EXE_BYTES,
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    contributor_for,
    criterion,
    move_to_phase,
    upload,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def stored_files(root) -> list[str]:
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, files in os.walk(root) for f in files)


def test_text_evidence_is_version_1_with_the_hash_of_its_text(initiative, owner):
    target = criterion(initiative, "value_hypothesis")
    text = "KPI: average handling time; baseline 12 min; target 6 min."
    version = evidence_add(actor=owner, criterion=target, kind="text", text=text)
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert (version.version, version.kind, version.sha256, version.created_by) == (1, "text", digest, owner)
    stored = GateCriterion.objects.get(pk=target.pk)
    assert stored.latest_evidence_sha256 == digest
    assert stored.evidence_count == 1
    assert stored.evidence_date == version.evidence_date
    assert stored.updated_by == owner
    [event] = AuditEvent.objects.filter(initiative=initiative, verb="criterion.evidence_added")
    assert event.after["sha256"] == digest
    assert event.after["evidence_version"] == 1
    assert event.target_id == str(target.pk)


def test_new_evidence_is_a_new_version_and_old_ones_stay(initiative, owner):
    target = criterion(initiative, "value_hypothesis")
    first = evidence_add(actor=owner, criterion=target, kind="text", text="First draft")
    second = evidence_add(
        actor=contributor_for(initiative), criterion=target, kind="link", url="https://wiki.example.test/kpi"
    )
    assert second.version == 2
    assert second.sha256 == hashlib.sha256(b"https://wiki.example.test/kpi").hexdigest()
    assert list(EvidenceVersion.objects.filter(criterion=target).values_list("version", "text")) == [
        (1, "First draft"),
        (2, ""),
    ]
    first.refresh_from_db()
    assert first.sha256 == hashlib.sha256(b"First draft").hexdigest()
    assert GateCriterion.objects.get(pk=target.pk).latest_evidence_sha256 == second.sha256


def test_the_database_refuses_to_change_or_delete_a_version(initiative, owner):
    version = evidence_add(actor=owner, criterion=criterion(initiative, "value_hypothesis"), kind="text", text="v1")
    for statement in (
        "UPDATE adoption_evidenceversion SET text = 'forged' WHERE id = %s",
        "DELETE FROM adoption_evidenceversion WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="Cannot update or delete"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [version.pk])
    version.refresh_from_db()
    assert version.text == "v1"


def test_a_pdf_is_stored_under_its_hash_with_its_size_and_type(initiative, owner, media):
    target = criterion(initiative, "value_hypothesis")
    version = evidence_add(
        actor=owner, criterion=target, kind="file", file=upload("KPI baseline.pdf", PDF_BYTES, "application/pdf")
    )
    digest = hashlib.sha256(PDF_BYTES).hexdigest()
    assert (version.sha256, version.size, version.content_type) == (digest, len(PDF_BYTES), "application/pdf")
    assert version.file_name == "KPI_baseline.pdf"
    assert version.file.name == f"evidence/{initiative.pk}/{digest[:2]}/{digest}/KPI_baseline.pdf"
    with version.file.open("rb") as handle:
        assert handle.read() == PDF_BYTES
    assert stored_files(media) == [version.file.name]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.png", PNG_BYTES, "image/png"),
        ("photo.jpg", JPEG_BYTES, "image/jpeg"),
        ("results.csv", b"user,score\nann,0.9\n", "text/csv"),
        ("notes.md", "# 結果\n".encode(), "text/markdown"),
    ],
)
def test_accepted_file_types(initiative, owner, name, content, content_type):
    version = evidence_add(
        actor=owner,
        criterion=criterion(initiative, "value_hypothesis"),
        kind="file",
        file=upload(name, content, content_type),
    )
    assert version.content_type == content_type
    assert version.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        ("tool.exe", EXE_BYTES, "application/octet-stream", "not accepted"),
        ("report.pdf", EXE_BYTES, "application/pdf", "Executable"),
        ("run.sh", b"#!/bin/sh\nrm -rf /\n", "text/plain", "Executable"),
        ("script.txt", b"#!/usr/bin/env python\n", "text/plain", "Executable"),
        ("tool.exe", b"harmless text", "text/plain", "Executable"),
        ("fake.pdf", b"just text", "application/pdf", "declared as application/pdf"),
        ("image.txt", PNG_BYTES, "text/plain", "content is image/png"),
        ("binary.txt", b"abc\x00def", "text/plain", "binary data"),
        ("archive.zip", b"PK\x03\x04rest", "application/zip", "not accepted"),
        ("empty.pdf", b"", "application/pdf", "empty"),
    ],
)
def test_refused_files_leave_nothing_behind(initiative, owner, media, name, content, content_type, message):
    target = criterion(initiative, "value_hypothesis")
    with pytest.raises(InvalidInput) as err:
        evidence_add(actor=owner, criterion=target, kind="file", file=upload(name, content, content_type))
    assert message in " ".join(err.value.fields["file"])
    assert not EvidenceVersion.objects.exists()
    assert stored_files(media) == []


def test_the_size_limit_is_checked_on_the_bytes_read(initiative, owner, settings, media):
    settings.EVIDENCE_MAX_UPLOAD_BYTES = 1024
    big = upload("big.pdf", PDF_BYTES + b"0" * 2000, "application/pdf")
    with pytest.raises(InvalidInput) as err:
        evidence_add(actor=owner, criterion=criterion(initiative, "value_hypothesis"), kind="file", file=big)
    assert "larger than the 1.0\xa0KB limit" in err.value.fields["file"][0]
    # A file that claims to be small is measured anyway.
    lying = upload("lying.pdf", PDF_BYTES + b"0" * 2000, "application/pdf")
    lying.size = 10
    with pytest.raises(InvalidInput):
        evidence_add(actor=owner, criterion=criterion(initiative, "value_hypothesis"), kind="file", file=lying)
    assert stored_files(media) == []


def test_a_stored_file_is_removed_when_the_transaction_fails(initiative, owner, media, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(evidence_service, "audit_change", broken_audit)
    target = criterion(initiative, "value_hypothesis")
    with pytest.raises(RuntimeError):
        evidence_add(actor=owner, criterion=target, kind="file", file=upload("a.pdf", PDF_BYTES, "application/pdf"))
    assert stored_files(media) == []
    assert not EvidenceVersion.objects.exists()
    assert GateCriterion.objects.get(pk=target.pk).evidence_count == 0


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "text", "text": ""}, "text"),
        ({"kind": "text", "text": "null\x00byte"}, "text"),
        ({"kind": "text", "text": "x" * 20001}, "text"),
        ({"kind": "link", "url": "ftp://files.example.test/a.pdf"}, "url"),
        ({"kind": "link", "url": "javascript:alert(1)"}, "url"),
        ({"kind": "link", "url": "https://example.test/" + "a" * 1000}, "url"),
        ({"kind": "link", "url": ""}, "url"),
        ({"kind": "file"}, "file"),
        ({"kind": "text", "text": "x", "url": "https://example.test"}, "url"),
        ({"kind": "video", "text": "x"}, "kind"),
        ({"kind": "text", "text": "x", "metric_value": 3}, "metric_value"),
    ],
)
def test_bad_evidence_is_refused(initiative, owner, kwargs, field):
    with pytest.raises(InvalidInput) as err:
        evidence_add(actor=owner, criterion=criterion(initiative, "value_hypothesis"), **kwargs)
    assert field in err.value.fields
    assert not EvidenceVersion.objects.exists()


def test_a_measured_value_recorded_with_evidence(initiative, owner):
    target = criterion(initiative, "feasibility_spike")
    evidence_add(actor=owner, criterion=target, kind="text", text="Spike report: 9 days", metric_value="9")
    stored = GateCriterion.objects.get(pk=target.pk)
    assert stored.metric_value == 9
    assert stored.status == CriterionStatus.OPEN  # recording does not mark it met; the owner does


def test_who_may_add_evidence_and_where(initiative, owner, sponsor):
    target = criterion(initiative, "value_hypothesis")
    with pytest.raises(Forbidden):
        evidence_add(actor=sponsor, criterion=target, kind="text", text="x")
    with pytest.raises(NotFound):
        evidence_add(actor=UserFactory(username="stranger"), criterion=target, kind="text", text="x")
    move_to_phase(initiative, Phase.VALIDATION)
    with pytest.raises(Refused):
        evidence_add(actor=owner, criterion=target, kind="text", text="too late")
    assert not EvidenceVersion.objects.exists()
