"""What counts as confirmed value — the seam the kill list reads.

Until finance confirms claimed value (the finance-confirmation work built alongside), an initiative's realised-value
entries count as its confirmed value. When confirmations exist, change ``has_confirmed_value()`` alone: the kill
list's "no confirmed value N months after production" and everything else here read it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from adoption.models import RealisedValueEntry


def has_confirmed_value(initiative_ref: str = "pk") -> Exists:
    """A condition on an initiative queryset (``initiative_ref`` names the initiative's id): some value of the
    initiative is confirmed. Today: it has a realised-value entry."""
    return Exists(RealisedValueEntry.objects.filter(initiative_id=OuterRef(initiative_ref)))
