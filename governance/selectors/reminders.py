"""Reads of the reminder policy (the CoE edits it; auditors read it) and of a person's language."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from adoption.choices import Role
from governance import access
from governance.models import ReminderPolicy, UserPreference


def reminder_policy_list(*, user) -> QuerySet[ReminderPolicy]:
    """Every reminder policy for the CoE and auditors; nothing for anyone else."""
    roles = access.global_roles(user)
    if Role.COE_ADMIN in roles or Role.AUDITOR in roles:
        return ReminderPolicy.objects.order_by("kind")
    return ReminderPolicy.objects.none()


def user_language(*, user) -> str:
    """The language ``user``'s notifications are written in (the site default until they choose one)."""
    if not user.is_authenticated:
        return settings.LANGUAGE_CODE
    language = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE
