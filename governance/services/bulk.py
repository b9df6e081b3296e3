"""Bulk actions on a selection of initiatives (the board's cards, the table's rows): reassign the owner, put on
hold, tag or untag. Each initiative goes through the service that does the same to one (``initiative_update``,
``initiative_hold``, ``initiative_tag``), in its own transaction, so each is checked by the same rules
(``governance.actions``) and audited on its own; one refused does not stop the others, and each refusal is reported
with its reasons."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.models import Initiative
from adoption.services import initiatives as initiative_services
from adoption.services import tags as tag_services
from core.exceptions import DomainError, InvalidInput
from governance.permissions import VIEW
from governance.services import lifecycle

User = get_user_model()

# At most this many initiatives a request: a board page shows up to a few hundred cards.
MAX_SELECTION = 500


class BulkAction(TextChoices):
    REASSIGN_OWNER = "reassign_owner", gettext_lazy("Reassign the owner")
    HOLD = "hold", gettext_lazy("Put on hold")
    TAG = "tag", gettext_lazy("Add a tag")
    UNTAG = "untag", gettext_lazy("Remove a tag")


@dataclass
class BulkOutcome:
    key: str
    done: bool
    detail: str = ""
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"key": self.key, "done": self.done, "detail": self.detail, "reasons": self.reasons}


def _arguments(action: str, *, owner: str, reason: str, tag: str) -> dict:
    """The one value the action needs, checked once for the whole selection."""
    if action == BulkAction.REASSIGN_OWNER:
        person = User.objects.filter(username=str(owner or "").strip(), is_active=True).first()
        if person is None:
            raise InvalidInput(
                _("Nothing was changed."),
                fields={"owner": [_("Nobody active has the login name “%(name)s”.") % {"name": owner}]},
            )
        return {"owner": person}
    if action == BulkAction.HOLD:
        if not str(reason or "").strip():
            raise InvalidInput(_("Nothing was changed."), fields={"reason": [_("Say why they are put on hold.")]})
        return {"reason": reason}
    if not str(tag or "").strip():
        raise InvalidInput(_("Nothing was changed."), fields={"tag": [_("Choose a tag.")]})
    (found,) = tag_services.tags_named([tag])
    return {"add": [found]} if action == BulkAction.TAG else {"remove": [found]}


def _perform(action: str, *, actor, initiative: Initiative, arguments: dict) -> None:
    if action == BulkAction.REASSIGN_OWNER:
        initiative_services.initiative_update(actor=actor, initiative=initiative, owner=arguments["owner"])
    elif action == BulkAction.HOLD:
        lifecycle.initiative_hold(actor=actor, initiative=initiative, reason=arguments["reason"])
    else:
        tag_services.initiative_tag(actor=actor, initiative=initiative, **arguments)


def initiatives_bulk(
    *, actor, keys: list[str], action: str, owner: str = "", reason: str = "", tag: str = ""
) -> list[BulkOutcome]:
    """Do ``action`` to each initiative of ``keys`` (in that order), through its one-initiative service: an outcome
    per key, done or refused with the service's own sentences. A key ``actor`` may not see is not found, exactly
    like one that does not exist."""
    if action not in BulkAction.values:
        raise InvalidInput(_("Nothing was changed."), fields={"action": [_("Choose an action.")]})
    keys = list(dict.fromkeys(str(key).strip() for key in keys or [] if str(key).strip()))
    if not keys:
        raise InvalidInput(_("Nothing was changed."), fields={"keys": [_("Select at least one initiative.")]})
    if len(keys) > MAX_SELECTION:
        raise InvalidInput(
            _("Nothing was changed."),
            fields={"keys": [_("Select at most %(n)d initiatives at a time.") % {"n": MAX_SELECTION}]},
        )
    arguments = _arguments(action, owner=owner, reason=reason, tag=tag)
    visible = {
        initiative.key: initiative
        for initiative in Initiative.objects.restrict(actor, VIEW).filter(key__in=keys).select_related("business_unit")
    }
    outcomes = []
    for key in keys:
        initiative = visible.get(key)
        if initiative is None:
            outcomes.append(BulkOutcome(key, False, _("Initiative %(key)s was not found.") % {"key": key}))
            continue
        try:
            with transaction.atomic():
                _perform(action, actor=actor, initiative=initiative, arguments=arguments)
        except DomainError as error:
            details = [f"{name}: {m}" if name != "__all__" else m for name, ms in error.fields.items() for m in ms]
            outcomes.append(BulkOutcome(key, False, error.message, [*error.reasons, *details]))
        else:
            outcomes.append(BulkOutcome(key, True))
    return outcomes
