"""The retirement checklist: the one home of "what must be done before an initiative retires"."""

from __future__ import annotations

from dataclasses import dataclass

from adoption.models import Initiative
from operations.models import RetirementItem
from operations.obligations import RETIREMENT_DEFAULTS, binding_obligations, words


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str  # in the reader's language
    source: str  # "" for the defaults, else "regime/obligation"
    done: RetirementItem | None


def retirement_checklist(initiative: Initiative) -> list[ChecklistItem]:
    """Every item: the defaults (data deletion, vendor exit, filing cancellation), then each binding obligation's
    ``retirement`` items (an item whose code is already listed is listed once), each with its tick if done."""
    ticks = {item.code: item for item in RetirementItem.objects.filter(initiative=initiative).select_related("done_by")}
    items: dict[str, ChecklistItem] = {
        default.code: ChecklistItem(default.code, str(default.text), "", ticks.get(default.code))
        for default in RETIREMENT_DEFAULTS
    }
    for applied in binding_obligations(initiative):
        for entry in applied.spec.get("retirement") or []:
            code = entry["code"]
            if code not in items:
                items[code] = ChecklistItem(
                    code, words(entry.get("text")), f"{applied.regime}/{applied.code}", ticks.get(code)
                )
    return list(items.values())


def retirement_left(initiative: Initiative) -> list[ChecklistItem]:
    """The items not yet done (the ``retire`` edge's check, ``adoption.transitions``)."""
    return [item for item in retirement_checklist(initiative) if item.done is None]
