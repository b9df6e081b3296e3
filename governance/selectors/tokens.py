"""A person's own API tokens (nobody reads another's: an administrator revokes by deactivating the account)."""

from __future__ import annotations

from django.db.models import QuerySet

from governance.models import ApiToken


def api_tokens_mine(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).prefetch_related("initiatives").order_by("-created_at", "-pk")
