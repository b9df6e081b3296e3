"""The retirement checklist: the defaults plus the catalogue's items; ``retire`` refuses, naming what is left, until
every item is ticked."""

from __future__ import annotations

import pytest

from core.exceptions import Forbidden, InvalidInput, Refused
from governance.actions import action_state
from governance.services.lifecycle import initiative_retire
from operations.selectors.retirement import retirement_checklist
from operations.services.retirement import retirement_item_tick

from .conftest import answer, to_production

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(regime, cast):
    initiative = to_production(cast["initiative"])
    answer(initiative, cast["owner"])
    return initiative


def test_the_checklist_is_the_defaults_and_the_catalogues_items(live):
    codes = [item.code for item in retirement_checklist(live)]
    assert codes == ["data_deletion", "vendor_exit", "filing_cancellation", "filing_cancelled_cac"]
    item = retirement_checklist(live)[-1]
    assert item.source == "ops_test/algorithm_filing"
    assert item.label == "Cancel the algorithm filing with the CAC"


def test_retire_is_refused_until_every_item_is_done(live, cast):
    with pytest.raises(Refused) as refused:
        initiative_retire(actor=cast["sponsor"], initiative=live, reason="Replaced.")
    reasons = " ".join(refused.value.reasons)
    assert "retirement checklist item “Cancel the algorithm filing with the CAC” is not done" in reasons
    assert "data the system holds is deleted" in reasons
    state = action_state("retire", user=cast["sponsor"], initiative=live)
    assert state.waiting
    for item in retirement_checklist(live):
        retirement_item_tick(actor=cast["owner"], initiative=live, code=item.code, note="Done, see ticket OPS-1.")
    retired = initiative_retire(actor=cast["sponsor"], initiative=live, reason="Replaced.")
    assert retired.status == "retired"


def test_ticking_rules(live, cast):
    with pytest.raises(InvalidInput):
        retirement_item_tick(actor=cast["owner"], initiative=live, code="no_such_item", note="x")
    with pytest.raises(InvalidInput):
        retirement_item_tick(actor=cast["owner"], initiative=live, code="vendor_exit", note="")
    with pytest.raises(Forbidden):
        retirement_item_tick(actor=cast["sponsor"], initiative=live, code="vendor_exit", note="x")
    retirement_item_tick(actor=cast["compliance"], initiative=live, code="vendor_exit", note="Contract ended.")
    with pytest.raises(Refused):
        retirement_item_tick(actor=cast["owner"], initiative=live, code="vendor_exit", note="again")
