"""Action items of compliance reviews are chased through the reminder sweep: their owner 3 days before the due
date, on it and weekly after; the compliance lead a week late; never twice, and no more once done."""

import datetime

import pytest
from django.utils import timezone

from governance.models import Notification
from governance.services.compliance_items import compliance_action_item_add, compliance_action_item_done
from governance.services.reminders import compliance_actions_sweep, sweeps_run_all

pytestmark = pytest.mark.django_db


def noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def item(cast):
    return compliance_action_item_add(
        actor=cast["officer"],
        review=cast["review"],
        title="Keep the logs for six months",
        owner=cast["owner"],
        due_on=timezone.localdate() + datetime.timedelta(days=10),
    )


def sent() -> list[tuple[str, int, bool]]:
    return sorted(
        (n.recipient.username, n.context["threshold"], n.context["escalation"])
        for n in Notification.objects.filter(kind="compliance_action_due").select_related("recipient")
    )


def test_a_due_action_item_notifies_its_owner_once(cast, item):
    on_the_day = noon(item.due_on)
    assert compliance_actions_sweep(now=noon(item.due_on - datetime.timedelta(days=4))) == 0
    assert compliance_actions_sweep(now=on_the_day) == 1
    assert compliance_actions_sweep(now=on_the_day) == 0  # a second sweep, a retry: nothing twice
    assert sweeps_run_all(now=on_the_day)["compliance action-item reminders"] == 0
    assert sent() == [("owner", 0, False)]
    notification = Notification.objects.get(kind="compliance_action_due")
    assert notification.subject == f"Compliance action for {cast['initiative'].key} is due today"
    assert "Keep the logs for six months" in notification.message
    assert notification.url == f"/compliance/actions/{item.pk}/"


def test_before_on_and_after_the_due_date_then_the_lead(cast, item):
    due = item.due_on
    counts = [compliance_actions_sweep(now=noon(due + datetime.timedelta(days=d))) for d in (-3, -1, 0, 3, 7, 8, 14)]
    assert counts == [1, 0, 1, 0, 2, 0, 1]
    assert sent() == [
        ("lead", 7, True),
        ("owner", -3, False),
        ("owner", 0, False),
        ("owner", 7, False),
        ("owner", 14, False),
    ]


def test_a_done_action_item_is_not_chased(cast, item):
    compliance_action_item_done(actor=cast["owner"], item=item, note="Done.")
    assert compliance_actions_sweep(now=noon(item.due_on + datetime.timedelta(days=30))) == 0
    assert sent() == []
