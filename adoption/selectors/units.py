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


def units_for_registration(*, user) -> QuerySet[BusinessUnit]:
    """Every unit, for the CoE registering an initiative; none for anyone else."""
    if not access.holds_global_role(user=user, role=Role.COE_ADMIN):
        return BusinessUnit.objects.none()
    return BusinessUnit.objects.order_by("path")
