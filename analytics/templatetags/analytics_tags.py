"""Filters the board pack's partials use to word the frozen analytics figures in the reader's language."""

from django import template

from adoption import display
from adoption.choices import FailureMode, Phase, Status
from analytics.choices import ScenarioKind, ScenarioTarget
from analytics.selectors.kill_list import reason_text
from governance.questionnaire import words

register = template.Library()


@register.filter
def kill_reason(reason: dict) -> str:
    """A frozen kill-list reason ({"kind", "figures"}) as a sentence."""
    return reason_text(reason["kind"], reason["figures"])


@register.filter
def in_language(names: dict) -> str:
    """Data stored per language ("en", "zh-hant", "zh-hans") in the active one."""
    return words(names)


@register.filter
def analytics_label(value: str, of: str) -> str:
    """The label of a frozen code: ``of`` is phase, status, mode, scenario_kind or target_type."""
    choices = {
        "phase": Phase,
        "status": Status,
        "mode": FailureMode,
        "scenario_kind": ScenarioKind,
        "target_type": ScenarioTarget,
    }[of]
    return display.choice_label(choices, value)
