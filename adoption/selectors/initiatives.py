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
        .prefetch_related("tags")
        .annotate(
            is_overdue=Case(
                When(overdue_condition(timezone.now()), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def initiative_get(*, user, key: str) -> Initiative:
    """The initiative with ``key`` if ``user`` may see it, loaded and annotated like the list; NotFound otherwise."""
    initiative = initiative_list(user=user).filter(key=key).first()
    if initiative is None:
        # Missing and invisible read the same, so a key cannot be probed for existence.
        raise NotFound(_("Initiative %(key)s was not found.") % {"key": key})
    return initiative


def phase_stints(*, user, initiative: Initiative) -> dict[str, PhaseStint]:
    """The initiative's stay in each phase it entered, by phase."""
    require_visible(user=user, initiative=initiative)
    return {stint.phase: stint for stint in PhaseStint.objects.filter(initiative=initiative).order_by("entered_at")}
