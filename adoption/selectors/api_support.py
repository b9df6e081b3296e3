"""Permission-scoped reads the REST API needs beyond the shared selectors: initiative lists with the overdue flag,
one criterion of an initiative, the business units a user may see and the people directory."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import (
    BusinessUnit,
    GateCriterion,
    GateCriterionTemplate,
    Initiative,
    PhaseDefinition,
    SelectionWeights,
)
from adoption.models.clock import overdue_condition
from adoption.selectors.criteria import require_visible
from adoption.selectors.initiatives import initiative_list_visible, initiative_rows_visible
from core.exceptions import NotFound
from governance import access

User = get_user_model()


def initiatives_listed(*, user) -> QuerySet[Initiative]:
    """Visible initiatives with their unit and people loaded and ``is_overdue`` annotated (constant queries; a page
    costs the same whatever the user's scope)."""
    return (
        initiative_rows_visible(user=user)
        .select_related("business_unit", "owner", "sponsor")
        .annotate(
            is_overdue=Case(
                When(overdue_condition(timezone.now()), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def initiative_for_api(*, user, key: str) -> Initiative:
    """One visible initiative by key, annotated like the list; NotFound otherwise."""
    initiative = initiatives_listed(user=user).filter(key=key).first()
    if initiative is None:
        raise NotFound(_("Initiative %(key)s was not found.") % {"key": key})
    return initiative


def criterion_of(*, user, initiative: Initiative, criterion_id: int) -> GateCriterion:
    """One criterion of a visible initiative (any phase), with ``effective`` and ``evidence_expires`` set."""
    require_visible(user=user, initiative=initiative)
    criterion = (
        GateCriterion.objects.filter(initiative=initiative, pk=criterion_id)
        .select_related("template", "updated_by", "waived_by", "initiative")
        .first()
    )
    if criterion is None:
        raise NotFound(_("Criterion not found on %(key)s.") % {"key": initiative.key})
    criterion.effective = criterion.effective_status(timezone.localdate())
    criterion.evidence_expires = criterion.evidence_expires_on()
    return criterion


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


def users_directory(*, user) -> QuerySet:
    """Active people, to pick owners, sponsors and assignees: for anyone holding a role; nobody else sees any."""
    if not user.is_authenticated or not user.is_active or not access.active_assignments().filter(user=user).exists():
        return User.objects.none()
    # django-guardian's stand-in for anonymous visitors is a row in the user table, not a person.
    return User.objects.filter(is_active=True).exclude(
        username=getattr(settings, "ANONYMOUS_USER_NAME", "AnonymousUser")
    )


# References in a request body (owner, sponsor, unit, grantee) are resolved without scoping: the service they are
# handed to decides whether the actor may use them, and must be the one to say 403 rather than a lookup saying 400.


def reference_user(*, username: str):
    """The active person called ``username``, or None."""
    return User.objects.filter(is_active=True, username=username).first()


def reference_unit(*, code: str) -> BusinessUnit | None:
    return BusinessUnit.objects.filter(code=code).first()


# The CoE's configuration of the path is policy, not portfolio: everyone signed in may read it.


def phase_definitions() -> QuerySet[PhaseDefinition]:
    return PhaseDefinition.objects.order_by("order")


def phase_definition(*, phase: str) -> PhaseDefinition:
    definition = PhaseDefinition.objects.filter(phase=phase).first()
    if definition is None:
        raise NotFound(_("There is no phase “%(phase)s”.") % {"phase": phase[:40]})
    return definition


def criterion_templates(*, phase: str | None = None, current_only: bool = True) -> QuerySet[GateCriterionTemplate]:
    """Gate criterion templates in gate order; with ``current_only`` false, every version ever written."""
    queryset = GateCriterionTemplate.objects.all()
    if current_only:
        queryset = queryset.filter(is_current=True)
    if phase:
        queryset = queryset.filter(phase=phase)
    return queryset


def criterion_template(*, template_id: int) -> GateCriterionTemplate:
    template = GateCriterionTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise NotFound(_("Criterion template not found."))
    return template


def selection_weights_current() -> SelectionWeights:
    return SelectionWeights.objects.get(is_current=True)
