"""Reads of the CoE's configuration of the path: phases, gate criterion templates and selection weights.

Policy, not portfolio: everyone signed in may read it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adoption.models import (
    GateCriterionTemplate,
    PhaseDefinition,
    SelectionWeights,
)
from core.exceptions import NotFound


def phase_definitions() -> QuerySet[PhaseDefinition]:
    return PhaseDefinition.objects.order_by("order")


def phase_definition(*, phase: str) -> PhaseDefinition:
    definition = PhaseDefinition.objects.filter(phase=phase).first()
    if definition is None:
        raise NotFound(_("There is no phase “%(phase)s”.") % {"phase": phase[:40]})
    return definition


def criterion_templates(*, phase: str | None = None, current_only: bool = True) -> QuerySet[GateCriterionTemplate]:
    """Gate criterion templates in gate order; with ``current_only`` false, every version ever written."""
    queryset = GateCriterionTemplate.objects.all()
    if current_only:
        queryset = queryset.filter(is_current=True)
    if phase:
        queryset = queryset.filter(phase=phase)
    return queryset


def criterion_template(*, template_id: int) -> GateCriterionTemplate:
    template = GateCriterionTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise NotFound(_("Criterion template not found."))
    return template


def selection_weights_current() -> SelectionWeights:
    return SelectionWeights.objects.get(is_current=True)
