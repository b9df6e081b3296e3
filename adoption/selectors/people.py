"""Reads of people: the directory, references by username, and the people a page offers to pick."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

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


def person_matches(words: str, *, prefix: str = "") -> Q:
    """People whose full name, first or last name or login contains each of ``words`` (case-insensitive): a search
    by the name people see ("Olivia", "Olivia Owner") as well as by the login name."""
    condition = Q()
    for word in words.split()[:5]:
        condition &= (
            Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
            | Q(**{f"{prefix}username__icontains": word})
        )
    return condition


def owners_visible(*, user) -> QuerySet:
    """People who own an initiative ``user`` may see, by name."""
    return User.objects.filter(Exists(initiative_list_visible(user=user).filter(owner=OuterRef("pk")))).order_by(
        "first_name", "last_name", "username"
    )


def owners_matching(*, user, text: str, limit: int = 20) -> list:
    """The first ``limit`` owners (see ``owners_visible``) whose username or name contains ``text``, to suggest
    while someone types in the board's owner filter: never the whole list, which grows with the portfolio."""
    text = text.strip()
    if not text:
        return []
    return list(owners_visible(user=user).filter(person_matches(text))[:limit])
