"""People's own preferences: the language their notifications and emails are written in."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import Forbidden, InvalidInput
from governance.models import UserPreference


def user_language_set(*, actor, language: str) -> UserPreference:
    """Set ``actor``'s own language (one of settings.LANGUAGES); emails already queued follow it when sent."""
    if not actor.is_authenticated:
        raise Forbidden(_("Sign in to choose your language."))
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        raise InvalidInput(
            _("The language was not changed."),
            fields={"language": [_("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)}]},
        )
    with transaction.atomic():
        preference, _created = UserPreference.objects.select_for_update().get_or_create(user=actor)
        if preference.language != language:
            preference.language = language
            preference.save(update_fields=["language", "updated_at"])
    return preference
