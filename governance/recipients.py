"""Who receives a notification, resolved for a whole batch at once (a constant number of queries per batch).

A sweep over hundreds of reviews needs "who may sign" for every review in one go: ``governance.eligibility`` answers
it for a batch with the same rule the sign-off service applies to one person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from governance import eligibility
from governance.access import active_assignments
from governance.choices import Scope
from governance.models import GateReview

User = get_user_model()


@dataclass(frozen=True)
class Recipient:
    id: int
    email: str
    name: str
    language: str


def recipients(user_ids: Iterable[int]) -> dict[int, Recipient]:
    """The active users among ``user_ids`` with their address and language (one query)."""
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return {}
    rows = User.objects.filter(pk__in=ids, is_active=True).values_list(
        "pk", "email", "first_name", "last_name", "username", "preference__language"
    )
    return {
        pk: Recipient(
            id=pk,
            email=email or "",
            name=f"{first} {last}".strip() or username,
            language=language or settings.LANGUAGE_CODE,
        )
        for pk, email, first, last, username, language in rows
    }


def global_holders(role: str) -> list[int]:
    """Ids of active users holding ``role`` for the whole organisation (the CoE, the compliance lead, executives)."""
    return sorted(
        active_assignments()
        .filter(role=role, scope=Scope.GLOBAL, user__is_active=True)
        .values_list("user_id", flat=True)
        .distinct()
    )


def eligible_signers(reviews: list[GateReview]) -> dict[int, dict[int, list[str]]]:
    """For each open review: who may sign one of its unsigned slots of the current round, and as which roles.

    The rule is ``governance.eligibility``'s; four queries whatever the number of reviews; ``reviews`` must have
    ``initiative__business_unit`` loaded.
    """
    return eligibility.eligible_signers_many(reviews)
