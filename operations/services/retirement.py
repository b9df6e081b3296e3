"""The retirement checklist: ticking an item (with a note) on the way to the ``retire`` edge, which refuses until
every item is done (``adoption.transitions`` ``EDGE_CHECKS``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import InvalidInput, Refused
from governance import actions
from governance.audit import audit_record
from operations import inputs
from operations.models import RetirementItem
from operations.selectors.retirement import retirement_checklist


def retirement_item_tick(*, actor, initiative: Initiative, code: str, note: str) -> RetirementItem:
    """Mark one item of the initiative's retirement checklist done, saying how (the owner, the CoE or a compliance
    officer in scope; in production or on hold)."""
    note = inputs.RetirementTickInput.clean_input(note=note)["note"]
    refused = inputs.RetirementTickInput.refused
    with transaction.atomic():
        locked = actions.action_lock("tick_retirement", user=actor, initiative=initiative, no_key=True)
        items = {item.code: item for item in retirement_checklist(locked)}
        item = items.get(code)
        if item is None:
            raise InvalidInput(refused, fields={"code": [_("This item is not on the initiative's checklist.")]})
        if item.done is not None:
            raise Refused(refused, reasons=[_("This item is already done.")])
        tick = RetirementItem.objects.create(initiative=locked, code=code, note=note, done_by=actor)
        audit_record(
            actor=actor,
            verb="retirement_item.done",
            target=locked,
            initiative=locked,
            after={"code": code, "item": item.label, "source": item.source, "note": note},
        )
    return tick
