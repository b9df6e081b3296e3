"""The notification centre: only my notifications, unread count, marking read."""

import pytest

from core.exceptions import NotFound
from governance.models import Notification
from governance.selectors.notifications import notifications_mine, unread_count
from governance.services.notifications import notification_mark_read, notifications_mark_all_read
from tests.factories import UserFactory


@pytest.fixture
def inbox(db):
    me, other = UserFactory(username="me"), UserFactory(username="other")
    rows = [
        Notification.objects.create(recipient=me, kind="test", subject=f"s{n}", message="m", dedupe_key=f"k{n}")
        for n in range(3)
    ]
    theirs = Notification.objects.create(recipient=other, kind="test", subject="x", message="m", dedupe_key="kx")
    return me, other, rows, theirs


def test_only_mine_newest_first_and_unread_count(inbox):
    me, _, rows, theirs = inbox
    assert list(notifications_mine(user=me)) == rows[::-1]
    assert unread_count(user=me) == 3
    notification_mark_read(actor=me, notification_id=rows[0].pk)
    notification_mark_read(actor=me, notification_id=rows[0].pk)
    assert unread_count(user=me) == 2
    assert list(notifications_mine(user=me, unread_only=True)) == rows[:0:-1]
    with pytest.raises(NotFound):
        notification_mark_read(actor=me, notification_id=theirs.pk)
    with pytest.raises(NotFound):
        notification_mark_read(actor=me, notification_id="abc")
    assert notifications_mark_all_read(actor=me) == 2
    assert unread_count(user=me) == 0
