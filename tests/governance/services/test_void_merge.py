"""Void and merge: the CoE's correction of a mistaken registration. Audited, refused to anyone else, the records
stay with the voided initiative, and it leaves the funnel (running totals and rows alike), the board and the table;
its page says so and links to the survivor only for those who may see it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from adoption.choices import Phase, Role, Status
from adoption.models import Initiative, PhaseStint
from adoption.selectors.funnel import funnel_summary, funnel_summary_from_rows
from adoption.selectors.funnel_tally import funnel_tally_differences
from adoption.services.roi import roi_version_append
from core.exceptions import Forbidden, InvalidInput, Refused
from governance.actions import available_actions
from governance.choices import ComplianceReviewStatus, ReviewStatus
from governance.models import AuditEvent, ComplianceReview
from governance.selectors.board import board_cards, board_columns, portfolio_table
from governance.services.lifecycle import initiative_merge, initiative_void
from governance.services.reviews import gate_review_request, signoff_record
from tests.factories import UserFactory, grant, make_initiative, satisfy_gate, signers_for
from tests.factories.adoption import roi_values


@pytest.fixture
def survivor(coe, units, owner, sponsor):
    return make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor, title="The real one")


def test_the_coe_voids_with_a_reason_and_it_is_audited(initiative, coe, owner):
    satisfy_gate(initiative)
    review = gate_review_request(actor=owner, initiative=initiative)
    initiative_void(actor=coe, initiative=initiative, reason="Registered by mistake.")
    initiative.refresh_from_db()
    assert initiative.status == Status.VOIDED
    assert initiative.voided_at is not None
    assert initiative.void_reason == "Registered by mistake."
    assert initiative.merged_into is None
    review.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN
    event = AuditEvent.objects.filter(initiative=initiative).latest("pk")
    assert event.verb == "initiative.voided"
    assert event.actor == coe
    assert event.after == {"status": "voided", "reason": "Registered by mistake."}
    # Nothing else is on offer any more; voiding again is refused.
    states = available_actions(user=coe, initiative=initiative).states
    assert [name for name, state in states.items() if state.allowed] == []
    with pytest.raises(Refused):
        initiative_void(actor=coe, initiative=initiative, reason="Again.")


@pytest.mark.parametrize("who", ["owner", "sponsor", "executive"])
def test_nobody_but_the_coe_voids_or_merges(initiative, survivor, owner, sponsor, who):
    executive = UserFactory(username="exec")
    grant(executive, Role.EXECUTIVE)
    actor = {"owner": owner, "sponsor": sponsor, "executive": executive}[who]
    with pytest.raises(Forbidden):
        initiative_void(actor=actor, initiative=initiative, reason="Mine to void?")
    with pytest.raises(Forbidden):
        initiative_merge(actor=actor, initiative=initiative, into=survivor.key, reason="Mine to merge?")
    initiative.refresh_from_db()
    assert initiative.status == Status.ACTIVE
    assert not AuditEvent.objects.filter(verb__in=["initiative.voided", "initiative.merged"]).exists()


def test_a_reason_is_required(initiative, coe, survivor):
    with pytest.raises(InvalidInput) as caught:
        initiative_void(actor=coe, initiative=initiative, reason="  ")
    assert "reason" in caught.value.fields
    with pytest.raises(InvalidInput) as caught:
        initiative_merge(actor=coe, initiative=initiative, into=survivor.key, reason="")
    assert "reason" in caught.value.fields
    initiative.refresh_from_db()
    assert initiative.status == Status.ACTIVE


def test_a_merge_keeps_the_records_with_the_duplicate_and_links_the_survivor(initiative, survivor, coe, owner):
    roi_version_append(actor=owner, initiative=initiative, **roi_values())
    initiative_merge(actor=coe, initiative=initiative, into=survivor.key.lower(), reason="Registered twice.")
    initiative.refresh_from_db()
    assert initiative.status == Status.VOIDED
    assert initiative.merged_into == survivor
    assert initiative.roi_versions.count() == 1
    assert survivor.roi_versions.count() == 0
    assert initiative.criteria.count() > 0
    event = AuditEvent.objects.filter(initiative=initiative).latest("pk")
    assert event.verb == "initiative.merged"
    assert event.after["merged_into"] == survivor.key
    survivor.refresh_from_db()
    assert survivor.status == Status.ACTIVE


def test_a_merge_needs_another_live_initiative_the_coe_sees(initiative, survivor, coe):
    for into, field in ((initiative.key, "into"), ("AI-9999", "into"), ("", "into")):
        with pytest.raises(InvalidInput) as caught:
            initiative_merge(actor=coe, initiative=initiative, into=into, reason="Twice.")
        assert field in caught.value.fields
    initiative_void(actor=coe, initiative=survivor, reason="Mistake too.")
    with pytest.raises(Refused) as caught:
        initiative_merge(actor=coe, initiative=initiative, into=survivor.key, reason="Twice.")
    assert survivor.key in caught.value.reasons[0]
    initiative.refresh_from_db()
    assert initiative.status == Status.ACTIVE


def test_a_voided_initiative_leaves_the_funnel_and_its_totals_agree_with_the_rows(
    initiative, survivor, coe, owner, units, sponsor
):
    # One that advanced (two stays, one finished), with an ROI estimate and an open compliance review.
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    satisfy_gate(initiative)
    review = gate_review_request(actor=owner, initiative=initiative)
    for slot in review.slots.filter(active=True):
        signoff_record(actor=people[slot.key], review=review, slot_key=slot.key, decision="approve")
    initiative.refresh_from_db()
    assert initiative.phase == Phase.VALIDATION
    roi_version_append(actor=owner, initiative=initiative, **roi_values())
    before = funnel_summary(user=coe)
    assert before.total == 2
    assert before.value["hypothesised_net_annual_value"] > 0
    initiative_merge(actor=coe, initiative=initiative, into=survivor.key, reason="A duplicate.")
    assert funnel_tally_differences() == []
    after = funnel_summary(user=coe)
    rows = funnel_summary_from_rows(user=coe)
    for funnel in (after, rows):
        assert funnel.total == 1
        assert "voided" not in funnel.by_status
        exploration = next(f for f in funnel.phases if f.phase == Phase.EXPLORATION)
        assert exploration.entered == 1
        assert exploration.advanced == 0
        # Its estimate no longer adds to the hypothesised value (the survivor has none).
        assert funnel.value["hypothesised_net_annual_value"] == 0
    assert PhaseStint.objects.filter(initiative=initiative).count() == 2  # its history stays
    # Scoped people count from the same totals.
    officer = UserFactory(username="retail-officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    assert funnel_summary(user=officer).total == 1


def test_voiding_cancels_open_compliance_reviews(initiative, coe):
    Initiative.objects.filter(pk=initiative.pk).update(
        status=Status.IN_PRODUCTION, production_entered_at=timezone.now(), risk_tier="limited"
    )
    open_review = ComplianceReview.objects.create(
        initiative=initiative, due_on=timezone.localdate() + datetime.timedelta(days=30), risk_tier="limited"
    )
    initiative_void(actor=coe, initiative=initiative, reason="Mistake.")
    open_review.refresh_from_db()
    assert open_review.status != ComplianceReviewStatus.OPEN


def test_voided_initiatives_are_not_on_the_board_or_the_table(initiative, survivor, coe):
    initiative_void(actor=coe, initiative=initiative, reason="Mistake.")
    columns = board_columns(board_cards(user=coe))
    assert sum(c.total for c in columns) == 1
    assert [card.key for c in columns for card in c.cards] == [survivor.key]
    page = portfolio_table(board_cards(user=coe))
    assert [row.key for row in page.object_list] == [survivor.key]
    assert page.paginator.count == 1


def test_the_voided_page_says_why_and_links_the_survivor_to_those_who_see_it(
    client, initiative, coe, owner, units, sponsor
):
    elsewhere = UserFactory(username="insurance-owner")
    hidden = make_initiative(
        coe=coe, business_unit=units["insurance"], owner=elsewhere, sponsor=sponsor, title="Elsewhere"
    )
    initiative_merge(actor=coe, initiative=initiative, into=hidden.key, reason="Handled by Insurance.")
    client.force_login(coe)
    html = client.get(reverse("governance:initiative", args=[initiative.key])).content.decode()
    assert "Merged into another initiative" in html
    assert "Handled by Insurance." in html
    assert f'href="{reverse("governance:initiative", args=[hidden.key])}">{hidden.key} · Elsewhere</a>' in html
    # The owner sees the duplicate but not the Insurance initiative: told it carries on, not which it is.
    client.force_login(owner)
    html = client.get(reverse("governance:initiative", args=[initiative.key])).content.decode()
    assert "Carried on by an initiative you do not see." in html
    assert hidden.key not in html
    assert "Elsewhere" not in html


def test_the_page_offers_void_and_merge_to_the_coe_only(client, initiative, survivor, coe, owner):
    client.force_login(owner)
    html = client.get(reverse("governance:initiative", args=[initiative.key])).content.decode()
    assert reverse("governance:void", args=[initiative.key]) not in html
    response = client.post(reverse("governance:void", args=[initiative.key]), {"void-reason": "Sneaky."})
    assert response.status_code == 403
    client.force_login(coe)
    html = client.get(reverse("governance:initiative", args=[initiative.key])).content.decode()
    assert reverse("governance:merge", args=[initiative.key]) in html
    response = client.post(
        reverse("governance:merge", args=[initiative.key]), {"merge-into": survivor.key, "merge-reason": "Twice."}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.merged_into == survivor
