"""How the pages say things: money, numbers and days per locale, labels of audit verbs, translated default criteria.

Pure functions of their arguments and the active language; the template filters in ``adoption.templatetags.tracker``
and the SVG charts in ``adoption.charts`` both use them, so a number reads the same in a table and beside a bar.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
import unicodedata
from contextlib import contextmanager
from decimal import Decimal

from asgiref.local import Local
from babel import Locale, numbers
from babel.lists import format_list
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from adoption.choices import Role

DASH = "—"

# The CLDR locale of each language of the app: Taiwan's and the mainland's conventions for the two scripts.
CLDR_LOCALES = {"en": "en", "zh-hant": "zh_Hant_TW", "zh-hans": "zh_Hans_CN"}


def cldr_locale(language: str | None = None) -> str:
    """The CLDR locale (Babel's name) of ``language``, by default the active one; a regional variant (zh-hant-tw)
    is its language's locale, and a language the app does not speak is English."""
    parts = (language or translation.get_language() or settings.LANGUAGE_CODE).lower().replace("_", "-").split("-")
    for length in range(len(parts), 0, -1):
        locale = CLDR_LOCALES.get("-".join(parts[:length]))
        if locale:
            return locale
    return "en"


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _half_up() -> decimal.Context:
    """Halves round away from zero in every figure shown (12.5 % reads 13 %, €1.25M reads €1.3M): Babel rounds with
    the decimal context's rule, whose default sends halves to the even neighbour."""
    context = decimal.getcontext().copy()
    context.rounding = decimal.ROUND_HALF_UP
    return decimal.localcontext(context)


def _letter_like(char: str) -> bool:
    return not unicodedata.category(char).startswith(("S", "Z"))


def _currency_spacing(text: str, currency: str, locale: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a symbol that ends (or starts) with a letter is kept apart
    from the digits next to it by a no-break space (“CHF 1,250”, but “€1,250” and “NT$1,250”)."""
    symbol = numbers.get_currency_symbol(currency, locale)
    start = text.find(symbol)
    if start < 0 or not symbol:
        return text
    end = start + len(symbol)
    if end < len(text) and text[end].isdigit() and _letter_like(symbol[-1]):
        text = f"{text[:end]}\u00a0{text[end:]}"
    if start > 0 and text[start - 1].isdigit() and _letter_like(symbol[0]):
        text = f"{text[:start]}\u00a0{text[start:]}"
    return text


def _with_places(pattern: str, decimals: int):
    """A CLDR number pattern showing exactly ``decimals`` places."""
    parsed = numbers.parse_pattern(pattern)
    parsed.frac_prec = (decimals, decimals)
    return parsed


# Pages show the same figures again and again (a unit's value in every request, zero in many cells): each text is
# made once per value, locale and places, not through Babel's pattern parsing each time.
FORMATTED = 8192


@functools.lru_cache(maxsize=FORMATTED)
def _number_text(value: str, locale: str, decimals: int) -> str:
    pattern = _with_places(Locale.parse(locale).decimal_formats[None].pattern, decimals)
    with _half_up():
        return pattern.apply(Decimal(value), locale)


@functools.lru_cache(maxsize=FORMATTED)
def _money_text(value: str, locale: str, currency: str, decimals: int) -> str:
    pattern = _with_places(Locale.parse(locale).currency_formats["standard"].pattern, decimals)
    with _half_up():
        text = pattern.apply(Decimal(value), locale, currency=currency, currency_digits=False)
    return _currency_spacing(text, currency, locale)


def number(value, decimals: int = 0) -> str:
    """A number with the active locale's separators and digit grouping (CLDR, through Babel)."""
    if value is None:
        return DASH
    return _number_text(str(_decimal(value)), cldr_locale(), decimals)


def quantity(value) -> str:
    """A measured value as people write it: 14 rather than 14.0000, 0.86 stays 0.86 (at most 4 decimals)."""
    if value is None:
        return DASH
    exact = _decimal(value).normalize()
    decimals = max(-exact.as_tuple().exponent, 0)
    return number(exact, min(decimals, 4))


def _currency(currency: str | None) -> str:
    return currency or settings.REPORTING_CURRENCY


def money(value, currency: str | None = None, decimals: int = 0) -> str:
    """An amount in the active locale's currency format (CLDR): €1,234 in English, NT$ in Simplified Chinese but $
    for Taiwan's own dollar in Traditional Chinese, ¥ for the yuan on the mainland."""
    if value is None:
        return DASH
    return _money_text(str(_decimal(value)), cldr_locale(), _currency(currency), decimals)


def money_reported(reporting_value, value=None, currency: str | None = None) -> str:
    """An amount in the reporting currency (``settings.REPORTING_CURRENCY``), with the amount as recorded beside it
    when it was recorded in another currency: “€1,234 (NT$42,000)”."""
    shown = money(reporting_value)
    if value is None or not currency or currency == settings.REPORTING_CURRENCY or reporting_value is None:
        return shown
    return pgettext("an amount in the reporting currency, then as recorded", "%(reporting)s (%(original)s)") % {
        "reporting": shown,
        "original": money(value, currency),
    }


def money_short(value, currency: str | None = None) -> str:
    """A compact amount for chart labels (CLDR's compact forms: 1.2M in English, 125萬 and 3.5億 in Traditional,
    125万 and 3.5亿 in Simplified Chinese); the tables beside the charts give the full figure."""
    if value is None:
        return DASH
    locale, code = cldr_locale(), _currency(currency)
    with _half_up():
        text = numbers.format_compact_currency(_decimal(value), code, locale=locale, fraction_digits=1)
    return _currency_spacing(text, code, locale)


def percent(ratio, decimals: int = 0) -> str:
    if ratio is None:
        return DASH
    return _("%(number)s%%") % {"number": number(Decimal(str(ratio)) * 100, decimals)}


def days(value, decimals: int = 0) -> str:
    """“12 days” in the active language (one decimal for medians and percentiles)."""
    if value is None:
        return DASH
    count = Decimal(str(value))
    return ngettext("%(n)s day", "%(n)s days", int(count) if count == count.to_integral() else 2) % {
        "n": number(count, decimals)
    }


# --- Dates and times ---------------------------------------------------------------------------------------------
# One way of writing a date per language (DATE_FORMAT in config/formats/<language>/formats.py) unless the reader
# chose ISO 8601; times in the reader's time zone, with its offset. The date style is per request, like the time
# zone (governance.middleware.PersonLocaleMiddleware activates both).

DATE_STYLE_LANGUAGE = "language"
DATE_STYLE_ISO = "iso"
_date_style = Local()


def activate_date_style(style: str | None) -> None:
    """Write dates in ``style`` (``"iso"`` or the language's own) in this thread or task until deactivated."""
    _date_style.value = style if style == DATE_STYLE_ISO else DATE_STYLE_LANGUAGE


def deactivate_date_style() -> None:
    if hasattr(_date_style, "value"):
        del _date_style.value


def date_style() -> str:
    return getattr(_date_style, "value", DATE_STYLE_LANGUAGE)


@contextmanager
def override_date_style(style: str | None):
    """Dates in ``style`` inside the block (an email written for its recipient), then as before."""
    previous = getattr(_date_style, "value", None)
    activate_date_style(style)
    try:
        yield
    finally:
        if previous is None:
            deactivate_date_style()
        else:
            _date_style.value = previous


def _parsed(value):
    """A stored ISO text (a notification's parameters) as the date or moment it names; anything else as it is."""
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value) if len(value) == 10 else datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value


def date(value) -> str:
    """A date in the reader's date style: the language's format (“5 Dec 2026”, “2026年12月5日”) or ISO 8601. A
    moment is dated in the active time zone; an ISO text is read first."""
    value = _parsed(value)
    if value is None or value == "":
        return DASH
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if date_style() == DATE_STYLE_ISO:
        return value.isoformat()
    return formats.date_format(value, "DATE_FORMAT", use_l10n=True)


def zone_label(moment: datetime.datetime) -> str:
    """The offset of ``moment``'s time zone from UTC as people read it: “UTC+8”, “UTC+5:30”, “UTC−3”, “UTC”."""
    offset = moment.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def date_time(value) -> str:
    """A moment in the active time zone: its date in the reader's style, the time on the 24-hour clock and the
    zone's offset (“5 Dec 2026 08:46 UTC+8”, “2026年12月5日 08:46 UTC+8”)."""
    value = _parsed(value)
    if not isinstance(value, datetime.datetime):
        return date(value)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, datetime.UTC)
    local = timezone.localtime(value)
    return f"{date(local.date())} {local:%H:%M} {zone_label(local)}"


# --- Labels -------------------------------------------------------------------------------------------------------


def choice_label(choices, value) -> str:
    """The label of ``value`` among ``choices`` in the active language; a value that is not one of them (an old
    code kept in a stored notification, say) as it is."""
    try:
        return str(choices(value).label)
    except ValueError:
        return "" if value is None else str(value)


def choice_labels(choices) -> dict[str, str]:
    """Each value of a choices class with its label in the active language, translated once: ``get_FOO_display``
    builds the lookup and translates afresh for every row, which a page of a few hundred rows notices."""
    return {value: str(label) for value, label in choices.choices}


def time_box_words(clock) -> dict[str, str]:
    """What a board card says of a phase clock (``adoption.models.clock.PhaseClock``): the share of the time box
    used, the day of the box, and the days overdue or left. The template's words, put together here because a
    board of a few hundred cards spends a good part of its time in ``blocktranslate``."""
    if clock.overdue:
        left = ngettext("%(counter)s day overdue", "%(counter)s days overdue", clock.overdue_days)
        counter = clock.overdue_days
    else:
        left = ngettext("%(counter)s day left", "%(counter)s days left", clock.days_left)
        counter = clock.days_left
    return {
        "used": _("%(percent)s%% of the time box used") % {"percent": clock.percent},
        "day": _("day %(elapsed)s of %(box)s") % {"elapsed": clock.elapsed_days, "box": clock.box_days},
        "left": left % {"counter": counter},
    }


def names(people) -> str:
    """People by their display names, listed as the active language lists ("A, B, and C", "A、B和C"); a delegate
    (``on_behalf_of``, set by governance.eligibility.slot_signers) with whom they sign for."""
    return format_list([signer_label(person) for person in people], locale=cldr_locale()) if people else ""


def signer_label(person, on_behalf_of: str | None = None) -> str:
    """A signer's display name; "X on behalf of Y" when they sign (or may sign) for a delegator."""
    from core.web import person_name

    name = person if isinstance(person, str) else person_name(person)
    behalf = on_behalf_of if on_behalf_of is not None else getattr(person, "on_behalf_of", None)
    if not behalf:
        return name
    return pgettext("a delegate signs", "%(delegate)s on behalf of %(delegator)s") % {
        "delegate": name,
        "delegator": behalf,
    }


QUARTER = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def quarter(code) -> str:
    """A quarter code ("2026Q4", a funnel cohort) in the active language: "Q4 2026", "2026 年第 4 季",
    "2026年第4季度"; anything else as it is."""
    match = QUARTER.match(str(code or "").strip())
    if match is None:
        return "" if code is None else str(code)
    year, number = match.groups()
    return pgettext("a quarter of a year", "Q%(quarter)s %(year)s") % {"quarter": number, "year": year}


def role_label(value) -> str:
    """A role, or a review slot's key (an ordinal for a second signer of the same role: "compliance_officer_2")."""
    role, _sep, ordinal = str(value).rpartition("_")
    if ordinal.isdigit() and role in Role.values:
        return f"{choice_label(Role, role)} {ordinal}"
    return choice_label(Role, value)


# The default gate criteria (adoption/defaults.py) are data, stored in English. Their titles and guidance are
# listed here so that they can be translated; a criterion the CoE has re-worded is shown as written.
DEFAULT_CRITERIA_TEXT = (
    gettext_noop("Pain point inventoried and prioritised"),
    gettext_noop("List the business pain points considered and why this one ranks first."),
    gettext_noop("Value hypothesis with KPI, baseline and target"),
    gettext_noop("State the value driver, the KPI, its measured baseline and the target the initiative must reach."),
    gettext_noop("Feasibility spike done within 2 weeks"),
    gettext_noop("Time-box the technical spike to at most 14 days and attach its findings."),
    gettext_noop("First ROI estimate recorded"),
    gettext_noop("Record the first ROI version: annual benefit by category, one-off and run costs, confidence."),
    gettext_noop("Risk tier and data classification set"),
    gettext_noop("Classify the EU AI Act risk tier and the data the initiative touches."),
    gettext_noop("Model-sourcing options scored on the five dimensions"),
    gettext_noop(
        "Score closed-API, open-source and hybrid options on quality, total cost, data security and sovereignty, "
        "control and customisation, vendor risk and lock-in; record the rationale."
    ),
    gettext_noop("Production-grade data pipeline"),
    gettext_noop("An end-to-end pipeline on real data, built to production standards."),
    gettext_noop("Automated evaluation set at or above threshold"),
    gettext_noop("Run the automated test set; record the score."),
    gettext_noop("Human evaluation protocol run"),
    gettext_noop("Structured human review of outputs with a written protocol and results."),
    gettext_noop("At least 28 days of real-user testing"),
    gettext_noop(
        "Small-scale testing with real users for at least four weeks; state the number of users in the evidence."
    ),
    gettext_noop("ROI re-estimated from measured data"),
    gettext_noop("Record a new ROI version in this phase based on what the POC measured."),
    gettext_noop("Data governance review (quality, privacy) passed"),
    gettext_noop("The data steward's review of data quality and privacy."),
    gettext_noop("Security review and red-team record"),
    gettext_noop("Red-team exercise and security review findings, with fixes."),
    gettext_noop("Human-in-the-loop design"),
    gettext_noop("Where people review, approve or correct the AI's output, and how exceptions are handled."),
    gettext_noop("MLOps pipeline"),
    gettext_noop("Automated build, evaluation and deployment of models and prompts."),
    gettext_noop("Model version management"),
    gettext_noop("Production uses only validated model versions; versions are recorded."),
    gettext_noop("A/B or champion-challenger plan"),
    gettext_noop("How a new model or prompt is compared with the current one and switched safely."),
    gettext_noop("Drift monitoring configured"),
    gettext_noop("Performance monitoring and drift detection with alerting."),
    gettext_noop("End-user training completion at or above target"),
    gettext_noop("Share of intended end users who completed training, in percent."),
    gettext_noop("Feedback loop owner named"),
    gettext_noop("The person who owns continuous improvement from user feedback."),
    gettext_noop("Explainability and audit records"),
    gettext_noop("Records that make outputs explainable and auditable."),
    gettext_noop("Realised value measured"),
    gettext_noop("Measured benefit recorded as realised-value entries."),
    gettext_noop("Vendor exit plan"),
    gettext_noop("How to move to another model or vendor, and at what cost."),
    # Units of the default measured criteria.
    gettext_noop("days"),
    gettext_noop("score"),
)
_DEFAULT_TEXT = frozenset(DEFAULT_CRITERIA_TEXT)


def data_text(text: str) -> str:
    """``text`` translated when it is one of the default criteria's words, otherwise as the CoE wrote it."""
    if text in _DEFAULT_TEXT:
        return _(text)
    return text
