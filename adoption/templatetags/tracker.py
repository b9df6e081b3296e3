"""Filters the templates use to say amounts, days, dates and labels the same way everywhere (see adoption.display)."""

from functools import partial

from django import template
from django.utils.html import format_html, format_html_join

from adoption import display
from adoption.choices import CriterionStatus, FailureMode, Phase, RiskTier, Status
from core.web import person_name

register = template.Library()

register.filter("money", display.money)
register.filter("money_short", display.money_short)
register.filter("percent", display.percent)
register.filter("quantity", display.quantity)
register.filter("days", display.days)
register.filter("localdate", display.date)
register.filter("localdatetime", display.date_time)
register.simple_tag(display.money_reported, name="money_reported")
register.filter("data_text", display.data_text)
register.filter("person", person_name)
register.filter("quarter", display.quarter)
register.filter("names", display.names)
register.filter("signer", lambda signoff: display.signer_label(signoff.signer_name, signoff.on_behalf_of_name))


@register.filter
def number(value, decimals=0):
    return display.number(value, int(decimals))


register.filter("role_label", display.role_label)


# The label of a stored code, in the active language.
for name, choices in {
    "phase_label": Phase,
    "status_label": Status,
    "risk_label": RiskTier,
    "criterion_status_label": CriterionStatus,
    "failure_mode_label": FailureMode,
}.items():
    register.filter(name, partial(display.choice_label, choices))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def message_lines(text):
    """A message whose first line is the sentence and the next lines are reasons, as a paragraph and a list."""
    first, *rest = str(text).split("\n")
    if not rest:
        return first
    items = format_html_join("", "<li>{}</li>", ((line,) for line in rest if line))
    return format_html('{}<ul class="reasons">{}</ul>', first, items)
