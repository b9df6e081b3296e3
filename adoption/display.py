"""How the pages say things: money, numbers and days per locale, labels of audit verbs, translated default criteria.

Pure functions of their arguments and the active language; the template filters in ``adoption.templatetags.tracker``
and the SVG charts in ``adoption.charts`` both use them, so a number reads the same in a table and beside a bar.
"""

from __future__ import annotations

import datetime
import decimal
import unicodedata
from decimal import Decimal

from babel import Locale, numbers
from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

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


def number(value, decimals: int = 0) -> str:
    """A number with the active locale's separators and digit grouping (CLDR, through Babel)."""
    if value is None:
        return DASH
    locale = cldr_locale()
    pattern = _with_places(Locale.parse(locale).decimal_formats[None].pattern, decimals)
    with _half_up():
        return pattern.apply(_decimal(value), locale)


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
    locale, code = cldr_locale(), _currency(currency)
    pattern = _with_places(Locale.parse(locale).currency_formats["standard"].pattern, decimals)
    with _half_up():
        text = pattern.apply(_decimal(value), locale, currency=code, currency_digits=False)
    return _currency_spacing(text, code, locale)


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


def date(value) -> str:
    """A date in the active locale's format (“Nov. 5, 2026”, “2026年11月5日”)."""
    if value is None:
        return DASH
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return formats.date_format(value, "DATE_FORMAT", use_l10n=True)


# --- Labels -------------------------------------------------------------------------------------------------------

VERB_LABELS = {
    "business_unit.created": gettext_lazy("added a business unit"),
    "initiative.created": gettext_lazy("registered the initiative"),
    "initiative.updated": gettext_lazy("edited the initiative"),
    "initiative.advanced": gettext_lazy("moved the initiative to the next phase"),
    "initiative.entered_production": gettext_lazy("took the initiative into production"),
    "initiative.held": gettext_lazy("put the initiative on hold"),
    "initiative.resumed": gettext_lazy("resumed the initiative"),
    "initiative.stopped": gettext_lazy("stopped the initiative"),
    "initiative.retired": gettext_lazy("retired the initiative"),
    "initiative.phase_extended": gettext_lazy("extended the phase"),
    "criterion.updated": gettext_lazy("updated a gate criterion"),
    "criterion.evidence_added": gettext_lazy("added evidence"),
    "criterion.waived": gettext_lazy("waived a gate criterion"),
    "criterion.stale": gettext_lazy("a gate criterion turned stale"),
    "criterion_template.added": gettext_lazy("added a gate criterion template"),
    "criterion_template.revised": gettext_lazy("revised a gate criterion template"),
    "gate_review.requested": gettext_lazy("requested a gate review"),
    "gate_review.stale": gettext_lazy("the gate review went stale; slots must be signed again"),
    "gate_review.approved": gettext_lazy("the gate review was approved"),
    "gate_review.rejected": gettext_lazy("rejected the gate review"),
    "gate_review.changes_requested": gettext_lazy("asked for changes to the gate review"),
    "gate_review.withdrawn": gettext_lazy("withdrew the gate review"),
    "signoff.recorded": gettext_lazy("signed a slot of the gate review"),
    "risk_tier.proposed": gettext_lazy("proposed a risk-tier change"),
    "risk_tier.confirmed": gettext_lazy("confirmed a risk-tier change"),
    "risk_tier.rejected": gettext_lazy("rejected a risk-tier change"),
    "compliance_review.scheduled": gettext_lazy("scheduled a compliance review"),
    "compliance_review.rescheduled": gettext_lazy("rescheduled a compliance review"),
    "compliance_review.completed": gettext_lazy("completed a compliance review"),
    "compliance_review.cancelled": gettext_lazy("cancelled a compliance review"),
    "roi.version_appended": gettext_lazy("recorded an ROI estimate"),
    "roi.spend_recorded": gettext_lazy("recorded spend"),
    "roi.realised_recorded": gettext_lazy("recorded realised value"),
    "model_option.recorded": gettext_lazy("scored a model option"),
    "model_option.chosen": gettext_lazy("chose a model option"),
    "role.granted": gettext_lazy("granted a role"),
    "role.grant_requested": gettext_lazy("asked for a role grant a second CoE member must approve"),
    "role.grant_approved": gettext_lazy("approved a role grant"),
    "role.grant_declined": gettext_lazy("declined a role grant"),
    "signin.unlocked": gettext_lazy("unlocked a sign-in lockout"),
    "sso.linked": gettext_lazy("linked a single sign-on identity"),
    "sso.deactivated": gettext_lazy("deactivated a person the sign-in service switched off"),
    "sso.rule_created": gettext_lazy("added a single sign-on role rule"),
    "saved_view.created": gettext_lazy("saved a view of the portfolio"),
    "saved_view.deleted": gettext_lazy("deleted a saved view of the portfolio"),
    "initiative.voided": gettext_lazy("voided the initiative"),
    "initiative.merged": gettext_lazy("merged the initiative into another"),
    "sso.rule_deleted": gettext_lazy("deleted a single sign-on role rule"),
    "audit.checkpoint": gettext_lazy("wrote a signed audit checkpoint"),
    "token.created": gettext_lazy("created an API token"),
    "token.revoked": gettext_lazy("revoked an API token"),
    "role.revoked": gettext_lazy("revoked a role"),
    "role.expired": gettext_lazy("a role expired"),
    "phase.time_box_set": gettext_lazy("changed a phase time box"),
    "selection_weights.set": gettext_lazy("changed the model-selection weights"),
}


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


def verb_label(verb: str) -> str:
    label = VERB_LABELS.get(verb)
    return str(label) if label is not None else verb


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
