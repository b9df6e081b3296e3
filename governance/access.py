"""The access check: "may user U do A to initiative I", "which initiatives may U see", and who holds a role.

One of the two governance modules the adoption app may import (the other is ``governance.audit``); it imports
nothing from adoption's services. It also keeps the owner/sponsor assignments in step with the initiative's
fields, because those fields are the source of truth for the two roles.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import BusinessUnit, Initiative
from core.exceptions import Forbidden, NotFound
from governance.choices import AssignmentSource, Scope
from governance.models import BusinessUnitUserObjectPermission, InitiativeUserObjectPermission, RoleAssignment
from governance.permissions import FIELD_ROLES, ROLE_PERMISSIONS, VIEW, act_as

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

User = get_user_model()


class Like(Func):
    """``a LIKE b`` as a boolean expression (a sub-unit's path begins with its ancestor's: "/1/4/" LIKE "/1/%")."""

    arg_joiner = " LIKE "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _active(prefix: str = "") -> Q:
    now = timezone.now()
    return Q(**{f"{prefix}revoked_at__isnull": True}) & (
        Q(**{f"{prefix}expires_at__isnull": True}) | Q(**{f"{prefix}expires_at__gt": now})
    )


def active_assignments() -> QuerySet[RoleAssignment]:
    """Assignments in force now: not revoked, not expired."""
    return RoleAssignment.objects.filter(_active())


@dataclass(frozen=True)
class Access:
    """The access question answered for one person on one initiative: the roles they hold for the whole
    organisation and every initiative permission codename they hold there, from all scopes (global roles, the
    initiative's business unit and the units above it, the initiative itself)."""

    user_id: int | None
    initiative_id: int | None
    global_roles: frozenset[str] = frozenset()
    perms: frozenset[str] = frozenset()

    def holds(self, role: str) -> bool:
        """Does the person hold ``role`` for the initiative, through any scope?"""
        return act_as(role) in self.perms


# The memo of ``answered_once``, per person, in the current context (a thread, a task): never on the user object,
# which a process may share between requests.
_MEMO: ContextVar[dict[int, dict] | None] = ContextVar("access_answers", default=None)


@contextmanager
def answered_once(user) -> Iterator[None]:
    """Within the block, every access question about ``user`` is answered once: their global roles, where they hold
    each permission (``initiative_condition``) and their permissions on each initiative (``access_facts``) are read
    on first use and reused by every rule, selector and template tag that asks again.

    For reads only (a page or an API answer being built): a write service checks inside its lock with a fresh
    answer, so pages run services outside the block, and the memo ends with it (never kept across requests).
    """
    memos = _MEMO.get() or {}
    if not user.is_authenticated or user.pk in memos:
        yield  # anonymous (nothing to remember), or already inside a block: the outer one keeps the memo
        return
    token = _MEMO.set({**memos, user.pk: {}})
    try:
        yield
    finally:
        _MEMO.reset(token)


def _memo_of(user) -> dict | None:
    """The memo of ``user`` inside ``answered_once``, else None."""
    return (_MEMO.get() or {}).get(user.pk) if user.is_authenticated else None


def _remembered(user, key: tuple, compute):
    memo = _memo_of(user)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def global_roles(user) -> set[str]:
    """The roles ``user`` holds for the whole organisation (none for a deactivated account)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(_remembered(user, ("global",), lambda: _global_roles(user)))


def _global_roles(user) -> frozenset[str]:
    return frozenset(active_assignments().filter(user=user, scope=Scope.GLOBAL).values_list("role", flat=True))


def access_facts(*, user, initiative: Initiative, fresh: bool = False) -> Access:
    """``user``'s roles and permissions on ``initiative`` (an ``Access``), read in one query (two when
    ``initiative.business_unit`` is not loaded yet), whatever the portfolio size; inside ``answered_once`` read once
    per initiative, unless ``fresh`` (a service checking inside its lock)."""
    if not user.is_authenticated or not user.is_active:
        return Access(user_id=user.pk if user.is_authenticated else None, initiative_id=initiative.pk)
    if fresh:
        return _access_facts(user, initiative, memo=None)
    memo = _memo_of(user)
    return _remembered(user, ("access", initiative.pk), lambda: _access_facts(user, initiative, memo=memo))


def _access_facts(user, initiative: Initiative, *, memo: dict | None) -> Access:
    """One query: the global roles (unless ``memo`` has them), and the codenames granted in the initiative's unit
    chain and on it."""
    roles_known = memo is not None and ("global",) in memo
    parts = []
    if not roles_known:
        parts.append(
            active_assignments()
            .filter(user=user, scope=Scope.GLOBAL)
            .annotate(kind=Value("role"), name=F("role"))
            .order_by()
            .values_list("kind", "name")
        )
    parts.append(
        BusinessUnitUserObjectPermission.objects.filter(
            _active("assignment__"), user=user, content_object_id__in=initiative.business_unit.ancestor_ids
        )
        .annotate(kind=Value("perm"), name=F("permission__codename"))
        .order_by()
        .values_list("kind", "name")
    )
    parts.append(
        InitiativeUserObjectPermission.objects.filter(_active("assignment__"), user=user, content_object=initiative)
        .annotate(kind=Value("perm"), name=F("permission__codename"))
        .order_by()
        .values_list("kind", "name")
    )
    rows = parts[0].union(*parts[1:], all=True).order_by()
    roles, perms = set(), set()
    for kind, name in rows:
        (roles if kind == "role" else perms).add(name)
    if roles_known:
        roles = set(memo[("global",)])
    elif memo is not None:
        memo[("global",)] = frozenset(roles)
    for role in roles:
        perms |= ROLE_PERMISSIONS[role]
    return Access(user_id=user.pk, initiative_id=initiative.pk, global_roles=frozenset(roles), perms=frozenset(perms))


def initiative_permissions(*, user, initiative: Initiative, fresh: bool = False) -> set[str]:
    """Every initiative permission codename ``user`` holds on ``initiative``, from all scopes (``access_facts``).

    One query (two when ``initiative.business_unit`` is not loaded yet), whatever the portfolio size.
    """
    return set(access_facts(user=user, initiative=initiative, fresh=fresh).perms)


def can(*, user, action: str, initiative: Initiative) -> bool:
    """May ``user`` do ``action`` (a permission codename) to ``initiative``? Superusers get no exemption."""
    return action in initiative_permissions(user=user, initiative=initiative)


def require(*, user, action: str, initiative: Initiative, message: str | None = None) -> set[str]:
    """Raise Forbidden with a message a person can act on unless ``user`` may do ``action``; NotFound if invisible.

    Returns the user's permissions on the initiative, for callers that check more than one.
    """
    perms = initiative_permissions(user=user, initiative=initiative)
    if VIEW not in perms:
        # Invisible objects are reported as missing, never as forbidden.
        raise NotFound(_("Initiative %(key)s was not found.") % {"key": initiative.key})
    if action not in perms:
        raise Forbidden(message or _("You are not allowed to do this on %(key)s.") % {"key": initiative.key})
    return perms


def holds_global_role(*, user, role: str) -> bool:
    return role in global_roles(user)


def require_coe(user, message: str) -> None:
    """Forbidden with ``message`` unless ``user`` is a CoE portfolio manager (the CoE's own settings and pages)."""
    if not holds_global_role(user=user, role=Role.COE_ADMIN):
        raise Forbidden(message)


def holds_role(*, user, role: str, initiative: Initiative) -> bool:
    """Does ``user`` hold ``role`` for ``initiative`` (globally, in its unit or above, or on it)?"""
    return can(user=user, action=act_as(role), initiative=initiative)


def role_grant_for(*, user, role: str, initiative: Initiative) -> RoleAssignment | None:
    """The assignment that entitles ``user`` to act as ``role`` on ``initiative``, the narrowest scope first."""
    if not user.is_authenticated:
        return None
    candidates = (
        active_assignments()
        .filter(user=user, role=role)
        .filter(
            Q(scope=Scope.INITIATIVE, initiative=initiative)
            | Q(scope=Scope.BUSINESS_UNIT, business_unit_id__in=initiative.business_unit.ancestor_ids)
            | Q(scope=Scope.GLOBAL)
        )
        .select_related("business_unit", "initiative")
    )
    rank = {Scope.INITIATIVE: 0, Scope.BUSINESS_UNIT: 1, Scope.GLOBAL: 2}
    return min(candidates, key=lambda a: (rank[a.scope], a.pk), default=None)


def visible_initiatives(*, user) -> QuerySet[Initiative]:
    """The initiatives ``user`` may see, in a constant number of queries whatever the portfolio size."""
    return Initiative.objects.filter(initiative_condition(user=user, action=VIEW))


def users_holding_role(*, role: str, initiative: Initiative) -> QuerySet:
    """Active users who hold ``role`` for ``initiative`` through any scope."""
    holders = (
        active_assignments()
        .filter(role=role)
        .filter(
            Q(scope=Scope.GLOBAL)
            | Q(scope=Scope.BUSINESS_UNIT, business_unit_id__in=initiative.business_unit.ancestor_ids)
            | Q(scope=Scope.INITIATIVE, initiative=initiative)
        )
    )
    return User.objects.filter(is_active=True, pk__in=holders.values("user_id"))


# --- Writing grants -------------------------------------------------------------------------------------------


def permission_ids(codenames) -> list[int]:
    """Ids of the adoption.Initiative permissions named (looked up each time: a test flush renumbers them)."""
    ids = dict(
        Permission.objects.filter(
            content_type__app_label="adoption", content_type__model="initiative", codename__in=list(codenames)
        ).values_list("codename", "pk")
    )
    return [ids[c] for c in codenames]


# Where a scoped assignment's guardian rows go, and the field naming what they are on.
OBJECT_PERMISSIONS = {
    Scope.BUSINESS_UNIT: (BusinessUnitUserObjectPermission, "business_unit_id"),
    Scope.INITIATIVE: (InitiativeUserObjectPermission, "initiative_id"),
}


def write_object_permissions(assignment: RoleAssignment) -> None:
    """Store the guardian rows an assignment grants (none for a global one)."""
    if assignment.scope not in OBJECT_PERMISSIONS:
        return
    model, on = OBJECT_PERMISSIONS[assignment.scope]
    model.objects.bulk_create(
        model(
            user_id=assignment.user_id,
            permission_id=pid,
            content_object_id=getattr(assignment, on),
            assignment=assignment,
        )
        for pid in permission_ids(sorted(ROLE_PERMISSIONS[assignment.role]))
    )


def remove_object_permissions(*assignments: RoleAssignment) -> None:
    """Drop the permission rows of ``assignments`` (two queries however many)."""
    ids = [assignment.pk for assignment in assignments]
    BusinessUnitUserObjectPermission.objects.filter(assignment_id__in=ids).delete()
    InitiativeUserObjectPermission.objects.filter(assignment_id__in=ids).delete()


def sync_field_roles(*, initiative: Initiative, actor: AbstractBaseUser | None) -> list[tuple[str, RoleAssignment]]:
    """Make the owner and sponsor assignments match the initiative's fields (call inside the writing transaction).

    Returns ("granted" | "revoked", assignment) pairs so the caller can audit them with its own event.
    """
    changes: list[tuple[str, RoleAssignment]] = []
    now = timezone.now()
    for role, field in FIELD_ROLES.items():
        source = AssignmentSource.OWNER_FIELD if role == Role.INITIATIVE_OWNER else AssignmentSource.SPONSOR_FIELD
        wanted_user_id = getattr(initiative, f"{field}_id")
        current = list(
            RoleAssignment.objects.select_for_update().filter(
                initiative=initiative, role=role, source=source, revoked_at__isnull=True
            )
        )
        for assignment in current:
            if assignment.user_id != wanted_user_id:
                assignment.revoked_at = now
                assignment.revoked_by = actor
                assignment.revoke_reason = "field changed"
                assignment.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
                remove_object_permissions(assignment)
                changes.append(("revoked", assignment))
        if wanted_user_id and not any(a.user_id == wanted_user_id for a in current):
            assignment = RoleAssignment.objects.create(
                user_id=wanted_user_id,
                role=role,
                scope=Scope.INITIATIVE,
                initiative=initiative,
                source=source,
                granted_by=actor,
            )
            write_object_permissions(assignment)
            changes.append(("granted", assignment))
    return changes


def _grant_scope(*, user, action: str) -> tuple[list[int], list[int]] | None:
    """Where ``user`` holds ``action``: the ids of the units granted and all their sub-units (path prefix), and the
    ids of the initiatives granted one by one, read together in one query (once per ``answered_once`` block). None
    means everywhere (a global role)."""
    return _remembered(user, ("scope", action), lambda: _read_grant_scope(user=user, action=action))


def _read_grant_scope(*, user, action: str) -> tuple[list[int], list[int]] | None:
    if any(action in ROLE_PERMISSIONS[role] for role in global_roles(user)):
        return None
    granted = BusinessUnitUserObjectPermission.objects.filter(
        _active("assignment__"), user=user, permission__codename=action
    )
    units = (
        BusinessUnit.objects.filter(
            Exists(granted.filter(Like(OuterRef("path"), Concat(F("content_object__path"), Value("%")))))
        )
        .annotate(kind=Value("unit"))
        .order_by()
        .values_list("kind", "pk")
    )
    direct = (
        InitiativeUserObjectPermission.objects.filter(_active("assignment__"), user=user, permission__codename=action)
        .annotate(kind=Value("initiative"))
        .order_by()
        .values_list("kind", "content_object_id")
    )
    unit_ids, initiative_ids = [], []
    for kind, pk in units.union(direct, all=True).order_by():
        (unit_ids if kind == "unit" else initiative_ids).append(pk)
    return unit_ids, initiative_ids


def initiative_ids_with_permission(*, user, action: str, within: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Restrict ``within`` to initiatives where ``user`` holds ``action``, in a constant number of queries."""
    return within.filter(initiative_condition(user=user, action=action))


def initiative_condition(*, user, action: str) -> Q:
    """The initiatives where ``user`` holds ``action``, as a condition on the initiative's own row: in a unit
    granted (or below one), or granted directly (two queries: the user's global roles, then the units and
    initiatives granted; one for a global role, which needs no condition).

    Both parts are lists of ids, so PostgreSQL checks each row on the spot or combines the unit and id indexes:
    a read that follows an index's order and stops early (a page of a list, the first cards of a board column)
    costs what it shows whatever the user's scope, and a set read (a count, a sub-select) uses the same indexes.
    """
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    scope = _grant_scope(user=user, action=action)
    if scope is None:
        return Q()
    unit_ids, initiative_ids = scope
    if not initiative_ids:
        return Q(business_unit_id__in=unit_ids)
    return Q(business_unit_id__in=unit_ids) | Q(pk__in=initiative_ids)


def permission_filter(*, user, action: str, initiative_field: str, joined: bool = False) -> Q:
    """A filter for rows related to an initiative (``initiative_field`` names the path to it) where ``user`` holds
    ``action``. By default their initiative is among those of ``initiative_condition``, a sub-select PostgreSQL
    answers from the unit and id indexes. ``joined``: the same condition on the initiative's own columns through
    the path, for a read that joins the initiative anyway (the inbox): PostgreSQL then starts from the initiatives
    in scope and looks up their few related rows, rather than reading every related row (every open review) and
    checking its initiative after the join."""
    condition = initiative_condition(user=user, action=action)
    if not condition:
        return Q()  # a global role: everywhere
    if joined:
        return _through(condition, initiative_field)
    return Q(**{f"{initiative_field}__in": Initiative.objects.filter(condition)})


def _through(condition: Q, path: str) -> Q:
    """``condition`` (on an initiative's row) read from a related row through ``path``."""
    children = [
        _through(child, path) if isinstance(child, Q) else (f"{path}__{child[0]}", child[1])
        for child in condition.children
    ]
    return Q.create(children, connector=condition.connector, negated=condition.negated)


def view_scope(*, user) -> tuple[list[int], list[int]] | None:
    """What ``user`` may see, as the ids of the units seen whole (sub-units included) and of the initiatives
    granted one by one; None means everything. For readers that keep totals per unit."""
    if not user.is_authenticated or not user.is_active:
        return [], []
    return _grant_scope(user=user, action=VIEW)


__all__ = [
    "Access",
    "access_facts",
    "active_assignments",
    "answered_once",
    "can",
    "global_roles",
    "holds_global_role",
    "holds_role",
    "initiative_condition",
    "initiative_ids_with_permission",
    "initiative_permissions",
    "permission_filter",
    "require",
    "role_grant_for",
    "sync_field_roles",
    "users_holding_role",
    "visible_initiatives",
]
