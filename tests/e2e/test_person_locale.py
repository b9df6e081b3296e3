"""A person whose language is 简体中文 and whose time zone is Asia/Shanghai signs in through the sign-in page, with a
browser that asks for English and no language cookie, and reads every notification, date and amount in that
language, zone and the reporting currency."""

import datetime
import re
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.utils import timezone, translation
from playwright.sync_api import expect

from adoption import display
from adoption.choices import Status
from adoption.models import Initiative
from adoption.services.roi import roi_version_append
from demo.loader import PASSWORD
from governance.choices import NotificationKind
from governance.models import Notification
from governance.services.delivery import Draft, notifications_create
from governance.services.preferences import user_locale_set
from tests.factories import UserFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
# A moment in the evening, UTC: in Shanghai it is already the next day.
FAILED_SINCE = datetime.datetime(2026, 12, 4, 20, 15, tzinfo=datetime.UTC)
# Characters only Traditional Chinese writes (專項資們個這階關審進發權): a 简体 reader must meet none of them.
TRADITIONAL_ONLY = re.compile("[專項資們個這階關審進發權]")


def in_shanghai(function, value, *, language="zh-hans"):
    with translation.override(language), timezone.override(SHANGHAI):
        return function(value)


def test_a_simplified_chinese_reader_in_shanghai_sees_their_language_zone_and_currency(demo, page, shoot):
    owner = UserFactory._meta.model.objects.get(username="owner")
    user_locale_set(actor=owner, language="zh-hans", time_zone="Asia/Shanghai")
    initiative = Initiative.objects.filter(owner=owner, status=Status.ACTIVE).order_by("number").first()
    # An estimate recorded in Taiwan dollars: shown in the reporting currency with the original beside it.
    roi_version_append(
        actor=owner,
        initiative=initiative,
        currency="TWD",
        rate_to_reporting=Decimal("0.029"),
        rate_date=timezone.localdate(),
        confidence="medium",
        benefit_cash_saving=Decimal("4200000"),
        run_cost_model=Decimal("0"),
    )
    notifications_create(
        [
            Draft(
                recipient_id=owner.pk,
                kind=NotificationKind.PHASE_TIME_BOX,
                dedupe_key="e2e:time-box",
                context={
                    "key": initiative.key,
                    "title": initiative.title,
                    "phase": initiative.phase,
                    "percent": 80,
                    "threshold": 75,
                    "escalation": False,
                    "deadline": initiative.planned_phase_end.isoformat(),
                    "days_left": 3,
                    "days_over": 0,
                },
                url=f"/initiatives/{initiative.key}/",
            ),
            Draft(
                recipient_id=owner.pk,
                kind=NotificationKind.WEBHOOK_DISABLED,
                dedupe_key="e2e:webhook",
                context={"name": "Chat", "reason": "HTTP 503", "since": FAILED_SINCE.isoformat()},
                url="/integrations/",
            ),
        ]
    )

    # The real sign-in page, in English as the browser asks, with no language cookie.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    # Notifications: Simplified words, dates as 简体 writes them, moments in Shanghai with their offset.
    page.goto("/notifications/")
    body = page.locator("main").inner_text()
    deadline = in_shanghai(display.date, initiative.planned_phase_end)
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", deadline)
    assert deadline in body
    assert "2026年12月5日 04:15 UTC+8" in body  # 20:15 UTC the day before
    for note in Notification.objects.filter(recipient=owner):
        assert in_shanghai(display.date_time, note.created_at) in body
    assert "UTC+8" in body
    assert not TRADITIONAL_ONLY.search(body), TRADITIONAL_ONLY.findall(body)
    assert not re.search(r"\b(Dec|Nov|Jan)\b|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}", body)
    shoot("notifications-zh-hans-shanghai")
    expect(page.get_by_role("heading", level=1)).to_have_text("通知")

    # The initiative page: the planned end in the same format, the estimate in the reporting currency first.
    page.goto(f"/initiatives/{initiative.key}/")
    main = page.locator("main").inner_text()
    assert deadline in main
    assert not re.search(r"\b(Dec|Nov|Jan)\.? \d|\d{1,2}/\d{1,2}/\d{4}", main)
    with translation.override("zh-hans"):
        reporting = display.money(Decimal("4200000") * Decimal("0.029"))
        original = display.money(Decimal("4200000"), "TWD")
    assert settings.REPORTING_CURRENCY == "EUR"
    assert re.search(re.escape(reporting) + r"\s*[（(]" + re.escape(original) + r"[)）]", main), (reporting, original)
    assert not TRADITIONAL_ONLY.search(main), TRADITIONAL_ONLY.findall(main)

    # Roll-ups in the reporting currency.
    page.goto("/funnel/")
    expect(page.locator("#h-value")).to_contain_text("EUR")
    assert "€" in page.locator("main").inner_text()

    # The account page shows what applies.
    page.goto("/account/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#id_locale-time_zone")).to_have_value("Asia/Shanghai")
    expect(page.locator("#id_locale-language")).to_have_value("zh-hans")
    expect(page.locator("#locale-now")).to_contain_text("UTC+8")
    shoot("account-zh-hans")
