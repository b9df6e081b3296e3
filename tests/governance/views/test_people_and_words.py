"""People, not logins: the activity panel, the audit log and its CSV name people by their display names and objects
by readable labels, and read as sentences; the audit log shows the chains' verification; the roles page filters,
asks why a role is revoked and shows who may sign what."""

import csv
import io

import pgtrigger
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from adoption.choices import CriterionStatus, Role
from adoption.models import GateCriterion
from adoption.services.criteria import criterion_update
from governance.audit import audit_checkpoint_write
from governance.choices import Decision
from governance.labels import describe_events
from governance.models import AuditEvent, RoleAssignment
from governance.services.reviews import signoff_record
from tests.factories import BusinessUnitFactory, UserFactory, grant

from .support import grow, queries_for


def name(user) -> str:
    return user.get_full_name()


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


# --- The activity panel and the audit log ---------------------------------------------------------------------


def test_the_activity_panel_names_people_and_objects(as_user, cast, review, owner):
    key = review.initiative.key
    criterion = GateCriterion.objects.filter(initiative=review.initiative, phase="exploration").first()
    page = as_user(owner).get(reverse("governance:initiative", args=[key])).content.decode()

    assert escape(f"{name(owner)} requested {key} · Exploration gate, attempt 1") in page
    assert escape(f"{name(cast['coe'])} registered {key} · {review.initiative.title}") in page
    # No stored codes: neither "16/exploration/first_roi_estimate" nor "role.granted".
    assert f"{review.initiative.pk}/exploration/" not in page
    assert f"/{criterion.code}" not in page
    assert "gate_review.requested" not in page


def test_a_sign_off_reads_with_its_slot_and_decision(as_user, cast, review, owner):
    signoff_record(actor=cast["officer"], review=review, slot_key="compliance_officer", decision=Decision.APPROVE)
    key = review.initiative.key
    sentence = (
        f"{name(cast['officer'])} signed the Compliance officer slot of {key} · Exploration gate, attempt 1: approved"
    )
    assert escape(sentence) in as_user(owner).get(reverse("governance:initiative", args=[key])).content.decode()
    assert escape(sentence) in as_user(cast["auditor"]).get(reverse("governance:audit")).content.decode()


def test_a_criterion_event_names_the_criterion(as_user, initiative, owner):
    criterion = GateCriterion.objects.filter(initiative=initiative, phase="exploration").order_by("order").first()
    criterion_update(actor=owner, criterion=criterion, status=CriterionStatus.NOT_MET)
    page = as_user(owner).get(reverse("governance:initiative", args=[initiative.key])).content.decode()
    sentence = f"{name(owner)} updated the criterion {initiative.key} · {criterion.template.title}"
    assert escape(sentence) in page


def test_the_audit_log_reads_as_sentences_and_never_shows_codes(as_user, cast, review, owner):
    page = as_user(cast["auditor"]).get(reverse("governance:audit")).content.decode()
    assert escape(f"{name(owner)} requested {review.initiative.key} · Exploration gate, attempt 1") in page
    role_line = f"{name(cast['coe'])} granted a role: {name(cast['officer'])} as Compliance officer (Retail Banking)"
    assert escape(role_line) in page
    assert "role.granted" not in page
    assert "gate_review.requested" not in page


@pytest.mark.parametrize(
    ("language", "requested", "granted"),
    [
        (
            "zh-hant",
            "{owner} 申請了 {key} · 探索關卡，第 1 次申請",
            "{coe} 授予了角色：{officer} 擔任法遵人員（Retail Banking）",
        ),
        (
            "zh-hans",
            "{owner} 申请了 {key} · 探索关卡，第 1 次申请",
            "{coe} 授予了角色：{officer} 担任合规专员（Retail Banking）",
        ),
    ],
)
def test_audit_sentences_in_each_language(cast, review, owner, language, requested, granted):
    events = AuditEvent.objects.select_related("actor").filter(verb__in=["gate_review.requested", "role.granted"])
    officer_grant = RoleAssignment.objects.get(user=cast["officer"])
    words = {"owner": name(owner), "key": review.initiative.key, "coe": name(cast["coe"])}
    with translation.override(language):
        described = {(event.verb, event.target_id): event.sentence for event in describe_events(events.order_by("pk"))}
    assert described[("gate_review.requested", str(review.pk))] == requested.format(**words)
    assert described[("role.granted", str(officer_grant.pk))] == granted.format(**words, officer=name(cast["officer"]))


def test_the_audit_csv_has_the_page_s_words_and_keeps_the_filters(as_user, cast, review, elsewhere, owner):
    client = as_user(cast["auditor"])
    response = client.get(reverse("governance:audit_csv"), {"initiative": review.initiative.key.lower()})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = csv_rows(response)
    header, body = rows[0], rows[1:]
    assert header == ["When", "Who", "What happened", "About", "Initiative", "Before", "After", "Event code", "Hash"]
    assert body, "the initiative's events"
    assert {row[4] for row in body} == {review.initiative.key}  # the other initiative's events are filtered out
    requested = next(row for row in body if row[7] == "gate_review.requested")
    assert requested[1] == name(owner)
    assert requested[2] == f"{name(owner)} requested {review.initiative.key} · Exploration gate, attempt 1"
    assert requested[3] == f"{review.initiative.key} · Exploration gate, attempt 1"
    assert requested[8] == AuditEvent.objects.get(verb="gate_review.requested").hash


def test_the_audit_csv_neutralises_a_name_written_as_a_formula(as_user, cast, initiative, owner):
    owner.first_name, owner.last_name = "=HYPERLINK(1)", ""
    owner.save(update_fields=["first_name", "last_name"])
    criterion = GateCriterion.objects.filter(initiative=initiative).first()
    criterion_update(actor=owner, criterion=criterion, status=CriterionStatus.NOT_MET)
    rows = csv_rows(as_user(cast["auditor"]).get(reverse("governance:audit_csv")))
    updated = next(row for row in rows if row[7] == "criterion.updated")
    assert updated[1] == "'=HYPERLINK(1)"


def test_the_audit_csv_refuses_an_unknown_initiative_with_the_page(as_user, cast):
    response = as_user(cast["auditor"]).get(reverse("governance:audit_csv"), {"initiative": "AI-9999"})
    assert response.status_code == 400
    assert "AI-9999" in response.content.decode()


@pytest.mark.parametrize("username", ["owner", "executive", "elsewhere", "officer"])
def test_only_auditors_and_the_coe_export_the_audit_log(as_user, cast, review, username):
    response = as_user(cast[username]).get(reverse("governance:audit_csv"))
    assert response.status_code == 403
    assert not getattr(response, "streaming", False)


def test_the_audit_csv_query_count_does_not_grow(client, cast, coe, units, owner, sponsor, django_assert_num_queries):
    grow(coe=coe, unit=units["retail"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=2)
    client.force_login(cast["auditor"])
    url = reverse("governance:audit_csv")
    small = queries_for(client, url)
    grow(coe=coe, unit=units["cards"], owner=owner, sponsor=sponsor, officer=cast["officer"], count=8, start=2)
    with django_assert_num_queries(small):
        response = client.get(url)
        rows = csv_rows(response)
    assert len(rows) > 30


def test_the_audit_log_shows_the_checkpoint_and_verifies_on_request(as_user, cast, review, settings, tmp_path):
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path)
    client = as_user(cast["auditor"])
    page = client.get(reverse("governance:audit")).content.decode()
    assert "No signed checkpoint has been written yet." in page
    assert "Verify every chain now" in page
    assert "The audit trail verifies." not in page  # verifying reads every event: only when asked

    path = audit_checkpoint_write()
    verified = client.get(reverse("governance:audit"), {"verify": "1"}).content.decode()
    assert path.name in verified
    total = AuditEvent.objects.count()
    assert "The audit trail verifies." in verified
    assert f"{total} events in" in verified

    event = AuditEvent.objects.filter(verb="gate_review.requested").get()
    with pgtrigger.ignore("governance.AuditEvent:audit_append_only"):
        AuditEvent.objects.filter(pk=event.pk).update(after={"forged": True})
    broken = client.get(reverse("governance:audit"), {"verify": "1"}).content.decode()
    assert "The audit trail does not verify." in broken
    assert f"event {event.pk}" in broken
    assert "content does not match its hash" in broken


# --- The roles page ---------------------------------------------------------------------------------------------


def roles_page(client, **query) -> str:
    response = client.get(reverse("governance:roles"), query)
    assert response.status_code == 200
    return response.content.decode()


def assignment_rows(page: str) -> str:
    """The assignments table only (the matrix below names people too)."""
    start = page.index('id="h-assignments"')
    return page[start : page.index("</table>", start)] if "</table>" in page[start:] else page[start:]


def test_the_roles_page_filters_by_person_role_and_unit(as_user, cast, units):
    client = as_user(cast["coe"])
    officer, security, elsewhere = cast["officer"], cast["security"], cast["elsewhere"]
    cards_officer = UserFactory(username="cards-officer", first_name="Olivia", last_name="Cardholder")
    grant(cards_officer, Role.COMPLIANCE_OFFICER, business_unit=units["cards"], by=cast["coe"])

    by_name = assignment_rows(roles_page(client, person=officer.first_name + " " + officer.last_name))
    assert escape(name(officer)) in by_name
    assert escape(name(security)) not in by_name
    olivia = assignment_rows(roles_page(client, person="olivia"))
    assert "Olivia Cardholder" in olivia

    by_role = assignment_rows(roles_page(client, role=Role.SECURITY_REVIEWER))
    assert escape(name(security)) in by_role
    assert escape(name(officer)) not in by_role

    # A unit takes its sub-units along: Cards sits under Retail Banking, Insurance does not.
    retail = assignment_rows(roles_page(client, business_unit=units["retail"].pk))
    assert escape(name(officer)) in retail
    assert "Olivia Cardholder" in retail
    assert escape(name(elsewhere)) not in retail
    insurance = assignment_rows(roles_page(client, business_unit=units["insurance"].pk))
    assert escape(name(elsewhere)) in insurance
    assert escape(name(officer)) not in insurance

    nothing = roles_page(client, person="nobody-by-that-name")
    assert "No role assignment matches." in nothing


def test_a_bad_filter_is_ignored_not_an_error(as_user, cast):
    page = roles_page(as_user(cast["coe"]), role="emperor", business_unit="x")
    assert escape(name(cast["officer"])) in page


def test_people_without_the_whole_view_see_their_own_roles_and_no_matrix(as_user, cast):
    client = as_user(cast["elsewhere"])
    page = roles_page(client, person=cast["officer"].first_name, business_unit="")
    assert escape(name(cast["officer"])) not in page
    assert "Who may sign what" not in page
    assert 'name="person"' not in page
    own = roles_page(client)
    assert escape(name(cast["elsewhere"])) in own


def test_a_revoke_needs_a_reason_which_is_stored_and_audited(as_user, cast):
    client = as_user(cast["coe"])
    assignment = RoleAssignment.objects.get(user=cast["security"])
    page = roles_page(client)
    assert f'id="reason-{assignment.pk}" name="reason" required' in page
    url = reverse("governance:role_revoke", args=[assignment.pk])
    before = AuditEvent.objects.count()

    for blank in ({}, {"reason": "   "}):
        response = client.post(url, blank, follow=True)
        assert "Say why the role is revoked." in response.content.decode()
        assignment.refresh_from_db()
        assert assignment.revoked_at is None
        assert AuditEvent.objects.count() == before

    back = "person=Carl&role=security_reviewer&next=https://evil.example/"
    response = client.post(url, {"reason": "Moved to the cards team", "back": back})
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:roles") + "?person=Carl&role=security_reviewer"
    response = client.get(response["Location"], follow=True)
    assert escape(f"{name(cast['security'])} no longer holds the role Security reviewer.") in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert assignment.revoke_reason == "Moved to the cards team"
    event = AuditEvent.objects.get(verb="role.revoked")
    assert event.after == {"reason": "Moved to the cards team"}
    assert event.actor == cast["coe"]
    assert "Moved to the cards team" in roles_page(client)
    audit = as_user(cast["auditor"]).get(reverse("governance:audit")).content.decode()
    revoked = f"{name(cast['coe'])} revoked a role: {name(cast['security'])} as Security reviewer (Retail Banking)"
    assert escape(revoked) in audit
    assert "Moved to the cards team" in audit


@pytest.mark.parametrize("username", ["auditor", "owner", "officer", "elsewhere"])
def test_nobody_but_the_coe_revokes(as_user, cast, username):
    assignment = RoleAssignment.objects.get(user=cast["security"])
    response = as_user(cast[username]).post(
        reverse("governance:role_revoke", args=[assignment.pk]), {"reason": "Taking over"}
    )
    assert response.status_code in (403, 404)
    assignment.refresh_from_db()
    assert assignment.revoked_at is None
    assert not AuditEvent.objects.filter(verb="role.revoked").exists()


def test_who_may_sign_what_per_business_unit(as_user, cast, units):
    page = roles_page(as_user(cast["coe"]))
    assert "Who may sign what" in page
    matrix = page[page.index('id="signers"') :]
    retail = matrix[matrix.index(">Retail Banking<") : matrix.index(">Cards<")]
    insurance = matrix[matrix.index(">Insurance<") :]
    cards = matrix[matrix.index(">Cards<") : matrix.index(">Insurance<")]
    # Compliance officers of Retail Banking sign there and in its sub-unit Cards; not in Insurance.
    for unit in (retail, cards):
        assert escape(name(cast["officer"])) in unit
        assert escape(name(cast["officer2"])) in unit
        assert escape(name(cast["elsewhere"])) not in unit
        assert escape(name(cast["security"])) in unit
    assert escape(name(cast["elsewhere"])) in insurance
    assert escape(name(cast["officer"])) not in insurance
    # The CoE signs its slot everywhere; nobody holds the data steward role in Insurance.
    assert escape(name(cast["coe"])) in insurance
    assert "Nobody: these gates cannot be signed here" in insurance
    assert "Each initiative's business sponsor" in insurance
    # The auditor reads the same matrix.
    assert "Who may sign what" in roles_page(as_user(cast["auditor"]))


def test_the_roles_page_query_count_does_not_grow_with_units_and_people(client, cast, coe, django_assert_num_queries):
    client.force_login(coe)
    queries_for(client, reverse("governance:roles"))  # the first request fills the person's cached facts
    small = queries_for(client, reverse("governance:roles"))
    for n in range(6):
        unit = BusinessUnitFactory(code=f"grown-{n}", name=f"Grown unit {n}")
        for role in (Role.COMPLIANCE_OFFICER, Role.SECURITY_REVIEWER, Role.DATA_STEWARD):
            grant(UserFactory(username=f"grown-{n}-{role}"), role, business_unit=unit, by=coe)
    with django_assert_num_queries(small):
        page = client.get(reverse("governance:roles")).content.decode()
    assert "Grown unit 5" in page


# --- Words ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "quarter", "empty_choice", "risk"),
    [
        ("en", "Q4 2026", "- Select an option -", "Risk: Limited"),
        ("zh-hant", "2026 年第 4 季", "－ 請選擇 －", "風險：有限"),
        ("zh-hans", "2026年第4季度", "－ 请选择 －", "风险：有限"),
    ],
)
def test_words_in_each_language(as_user, ready, owner, settings, language, quarter, empty_choice, risk):
    from adoption import display
    from adoption.models import Initiative

    with translation.override(language):
        assert display.quarter("2026Q4") == quarter
        assert display.quarter("2026-q4") == quarter
        assert display.quarter("later") == "later"
        assert str(Initiative._meta.get_field("hold_cause").formfield().choices[0][1]) == empty_choice
    client = as_user(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("governance:initiative", args=[ready.key]), headers={"accept-language": language})
    text = page.content.decode()
    assert risk in text
    assert "： " not in text  # a full-width colon is never followed by a space


def test_the_funnel_names_its_cohorts_as_quarters(as_user, cast, initiative, settings):
    client = as_user(cast["executive"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hant"
    page = client.get(reverse("adoption:funnel"), headers={"accept-language": "zh-hant"}).content.decode()
    cohort = initiative.created_at
    code = f"{cohort.year}Q{(cohort.month - 1) // 3 + 1}"
    assert f'<option value="{code}">{cohort.year} 年第 {(cohort.month - 1) // 3 + 1} 季</option>' in page
