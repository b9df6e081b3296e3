"""A person's locale: one date format per language (or ISO 8601 by choice), times in their zone with its offset,
amounts in the reporting currency with the original beside them; set on the account page and the API, applied at
sign-in and on every request, and followed by notifications and emails."""

import datetime
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core import checks
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from adoption import display
from core.exceptions import InvalidInput
from governance.choices import NotificationKind
from governance.locale import PersonLocale, applied
from governance.models import Notification, UserPreference
from governance.services.delivery import Draft, notifications_create, render_email
from governance.services.preferences import user_locale_set
from tests.factories import UserFactory

MOMENT = datetime.datetime(2026, 12, 5, 0, 46, tzinfo=datetime.UTC)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
ROOT = Path(__file__).resolve().parents[2]


# --- Formats ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "5 Dec 2026"), ("zh-hant", "2026年12月5日"), ("zh-hans", "2026年12月5日")],
)
def test_one_date_format_per_language_whatever_the_template_asks_for(language, expected):
    template = Template(
        "{% load tracker %}{{ d|localdate }}|{{ d|date:'DATE_FORMAT' }}|{{ d|date:'SHORT_DATE_FORMAT' }}|"
        "{{ day|localdate }}|{{ iso|localdate }}"
    )
    with translation.override(language), timezone.override(datetime.UTC):
        shown = template.render(Context({"d": MOMENT, "day": MOMENT.date(), "iso": "2026-12-05"}))
    assert shown.split("|") == [expected] * 5


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "5 Dec 2026 08:46 UTC+8"),
        ("zh-hant", "2026年12月5日 08:46 UTC+8"),
        ("zh-hans", "2026年12月5日 08:46 UTC+8"),
    ],
)
def test_a_time_is_in_the_readers_zone_with_its_offset(language, expected):
    with translation.override(language), timezone.override(SHANGHAI):
        assert display.date_time(MOMENT) == expected
        assert display.date_time(MOMENT.isoformat()) == expected  # as stored in a notification


def test_offsets_read_as_people_write_them():
    with timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        assert display.date_time(MOMENT) == "5 Dec 2026 06:16 UTC+5:30"
    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert display.date_time(MOMENT) == "4 Dec 2026 19:46 UTC\u22125"  # the day before, in New York
    with timezone.override(datetime.UTC):
        assert display.date_time(MOMENT) == "5 Dec 2026 00:46 UTC"


def test_the_iso_date_style_writes_every_date_the_same_in_every_language():
    for language in ("en", "zh-hant", "zh-hans"):
        with translation.override(language), timezone.override(SHANGHAI), display.override_date_style("iso"):
            assert display.date(MOMENT) == "2026-12-05"
            assert display.date_time(MOMENT) == "2026-12-05 08:46 UTC+8"
    assert display.date_style() == "language"  # the override ends with its block


def test_a_missing_or_unreadable_date_is_a_dash():
    assert display.date(None) == display.DASH
    assert display.date("not a date") == display.DASH


# --- Money --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "€1,234 (NT$42,000)"), ("zh-hant", "€1,234（$42,000）"), ("zh-hans", "€1,234（NT$42,000）")],
)
def test_an_amount_recorded_in_another_currency_shows_the_reporting_amount_then_the_original(language, expected):
    with translation.override(language):
        shown = display.money_reported(1234, 42000, "TWD")
        # Chinese puts the original in full-width brackets (its catalogue's words; half-width until it has them).
        assert shown in (expected, expected.replace("（", " (").replace("）", ")"))
        assert display.money_reported(1234, 1234, "EUR") == "€1,234"  # recorded in the reporting currency
        assert display.money_reported(None, 42000, "TWD") == display.DASH


@pytest.mark.parametrize(
    ("currency", "language", "expected"),
    [
        ("TWD", "en", "NT$1,250,000"),
        ("TWD", "zh-hant", "$1,250,000"),
        ("CNY", "en", "CN¥1,250,000"),
        ("CNY", "zh-hans", "¥1,250,000"),
    ],
)
def test_twd_and_cny_work_as_the_reporting_currency(settings, currency, language, expected):
    settings.REPORTING_CURRENCY = currency
    with translation.override(language):
        assert display.money(1250000) == expected
        assert display.money_reported(1250000, 1250000, currency) == expected
    assert not [m for m in checks.run_checks() if m.id == "adoption.E001"]


def test_a_reporting_currency_that_is_no_currency_stops_the_start(settings):
    settings.REPORTING_CURRENCY = "EURO"
    assert [m.id for m in checks.run_checks() if m.id == "adoption.E001"] == ["adoption.E001"]


# --- Setting it -----------------------------------------------------------------------------------------------------


def test_a_person_sets_their_locale_and_a_refusal_changes_nothing(db):
    person = UserFactory(username="mei")
    user_locale_set(actor=person, language="zh-hans", time_zone="Asia/Shanghai", date_style="iso")
    stored = UserPreference.objects.get(user=person)
    assert (stored.language, stored.time_zone, stored.date_style) == ("zh-hans", "Asia/Shanghai", "iso")
    for bad in ({"time_zone": "Mars/Olympus"}, {"language": "fr"}, {"date_style": "roman"}, {"language": ""}):
        # A good zone alongside: nothing is written when any part is refused.
        with pytest.raises(InvalidInput) as error:
            user_locale_set(actor=person, **{"time_zone": "Europe/Berlin", **bad})
        assert list(error.value.fields) == list(bad)
    stored.refresh_from_db()
    assert (stored.language, stored.time_zone, stored.date_style) == ("zh-hans", "Asia/Shanghai", "iso")
    user_locale_set(actor=person, time_zone="")  # back to the deployment's zone; the rest stays
    stored.refresh_from_db()
    assert (stored.language, stored.time_zone, stored.date_style) == ("zh-hans", "", "iso")


def test_the_account_page_sets_the_locale_for_the_next_page_on(client, db):
    person = UserFactory(username="lin")
    client.force_login(person)
    page = client.get(reverse("governance:account"))
    assert page.status_code == 200
    assert 'value="Asia/Taipei"' in page.content.decode()
    answer = client.post(
        reverse("governance:account"),
        {"locale-language": "zh-hans", "locale-time_zone": "Asia/Shanghai", "locale-date_style": "language"},
    )
    assert answer.status_code == 302
    assert answer.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "zh-hans"
    notifications_create([webhook_draft(person)])
    inbox = client.get(reverse("governance:notifications"), headers={"accept-language": "en"}).content.decode()
    assert "2026年12月4日 17:15 UTC+8" in inbox  # the stored moment, in Shanghai, in Simplified Chinese
    assert "4 Dec 2026" not in inbox


def test_a_bad_time_zone_on_the_page_is_refused_with_a_message_and_nothing_stored(client, db):
    person = UserFactory(username="lin")
    client.force_login(person)
    answer = client.post(
        reverse("governance:account"),
        {"locale-language": "en", "locale-time_zone": "Asia/Atlantis", "locale-date_style": "language"},
    )
    assert answer.status_code == 400
    assert "Choose a time zone such as Asia/Taipei" in answer.content.decode()
    assert not UserPreference.objects.filter(user=person, time_zone="Asia/Atlantis").exists()


def test_the_account_page_needs_a_sign_in(client, db):
    answer = client.post(reverse("governance:account"), {"locale-time_zone": "Asia/Shanghai"})
    assert answer.status_code == 302
    assert reverse("login") in answer["Location"]
    assert not UserPreference.objects.exists()


def test_the_api_reads_and_sets_only_the_callers_own_locale(db):
    person, other = UserFactory(username="zhou"), UserFactory(username="victim")
    UserPreference.objects.create(user=other, language="en", time_zone="Europe/Berlin")
    api = APIClient()
    api.force_authenticate(person)
    answer = api.patch(
        "/api/v1/users/me/",
        {"time_zone": "Asia/Shanghai", "date_style": "iso", "user": "victim", "id": other.pk},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert (answer.json()["time_zone"], answer.json()["date_style"]) == ("Asia/Shanghai", "iso")
    assert api.get("/api/v1/users/me/").json()["time_zone"] == "Asia/Shanghai"
    assert UserPreference.objects.get(user=other).time_zone == "Europe/Berlin"
    refused = api.patch("/api/v1/users/me/", {"time_zone": "Asia/Atlantis"}, format="json")
    assert refused.status_code == 400
    assert "time_zone" in refused.json()["fields"]
    assert UserPreference.objects.get(user=person).time_zone == "Asia/Shanghai"
    assert APIClient().patch("/api/v1/users/me/", {"time_zone": "UTC"}, format="json").status_code in (401, 403)


# --- Applied --------------------------------------------------------------------------------------------------------


def webhook_draft(person) -> Draft:
    return Draft(
        recipient_id=person.pk,
        kind=NotificationKind.WEBHOOK_DISABLED,
        dedupe_key=f"test:webhook:{person.pk}",
        context={"name": "Chat", "reason": "HTTP 503", "since": "2026-12-04T09:15:00+00:00"},
        url="/integrations/",
    )


def test_a_session_from_before_is_given_the_persons_zone_on_its_next_page(client, db):
    person = UserFactory(username="chen")
    client.force_login(person)
    UserPreference.objects.create(user=person, language="en", time_zone="Asia/Taipei")
    session = client.session
    for key in ("locale_time_zone", "locale_date_style"):
        session.pop(key, None)
    session.save()
    notifications_create([webhook_draft(person)])
    inbox = client.get(reverse("governance:notifications")).content.decode()
    assert "4 Dec 2026 17:15 UTC+8" in inbox


def test_an_email_speaks_the_recipients_language_zone_and_date_style(db):
    person = UserFactory(username="wang", email="wang@bank.example", first_name="Wang", last_name="Fang")
    UserPreference.objects.create(user=person, language="zh-hans", time_zone="Asia/Shanghai", date_style="language")
    (pk,) = notifications_create([webhook_draft(person)])
    notification = Notification.objects.select_related("recipient__preference").get(pk=pk)
    with translation.override("en"), timezone.override(datetime.UTC):
        email = render_email(notification, language="zh-hans")
        assert translation.get_language() == "en"  # nothing leaks into the caller
        assert timezone.get_current_timezone_name() == "UTC"
    assert "2026年12月4日 17:15 UTC+8" in email.body
    assert email.extra_headers["Content-Language"] == "zh-hans"
    UserPreference.objects.filter(user=person).update(date_style="iso", time_zone="Europe/Berlin")
    notification = Notification.objects.select_related("recipient__preference").get(pk=pk)
    assert "2026-12-04 10:15 UTC+1" in render_email(notification, language="zh-hans").body


def test_applied_restores_everything_after_the_block():
    with applied(PersonLocale("zh-hant", "Asia/Taipei", "iso")):
        assert display.date_time(MOMENT) == "2026-12-05 08:46 UTC+8"
        assert translation.get_language() == "zh-hant"
    assert display.date_style() == "language"
    assert timezone.get_current_timezone_name() == django_settings.TIME_ZONE


def test_site_url_follows_port_unless_given():
    def site_url(**env) -> str:
        environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")} | env
        code = "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
        done = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert site_url(PORT="8765") == "http://127.0.0.1:8765"
    assert site_url(PORT="8765", SITE_URL="https://tracker.bank.example") == "https://tracker.bank.example"
    serve = (ROOT / "bin" / "serve").read_text()
    assert 'export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT:-8000}}"' in serve
