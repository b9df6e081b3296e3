"""Entering a phase: the stint that times it and the gate criteria instantiated from the current templates.

Callers (initiative creation, the phase-transition service) hold the initiative's row lock and their transaction.
"""

from __future__ import annotations

import datetime

from adoption.models import GateCriterion, GateCriterionTemplate, Initiative, PhaseDefinition, PhaseStint


def phase_time_box(phase: str) -> datetime.timedelta:
    return datetime.timedelta(days=PhaseDefinition.objects.get(phase=phase).time_box_days)


def obligations_applied(initiative: Initiative) -> set[tuple[str, str]]:
    """(regime, obligation) pairs that bind ``initiative`` now (none before it is saved, or without regimes)."""
    if initiative.pk is None or not hasattr(initiative, "applied_obligations"):
        return set()
    return set(initiative.applied_obligations.filter(binding=True).values_list("regime", "obligation"))


def phase_enter(*, initiative: Initiative, phase: str, at: datetime.datetime) -> list[GateCriterion]:
    """Put ``initiative`` (already locked) in ``phase`` as of ``at``: clock reset, stint opened, criteria created.

    The caller saves the initiative; this sets its phase fields and writes the stint and criteria rows.
    """
    initiative.phase = phase
    initiative.phase_entered_at = at
    initiative.planned_phase_end = at + phase_time_box(phase)
    initiative.phase_held_seconds = 0
    PhaseStint.objects.create(initiative=initiative, phase=phase, entered_at=at)
    templates = GateCriterionTemplate.objects.filter(phase=phase, is_current=True).order_by("order", "code")
    # A regime's obligation produces a template for the initiatives it applies to only (``regimes`` keeps the
    # initiative's applied obligations; adoption reads them through the relation, never importing regimes).
    applied = obligations_applied(initiative)
    templates = [t for t in templates if not t.regime or (t.regime, t.obligation) in applied]
    return GateCriterion.objects.bulk_create(
        GateCriterion(initiative=initiative, phase=phase, template=t, code=t.code, order=t.order) for t in templates
    )


def stint_close(*, initiative: Initiative, outcome: str, at: datetime.datetime) -> None:
    """Close the open stint of the initiative's current phase with ``outcome``."""
    PhaseStint.objects.filter(initiative=initiative, phase=initiative.phase, exited_at__isnull=True).update(
        exited_at=at, outcome=outcome, held_seconds=initiative.phase_held_seconds
    )
