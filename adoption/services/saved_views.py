"""Saved views of the portfolio: anyone signed in saves named filter sets for themselves; only the CoE shares one
with everyone. Each change is audited."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from adoption.filters import VIEW_KEYS, BoardFilterForm
from adoption.inputs import SavedViewInput
from adoption.models import SavedView
from adoption.selectors.saved_views import saved_views_visible
from core.db import lock_one
from core.exceptions import InvalidInput, Refused
from governance import access
from governance.audit import audit_record, snapshot

FIELDS = ["name", "person", "shared", "filters"]


def saved_view_filters(*, user, filters) -> dict[str, str]:
    """``filters`` as a saved view keeps them: the board's filters and the table's sort with a value, each checked
    as the board checks it for ``user``; InvalidInput names what is wrong."""
    if not isinstance(filters, dict) or not all(isinstance(v, str) for v in filters.values()):
        raise InvalidInput(SavedViewInput.refused, fields={"filters": [_("Give each filter as text.")]})
    unknown = sorted(set(filters) - set(VIEW_KEYS))
    if unknown:
        message = _("Unknown filters: %(names)s.") % {"names": ", ".join(unknown)}
        raise InvalidInput(SavedViewInput.refused, fields={"filters": [message]})
    kept = {key: value.strip() for key in VIEW_KEYS if (value := filters.get(key, "").strip())}
    form = BoardFilterForm(kept, user=user)
    if not form.is_valid():
        messages = [f"{form.fields[name].label}: {error}" for name, errors in form.errors.items() for error in errors]
        raise InvalidInput(SavedViewInput.refused, fields={"filters": messages})
    return kept


def saved_view_create(*, actor, name: str, filters: dict, shared: bool = False) -> SavedView:
    """Save ``filters`` (see ``saved_view_filters``) as the view ``name`` of ``actor``; ``shared``: everyone sees
    it (the CoE only)."""
    data = SavedViewInput.clean_arguments(locals())
    if data["shared"]:
        access.require_coe(actor, _("Only the CoE shares a view with everyone."))
    kept = saved_view_filters(user=actor, filters=filters)
    try:
        with transaction.atomic():
            view = SavedView.objects.create(name=data["name"], person=actor, shared=data["shared"], filters=kept)
            audit_record(actor=actor, verb="saved_view.created", target=view, after=snapshot(view, FIELDS))
    except IntegrityError as error:
        raise Refused(
            SavedViewInput.refused, reasons=[_("You have a view called “%(name)s” already.") % {"name": data["name"]}]
        ) from error
    return view


def saved_view_delete(*, actor, saved_view_id: int) -> None:
    """Delete a view: one's own, or (the CoE) a shared one. Another person's own view is not found."""
    with transaction.atomic():
        visible = saved_views_visible(user=actor).select_related(None).filter(pk=saved_view_id)
        view = lock_one(visible, _("No such saved view."))
        if view.person_id != actor.pk:
            access.require_coe(actor, _("Only the CoE removes a view it shares with everyone."))
        audit_record(actor=actor, verb="saved_view.deleted", target=view, before=snapshot(view, FIELDS))
        view.delete()
