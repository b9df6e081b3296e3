"""Set-up for tests that retire an initiative: its retirement checklist ticked through the service."""

from adoption.models import Initiative


def retirement_done(initiative: Initiative, actor=None) -> Initiative:
    """Tick every item of the initiative's retirement checklist (as its owner unless ``actor`` is given)."""
    from operations.selectors.retirement import retirement_left
    from operations.services.retirement import retirement_item_tick

    for item in retirement_left(initiative):
        retirement_item_tick(
            actor=actor or initiative.owner, initiative=initiative, code=item.code, note="Done for the test."
        )
    return initiative
