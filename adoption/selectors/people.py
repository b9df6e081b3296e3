"""Reads of people: the directory, references by username, and the people a page offers to pick."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Concat

from adoption.selectors.initiatives import initiative_list_visible
from governance import access

User = get_user_model()


def users_directory(*, user) -> QuerySet:
    """Active people, to pick owners, sponsors and assignees: for anyone holding a role; nobody else sees any."""
    if not user.is_authenticated or not user.is_active or not access.active_assignments().filter(user=user).exists():
        return User.objects.none()
    return User.objects.filter(is_active=True)


def reference_user(*, username: str):
    """The active person called ``username``, or None."""
    return User.objects.filter(is_active=True, username=username).first()


def people_for_registration() -> QuerySet:
    """Active people who can be made owner or sponsor of an initiative."""
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def owners_visible(*, user) -> QuerySet:
    """People who own an initiative ``user`` may see, by name."""
    return User.objects.filter(Exists(initiative_list_visible(user=user).filter(owner=OuterRef("pk")))).order_by(
        "first_name", "last_name", "username"
    )


def person_condition(text: str, prefix: str = "") -> Q:
    """Whom ``text`` names, as pages show people: every word found in the first name, the last name or the login
    name ("Olivia", "olivia ong", "Ong Olivia" and "owner" all name Olivia Ong, login ``owner``). ``prefix`` reaches
    the person through a relation (``"owner__"``). An empty text names nobody."""
    words = text.split()[:5]
    if not words:
        return Q(pk__in=[])
    condition = Q()
    for word in words:
        condition &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}username__icontains": word})
        )
    return condition


def people_named(people: QuerySet, text: str) -> QuerySet:
    """Those of ``people`` whom ``text`` names: the one whose login name or full name is exactly ``text`` when
    there is one (a name chosen from the suggestions), else everyone whose names contain its words."""
    text = " ".join(text.split())
    if not text:
        return people.none()
    exact = Q(username__iexact=text) | Q(full_name__iexact=text)
    people = people.alias(full_name=Concat("first_name", Value(" "), "last_name"))
    return people.filter(exact) if people.filter(exact).exists() else people.filter(person_condition(text))


def owners_named(*, user, text: str, limit: int = 50) -> list:
    """The owners (see ``owners_visible``) ``text`` names (see ``people_named``), at most ``limit``: what the
    board's, the table's and the API's owner filters narrow to."""
    return list(people_named(owners_visible(user=user), text)[:limit])


def owners_matching(*, user, text: str, limit: int = 20) -> list:
    """The first ``limit`` owners (see ``owners_visible``) whose names contain the words of ``text``, to suggest
    while someone types in an owner filter: never the whole list, which grows with the portfolio."""
    if not text.strip():
        return []
    return list(owners_visible(user=user).filter(person_condition(text))[:limit])
