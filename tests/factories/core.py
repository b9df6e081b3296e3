"""Factories for users and business units, and helpers that create initiatives and roles through the services."""

import factory
from django.contrib.auth import get_user_model

from adoption.choices import Role
from adoption.models import BusinessUnit
from adoption.services.initiatives import initiative_create
from governance.services.roles import bootstrap_global_role, role_grant

User = get_user_model()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.django.Password("pw-test-2026")


class BusinessUnitFactory(factory.django.DjangoModelFactory):
    """A unit with its tree path filled in (tests may build trees without a CoE actor)."""

    class Meta:
        model = BusinessUnit
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"bu-{n}")
    name = factory.Sequence(lambda n: f"Business unit {n}")
    parent = None
    path = ""

    @factory.post_generation
    def fill_path(obj, create, extracted, **kwargs):
        obj.path = f"{obj.parent.path if obj.parent else '/'}{obj.pk}/"
        if create:
            obj.save(update_fields=["path"])


def grant(user, role: str, *, business_unit=None, initiative=None, by=None, expires_at=None):
    """Give ``user`` a role: global roles by bootstrap, scoped ones through role_grant by a CoE member."""
    if business_unit is None and initiative is None:
        return bootstrap_global_role(user=user, role=role, granted_by=by)
    if by is None:
        by = UserFactory(username="grantor-coe")
        bootstrap_global_role(user=by, role=Role.COE_ADMIN)
    return role_grant(
        actor=by, user=user, role=role, business_unit=business_unit, initiative=initiative, expires_at=expires_at
    )


def make_initiative(*, coe=None, business_unit=None, owner=None, sponsor=None, title="Contract summariser", **fields):
    """An initiative in exploration, created by a CoE member through the service."""
    if coe is None:
        coe = UserFactory(username="factory-coe")
        bootstrap_global_role(user=coe, role=Role.COE_ADMIN)
    business_unit = business_unit or BusinessUnitFactory()
    owner = owner or UserFactory()
    return initiative_create(
        actor=coe, title=title, business_unit=business_unit, owner=owner, sponsor=sponsor, **fields
    )
