"""Reads of initiatives, restricted to what the user may see."""

from django.db.models import (
    BooleanField,
    Case,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import (
    Initiative,
    PhaseStint,
)
from adoption.models.clock import overdue_condition
from core.exceptions import NotFound
from governance import access
from governance.permissions import VIEW


def initiative_list_visible(*, user) -> QuerySet[Initiative]:
    """Initiatives ``user`` may see (``Initiative.objects.restrict``; a constant number of queries whatever the
    portfolio size, and a page read in an index's order costs what the page shows)."""
    return Initiative.objects.restrict(user, VIEW)


def require_visible(*, user, initiative: Initiative) -> None:
    """NotFound unless ``user`` may see ``initiative`` (invisible and missing read the same)."""
    access.require(user=user, action=VIEW, initiative=initiative)


def initiative_list(*, user) -> QuerySet[Initiative]:
    """Visible initiatives with their unit and people loaded and ``is_overdue`` annotated (constant queries; a page
    costs the same whatever the user's scope)."""
    return (
        initiative_list_visible(user=user)
        .select_related("business_unit", "owner", "sponsor")
        .annotate(is_overdue=_overdue_flag())
    )


def _overdue_flag() -> Case:
    return Case(
        When(overdue_condition(timezone.now()), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def initiative_get(*, user, key: str, **annotations) -> Initiative:
    """The initiative with ``key`` if ``user`` may see it, loaded and annotated like the list (and with
    ``annotations``, facts a page reads with the row); NotFound otherwise.

    Two queries: the row by its key, then the person's permissions on it (``access.access_facts``, which the
    page's other rules read again for free inside ``access.answered_once``).
    """
    initiative = (
        Initiative.objects.select_related("business_unit", "owner", "sponsor")
        .annotate(is_overdue=_overdue_flag(), **annotations)
        .filter(key=key)
        .first()
    )
    if initiative is None or VIEW not in access.access_facts(user=user, initiative=initiative).perms:
        # Missing and invisible read the same, so a key cannot be probed for existence.
        raise NotFound(_("Initiative %(key)s was not found.") % {"key": key})
    return initiative


def phase_stints(*, user, initiative: Initiative) -> dict[str, PhaseStint]:
    """The initiative's stay in each phase it entered, by phase."""
    require_visible(user=user, initiative=initiative)
    return {stint.phase: stint for stint in PhaseStint.objects.filter(initiative=initiative).order_by("entered_at")}
