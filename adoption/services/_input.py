"""Input checks shared by the adoption services: text, decimals, money, currencies, dates and choices.

Each check appends translated, actionable messages to an ``errors`` dict (field name → messages) and returns the
cleaned value, so a service can report every bad field at once with one InvalidInput.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from adoption import display

Errors = dict[str, list[str]]

TEXT_LIMIT = 20000
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def add(errors: Errors, name: str, message: str) -> None:
    errors.setdefault(name, []).append(str(message))


def clean_text(errors: Errors, name: str, value: Any, *, limit: int = TEXT_LIMIT, required: bool = False) -> str:
    """A stripped string without NUL characters and at most ``limit`` long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        add(errors, name, _("Enter text."))
        return ""
    if "\x00" in value:
        add(errors, name, _("Text may not contain NUL characters."))
    value = value.strip()
    if len(value) > limit:
        add(errors, name, _("At most %(limit)d characters (this has %(n)d).") % {"limit": limit, "n": len(value)})
    if required and not value:
        add(errors, name, _("This field is required."))
    return value


def clean_decimal(
    errors: Errors,
    name: str,
    value: Any,
    *,
    max_digits: int,
    decimal_places: int,
    minimum: Decimal | None = None,
    positive: bool = False,
    required: bool = True,
) -> Decimal | None:
    """A finite Decimal that fits the column (``max_digits``, ``decimal_places``) and the bounds asked for.

    Floats are taken through their shortest text form, so 0.1 means 0.1; more decimal places than the column holds
    are refused rather than silently rounded, because money must add up to the cent.
    """
    if value is None or value == "":
        if required:
            add(errors, name, _("This field is required."))
        return None
    if isinstance(value, bool):
        add(errors, name, _("Enter a number."))
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        add(errors, name, _("Enter a number."))
        return None
    if not number.is_finite():
        add(errors, name, _("Enter a finite number."))
        return None
    exponent = number.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if places > decimal_places:
        add(errors, name, _("Use at most %(places)d decimal places.") % {"places": decimal_places})
        return None
    whole_digits = len(str(abs(int(number)))) if abs(number) >= 1 else 0
    if whole_digits > max_digits - decimal_places:
        add(
            errors,
            name,
            _("The number is too large (at most %(n)d digits before the decimal point).")
            % {"n": max_digits - decimal_places},
        )
        return None
    if positive and number <= 0:
        add(errors, name, _("Must be more than zero."))
        return None
    if minimum is not None and number < minimum:
        add(errors, name, _("Must be at least %(minimum)s.") % {"minimum": minimum})
        return None
    return number


def clean_money(errors: Errors, name: str, value: Any, *, positive: bool = False) -> Decimal | None:
    """An amount of money: 2 decimal places, never negative (a saving is a benefit, not a negative cost)."""
    if value is None:
        value = Decimal("0")
    return clean_decimal(errors, name, value, max_digits=16, decimal_places=2, minimum=Decimal("0"), positive=positive)


def clean_rate(errors: Errors, name: str, value: Any) -> Decimal | None:
    """A conversion rate to the reporting currency: more than zero, at most 8 decimal places."""
    return clean_decimal(errors, name, value, max_digits=18, decimal_places=8, positive=True)


def clean_currency(errors: Errors, name: str, value: Any) -> str:
    if not isinstance(value, str) or not CURRENCY_RE.match(value):
        add(errors, name, _("Use a three-letter upper-case ISO 4217 currency code, such as EUR or TWD."))
        return ""
    return value


def clean_date(
    errors: Errors,
    name: str,
    value: Any,
    *,
    required: bool = True,
    not_after: datetime.date | None = None,
    not_before: datetime.date | None = None,
) -> datetime.date | None:
    """A calendar date (a datetime is refused: it would silently drop its time and zone)."""
    if value is None:
        if required:
            add(errors, name, _("This field is required."))
        return None
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value)
        except ValueError:
            add(errors, name, _("Enter a date as YYYY-MM-DD."))
            return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        add(errors, name, _("Enter a date as YYYY-MM-DD."))
        return None
    if not_after is not None and value > not_after:
        add(errors, name, _("The date cannot be after %(date)s.") % {"date": display.date(not_after)})
        return None
    if not_before is not None and value < not_before:
        add(errors, name, _("The date cannot be before %(date)s.") % {"date": display.date(not_before)})
        return None
    return value


def clean_choice(errors: Errors, name: str, value: Any, choices: Any, *, exclude: tuple = ()) -> str:
    if value not in choices.values or value in exclude:
        add(errors, name, _("“%(value)s” is not a valid choice.") % {"value": value})
        return ""
    return value


def clean_int(errors: Errors, name: str, value: Any, *, minimum: int, maximum: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        add(errors, name, _("Enter a whole number."))
        return None
    if not minimum <= value <= maximum:
        add(errors, name, _("Enter a number from %(min)d to %(max)d.") % {"min": minimum, "max": maximum})
        return None
    return value
