"""Every page's permission matrix: anonymous people are sent to sign in, people outside the scope get 404 (invisible)
or 403 (visible but not theirs to do), the right role gets the page with what it needs on it."""

import pytest
from django.urls import reverse

from governance.models import ComplianceReview

LOGIN = "/accounts/login/"


def pages(initiative, review) -> list[str]:
    return [
        reverse("governance:board"),
        reverse("governance:board_csv"),
        reverse("governance:initiative", args=[initiative.key]),
        reverse("governance:inbox"),
        reverse("governance:review", args=[review.pk]),
        reverse("governance:compliance"),
        reverse("governance:notifications"),
        reverse("governance:audit"),
        reverse("governance:roles"),
        reverse("adoption:funnel"),
        reverse("adoption:initiative_new"),
        reverse("password_change"),
    ]


def test_anonymous_people_are_sent_to_sign_in(client, review, ready):
    for url in pages(ready, review):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(f"{LOGIN}?next="), url


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("coe", 200),
        ("owner", 200),
        ("sponsor", 200),
        ("officer", 200),
        ("executive", 200),
        ("auditor", 200),
        ("elsewhere", 404),
        ("newcomer", 404),
    ],
)
def test_initiative_page_is_for_those_who_may_see_it(as_user, cast, ready, username, expected):
    response = as_user(cast[username]).get(reverse("governance:initiative", args=[ready.key]))
    assert response.status_code == expected
    if expected == 200:
        assert ready.title in response.content.decode()


@pytest.mark.parametrize(("username", "expected"), [("officer", 200), ("executive", 200), ("elsewhere", 404)])
def test_review_page_is_for_those_who_may_see_the_initiative(as_user, cast, review, username, expected):
    assert as_user(cast[username]).get(reverse("governance:review", args=[review.pk])).status_code == expected


def test_a_missing_initiative_or_review_is_404(as_user, cast, review):
    client = as_user(cast["coe"])
    assert client.get(reverse("governance:initiative", args=["AI-9999"])).status_code == 404
    assert client.get(reverse("governance:review", args=[review.pk + 1000])).status_code == 404


@pytest.mark.parametrize(("username", "expected"), [("auditor", 200), ("coe", 200), ("executive", 403), ("owner", 403)])
def test_audit_log_is_for_auditors_and_the_coe(as_user, cast, ready, username, expected):
    response = as_user(cast[username]).get(reverse("governance:audit"))
    assert response.status_code == expected
    if expected == 200:
        assert f"registered {ready.key} · {ready.title}" in response.content.decode()
    else:
        assert "Only auditors and the CoE may read the audit log." in response.content.decode()


@pytest.mark.parametrize(("username", "expected"), [("coe", 200), ("owner", 403), ("executive", 403)])
def test_registering_an_initiative_is_for_the_coe(as_user, cast, units, username, expected):
    assert as_user(cast[username]).get(reverse("adoption:initiative_new")).status_code == expected


def test_lists_show_only_what_each_person_may_see(as_user, cast, ready, elsewhere):
    retail = as_user(cast["officer"]).get("/").content.decode()
    assert ready.key in retail
    assert elsewhere.key not in retail
    nothing = as_user(cast["newcomer"]).get("/").content.decode()
    assert ready.key not in nothing
    assert "0 initiatives" in nothing


def test_sign_off_inbox_lists_the_review_for_its_signers_only(as_user, cast, review):
    inbox = as_user(cast["officer"]).get(reverse("governance:inbox")).content.decode()
    assert review.initiative.key in inbox
    # The gate and the risk tier by their labels.
    assert f"<td>Exploration #{review.attempt}</td>" in inbox
    assert f'<span class="badge r-{review.risk_tier}">{review.get_risk_tier_display()}</span>' in inbox
    for username in ("executive", "owner", "elsewhere"):
        assert review.initiative.key not in as_user(cast[username]).get(reverse("governance:inbox")).content.decode()


def test_compliance_review_page_and_its_form(as_user, cast, ready):
    item = ComplianceReview.objects.create(
        initiative=ready, due_on="2026-01-01", risk_tier=ready.risk_tier, assignee=cast["officer"]
    )
    url = reverse("governance:compliance_review", args=[item.pk])
    officer = as_user(cast["officer"]).get(url).content.decode()
    assert 'name="complete-findings"' in officer
    executive = as_user(cast["executive"]).get(url)
    assert executive.status_code == 200
    assert 'name="complete-findings"' not in executive.content.decode()
    assert as_user(cast["elsewhere"]).get(url).status_code == 404
    posted = as_user(cast["executive"]).post(
        reverse("governance:compliance_review_complete", args=[item.pk]),
        {"complete-outcome": "pass", "complete-findings": "Fine."},
    )
    assert posted.status_code == 403
    item.refresh_from_db()
    assert item.status == "open"


def test_navigation_offers_only_what_the_role_uses(as_user, cast):
    executive = as_user(cast["executive"]).get("/").content.decode()
    assert "Funnel" in executive
    assert "Sign-off inbox" not in executive
    assert "Audit log" not in executive
    officer = as_user(cast["officer"]).get("/").content.decode()
    assert "Sign-off inbox" in officer
    assert "Compliance" in officer
    auditor = as_user(cast["auditor"]).get("/").content.decode()
    assert "Audit log" in auditor
