"""The finance value panel, for pages of other apps (the funnel, the executive view) without their views
importing finance."""

from functools import partial

from django import template

from adoption import display
from finance.models import ConfirmationStatus
from finance.selectors import value_side_by_side

register = template.Library()
register.filter("confirmation_label", partial(display.choice_label, ConfirmationStatus))


@register.inclusion_tag("finance/value.html", takes_context=True)
def finance_value(context):
    """Hypothesised, claimed and confirmed value of what the reader sees, with the overdue claims' count."""
    user = context["request"].user
    return {"value": value_side_by_side(user=user), "request": context["request"], "with_links": True}
