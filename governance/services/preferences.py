"""People's own locale: the language of their pages, notifications and emails, their time zone and date style."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import Forbidden
from governance.inputs import LocaleInput
from governance.models import UserPreference


def user_language_set(*, actor, language: str) -> UserPreference:
    """Set ``actor``'s own language (one of settings.LANGUAGES); emails already queued follow it when sent."""
    return user_locale_set(actor=actor, language=language)


def user_locale_set(
    *, actor, language: str | None = None, time_zone: str | None = None, date_style: str | None = None
) -> UserPreference:
    """Set what ``actor`` gives of their own language (one of settings.LANGUAGES), time zone (an IANA name, or
    empty for the deployment's) and date style; what is not given stays. Nothing changes when any is refused."""
    if not actor.is_authenticated:
        raise Forbidden(_("Sign in to choose your language."))
    given = {name: value for name, value in locals().items() if name in LocaleInput.base_fields and value is not None}
    # The input's fields are optional so that each can be set alone; an empty language or date style is no choice.
    given.update({name: "?" for name in ("language", "date_style") if given.get(name) == ""})
    cleaned = LocaleInput.clean_input(**given)
    changes = {name: cleaned[name] for name in given}
    with transaction.atomic():
        preference, _created = UserPreference.objects.select_for_update().get_or_create(user=actor)
        changed = [name for name, value in changes.items() if getattr(preference, name) != value]
        for name in changed:
            setattr(preference, name, changes[name])
        if changed:
            preference.save(update_fields=[*changed, "updated_at"])
    return preference
