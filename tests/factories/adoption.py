"""Helpers for adoption tests: criteria by code, contributors, ROI figures, uploads, and moving phases for set-up."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from adoption.choices import PhaseOutcome, Role
from adoption.models import GateCriterion, Initiative
from adoption.services.phases import phase_enter, stint_close

from .core import UserFactory, grant

# Smallest files that pass the sniff: the signatures are what matters.
PDF_BYTES = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56


def criterion(initiative: Initiative, code: str, *, phase: str | None = None) -> GateCriterion:
    """The initiative's criterion ``code`` in ``phase`` (default: its current phase), with its template."""
    return GateCriterion.objects.select_related("template").get(
        initiative=initiative, phase=phase or initiative.phase, code=code
    )


def contributor_for(initiative: Initiative, *, username: str = "contributor", by=None):
    user = UserFactory(username=username)
    grant(user, Role.CONTRIBUTOR, initiative=initiative, by=by)
    return user


def upload(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def roi_values(**overrides):
    """The worked example: benefit 120,000 + 30,000 + 0 + 2,000 h × 50 = 250,000; run 40,000; one-off 60,000."""
    values = {
        "currency": "EUR",
        "rate_to_reporting": Decimal("1"),
        "rate_date": timezone.localdate(),
        "confidence": "medium",
        "benefit_cash_saving": Decimal("120000"),
        "benefit_cost_avoidance": Decimal("30000"),
        "benefit_revenue": Decimal("0"),
        "productivity_hours": Decimal("2000"),
        "productivity_hourly_rate": Decimal("50"),
        "one_off_cost": Decimal("60000"),
        "run_cost_model": Decimal("12000"),
        "run_cost_infrastructure": Decimal("8000"),
        "run_cost_people": Decimal("20000"),
        "assumptions": "Two thousand analyst hours saved a year.",
    }
    values.update(overrides)
    return values


def move_to_phase(initiative: Initiative, phase: str, *, at: datetime.datetime | None = None) -> Initiative:
    """Set-up only: put the initiative in ``phase`` as if its gate had passed (the gate services have their tests)."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        stint_close(initiative=locked, outcome=PhaseOutcome.ADVANCED, at=at)
        phase_enter(initiative=locked, phase=phase, at=at)
        locked.save()
    return locked
