"""What counts as confirmed value — the seam the kill list reads.

Confirmed value is finance's (``finance.selectors.newest_confirmations()``, the one home): an initiative has some
when finance's newest decision on one of its claims stands behind a positive amount. A claim nobody in finance
decided on is not confirmed value, however large.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from finance.selectors import newest_confirmations


def has_confirmed_value(initiative_ref: str = "pk") -> Exists:
    """A condition on an initiative queryset (``initiative_ref`` names the initiative's id): finance has confirmed
    (or adjusted to) a positive amount of some claim of the initiative."""
    return Exists(
        newest_confirmations().filter(initiative_id=OuterRef(initiative_ref), reporting_confirmed_benefit__gt=0)
    )
