"""The inputs of the adoption services, each defined once from the model fields (``core.inputs``): the ROI ledger's
estimates, spend and realised value, model options, phase extensions and waivers. The pages' forms are these
classes (with their widgets) and the API's request serializers are built from them; the services check what they
are given with them. The field set of an ROI estimate is ``ROI_FIELDS``, written here once.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from adoption import display, roi
from adoption.choices import Confidence, Sourcing
from adoption.models import (
    EvaluationRun,
    GateCriterion,
    ModelOption,
    RealisedValueEntry,
    RoiVersion,
    SavedView,
    SpendEntry,
    Tag,
)
from core.inputs import ServiceInput, model_field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


# What an ROI estimate records, in the order pages show it: the benefit by category, the costs, the currency.
ROI_BENEFITS = ("benefit_cash_saving", "benefit_cost_avoidance", "benefit_revenue")
ROI_HOURS = ("productivity_hours", "productivity_hourly_rate")
ROI_COSTS = ("one_off_cost", "run_cost_model", "run_cost_infrastructure", "run_cost_people")
ROI_FIELDS = ("currency", "rate_to_reporting", "rate_date", *ROI_BENEFITS, *ROI_HOURS, *ROI_COSTS, "confidence")
ZERO = Decimal("0")

ROI_LABELS = {
    "currency": _("Currency (ISO code)"),
    "rate_to_reporting": _("Rate to the reporting currency"),
    "rate_date": _("Rate date"),
    "benefit_cash_saving": _("Cash saving per year"),
    "benefit_cost_avoidance": _("Cost avoidance per year"),
    "benefit_revenue": _("Revenue per year"),
    "productivity_hours": _("Productivity hours per year"),
    "productivity_hourly_rate": _("Value of an hour"),
    "one_off_cost": _("One-off cost"),
    "run_cost_model": _("Annual model and token cost"),
    "run_cost_infrastructure": _("Annual infrastructure cost"),
    "run_cost_people": _("Annual people cost"),
    "confidence": _("Confidence"),
}


def _money_fields(model, names, labels) -> dict[str, forms.Field]:
    return {name: model_field(model, name, label=labels[name], required=False) for name in names}


class _Ledger(ServiceInput):
    """What every ledger entry shares: a currency with its rate to the reporting currency; amounts left empty are
    zero."""

    currency = model_field(RoiVersion, "currency", label=ROI_LABELS["currency"], initial=settings.REPORTING_CURRENCY)
    rate_to_reporting = model_field(RoiVersion, "rate_to_reporting", label=ROI_LABELS["rate_to_reporting"], initial=1)
    amounts: tuple[str, ...] = ()

    def check(self, cleaned):
        for name in self.amounts:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = ZERO
        currency, rate = cleaned.get("currency"), cleaned.get("rate_to_reporting")
        if currency == settings.REPORTING_CURRENCY and rate is not None and rate != 1:
            self.add_error(
                "rate_to_reporting",
                _("%(currency)s is the reporting currency; its rate is 1.") % {"currency": currency},
            )

    def period(self, cleaned, *, ended: bool) -> None:
        """A period that has started (and, for what was measured, ended), ending no earlier than it starts."""
        today = timezone.localdate()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start is not None and start > today:
            self.add_error("period_start", _("The date cannot be after %(date)s.") % {"date": display.date(today)})
        if ended and end is not None and end > today:
            self.add_error("period_end", _("The date cannot be after %(date)s.") % {"date": display.date(today)})
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))


class RoiVersionInput(_Ledger):
    refused = _("The ROI version was not recorded.")
    amounts = (*ROI_BENEFITS, *ROI_HOURS, *ROI_COSTS)
    rate_date = model_field(RoiVersion, "rate_date", label=ROI_LABELS["rate_date"], widget=DateInput)
    # One field per amount, from the model (the class body's namespace takes them like written ones).
    locals().update(_money_fields(RoiVersion, amounts, ROI_LABELS))
    confidence = model_field(RoiVersion, "confidence", label=ROI_LABELS["confidence"], initial=Confidence.MEDIUM)
    assumptions = model_field(
        RoiVersion, "assumptions", label=_("Assumptions"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def check(self, cleaned):
        super().check(cleaned)
        rate_date, today = cleaned.get("rate_date"), timezone.localdate()
        if rate_date is not None and rate_date > today:
            self.add_error("rate_date", _("The date cannot be after %(date)s.") % {"date": display.date(today)})
        amounts_given = not any(name in self.errors for name in self.amounts)
        if amounts_given and roi.estimate_is_empty(SimpleNamespace(**{n: cleaned.get(n) for n in self.amounts})):
            self.add_error(
                None,
                _(
                    "Every benefit and cost is zero, so the estimate says nothing: enter the expected annual benefit "
                    "and the costs."
                ),
            )


REALISED_LABELS = {
    "benefit_cash_saving": _("Cash saving measured"),
    "benefit_cost_avoidance": _("Cost avoidance measured"),
    "benefit_revenue": _("Revenue measured"),
    "productivity_hours": _("Hours saved"),
    "productivity_hourly_rate": _("Value of an hour"),
    "measured_cost": _("Cost measured over the period"),
}


class RealisedValueInput(_Ledger):
    refused = _("The realised value was not recorded.")
    amounts = (*ROI_BENEFITS, *ROI_HOURS, "measured_cost")
    period_start = model_field(RealisedValueEntry, "period_start", label=_("Period start"), widget=DateInput)
    period_end = model_field(RealisedValueEntry, "period_end", label=_("Period end"), widget=DateInput)
    locals().update(_money_fields(RealisedValueEntry, amounts, REALISED_LABELS))
    note = model_field(RealisedValueEntry, "note", label=_("Note (optional)"), required=False)
    redeployed_to = model_field(
        RealisedValueEntry,
        "redeployed_to",
        label=_("Saved time redeployed to"),
        required=False,
        help_text=_("Where the hours saved went. Without it, finance never counts the hours as money."),
    )
    field_order = ["period_start", "period_end", "currency", "rate_to_reporting"]

    def check(self, cleaned):
        super().check(cleaned)
        self.period(cleaned, ended=True)


class SpendInput(_Ledger):
    refused = _("The spend was not recorded.")
    period_start = model_field(SpendEntry, "period_start", label=_("Period start"), widget=DateInput)
    period_end = model_field(SpendEntry, "period_end", label=_("Period end"), widget=DateInput)
    category = model_field(SpendEntry, "category", label=_("Category"))
    amount = model_field(SpendEntry, "amount", label=_("Amount"))
    note = model_field(SpendEntry, "note", label=_("Note (optional)"), required=False)
    field_order = ["period_start", "period_end", "category", "amount", "currency", "rate_to_reporting"]

    def check(self, cleaned):
        super().check(cleaned)
        self.period(cleaned, ended=False)
        if cleaned.get("amount") is not None and cleaned["amount"] <= 0:
            self.add_error("amount", _("Must be more than zero."))


SCORES = [(n, str(n)) for n in range(1, 6)]
SCORE_LABELS = {
    "score_quality": _("Quality"),
    "score_total_cost": _("Total cost"),
    "score_data_security": _("Data security and sovereignty"),
    "score_control": _("Control and customisation"),
    "score_vendor_risk": _("Vendor risk and lock-in"),
}


class ModelOptionInput(ServiceInput):
    """An option considered for an initiative, scored 1 (poor) to 5 (excellent) on the five dimensions."""

    refused = _("The option was not recorded.")
    name = model_field(ModelOption, "name", label=_("Option"))
    sourcing = forms.ChoiceField(
        label=_("Sourcing"), choices=[(v, label) for v, label in Sourcing.choices if v != Sourcing.UNDECIDED]
    )
    vendor = model_field(ModelOption, "vendor", label=_("Vendor"), required=False)
    locals().update(
        {
            name: forms.TypedChoiceField(label=label, choices=SCORES, coerce=int, initial=3)
            for name, label in SCORE_LABELS.items()
        }
    )
    notes = model_field(
        ModelOption, "notes", label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChooseOptionInput(ServiceInput):
    refused = _("The option was not chosen.")
    rationale = model_field(
        ModelOption.initiative.field.related_model,
        "selection_rationale",
        label=_("Rationale"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# A waiver lasts at most this long; renewing it is a new decision.
WAIVER_MAX_DAYS = 365


class WaiveInput(ServiceInput):
    """A waiver: why the criterion need not be met, and until when (in the future, at most a year ahead)."""

    refused = _("The criterion was not waived.")
    reason = model_field(
        GateCriterion,
        "waiver_reason",
        label=_("Reason for the waiver"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    expires_on = model_field(
        GateCriterion, "waiver_expires_on", label=_("Waiver expires on"), required=True, widget=DateInput
    )

    def check(self, cleaned):
        expires, today = cleaned.get("expires_on"), timezone.localdate()
        if expires is None:
            return
        limit = today + datetime.timedelta(days=WAIVER_MAX_DAYS)
        if expires <= today:
            self.add_error("expires_on", _("A waiver must expire in the future (after %(today)s).") % {"today": today})
        elif expires > limit:
            self.add_error(
                "expires_on",
                _("A waiver lasts at most %(days)d days (until %(limit)s).")
                % {"days": WAIVER_MAX_DAYS, "limit": limit},
            )


class EvaluationInput(ServiceInput):
    """What an evaluation run was: tool, suite, dataset, model, commit, pipeline and when it ran (its metrics and
    report are read by ``adoption.evaluations``)."""

    refused = _("The evaluation run was not recorded.")
    tool = model_field(EvaluationRun, "tool", required=True)
    suite = model_field(EvaluationRun, "suite", required=False)
    dataset_name = model_field(EvaluationRun, "dataset_name", required=False)
    dataset_sha256 = model_field(EvaluationRun, "dataset_sha256", required=False)
    model = model_field(EvaluationRun, "model", required=True)
    model_version = model_field(EvaluationRun, "model_version", required=False)
    commit = model_field(EvaluationRun, "commit", required=False)
    pipeline_url = model_field(EvaluationRun, "pipeline_url", required=False, assume_scheme="https")
    started_at = model_field(EvaluationRun, "started_at", required=False)
    finished_at = model_field(EvaluationRun, "finished_at", required=False)


class SavedViewInput(ServiceInput):
    """A saved view of the portfolio: its name and whether the CoE shares it with everyone (the filters it holds
    are checked by the board's own filter form, ``adoption.filters.BoardFilterForm``)."""

    refused = _("The view was not saved.")
    name = model_field(SavedView, "name", label=_("Name of the view"))
    shared = forms.BooleanField(label=_("Share with everyone"), required=False)


class TagInput(ServiceInput):
    """A programme or cohort tag the CoE names: a code, a kind and its name in each language."""

    refused = _("The tag was not saved.")
    code = model_field(Tag, "code", label=_("Code"))
    kind = model_field(Tag, "kind", label=_("Kind"))
    name = model_field(Tag, "name", label=_("Name (English)"))
    name_zh_hant = model_field(Tag, "name_zh_hant", label=_("Name (繁體中文)"), required=False)
    name_zh_hans = model_field(Tag, "name_zh_hans", label=_("Name (简体中文)"), required=False)
