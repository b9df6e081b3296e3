"""Reads of change requests, incidents and their deadlines, scoped to the viewer (a ``_get`` raises NotFound for
what is missing or invisible alike)."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import NotFound
from operations.models import ChangeApproval, ChangeRequest, Incident, IncidentDeadline


def change_requests_of(*, user, initiative: Initiative) -> QuerySet[ChangeRequest]:
    return (
        ChangeRequest.objects.restrict(user)
        .filter(initiative=initiative)
        .select_related("initiative", "requested_by", "decided_by")
        .prefetch_related(Prefetch("approvals", ChangeApproval.objects.select_related("signed_by")))
        .order_by("-requested_at", "-pk")
    )


def change_request_get(*, user, pk: int) -> ChangeRequest:
    change = (
        ChangeRequest.objects.restrict(user)
        .select_related("initiative", "requested_by", "decided_by")
        .prefetch_related(Prefetch("approvals", ChangeApproval.objects.select_related("signed_by")))
        .filter(pk=pk)
        .first()
    )
    if change is None:
        raise NotFound(_("Change request not found."))
    return change


def incidents_of(*, user, initiative: Initiative) -> QuerySet[Incident]:
    return (
        Incident.objects.restrict(user)
        .filter(initiative=initiative)
        .select_related("initiative", "recorded_by")
        .prefetch_related(Prefetch("deadlines", IncidentDeadline.objects.select_related("reported_by")))
        .order_by("-detected_at", "-pk")
    )


def incident_get(*, user, pk: int) -> Incident:
    incident = (
        Incident.objects.restrict(user)
        .select_related("initiative", "recorded_by")
        .prefetch_related(Prefetch("deadlines", IncidentDeadline.objects.select_related("reported_by")))
        .filter(pk=pk)
        .first()
    )
    if incident is None:
        raise NotFound(_("Incident not found."))
    return incident


def incident_deadline_get(*, user, pk: int) -> IncidentDeadline:
    deadline = IncidentDeadline.objects.restrict(user).select_related("incident", "initiative").filter(pk=pk).first()
    if deadline is None:
        raise NotFound(_("Report deadline not found."))
    return deadline
