"""Reads of initiatives, restricted to what the user may see."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import NotFound
from governance import access


def initiative_list_visible(*, user) -> QuerySet[Initiative]:
    """Initiatives ``user`` may see (a constant number of queries whatever the portfolio size)."""
    return access.visible_initiatives(user=user)


def initiative_rows_visible(*, user) -> QuerySet[Initiative]:
    """The same initiatives as ``initiative_list_visible``, each row checked against the user's grants rather than
    joined with the set of visible ids: for lists read in an index's order and cut short (a page of the API, the
    first cards of a board column), whose cost then stays that of the page whatever the user's scope."""
    return access.visible_initiative_rows(user=user)


def initiative_detail(*, user, key: str) -> Initiative:
    """The initiative with ``key`` if ``user`` may see it, with its unit and people loaded; NotFound otherwise."""
    initiative = (
        initiative_list_visible(user=user).select_related("business_unit", "owner", "sponsor").filter(key=key).first()
    )
    if initiative is None:
        # Missing and invisible read the same, so a key cannot be probed for existence.
        raise NotFound(_("Initiative %(key)s was not found.") % {"key": key})
    return initiative
