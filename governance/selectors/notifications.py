"""Reads of the notification centre: a person's own notifications and their unread count."""

from __future__ import annotations

from django.db.models import QuerySet

from governance import person_facts
from governance.models import Notification


def notifications_mine(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """``user``'s notifications, newest first (nobody reads anyone else's)."""
    if not user.is_authenticated:
        return Notification.objects.none()
    queryset = Notification.objects.filter(recipient=user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.select_related("initiative").order_by("-created_at", "-id")


def unread_count(*, user) -> int:
    """How many of ``user``'s notifications are unread (the badge of every page): cached for a few seconds, and
    forgotten when one arrives or is read (governance.person_facts)."""
    if not user.is_authenticated:
        return 0
    return person_facts.remembered(
        person_facts.UNREAD,
        user.pk,
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
    )
