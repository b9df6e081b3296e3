"""Reads of the audit trail: the whole log for auditors and the CoE, an initiative's timeline for its viewers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import Forbidden
from governance import access
from governance.audit import ChainBreak, CheckpointError, latest_checkpoint, verify_chains
from governance.labels import describe_events
from governance.models import AuditChainHead, AuditEvent
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
    """The latest events of one initiative, for everyone who may see it (the caller checked visibility), each with
    its sentence (``governance.labels.describe_events``)."""
    access.require(user=user, action="view_initiative", initiative=initiative)
    return describe_events(
        AuditEvent.objects.filter(initiative=initiative).select_related("actor").order_by("-seq")[:limit]
    )


@dataclass(frozen=True)
class ChainState:
    """What the audit log page says of the hash chains: the newest signed checkpoint and, when asked, the result of
    recomputing every chain (``governance.audit.verify_chains``)."""

    checkpoint_name: str = ""
    checkpoint_chains: int = 0
    checkpoint_error: str = ""
    verified: bool = False
    checked: int = 0
    chains: int = 0
    broken: ChainBreak | None = None


def audit_chain_state(*, user, verify: bool = False) -> ChainState:
    """The checkpoint (cheap, always) and the full verification (reads every event: only on request)."""
    if not may_read_audit_log(user):
        raise Forbidden(_("Only auditors and the CoE may read the audit log."))
    checkpoint = {}
    try:
        latest = latest_checkpoint()
    except CheckpointError as error:
        checkpoint["checkpoint_error"] = str(error)
    else:
        if latest is not None:
            checkpoint = {"checkpoint_name": latest[0].name, "checkpoint_chains": len(latest[1])}
    if not verify:
        return ChainState(**checkpoint)
    checked, broken = verify_chains()
    return ChainState(
        **checkpoint, verified=True, checked=checked, chains=AuditChainHead.objects.count(), broken=broken
    )
