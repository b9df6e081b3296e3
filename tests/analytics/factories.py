"""Set-up helpers of the analytics tests (the services that record these facts have their own tests)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from adoption.models import Initiative
from governance.models import GateReview


def overdue_by(initiative: Initiative, days: float) -> None:
    """Put the initiative's planned phase end ``days`` days in the past."""
    now = timezone.now()
    Initiative.objects.filter(pk=initiative.pk).update(
        phase_entered_at=now - datetime.timedelta(days=days + 60),
        planned_phase_end=now - datetime.timedelta(days=days),
    )


def in_production_since(initiative: Initiative, days: float) -> None:
    Initiative.objects.filter(pk=initiative.pk).update(
        status="in_production", production_entered_at=timezone.now() - datetime.timedelta(days=days)
    )


def rejected(initiative: Initiative, *, phase: str = "exploration", times: int = 2) -> None:
    """``times`` rejected reviews of the gate of ``phase``."""
    now = timezone.now()
    for attempt in range(1, times + 1):
        GateReview.objects.create(
            initiative=initiative,
            phase=phase,
            attempt=attempt,
            status="rejected",
            requested_by=initiative.owner,
            requested_at=now - datetime.timedelta(days=10 * attempt),
            decided_at=now - datetime.timedelta(days=10 * attempt - 1),
            risk_tier=initiative.risk_tier,
            snapshot={},
            evidence_hash="0" * 64,
        )
