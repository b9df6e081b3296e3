"""Every notification kind renders from its template in each language, from its kind and stored context alone."""

import re

import pytest
from django.utils import translation

from governance.choices import NotificationKind
from governance.messages import notification_texts

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
    NotificationKind.WAIVER_EXPIRING: [
        {"criterion": "Security review", "expires_on": "2026-12-12", "days_left": 7, "waived_by": "Mei-Ling Chen"}
    ],
    NotificationKind.CRITERION_STALE: [
        {"criterion": "Security review", "waiver_expires_on": "2026-12-01"},
        {"criterion": "Security review"},
    ],
    NotificationKind.EXECUTIVE_DIGEST: [
        {"week": "2026-W49", "total": 13, "by_status": {"active": 6, "in_production": 3}, "overdue": 2}
    ],
    NotificationKind.REVIEW_REQUESTED: [{"actor": "Olivia Ong", "slots": ["business_sponsor", "coe_admin"]}],
    NotificationKind.SIGNOFF_RECORDED: [
        {"actor": "Clara Chou", "slot": "compliance_officer", "decision": "approve", "comment": ""},
        {"actor": "Clara Chou", "slot": "compliance_officer", "decision": "reject", "comment": "No DPIA."},
        {"actor": "Clara Chou", "slot": "compliance_officer", "decision": "request_changes", "comment": "DPIA?"},
    ],
    NotificationKind.REVIEW_STALE: [{"slots": ["compliance_officer"]}],
    NotificationKind.INITIATIVE_ADVANCED: [{"from_phase": "exploration"}],
    NotificationKind.INITIATIVE_ENTERED_PRODUCTION: [{}],
    NotificationKind.INITIATIVE_STOPPED: [
        {"failure_mode": "no_evaluation", "reason": "No test set."},
        {"failure_mode": "", "reason": "Strategy changed."},
    ],
    NotificationKind.INITIATIVE_HELD: [{"reason": "Budget freeze."}],
}
CJK = re.compile(r"[\u4e00-\u9fff]")
# What may stay in Latin letters in a Chinese text: the key, names, titles, comments, dates and reasons given.
VERBATIM = re.compile(
    r"AI-0042|Claims triage|Clara Chou|Olivia Ong|Mei-Ling Chen|Security review|No DPIA\.|DPIA\?|No test set\.|"
    r"Strategy changed\.|Budget freeze\.|\d{4}-\d{2}-\d{2}|2026-W49|CoE|GenAI|\d+%?"
)


def test_every_kind_has_contexts_here():
    assert set(CONTEXTS) == set(NotificationKind)


@pytest.mark.parametrize("kind", list(NotificationKind))
@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_each_kind_renders_in_each_language(kind, language):
    for extra in CONTEXTS[kind]:
        with translation.override(language):
            subject, message = notification_texts(kind, {**BASE, **extra})
        assert subject
        assert message
        assert "\n" not in subject
        assert "{" not in subject + message
        assert "%(" not in subject + message
        if language == "en":
            assert "AI-0042" in subject + message or kind == NotificationKind.EXECUTIVE_DIGEST
            continue
        assert CJK.search(subject), (kind, subject)
        assert CJK.search(message), (kind, message)
        leftover = VERBATIM.sub("", subject + message)
        assert not re.search(r"[A-Za-z]{3,}", leftover), (kind, language, subject, message)


def test_traditional_and_simplified_are_written_apart():
    context = {**BASE, **CONTEXTS[NotificationKind.GATE_REVIEW_WAITING][0]}
    with translation.override("zh-hant"):
        hant = notification_texts(NotificationKind.GATE_REVIEW_WAITING, context)
    with translation.override("zh-hans"):
        hans = notification_texts(NotificationKind.GATE_REVIEW_WAITING, context)
    assert hant != hans
