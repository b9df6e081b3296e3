"""Reads of initiatives, restricted to what the user may see."""

from django.db.models import QuerySet

from adoption.models import Initiative
from governance import access


def initiative_list_visible(*, user) -> QuerySet[Initiative]:
    """Initiatives ``user`` may see (a constant number of queries whatever the portfolio size)."""
    return access.visible_initiatives(user=user)
