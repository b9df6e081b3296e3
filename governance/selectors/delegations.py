"""Delegations of signing as a person may see them: their own (given or received), or all of them for the CoE."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from adoption.choices import Role
from core.exceptions import NotFound
from governance import access
from governance.choices import SIGNER_ROLES
from governance.models import Delegation, RoleAssignment


def delegations_visible(*, user) -> QuerySet[Delegation]:
    """Delegations given or received by ``user``; every one for the CoE. Newest first, two queries whatever the
    number (the CoE check, then the rows with their people and scope)."""
    if not user.is_authenticated or not user.is_active:
        return Delegation.objects.none()
    rows = Delegation.objects.select_related(
        "delegator", "delegate", "revoked_by", "business_unit", "initiative"
    ).order_by("-starts_on", "-pk")
    if access.holds_global_role(user=user, role=Role.COE_ADMIN):
        return rows
    return rows.filter(Q(delegator=user) | Q(delegate=user))


def delegation_get(*, user, pk: int) -> Delegation:
    delegation = delegations_visible(user=user).filter(pk=pk).first()
    if delegation is None:
        raise NotFound(_("No such delegation."))
    return delegation


def signing_assignments(*, user) -> QuerySet[RoleAssignment]:
    """The assignments in force through which ``user`` signs gate reviews: what they may delegate."""
    if not user.is_authenticated or not user.is_active:
        return RoleAssignment.objects.none()
    return (
        access.active_assignments()
        .filter(user=user, role__in=SIGNER_ROLES)
        .select_related("business_unit", "initiative")
        .order_by("role", "pk")
    )
