"""Template context of every page: what the navigation offers this user, and their unread notification count.

Both are computed lazily (two queries, and only on pages that render the navigation), never per initiative.
"""

from collections.abc import Callable

from adoption.choices import Role
from governance.choices import SIGNER_ROLES
from governance.permissions import ROLE_PERMISSIONS
from governance.selectors.notifications import unread_count
from governance.selectors.roles import nav_roles


def _navigation(user) -> dict[str, bool]:
    roles = nav_roles(user=user)
    held, global_roles = roles["any"], roles["global"]
    return {
        "inbox": bool(held & set(SIGNER_ROLES)),
        "compliance": bool(held & {Role.COMPLIANCE_OFFICER, Role.COE_ADMIN, Role.AUDITOR}),
        # The audit log is for those whose global role may read the audit trail (auditors and the CoE).
        "audit": any("view_audit_trail" in ROLE_PERMISSIONS[role] for role in global_roles),
        "coe": Role.COE_ADMIN in global_roles,
        "roles": sorted(held),
        # Month-end board packs (reports.selectors.BOARD_PACK_READERS): the CoE, executives and auditors.
        "reports": bool(global_roles & {Role.COE_ADMIN, Role.EXECUTIVE, Role.AUDITOR}),
    }


def _once(compute: Callable) -> Callable:
    """A callable the template engine calls when the name is first used; the result is kept for the page."""
    result: list = []

    def value():
        if not result:
            result.append(compute())
        return result[0]

    return value


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": _once(lambda: _navigation(user)),
        "unread_notifications": _once(lambda: unread_count(user=user)),
    }
