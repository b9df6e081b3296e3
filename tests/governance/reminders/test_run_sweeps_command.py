"""``manage.py run_sweeps``: every sweep as of a given time, what each produced, and nothing the second time."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from governance.models import Notification, NotificationStatus

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("run_sweeps", *args, stdout=out)
    return out.getvalue()


def test_run_as_of_a_given_time_then_again(cast, mailoutbox):
    at = (cast["initiative"].planned_phase_end + datetime.timedelta(days=20)).isoformat()

    first = run("--at", at)

    assert f"Sweeps as of {at}" in first
    assert "phase time-box reminders" in first
    # owner and CoE (overdue), sponsor (escalation), and the executive's weekly digest
    assert first.strip().endswith("4 notifications created")
    assert Notification.objects.count() == 4
    assert mailoutbox == []  # the emails wait for a worker

    second = run("--at", at, "--send")
    assert second.strip().endswith("0 notifications created")
    assert "emails sent now" in second
    assert Notification.objects.count() == 4
    assert len(mailoutbox) == 4
    assert set(Notification.objects.values_list("status", flat=True)) == {NotificationStatus.SENT}


def test_a_bad_time_is_refused_with_an_example():
    with pytest.raises(CommandError, match="2026-12-01T09:00:00"):
        run("--at", "next tuesday")
