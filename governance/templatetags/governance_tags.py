"""Labels of governance codes (sign-off decisions, review states) for the templates."""

from django import template
from django.utils.translation import gettext, gettext_lazy

from governance.choices import AnswerType, ComplianceOutcome, Decision, ReviewStatus

register = template.Library()


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


@register.filter
def decision_label(value) -> str:
    """A sign-off decision, or “Waiting” for a slot nobody has signed yet."""
    if value == "waiting":
        return gettext("Waiting")
    return _label(Decision, value)


SLOT_STATES = {
    "waiting": gettext_lazy("Waiting"),
    Decision.APPROVE: gettext_lazy("Approved"),
    Decision.REJECT: gettext_lazy("Rejected"),
    Decision.REQUEST_CHANGES: gettext_lazy("Changes requested"),
}


@register.filter
def slot_state_label(value) -> str:
    """The state of a sign-off slot: waiting, or the decision signed on it."""
    return str(SLOT_STATES.get(value, value))


@register.filter
def review_status_label(value) -> str:
    return _label(ReviewStatus, value)


@register.filter
def outcome_label(value) -> str:
    return _label(ComplianceOutcome, value)


@register.filter
def answer_type_label(value) -> str:
    """How a compliance question is answered, in the reader's language."""
    return _label(AnswerType, value)


ROI_FIGURES = {
    "annual_benefit": gettext_lazy("Annual benefit"),
    "annual_run_cost": gettext_lazy("Annual run cost"),
    "one_off_cost": gettext_lazy("One-off cost"),
    "net_annual_value": gettext_lazy("Net annual value"),
    "first_year_roi": gettext_lazy("First-year ROI"),
}


@register.filter
def roi_figure_label(value) -> str:
    """The name of a derived ROI figure (the review page's comparison with the previous gate)."""
    return str(ROI_FIGURES.get(value, value))
