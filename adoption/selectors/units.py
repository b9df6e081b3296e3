"""Reads of business units: those a person may see, and references by code."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import (
    BusinessUnit,
)
from adoption.selectors.initiatives import initiative_list_visible
from core.exceptions import NotFound
from governance import access


def business_units_visible(*, user) -> QuerySet[BusinessUnit]:
    """Units a user may see: all for a global role; otherwise the subtrees they hold a unit role in and the units of
    the initiatives they see. Nobody without a role sees any."""
    if not user.is_authenticated or not user.is_active:
        return BusinessUnit.objects.none()
    if access.global_roles(user):
        return BusinessUnit.objects.all()
    paths = list(
        access.active_assignments()
        .filter(user=user, business_unit__isnull=False)
        .values_list("business_unit__path", flat=True)
    )
    condition = Q(pk__in=initiative_list_visible(user=user).values("business_unit_id"))
    if paths:
        condition |= reduce(or_, (Q(path__startswith=path) for path in paths))
    return BusinessUnit.objects.filter(condition)


def business_unit_visible(*, user, code: str) -> BusinessUnit:
    unit = business_units_visible(user=user).select_related("parent").filter(code=code).first()
    if unit is None:
        raise NotFound(_("Business unit %(code)s was not found.") % {"code": code[:40]})
    return unit


def reference_unit(*, code: str) -> BusinessUnit | None:
    return BusinessUnit.objects.filter(code=code).first()


def units_visible(*, user) -> QuerySet[BusinessUnit]:
    """Units holding an initiative ``user`` may see, and the units above them (filter choices).

    Asked unit by unit (does it hold one?), so the cost follows the number of units, not of initiatives.
    """
    holding = BusinessUnit.objects.filter(
        Exists(initiative_list_visible(user=user).filter(business_unit=OuterRef("pk")))
    ).values_list("path", flat=True)
    ids = {int(part) for path in holding for part in path.strip("/").split("/") if part}
    return BusinessUnit.objects.filter(pk__in=ids).order_by("path")


def _in_reach(*, user) -> Exists:
    """A unit ``units_visible`` lists (one holding an initiative ``user`` may see, itself or below it), as a condition
    asked of a few units at a time: a type-ahead's suggestions or the unit typed, never the whole organisation."""
    subtree = BusinessUnit.objects.filter(path__startswith=OuterRef(OuterRef("path"))).values("pk")
    return Exists(initiative_list_visible(user=user).filter(business_unit__in=subtree))


def units_matching(*, user, text: str, limit: int = 20) -> list[BusinessUnit]:
    """The first ``limit`` units of ``units_visible`` whose code or name contains the words of ``text``, to suggest
    while someone types in a unit filter: never the whole list (hundreds of options)."""
    words = text.split()[:5]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition &= Q(code__icontains=word) | Q(name__icontains=word)
    return list(BusinessUnit.objects.filter(condition).filter(_in_reach(user=user)).order_by("path")[:limit])


def units_named(*, user, text: str) -> list[BusinessUnit]:
    """The units of ``units_visible`` that ``text`` names: the unit of that code, else those of that name, else those
    whose code or name contains its words (at most two: one is a match, two say "be more precise"). A number alone
    is also a unit's id, as the filter's links and saved views kept it before units were typed."""
    text = " ".join(text.split())
    if not text:
        return []
    units = BusinessUnit.objects.filter(_in_reach(user=user)).order_by("path")
    exact = Q(code__iexact=text) | Q(name__iexact=text)
    if text.isdigit():
        exact |= Q(pk=int(text))
    for condition in (Q(code__iexact=text), exact):
        found = list(units.filter(condition)[:2])
        if found:
            return found
    return units_matching(user=user, text=text, limit=2)


def units_for_registration(*, user) -> QuerySet[BusinessUnit]:
    """Every unit, for the CoE registering an initiative; none for anyone else."""
    if not access.holds_global_role(user=user, role=Role.COE_ADMIN):
        return BusinessUnit.objects.none()
    return BusinessUnit.objects.order_by("path")
