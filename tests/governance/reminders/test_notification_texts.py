"""Every notification kind renders from its template in each language, from its kind and stored context alone:
its subject and message, and its email (plain text and HTML)."""

import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.html import strip_tags

from governance.choices import NotificationKind
from governance.messages import NotificationTexts, as_of, notification_texts
from governance.models import Notification
from governance.services.delivery import render_email

BASE = {"key": "AI-0042", "title": "Claims triage", "phase": "validation", "threshold": 3, "escalation": False}
CONTEXTS = {
    NotificationKind.PHASE_TIME_BOX: [
        {"percent": 80, "deadline": "2026-12-31", "days_left": 12, "days_over": 0, "threshold": 75},
        {"percent": 110, "deadline": "2026-12-01", "days_left": 0, "days_over": 4, "threshold": 100},
        {
            "percent": 130,
            "deadline": "2026-11-01",
            "days_left": 0,
            "days_over": 30,
            "threshold": 125,
            "escalation": True,
        },
    ],
    NotificationKind.GATE_REVIEW_WAITING: [
        {"review_id": 1, "days_open": 4, "slots": ["compliance_officer"]},
        {"review_id": 1, "days_open": 8, "slots": ["data_steward"], "escalation": True},
    ],
    NotificationKind.COMPLIANCE_REVIEW_DUE: [
        {"review_id": 2, "due_on": "2026-12-20", "days_relative": -14, "assignee": "Clara Chou"},
        {"review_id": 2, "due_on": "2026-12-05", "days_relative": 0, "assignee": "Clara Chou"},
        {"review_id": 2, "due_on": "2026-11-20", "days_relative": 15, "assignee": "Clara Chou"},
        {"review_id": 2, "due_on": "2026-11-20", "days_relative": 15, "assignee": "", "escalation": True},
    ],
    NotificationKind.COMPLIANCE_ACTION_DUE: [
        {"action_item_id": 3, "action": "Publish the model card", "due_on": "2026-12-08", "days_relative": -3},
        {"action_item_id": 3, "action": "Publish the model card", "due_on": "2026-12-05", "days_relative": 0},
        {"action_item_id": 3, "action": "Publish the model card", "due_on": "2026-11-28", "days_relative": 7},
        {
            "action_item_id": 3,
            "action": "Publish the model card",
            "due_on": "2026-11-28",
            "days_relative": 7,
            "owner": "Olivia Ong",
            "escalation": True,
        },
    ],
    NotificationKind.WAIVER_EXPIRING: [
        {"criterion": "Security review", "expires_on": "2026-12-12", "days_left": 7, "waived_by": "Mei-Ling Chen"}
    ],
    NotificationKind.CRITERION_STALE: [
        {"criterion": "Security review", "waiver_expires_on": "2026-12-01"},
        {"criterion": "Security review"},
    ],
    NotificationKind.EXECUTIVE_DIGEST: [
        {"week": "2026-W49", "total": 13, "by_status": {"active": 6, "in_production": 3}, "overdue": 2},
        {
            "week": "2026-W49",
            "total": 1250,
            "by_status": {"active": 1200, "in_production": 50},
            "overdue": 2,
            "phases": [
                {"phase": "exploration", "active": 1200, "on_hold": 3, "conversion_percent": 45, "median_days": 12.5},
                {"phase": "scaling", "active": 50, "on_hold": 0, "conversion_percent": None, "median_days": None},
            ],
            "stops_by_failure_mode": {"no_evaluation": 2},
            "value": {
                "hypothesised_net_annual_value": "1234.50",
                "realised_net_value_12m": "-80000",
                "currency": "EUR",
            },
        },
    ],
    NotificationKind.REVIEW_REQUESTED: [{"actor": "Olivia Ong", "slots": ["business_sponsor", "coe_admin"]}],
    NotificationKind.SIGNOFF_RECORDED: [
        {"actor": "Clara Chou", "slot": "compliance_officer", "decision": "approve", "comment": ""},
        {"actor": "Clara Chou", "slot": "compliance_officer", "decision": "reject", "comment": "No DPIA."},
        {"actor": "Clara Chou", "slot": "compliance_officer", "decision": "request_changes", "comment": "DPIA?"},
        {
            "actor": "Clara Chou",
            "slot": "compliance_officer",
            "decision": "request_changes",
            "comment": "DPIA?",
            "flags": ["Claims triage"],
        },
        {
            "actor": "Clara Chou",
            "slot": "compliance_officer",
            "decision": "approve",
            "comment": "",
            "advances_to": "validation",
        },
        {"actor": "Clara Chou", "slot": "compliance_officer", "decision": "approve", "advances_to": "production"},
    ],
    NotificationKind.REVIEW_ANSWERED: [{"actor": "Olivia Ong", "slots": ["compliance_officer"]}],
    NotificationKind.REVIEW_STALE: [{"slots": ["compliance_officer"]}],
    NotificationKind.INITIATIVE_ADVANCED: [{"from_phase": "exploration"}],
    NotificationKind.INITIATIVE_ENTERED_PRODUCTION: [{}],
    NotificationKind.INITIATIVE_STOPPED: [
        {"failure_mode": "no_evaluation", "reason": "No test set."},
        {"failure_mode": "", "reason": "Strategy changed."},
    ],
    NotificationKind.INITIATIVE_HELD: [{"reason": "Budget freeze."}],
    NotificationKind.WEBHOOK_DISABLED: [
        {"name": "Security review", "reason": "HTTP 503", "since": "2026-12-04T09:15:00+00:00"}
    ],
    NotificationKind.EVALUATION_REGRESSION: [{"reason": "pass_rate 0.7100 < 0.8600"}],
    NotificationKind.PROPOSAL_SUBMITTED: [{"proposal": "P-7", "actor": "Olivia Ong", "unit": "CoE"}],
    NotificationKind.PROPOSAL_DECIDED: [
        {"proposal": "P-7", "actor": "Mei-Ling Chen", "outcome": "accepted", "initiative": "AI-0042"},
        {"proposal": "P-7", "actor": "Mei-Ling Chen", "outcome": "merged", "into": "AI-0042"},
        {"proposal": "P-7", "actor": "Mei-Ling Chen", "outcome": "declined", "reason": "Budget freeze."},
    ],
    # Filings and incidents (operations).
    NotificationKind.FILING_DUE: [
        {
            "filing_kind": "algorithm_filing",
            "authority": {"en": "CAC", "zh-hant": "網信辦", "zh-hans": "网信办"},
            "due_on": "2026-12-20",
            "days_relative": days,
        }
        for days in (-3, 0, 5)
    ],
    NotificationKind.FILING_WAITING: [
        {
            "filing_kind": "registration",
            "authority": {"en": "CAC", "zh-hant": "網信辦", "zh-hans": "网信办"},
            "since": "2026-10-01",
            "days_open": 45,
        }
    ],
    NotificationKind.INCIDENT_RECORDED: [
        {
            "severity": "major",
            "summary": "利率顯示錯誤。",
            "detected_at": "2026-12-05T08:00:00+00:00",
            "due_at": "2026-12-05T12:00:00+00:00",
            "deadlines": 1,
        },
        {
            "severity": "minor",
            "summary": "介面故障。",
            "detected_at": "2026-12-05T08:00:00+00:00",
            "due_at": "",
            "deadlines": 0,
        },
    ],
    NotificationKind.INCIDENT_DEADLINE: [
        {
            "severity": "critical",
            "authority": {"en": "CAC", "zh-hant": "網信辦", "zh-hans": "网信办"},
            "due_at": "2026-12-05T09:00:00+00:00",
            "hours": 1,
            "percent": pct,
            "escalation": pct >= 80,
        }
        for pct in (50, 80)
    ],
    NotificationKind.OBLIGATIONS_CHANGED: [
        {
            "regime_names": {"en": "EU AI Act", "zh-hant": "歐盟人工智慧法", "zh-hans": "欧盟人工智能法"},
            "version": 2,
            "added": 1,
            "changed": 2,
            "removed": 0,
        }
    ],
}
CJK = re.compile(r"[\u4e00-\u9fff]")
# What may stay in Latin letters in a Chinese text: the key, names, titles, comments, dates and reasons given.
VERBATIM = re.compile(
    r"AI-0042|Claims triage|Publish the model card|"
    r"Clara Chou|Olivia Ong|Mei-Ling Chen|Security review|No DPIA\.|DPIA\?|No test set\.|"
    r"Strategy changed\.|Budget freeze\.|HTTP 503|Webhook|pass_rate|\d+\.\d+|\d{2}:\d{2}|\d{4}-\d{2}-\d{2}|2026-W49|"
    r"CoE|GenAI|UTC|\d+%?"
)


LANGUAGES = ["en", "zh-hant", "zh-hans"]


def english_left(text: str) -> list[str]:
    """The words of ``text`` in Latin letters that are neither a name, a key nor a value given."""
    return re.findall(r"[A-Za-z]{2,}", VERBATIM.sub("", text))


def test_every_kind_has_contexts_here():
    assert set(CONTEXTS) == set(NotificationKind)


@pytest.mark.parametrize("kind", list(NotificationKind))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_kind_renders_in_each_language(kind, language):
    for extra in CONTEXTS[kind]:
        subject, message = notification_texts(kind, {**BASE, **extra}, language)
        assert subject
        assert message
        assert "\n" not in subject
        assert "{" not in subject + message
        assert "%(" not in subject + message
        if language == "en":
            # The digest and a switched-off webhook are about the portfolio, not one initiative.
            portfolio = (NotificationKind.EXECUTIVE_DIGEST, NotificationKind.WEBHOOK_DISABLED)
            # A proposal is not an initiative yet (a declined one never becomes one).
            portfolio += (NotificationKind.PROPOSAL_SUBMITTED, NotificationKind.PROPOSAL_DECIDED)
            assert "AI-0042" in subject + message or kind in portfolio
            continue
        assert CJK.search(subject), (kind, subject)
        assert CJK.search(message), (kind, message)
        assert english_left(subject + message) == [], (kind, language, subject, message)


# Values that a careless substitution would mangle: placeholders of formatting, template syntax, whitespace.
AWKWARD = {"title": "50% of {{ key }} %(n)s \\1 \n  lines", "actor": "Ann {% if %}", "reason": "  \t", "comment": ""}


@pytest.mark.parametrize("language", LANGUAGES)
def test_many_at_once_reads_as_one_at_a_time(language):
    """The sweeps' renderer (each template once per shape, values written in) says exactly what
    ``notification_texts`` says, for every kind and context above, also with awkward values, and in any order."""
    render = NotificationTexts()
    cases = [
        (kind, {**BASE, **extra, **awkward})
        for awkward in ({}, AWKWARD)
        for kind, extras in CONTEXTS.items()
        for extra in extras
    ]
    for kind, context in cases + cases[::-1]:
        assert render(kind, context, language) == notification_texts(kind, context, language), (kind, context)
    # Shapes are shared: fewer templates rendered than notifications.
    assert len(render._shapes) < len(cases)


def test_the_language_is_an_argument_not_the_callers():
    context = {**BASE, **CONTEXTS[NotificationKind.INITIATIVE_HELD][0]}
    with translation.override("zh-hans"):
        subject, _message = notification_texts(NotificationKind.INITIATIVE_HELD, context, "en")
        assert translation.get_language() == "zh-hans"
    assert subject == "AI-0042 was put on hold"
    assert notification_texts(NotificationKind.INITIATIVE_HELD, context, "zh-hant")[0] == "AI-0042 已暫停"
    assert notification_texts(NotificationKind.INITIATIVE_HELD, context, "zh-hans")[0] == "AI-0042 已暂停"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="initiative_exploded"):
        notification_texts("initiative_exploded", BASE, "en")


def email(kind, context, language) -> tuple[str, str, str]:
    """(subject, plain text, HTML without its tags) of the email a notification of ``kind`` would send."""
    person = get_user_model()(username="clara", first_name="Clara", last_name="Chou", email="clara@bank.example")
    notification = Notification(recipient=person, kind=kind, context=context, url="/initiatives/AI-0042/")
    message = render_email(notification, language=language)
    (markup, _mimetype) = message.alternatives[0]
    return message.subject, message.body, html.unescape(strip_tags(markup))


@pytest.mark.parametrize("kind", list(NotificationKind))
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_kinds_email_renders_in_each_language(kind, language, settings):
    settings.SITE_URL = "https://tracker.bank.example"
    for extra in CONTEXTS[kind]:
        # An email counts its days as of sending (governance.messages.as_of).
        context = as_of(kind, {**BASE, **extra}, timezone.now())
        subject, text, page = email(kind, {**BASE, **extra}, language)
        assert subject == notification_texts(kind, context, language)[0]
        for body in (text, page):
            assert notification_texts(kind, context, language)[1] in body
            assert "https://tracker.bank.example/initiatives/AI-0042/" in body
            assert "{" not in body
            assert "%(" not in body
            if language == "en":
                assert "Hello Clara Chou," in body
            else:
                assert english_left(re.sub(r"https://\S+", "", body)) == [], (kind, language, body)


@pytest.mark.parametrize(
    ("language", "figures"),
    [
        ("en", ["1,250 initiatives", "€1,235", "-€80,000", "1,200", "45%", "12.5", "Hypothesised net annual value"]),
        ("zh-hant", ["共 1,250 個專案", "€1,235", "-€80,000", "1,200", "45%", "12.5", "假設年度淨值"]),
        ("zh-hans", ["共 1,250 个项目", "€1,235", "-€80,000", "1,200", "45%", "12.5", "预期年度净值"]),
    ],
)
def test_the_digest_email_writes_its_figures_as_the_language_does(language, figures):
    context = {**BASE, **CONTEXTS[NotificationKind.EXECUTIVE_DIGEST][1]}
    _subject, text, page = email(NotificationKind.EXECUTIVE_DIGEST, context, language)
    for body in (text, page):
        assert all(figure in body for figure in figures), (figures, body)
        assert "1234.50" not in body


def test_traditional_and_simplified_are_written_apart():
    context = {**BASE, **CONTEXTS[NotificationKind.GATE_REVIEW_WAITING][0]}
    hant = notification_texts(NotificationKind.GATE_REVIEW_WAITING, context, "zh-hant")
    hans = notification_texts(NotificationKind.GATE_REVIEW_WAITING, context, "zh-hans")
    assert hant != hans
