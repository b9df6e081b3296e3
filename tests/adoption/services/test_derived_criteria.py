"""Criteria the initiative's data judges: they follow every change of the data (audited), refuse to be marked by hand
with what the data says, and evidence with "mark met" is one step that leaves nothing behind when refused."""

import datetime
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from adoption.choices import CriterionStatus, Phase, Role
from adoption.models import EvidenceVersion, GateCriterion, RoiVersion
from adoption.services.criteria import criterion_update, criterion_waive
from adoption.services.evidence import evidence_add
from adoption.services.initiatives import initiative_update
from adoption.services.roi import roi_version_append
from adoption.services.selection import model_option_choose, model_option_record
from core.exceptions import InvalidInput, Refused
from governance.models import AuditEvent
from governance.services.compliance import risk_tier_decide, risk_tier_propose
from tests.factories import UserFactory, grant, make_initiative
from tests.factories.adoption import PDF_BYTES, criterion, move_to_phase, roi_values, upload

DAY = datetime.timedelta(days=1)


def status(initiative, code: str) -> str:
    return GateCriterion.objects.get(initiative=initiative, phase=initiative.phase, code=code).status


def derived_events(initiative, code: str) -> list[AuditEvent]:
    return [
        e
        for e in AuditEvent.objects.filter(initiative=initiative, verb="criterion.derived").order_by("seq")
        if e.after.get("code") == code
    ]


def score(initiative, owner, name: str, sourcing: str = "closed_api"):
    return model_option_record(
        actor=owner,
        initiative=initiative,
        name=name,
        sourcing=sourcing,
        score_quality=4,
        score_total_cost=3,
        score_data_security=4,
        score_control=3,
        score_vendor_risk=3,
    )


@pytest.fixture
def classified(coe, units, owner, sponsor):
    """An initiative registered with its risk tier and data classification."""
    return make_initiative(
        coe=coe,
        business_unit=units["retail"],
        owner=owner,
        sponsor=sponsor,
        risk_tier="limited",
        data_classification="internal",
    )


# --- the ROI ledger ----------------------------------------------------------------------------------------------


def test_recording_an_roi_estimate_meets_first_roi_estimate_and_says_so_in_the_audit_trail(initiative, owner):
    assert status(initiative, "first_roi_estimate") == CriterionStatus.OPEN
    roi_version_append(actor=owner, initiative=initiative, **roi_values())
    stored = criterion(initiative, "first_roi_estimate")
    assert stored.status == CriterionStatus.MET
    assert stored.updated_by == owner
    [event] = derived_events(initiative, "first_roi_estimate")
    assert event.actor == owner
    assert event.before["status"] == "open"
    assert event.after["status"] == "met"
    assert event.after["reason"] == "ROI estimate version 1 is recorded."
    assert event.after["derived"] == "roi_recorded"


def test_an_all_zero_roi_estimate_is_refused_with_a_clear_message_and_nothing_is_written(initiative, owner):
    zeros = {name: Decimal("0") for name in roi_values() if name.startswith(("benefit_", "productivity_", "run_"))}
    with pytest.raises(InvalidInput) as err:
        roi_version_append(actor=owner, initiative=initiative, **roi_values(one_off_cost=Decimal("0"), **zeros))
    assert "Every benefit and cost is zero" in " ".join(err.value.fields["__all__"])
    assert not RoiVersion.objects.filter(initiative=initiative).exists()
    assert status(initiative, "first_roi_estimate") == CriterionStatus.OPEN
    # One amount is enough to say something.
    roi_version_append(actor=owner, initiative=initiative, **roi_values(**{**zeros, "run_cost_model": Decimal("5")}))
    assert status(initiative, "first_roi_estimate") == CriterionStatus.MET


def test_roi_reestimated_needs_an_estimate_recorded_in_the_validation_phase(initiative, owner):
    roi_version_append(actor=owner, initiative=initiative, **roi_values())
    validating = move_to_phase(initiative, Phase.VALIDATION)
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=criterion(validating, "roi_reestimated"), status=CriterionStatus.MET)
    assert err.value.reasons == ["No ROI estimate has been recorded in the validation phase yet."]
    roi_version_append(actor=owner, initiative=validating, **roi_values(benefit_revenue=Decimal("5000")))
    assert status(validating, "roi_reestimated") == CriterionStatus.MET
    [event] = derived_events(validating, "roi_reestimated")
    assert event.after["reason"] == "ROI estimate version 2 is recorded."


# --- risk tier and data classification ---------------------------------------------------------------------------


def test_tier_and_classification_set_at_registration_meet_the_criterion(classified):
    assert status(classified, "risk_and_data_classified") == CriterionStatus.MET


def test_clearing_the_classification_un_meets_and_setting_it_again_meets(classified, owner):
    initiative_update(actor=owner, initiative=classified, data_classification="unclassified")
    assert status(classified, "risk_and_data_classified") == CriterionStatus.OPEN
    *_, event = derived_events(classified, "risk_and_data_classified")
    assert event.actor == owner
    assert (event.before["status"], event.after["status"]) == ("met", "open")
    assert event.after["reason"] == "The data classification is “Not yet classified”."
    initiative_update(actor=owner, initiative=classified, data_classification="confidential")
    assert status(classified, "risk_and_data_classified") == CriterionStatus.MET


def test_a_confirmed_risk_tier_meets_the_criterion_once_the_data_is_classified(initiative, owner, units):
    officer = UserFactory(username="officer")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    initiative_update(actor=owner, initiative=initiative, data_classification="internal")
    assert status(initiative, "risk_and_data_classified") == CriterionStatus.OPEN  # the tier is still unassessed
    change = risk_tier_propose(actor=owner, initiative=initiative, to_tier="limited", reason="Chat with customers.")
    assert status(initiative, "risk_and_data_classified") == CriterionStatus.OPEN  # proposed is not decided
    risk_tier_decide(actor=officer, change=change, confirm=True)
    assert status(initiative, "risk_and_data_classified") == CriterionStatus.MET
    *_, event = derived_events(initiative, "risk_and_data_classified")
    assert event.actor == officer


# --- model options -----------------------------------------------------------------------------------------------


def test_options_scored_needs_two_scored_options_and_a_choice(initiative, owner):
    target = criterion(initiative, "sourcing_options_scored")
    first = score(initiative, owner, "Hosted model")
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
    assert err.value.reasons == ["1 option is scored; score at least 2 to compare them."]
    score(initiative, owner, "Open-weights model", sourcing="open_source_self_hosted")
    assert status(initiative, "sourcing_options_scored") == CriterionStatus.OPEN
    model_option_choose(actor=owner, initiative=initiative, option=first, rationale="Best quality for the cost.")
    assert status(initiative, "sourcing_options_scored") == CriterionStatus.MET
    [event] = derived_events(initiative, "sourcing_options_scored")
    assert event.after["reason"] == "2 options are scored and “Hosted model” is chosen."


def test_a_waiver_stands_while_the_data_does_not_meet_the_criterion(initiative, owner, coe):
    target = criterion(initiative, "sourcing_options_scored")
    criterion_waive(
        actor=coe, criterion=target, reason="Group platform decides.", expires_on=timezone.localdate() + DAY
    )
    score(initiative, owner, "Hosted model")
    assert status(initiative, "sourcing_options_scored") == CriterionStatus.WAIVED


# --- days of real-user testing -----------------------------------------------------------------------------------


def test_days_of_real_user_testing_are_counted_from_the_recorded_period(initiative, owner):
    validating = move_to_phase(initiative, Phase.VALIDATION)
    target = criterion(validating, "real_user_testing")  # ≥ 28 days
    today = timezone.localdate()
    criterion_update(actor=owner, criterion=target, period_start=today - 29 * DAY, period_end=today)
    stored = criterion(validating, "real_user_testing")
    assert (stored.status, stored.metric_value) == (CriterionStatus.MET, Decimal("30"))
    assert (stored.period_start, stored.period_end) == (today - 29 * DAY, today)
    criterion_update(actor=owner, criterion=target, period_start=today - 9 * DAY)
    stored = criterion(validating, "real_user_testing")
    assert (stored.status, stored.metric_value) == (CriterionStatus.NOT_MET, Decimal("10"))
    [*_, event] = AuditEvent.objects.filter(initiative=validating, verb="criterion.updated").order_by("seq")
    assert event.after["status"] == "not_met"


def test_testing_days_refuse_a_value_of_their_own_a_future_day_and_a_period_ending_before_it_starts(initiative, owner):
    validating = move_to_phase(initiative, Phase.VALIDATION)
    target = criterion(validating, "real_user_testing")
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as err:
        criterion_update(actor=owner, criterion=target, metric_value=Decimal("40"))
    assert "takes its value from the initiative's data" in err.value.fields["metric_value"][0]
    with pytest.raises(InvalidInput) as err:
        criterion_update(actor=owner, criterion=target, period_start=today, period_end=today + DAY)
    assert "period_end" in err.value.fields
    with pytest.raises(InvalidInput) as err:
        criterion_update(actor=owner, criterion=target, period_start=today, period_end=today - DAY)
    assert err.value.fields["period_end"] == ["The period cannot end before it starts."]
    with pytest.raises(InvalidInput):
        criterion_update(actor=owner, criterion=criterion(validating, "human_evaluation"), period_start=today)
    stored = criterion(validating, "real_user_testing")
    assert (stored.status, stored.metric_value, stored.period_start) == (CriterionStatus.OPEN, None, None)


# --- marking by hand ---------------------------------------------------------------------------------------------


def test_marking_a_derived_criterion_by_hand_is_refused_with_what_the_data_says(initiative, owner):
    target = criterion(initiative, "risk_and_data_classified")
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
    assert err.value.message == (
        "“Risk tier and data classification set” follows the initiative's data and cannot be marked by hand."
    )
    assert err.value.reasons == [
        "The risk tier is “Not yet assessed”. The data classification is “Not yet classified”."
    ]
    roi_version_append(actor=owner, initiative=initiative, **roi_values())
    with pytest.raises(Refused) as err:
        criterion_update(actor=owner, criterion=criterion(initiative, "first_roi_estimate"), status="open")
    assert err.value.reasons == ["ROI estimate version 1 is recorded."]
    assert status(initiative, "risk_and_data_classified") == CriterionStatus.OPEN
    assert status(initiative, "first_roi_estimate") == CriterionStatus.MET


def test_evidence_may_still_be_added_to_a_derived_criterion(initiative, owner):
    target = criterion(initiative, "sourcing_options_scored")
    evidence_add(actor=owner, criterion=target, kind="text", text="Scoring workshop notes.")
    assert criterion(initiative, "sourcing_options_scored").evidence_count == 1
    assert status(initiative, "sourcing_options_scored") == CriterionStatus.OPEN


# --- evidence and "mark met" in one step -------------------------------------------------------------------------


def test_evidence_with_mark_met_records_both_each_audited(initiative, owner):
    target = criterion(initiative, "value_hypothesis")
    version = evidence_add(actor=owner, criterion=target, kind="text", text="KPI: first response.", mark_met=True)
    stored = criterion(initiative, "value_hypothesis")
    assert (version.version, stored.status, stored.evidence_count) == (1, CriterionStatus.MET, 1)
    verbs = list(AuditEvent.objects.filter(initiative=initiative, verb__startswith="criterion.").values_list("verb"))
    assert verbs == [("criterion.evidence_added",), ("criterion.updated",)]
    updated = AuditEvent.objects.get(initiative=initiative, verb="criterion.updated")
    assert (updated.before["status"], updated.after["status"]) == ("open", "met")


def test_a_refused_mark_met_leaves_neither_evidence_nor_status_nor_file(initiative, owner):
    validating = move_to_phase(initiative, Phase.VALIDATION)
    target = criterion(validating, "automated_evaluation")  # ≥ 0.80
    with pytest.raises(Refused) as err:
        evidence_add(
            actor=owner,
            criterion=target,
            kind="file",
            file=upload("eval.pdf", PDF_BYTES, "application/pdf"),
            metric_value=Decimal("0.61"),
            mark_met=True,
        )
    assert err.value.message == "“Automated evaluation set at or above threshold” cannot be marked met."
    assert any("0.61" in reason for reason in err.value.reasons)
    stored = criterion(validating, "automated_evaluation")
    assert (stored.status, stored.evidence_count, stored.metric_value) == (CriterionStatus.OPEN, 0, None)
    assert not EvidenceVersion.objects.filter(criterion=target).exists()
    assert not AuditEvent.objects.filter(initiative=validating, verb__startswith="criterion.").exists()
    digest = hashlib.sha256(PDF_BYTES).hexdigest()
    assert not default_storage.exists(f"evidence/{validating.pk}/{digest[:2]}/{digest}/eval.pdf")


def test_mark_met_on_a_derived_criterion_is_refused_before_anything_is_written(initiative, owner):
    target = criterion(initiative, "first_roi_estimate")
    with pytest.raises(Refused) as err:
        evidence_add(actor=owner, criterion=target, kind="text", text="See the ledger.", mark_met=True)
    assert err.value.reasons == ["No ROI estimate is recorded yet."]
    assert not EvidenceVersion.objects.filter(criterion=target).exists()


def test_mark_met_must_be_a_yes_or_no(initiative, owner):
    with pytest.raises(InvalidInput):
        evidence_add(
            actor=owner, criterion=criterion(initiative, "value_hypothesis"), kind="text", text="x", mark_met="yes"
        )


# --- the CoE's templates -----------------------------------------------------------------------------------------


def test_the_coe_names_a_derivation_on_a_template_and_a_revision_keeps_it(coe):
    from adoption.models import GateCriterionTemplate
    from adoption.services.configuration import criterion_template_add, criterion_template_revise

    with pytest.raises(InvalidInput) as err:
        criterion_template_add(actor=coe, phase="exploration", code="c1", title="T", kind="checklist", derived="nope")
    assert "derived" in err.value.fields
    with pytest.raises(InvalidInput) as err:
        criterion_template_add(
            actor=coe, phase="exploration", code="c2", title="T", kind="checklist", derived="testing_days"
        )
    assert err.value.fields["derived"] == ["“testing_days” judges only criteria of the kind “Duration (days)”."]
    template = criterion_template_add(
        actor=coe, phase="exploration", code="c3", title="Budget estimated", kind="checklist", derived="roi_recorded"
    )
    revised = criterion_template_revise(actor=coe, template=template, title="Budget estimated (v2)")
    assert GateCriterionTemplate.objects.get(pk=revised.pk).derived == "roi_recorded"


def test_criteria_marked_before_the_data_judged_them_are_brought_in_line(initiative, owner):
    from django.core.management import call_command

    # A criterion marked by hand before it was derived (an upgraded deployment): the data says otherwise.
    GateCriterion.objects.filter(initiative=initiative, code="risk_and_data_classified").update(
        status=CriterionStatus.MET
    )
    out = io.StringIO()
    call_command("derive_criteria", stdout=out)
    assert out.getvalue() == "Criteria brought in line with their data: 1.\n"
    assert status(initiative, "risk_and_data_classified") == CriterionStatus.OPEN
    [event] = derived_events(initiative, "risk_and_data_classified")
    assert event.actor is None
    assert event.after["reason"].startswith("The risk tier is")


def test_a_duration_people_mark_counts_its_days_from_the_period_once_both_days_are_recorded(initiative, owner):
    target = criterion(initiative, "feasibility_spike")  # ≤ 14 days, not derived
    today = timezone.localdate()
    criterion_update(actor=owner, criterion=target, period_start=today - 9 * DAY)
    assert criterion(initiative, "feasibility_spike").metric_value is None
    criterion_update(actor=owner, criterion=target, period_end=today)
    criterion_update(actor=owner, criterion=target, status=CriterionStatus.MET)
    stored = criterion(initiative, "feasibility_spike")
    assert (stored.metric_value, stored.status) == (Decimal("10"), CriterionStatus.MET)
