"""The initiative page's actions and the review page's sign-off: what the database holds afterwards, the message the
person reads, field errors for bad input (400), the reasons when refused (409), 403 and 404 outside one's role."""

from django.urls import reverse

from adoption.models import Initiative
from governance.choices import ReviewStatus, RiskChangeStatus
from governance.models import GateReview, Notification, RiskTierChange, SignOff
from governance.services.compliance import risk_tier_propose


def url(name, initiative):
    return reverse(f"governance:{name}", args=[initiative.key])


def test_request_review_refused_lists_every_unmet_criterion(as_user, cast, initiative):
    response = as_user(cast["owner"]).post(url("request_review", initiative))
    assert response.status_code == 409
    text = response.content.decode()
    assert "The gate review was not requested: the gate is not satisfied." in text
    assert "The risk tier has not been assessed yet." in text
    # Each unmet criterion, in the refusal and in the "what's next" panel at the top of the page.
    assert text.count("it must be met or waived.") == 12
    assert not GateReview.objects.exists()


def test_request_review_opens_it_and_says_so(as_user, cast, ready):
    response = as_user(cast["owner"]).post(url("request_review", ready), follow=True)
    assert response.redirect_chain[-1][0].endswith(f"/initiatives/{ready.key}/#review")
    assert f"The gate review of {ready.key} was requested" in response.content.decode()
    assert GateReview.objects.get(initiative=ready).status == ReviewStatus.OPEN


def test_request_review_is_not_offered_to_a_reader_and_refused_if_forced(as_user, cast, ready):
    client = as_user(cast["executive"])
    assert "Request gate review" not in client.get(url("initiative", ready)).content.decode()
    assert client.post(url("request_review", ready)).status_code == 403
    assert as_user(cast["elsewhere"]).post(url("request_review", ready)).status_code == 404
    assert not GateReview.objects.exists()


def test_hold_needs_a_reason_and_the_sponsor_or_coe(as_user, cast, initiative):
    sponsor = as_user(cast["sponsor"])
    page = sponsor.get(url("initiative", initiative)).content.decode()
    assert "Put on hold" in page
    empty = sponsor.post(url("hold", initiative), {"hold-reason": ""})
    assert empty.status_code == 400
    assert "This field is required." in empty.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "active"

    assert "Put on hold" not in as_user(cast["owner"]).get(url("initiative", initiative)).content.decode()
    assert as_user(cast["owner"]).post(url("hold", initiative), {"hold-reason": "Budget"}).status_code == 403

    done = as_user(cast["sponsor"]).post(url("hold", initiative), {"hold-reason": "Budget freeze"}, follow=True)
    assert f"{initiative.key} is on hold." in done.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "on_hold"

    resumed = sponsor.post(url("resume", initiative), {"resume-note": ""}, follow=True)
    assert f"{initiative.key} has resumed." in resumed.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "active"


def test_stop_records_the_failure_mode_or_shows_the_field_error(as_user, cast, initiative):
    client = as_user(cast["coe"])
    missing = client.post(url("stop", initiative), {"stop-reason": "No budget"})
    assert missing.status_code == 400
    assert "Choose the primary failure mode from the six" in missing.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "active"
    client.post(
        url("stop", initiative),
        {
            "stop-reason": "Nobody could measure quality.",
            "stop-primary_failure_mode": "no_evaluation",
            "stop-contributing_modes": ["engineering_underestimated"],
        },
    )
    stopped = Initiative.objects.get(pk=initiative.pk)
    assert stopped.status == "stopped"
    assert stopped.stop_primary_failure_mode == "no_evaluation"
    assert stopped.stop_contributing_modes == ["engineering_underestimated"]
    # A stopped initiative offers nothing more to do.
    assert "Stop the initiative" not in client.get(url("initiative", initiative)).content.decode()


def test_retire_is_refused_outside_production_with_the_reason(as_user, cast, initiative):
    response = as_user(cast["coe"]).post(url("retire", initiative), {"retire-reason": "Replaced"})
    assert response.status_code == 409
    assert "this action needs it to be in production" in response.content.decode()


def test_risk_tier_change_is_proposed_and_confirmed_by_someone_else(as_user, cast, initiative):
    as_user(cast["owner"]).post(
        url("propose_risk_tier", initiative), {"propose-to_tier": "high", "propose-reason": "Customer-facing."}
    )
    change = RiskTierChange.objects.get(initiative=initiative)
    assert change.status == RiskChangeStatus.PENDING
    officer = as_user(cast["officer"])
    page = officer.get(url("initiative", initiative)).content.decode()
    assert "Confirm or reject the risk-tier change" in page
    rejected = officer.post(url("decide_risk_tier", initiative), {"decide-decision": "reject", "decide-note": ""})
    assert rejected.status_code == 400
    assert "This field is required." in rejected.content.decode()
    officer.post(url("decide_risk_tier", initiative), {"decide-decision": "confirm", "decide-note": ""})
    assert Initiative.objects.get(pk=initiative.pk).risk_tier == "high"


def test_the_proposer_is_not_offered_the_confirmation(as_user, cast, initiative):
    risk_tier_propose(actor=cast["officer"], initiative=initiative, to_tier="minimal", reason="Internal only.")
    page = as_user(cast["officer"]).get(url("initiative", initiative)).content.decode()
    assert "Confirm or reject the risk-tier change" not in page
    assert "awaits a compliance officer" in page


def test_extend_phase_and_record_roi(as_user, cast, initiative):
    client = as_user(cast["coe"])
    before = Initiative.objects.get(pk=initiative.pk).planned_phase_end
    client.post(url("extend_phase", initiative), {"extend-new_end": "2099-01-01", "extend-reason": "Vendor delay"})
    assert Initiative.objects.get(pk=initiative.pk).planned_phase_end == before
    late = client.post(url("extend_phase", initiative), {"extend-new_end": "2099-01-01", "extend-reason": "x"})
    assert late.status_code == 400
    assert "An extension reaches at most" in late.content.decode()

    owner = as_user(cast["owner"])
    bad = owner.post(url("record_roi", initiative), {"roi-currency": "EUR", "roi-rate_to_reporting": "2"})
    assert bad.status_code == 400
    owner.post(
        url("record_roi", initiative),
        {
            "roi-currency": "EUR",
            "roi-rate_to_reporting": "1",
            "roi-rate_date": "2026-01-01",
            "roi-confidence": "medium",
            "roi-benefit_cash_saving": "100000",
            "roi-run_cost_model": "20000",
            "roi-one_off_cost": "30000",
        },
    )
    page = owner.get(url("initiative", initiative)).content.decode()
    assert "€80,000" in page
    assert 'id="roi-chart"' in page


def test_signing_approves_a_slot_and_the_last_one_advances(as_user, cast, review, coe, sponsor):
    page = as_user(cast["officer"]).get(reverse("governance:review", args=[review.pk])).content.decode()
    assert 'name="sign-decision"' in page
    no_comment = as_user(cast["officer"]).post(
        reverse("governance:sign", args=[review.pk]),
        {"sign-slot": "compliance_officer", "sign-decision": "reject", "sign-comment": ""},
    )
    assert no_comment.status_code == 400
    assert "A comment is required to reject or request changes." in no_comment.content.decode()
    assert not SignOff.objects.exists()

    for user, slot in ((cast["officer"], "compliance_officer"), (sponsor, "business_sponsor"), (coe, "coe_admin")):
        response = as_user(user).post(
            reverse("governance:sign", args=[review.pk]), {"sign-slot": slot, "sign-decision": "approve"}
        )
        assert response.status_code == 302
    assert Initiative.objects.get(pk=review.initiative_id).phase == "validation"
    assert GateReview.objects.get(pk=review.pk).status == ReviewStatus.APPROVED


def test_the_owner_and_readers_cannot_sign(as_user, cast, review):
    page = as_user(cast["owner"]).get(reverse("governance:review", args=[review.pk])).content.decode()
    assert 'name="sign-decision"' not in page
    assert "four eyes" in page
    for username in ("owner", "executive"):
        response = as_user(cast[username]).post(
            reverse("governance:sign", args=[review.pk]),
            {"sign-slot": "compliance_officer", "sign-decision": "approve"},
        )
        assert response.status_code in (400, 403)
    assert not SignOff.objects.exists()


def test_withdraw_by_the_requester(as_user, cast, review):
    response = as_user(cast["owner"]).post(url("withdraw_review", review.initiative), {"withdraw-reason": ""})
    assert response.status_code == 302
    assert GateReview.objects.get(pk=review.pk).status == ReviewStatus.WITHDRAWN


def test_notifications_are_marked_read(as_user, cast, ready):
    item = Notification.objects.create(
        recipient=cast["officer"], kind="review_requested", subject="Please sign", message="AI", dedupe_key="t1"
    )
    client = as_user(cast["officer"])
    page = client.get(reverse("governance:notifications")).content.decode()
    assert "Please sign" in page
    assert 'class="count">1<' in page
    assert as_user(cast["owner"]).post(reverse("governance:notification_read", args=[item.pk])).status_code == 404
    client = as_user(cast["officer"])
    fragment = client.post(reverse("governance:notification_read", args=[item.pk]), headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "Mark read" not in fragment.content.decode()
    item.refresh_from_db()
    assert item.read_at is not None


def test_language_switch_is_remembered_for_the_person(as_user, cast):
    client = as_user(cast["executive"])
    response = client.post(reverse("governance:language"), {"language": "zh-hant", "next": "/funnel/"})
    assert response.status_code == 302
    assert response.url == "/funnel/"
    assert cast["executive"].preference.language == "zh-hant"


def test_realised_value_spend_and_details(as_user, cast, initiative):
    owner = as_user(cast["owner"])
    page = owner.get(url("initiative", initiative)).content.decode()
    for offered in ("Record realised value", "Record spend", "Edit the details"):
        assert offered in page
    assert "Record spend" not in as_user(cast["executive"]).get(url("initiative", initiative)).content.decode()
    owner = as_user(cast["owner"])
    backwards = owner.post(
        url("record_spend", initiative),
        {
            "spend-period_start": "2026-02-01",
            "spend-period_end": "2026-01-01",
            "spend-category": "model",
            "spend-amount": "1200",
            "spend-currency": "EUR",
            "spend-rate_to_reporting": "1",
        },
    )
    assert backwards.status_code == 400
    assert "The period cannot end before it starts." in backwards.content.decode()
    owner.post(
        url("record_realised", initiative),
        {
            "realised-period_start": "2026-01-01",
            "realised-period_end": "2026-01-31",
            "realised-currency": "EUR",
            "realised-rate_to_reporting": "1",
            "realised-benefit_cash_saving": "10000",
            "realised-measured_cost": "2000",
        },
    )
    assert initiative.realised_values.count() == 1
    stale = owner.post(
        url("edit_initiative", initiative),
        {
            "edit-version": "0",
            "edit-title": "Renamed",
            "edit-data_classification": "internal",
            "edit-sourcing": "hybrid",
        },
    )
    assert stale.status_code == 409
    assert "was changed by someone else" in stale.content.decode()
    version = Initiative.objects.get(pk=initiative.pk).version
    owner.post(
        url("edit_initiative", initiative),
        {
            "edit-version": str(version),
            "edit-title": "Renamed",
            "edit-data_classification": "internal",
            "edit-sourcing": "hybrid",
        },
    )
    assert Initiative.objects.get(pk=initiative.pk).title == "Renamed"


def test_model_options_are_scored_and_one_is_chosen(as_user, cast, initiative):
    owner = as_user(cast["owner"])
    scores = {
        "option-sourcing": "closed_api",
        "option-score_quality": "5",
        "option-score_total_cost": "2",
        "option-score_data_security": "3",
        "option-score_control": "2",
        "option-score_vendor_risk": "1",
    }
    owner.post(url("score_option", initiative), {"option-name": "GPT-4o", **scores})
    duplicate = owner.post(url("score_option", initiative), {"option-name": "gpt-4o", **scores})
    assert duplicate.status_code == 400
    assert "already has an option named" in duplicate.content.decode()
    out_of_range = owner.post(
        url("score_option", initiative), {"option-name": "Llama", **scores, "option-score_control": "9"}
    )
    assert out_of_range.status_code == 400
    option = initiative.model_options.get()
    page = owner.get(url("initiative", initiative)).content.decode()
    assert "GPT-4o" in page
    assert "<strong>2.95</strong>" in page  # (5×30 + 2×20 + 3×20 + 2×15 + 1×15) ÷ 100
    missing = owner.post(
        url("choose_option", initiative), {"choose-option": str(option.pk + 99), "choose-rationale": "x"}
    )
    assert missing.status_code == 400
    assert "Choose one of the options." in missing.content.decode()
    owner.post(url("choose_option", initiative), {"choose-option": str(option.pk), "choose-rationale": "Best quality."})
    option.refresh_from_db()
    assert option.is_chosen
    assert Initiative.objects.get(pk=initiative.pk).sourcing == "closed_api"
    assert (
        as_user(cast["executive"]).post(url("score_option", initiative), {"option-name": "X", **scores}).status_code
        == 403
    )
