"""Reads of the audit trail: the whole log for auditors and the CoE, an initiative's timeline for its viewers."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import Forbidden
from governance import access
from governance.models import AuditEvent
from governance.permissions import ROLE_PERMISSIONS


def may_read_audit_log(user) -> bool:
    """Auditors and the CoE read the whole audit log."""
    return any("view_audit_trail" in ROLE_PERMISSIONS[role] for role in access.global_roles(user))


def audit_events_visible(
    *,
    user,
    initiative: Initiative | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    verb: str | None = None,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
) -> QuerySet[AuditEvent]:
    """The audit log, newest first, filtered; Forbidden for anyone but auditors and the CoE."""
    if not may_read_audit_log(user):
        raise Forbidden(_("Only auditors and the CoE may read the audit log."))
    queryset = AuditEvent.objects.all()
    if initiative is not None:
        queryset = queryset.filter(initiative=initiative)
    if target_type:
        queryset = queryset.filter(target_type=target_type)
    if target_id:
        queryset = queryset.filter(target_id=str(target_id))
    if verb:
        queryset = queryset.filter(verb__startswith=verb)
    if since:
        queryset = queryset.filter(at__gte=since)
    if until:
        queryset = queryset.filter(at__lt=until)
    return queryset.select_related("actor", "initiative").order_by("-at", "-id")


def initiative_timeline(*, user, initiative: Initiative, limit: int = 200) -> list[AuditEvent]:
    """The latest events of one initiative, for everyone who may see it (the caller checked visibility)."""
    access.require(user=user, action="view_initiative", initiative=initiative)
    return list(AuditEvent.objects.filter(initiative=initiative).select_related("actor").order_by("-seq")[:limit])
