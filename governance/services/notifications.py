"""Writes of the notification centre that people make themselves: marking notifications read."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.db import lock_one
from core.exceptions import NotFound
from governance import person_facts
from governance.models import Notification


def notification_mark_read(*, actor, notification_id) -> Notification:
    """Mark one of ``actor``'s notifications read (someone else's reads as missing). Idempotent."""
    try:
        pk = int(notification_id)
    except (TypeError, ValueError):
        raise NotFound(_("Notification not found.")) from None
    with transaction.atomic():
        notification = lock_one(Notification.objects.filter(pk=pk, recipient=actor), _("Notification not found."))
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            person_facts.forget(person_facts.UNREAD, [actor.pk])
    return notification


def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of ``actor`` read; returns how many changed."""
    changed = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
    person_facts.forget(person_facts.UNREAD, [actor.pk])
    return changed
