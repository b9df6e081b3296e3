"""What the CoE sees of single sign-on: the rules that turn the provider's claims into roles."""

from __future__ import annotations

from django.db.models import QuerySet

from governance import access
from governance.models import ClaimRoleRule
from governance.services.sso import COE_ONLY


def claim_rules_list(*, user) -> QuerySet[ClaimRoleRule]:
    """Every claim rule, by claim, value and role (CoE only)."""
    access.require_coe(user, COE_ONLY)
    return ClaimRoleRule.objects.select_related("business_unit", "created_by").order_by("claim", "value", "role", "pk")
