"""A person's locale — language, time zone and date style — and where it applies: the pages from sign-in on (kept in
the session, so a page costs no query), and whatever is written for them elsewhere (emails, through ``applied()``).

The words and formats themselves live in ``adoption.display`` (dates, times, money) and the catalogues; this module
only says whose locale is active.
"""

from __future__ import annotations

import functools
import zoneinfo
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from adoption import display
from governance import person_facts
from governance.models import DateStyle, UserPreference

# Session keys: the person's time zone and date style, copied from their preferences at sign-in and on a change.
TIME_ZONE_KEY = "locale_time_zone"
DATE_STYLE_KEY = "locale_date_style"


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA time zones a person may choose (Asia/Taipei, Asia/Shanghai, Europe/Berlin, UTC, ...), sorted."""
    return tuple(sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC"))


def zone_of(name: str | None) -> zoneinfo.ZoneInfo | None:
    """The time zone called ``name``, or None for an empty or unknown name (the deployment's TIME_ZONE applies)."""
    if not name or name not in time_zone_names():
        return None
    return zoneinfo.ZoneInfo(name)


@dataclass(frozen=True)
class PersonLocale:
    # Empty until the person chooses (or single sign-on gives) one: the browser's choice then stands on pages.
    language: str
    time_zone: str
    date_style: str


def person_locale(user) -> PersonLocale:
    """``user``'s language, time zone and date style (the deployment's defaults until they choose), cached for a
    few seconds (governance.person_facts; saving their preferences forgets it)."""
    if user is None or not user.is_authenticated:
        return PersonLocale("", "", DateStyle.LANGUAGE)
    return person_facts.remembered(person_facts.LOCALE, user.pk, lambda: _stored_locale(user))


def _stored_locale(user) -> PersonLocale:
    row = UserPreference.objects.filter(user=user).values_list("language", "time_zone", "date_style").first()
    if row is None:
        return PersonLocale("", "", DateStyle.LANGUAGE)
    return PersonLocale(row[0] or "", row[1] or "", row[2] or DateStyle.LANGUAGE)


def preference_saved(sender, instance, **kwargs) -> None:
    """post_save and post_delete of UserPreference (the account page, the API, single sign-on's claims)."""
    person_facts.forget(person_facts.LOCALE, [instance.user_id])


def preference_locale(preference: UserPreference | None) -> PersonLocale:
    """The locale a loaded preference row holds (None: the deployment's defaults)."""
    if preference is None:
        return PersonLocale("", "", DateStyle.LANGUAGE)
    return PersonLocale(preference.language or "", preference.time_zone or "", preference.date_style)


def remember(session, locale: PersonLocale) -> None:
    """Keep ``locale``'s zone and date style in the session: every page after this one uses them."""
    session[TIME_ZONE_KEY] = locale.time_zone
    session[DATE_STYLE_KEY] = locale.date_style


def activate(time_zone: str | None, date_style: str | None) -> None:
    """Dates and times of this request or task in ``time_zone`` and ``date_style``."""
    zone = zone_of(time_zone)
    if zone is None:
        timezone.deactivate()
    else:
        timezone.activate(zone)
    display.activate_date_style(date_style)


def deactivate() -> None:
    timezone.deactivate()
    display.deactivate_date_style()


@contextmanager
def applied(locale: PersonLocale):
    """Everything rendered inside the block speaks ``locale``: its language, its zone's times, its date style."""
    zone = zone_of(locale.time_zone) or timezone.get_default_timezone()
    language = locale.language or settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(zone), display.override_date_style(locale.date_style):
        yield
