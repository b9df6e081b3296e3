"""The sign-off inbox, review detail with slot states, compliance-review lists and the audit log's gatekeeping."""

import datetime

import pytest
from django.utils import timezone

from adoption.choices import Role
from core.exceptions import Forbidden, NotFound
from governance.choices import Decision
from governance.models import ComplianceReview
from governance.selectors.audit import audit_events_visible, initiative_timeline
from governance.selectors.compliance import compliance_reviews_visible
from governance.selectors.reviews import gate_review_detail, signoff_inbox
from governance.services.reviews import gate_review_request, signoff_record
from tests.factories import UserFactory, grant, make_initiative, satisfy_gate, signers_for


@pytest.fixture
def cast(coe, units, sponsor):
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    return people


def open_review(coe, units, owner, sponsor, title="Inbox case"):
    initiative = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor, title=title)
    satisfy_gate(initiative)
    return gate_review_request(actor=owner, initiative=initiative)


def test_inbox_lists_reviews_waiting_for_my_slot_oldest_first(coe, units, owner, sponsor, cast, time_machine):
    time_machine.move_to(timezone.now() - datetime.timedelta(days=5))
    older = open_review(coe, units, owner, sponsor, "Older")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=5))
    newer = open_review(coe, units, owner, sponsor, "Newer")
    officer = cast["compliance_officer"]
    assert list(signoff_inbox(user=officer)) == [older, newer]
    signoff_record(actor=officer, review=older, slot_key="compliance_officer", decision=Decision.APPROVE)
    assert list(signoff_inbox(user=officer)) == [newer]
    # The other officer's slot is taken on "older"; the security reviewer has no slot at exploration.
    assert list(signoff_inbox(user=cast["compliance_officer_2"])) == [newer]
    assert list(signoff_inbox(user=cast["security_reviewer"])) == []
    assert list(signoff_inbox(user=owner)) == []


def test_inbox_query_count_is_constant(coe, units, owner, sponsor, cast, django_assert_num_queries):
    open_review(coe, units, owner, sponsor)
    # The roles held; the roles lent to them (delegations); for the one signer role: global roles, the units and
    # initiatives granted; the list.
    with django_assert_num_queries(5) as first:
        list(signoff_inbox(user=cast["compliance_officer"]))
    for n in range(8):
        open_review(coe, units, owner, sponsor, f"More {n}")
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(list(signoff_inbox(user=cast["compliance_officer"]))) == 9


def test_inbox_holds_reviews_of_my_units_and_of_initiatives_granted_to_me_alone(
    coe, units, owner, sponsor, cast, django_assert_num_queries
):
    mine = open_review(coe, units, owner, sponsor, "In my unit")
    elsewhere = make_initiative(coe=coe, business_unit=units["insurance"], owner=owner, sponsor=sponsor, title="Away")
    satisfy_gate(elsewhere)
    away = gate_review_request(actor=owner, initiative=elsewhere)
    officer = cast["compliance_officer"]
    assert list(signoff_inbox(user=officer)) == [mine]
    grant(officer, Role.COMPLIANCE_OFFICER, initiative=elsewhere, by=coe)
    with django_assert_num_queries(5):
        assert list(signoff_inbox(user=officer)) == [mine, away]
    # A global compliance officer signs everywhere, without a sub-select of initiatives.
    lead = UserFactory(username="compliance-lead")
    grant(lead, Role.COMPLIANCE_OFFICER, by=coe)
    assert list(signoff_inbox(user=lead)) == [mine, away]


def test_review_detail_shows_slot_states_and_what_i_may_sign(coe, units, owner, sponsor, cast):
    review = open_review(coe, units, owner, sponsor)
    signoff_record(actor=sponsor, review=review, slot_key="business_sponsor", decision=Decision.APPROVE)
    detail = gate_review_detail(user=cast["compliance_officer"], review_id=review.pk)
    assert [(s.slot.key, s.state) for s in detail.slots] == [
        ("business_sponsor", "approve"),
        ("coe_admin", "waiting"),
        ("compliance_officer", "waiting"),
    ]
    assert detail.my_slots == ["compliance_officer"]
    assert gate_review_detail(user=sponsor, review_id=review.pk).my_slots == []
    assert gate_review_detail(user=owner, review_id=review.pk).my_slots == []
    with pytest.raises(NotFound):
        gate_review_detail(user=UserFactory(username="nobody"), review_id=review.pk)
    with pytest.raises(NotFound):
        gate_review_detail(user=owner, review_id="x1")


def test_audit_log_is_for_auditors_and_coe_only(coe, initiative, owner):
    assert audit_events_visible(user=coe).filter(initiative=initiative).exists()
    with pytest.raises(Forbidden):
        audit_events_visible(user=owner)
    assert [e.verb for e in initiative_timeline(user=owner, initiative=initiative)][-1] == "initiative.created"


def test_compliance_review_filters(coe, units, cast):
    today = timezone.localdate()
    mine = cast["compliance_officer"]
    rows = {}
    for name, unit, due, assignee in (
        ("overdue", "retail", today - datetime.timedelta(days=3), mine),
        ("soon", "retail", today + datetime.timedelta(days=10), mine),
        ("later", "retail", today + datetime.timedelta(days=90), cast["compliance_officer_2"]),
        ("elsewhere", "insurance", today - datetime.timedelta(days=1), None),
    ):
        initiative = make_initiative(coe=coe, business_unit=units[unit], title=name)
        rows[name] = ComplianceReview.objects.create(
            initiative=initiative, due_on=due, risk_tier="limited", assignee=assignee
        )
    assert list(compliance_reviews_visible(user=mine)) == [rows["overdue"], rows["soon"], rows["later"]]
    assert list(compliance_reviews_visible(user=mine, mine=True)) == [rows["overdue"], rows["soon"]]
    assert list(compliance_reviews_visible(user=mine, overdue=True)) == [rows["overdue"]]
    assert list(compliance_reviews_visible(user=mine, due_within_days=14)) == [rows["overdue"], rows["soon"]]
    assert list(compliance_reviews_visible(user=coe, overdue=True)) == [rows["overdue"], rows["elsewhere"]]
