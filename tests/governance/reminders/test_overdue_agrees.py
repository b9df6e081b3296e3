"""“Overdue” and the days past the end read the same everywhere: the board's flag and CSV, the initiative page,
the API and the time-box reminder, at the boundary and with time on hold (adoption.models.clock)."""

import csv
import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from adoption.models import Initiative
from governance.models import Notification
from governance.selectors.board import board_cards
from governance.services.lifecycle import initiative_hold, initiative_resume
from governance.services.reminders import phase_time_boxes_sweep

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def views_at(moment, initiative, coe):
    """What each place says of ``initiative`` at ``moment``: (overdue?, days past the end)."""
    with time_machine.travel(moment, tick=False):
        initiative = Initiative.objects.get(pk=initiative.pk)
        flag = board_cards(user=coe).get(pk=initiative.pk).flag_overdue
        browser = Client()
        browser.force_login(coe)
        text = b"".join(browser.get(reverse("governance:board_csv")).streaming_content).decode("utf-8-sig")
        row = next(r for r in csv.reader(io.StringIO(text)) if r[0] == initiative.key)
        page = browser.get(reverse("governance:initiative", args=[initiative.key])).content.decode()
        api = APIClient()
        api.force_authenticate(coe)
        listed = api.get(f"/api/v1/initiatives/?q={initiative.key}").json()["results"][0]
        phase_time_boxes_sweep(now=moment)
        clock = initiative.phase_clock(moment)
    note = Notification.objects.filter(kind="phase_time_box", context__threshold__gte=100).order_by("-pk").first()
    return {
        "board": flag,
        "csv": (row[11] == "yes", -int(row[10]) if int(row[10]) < 0 else 0),
        "page": ("days overdue" in page or "day overdue" in page, clock.overdue_days),
        "api": listed["is_overdue"],
        "reminder": (note is not None, note.context["days_over"] if note else 0),
    }


def test_a_second_before_the_end_nothing_is_overdue_and_at_the_end_everything_is(cast):
    initiative, coe = cast["initiative"], cast["coe"]
    end = initiative.planned_phase_end
    before = views_at(end - SECOND, initiative, coe)
    assert before == {"board": False, "csv": (False, 0), "page": (False, 0), "api": False, "reminder": (False, 0)}
    at = views_at(end, initiative, coe)
    assert at == {"board": True, "csv": (True, 1), "page": (True, 1), "api": True, "reminder": (True, 1)}


def test_three_days_and_an_hour_past_the_end_is_four_days_everywhere(cast):
    initiative, coe = cast["initiative"], cast["coe"]
    moment = initiative.planned_phase_end + datetime.timedelta(days=3, hours=1)
    seen = views_at(moment, initiative, coe)
    assert seen == {"board": True, "csv": (True, 4), "page": (True, 4), "api": True, "reminder": (True, 4)}


def test_time_on_hold_moves_the_end_for_everyone(cast):
    initiative, coe, sponsor = cast["initiative"], cast["coe"], cast["sponsor"]
    end = initiative.planned_phase_end
    with time_machine.travel(end - datetime.timedelta(days=10), tick=False):
        initiative_hold(actor=sponsor, initiative=initiative, reason="Budget freeze.")
    with time_machine.travel(end - datetime.timedelta(days=5), tick=False):
        initiative_resume(actor=sponsor, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.planned_phase_end == end + datetime.timedelta(days=5)
    seen = views_at(end + SECOND, initiative, coe)
    assert seen == {"board": False, "csv": (False, 0), "page": (False, 0), "api": False, "reminder": (False, 0)}
    seen = views_at(end + datetime.timedelta(days=5), initiative, coe)
    assert seen == {"board": True, "csv": (True, 1), "page": (True, 1), "api": True, "reminder": (True, 1)}


def test_a_reminder_read_days_later_counts_as_the_page_and_the_csv_do_then(cast):
    """The overdue reminder is made the moment the time box runs out (one day past) and read three days and an
    hour later: the notification centre says four days past, as the initiative page and the CSV say then."""
    initiative, owner, coe = cast["initiative"], cast["owner"], cast["coe"]
    end = initiative.planned_phase_end
    phase_time_boxes_sweep(now=end)
    note = Notification.objects.get(recipient=owner, kind="phase_time_box", context__threshold=100)
    assert note.context["days_over"] == 1  # as it was when made
    later = end + datetime.timedelta(days=3, hours=1)
    seen = views_at(later, initiative, coe)
    assert seen["page"] == (True, 4)
    assert seen["csv"] == (True, 4)
    with time_machine.travel(later, tick=False):
        reader = Client()
        reader.force_login(owner)
        inbox = reader.get(reverse("governance:notifications")).content.decode()
        api = APIClient()
        api.force_authenticate(owner)
        listed = api.get("/api/v1/notifications/").json()["results"]
    assert "4 days past the planned end" in inbox
    assert "1 day past" not in inbox
    assert any("4 days past the planned end" in item["message"] for item in listed)
