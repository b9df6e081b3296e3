"""One initiative from exploration to production through the real services, with the right signers each time."""

from decimal import Decimal

from django.utils import timezone

from adoption.choices import CriterionKind, Phase, Status
from adoption.defaults import DEFAULT_DERIVED, DEFAULT_TEMPLATES
from adoption.models import GateCriterion
from adoption.services.criteria import criterion_update
from adoption.services.evidence import evidence_add
from adoption.services.roi import roi_version_append
from governance.audit import verify_chains
from governance.choices import ReviewStatus
from governance.models import AuditEvent, GateReview
from governance.services.reviews import gate_review_request, signoff_record
from tests.factories import make_initiative, signers_for
from tests.factories.workflow import record_derived_data

SIGNERS_BY_PHASE = {
    Phase.EXPLORATION: ["business_sponsor", "coe_admin", "compliance_officer", "compliance_officer_2"],
    Phase.VALIDATION: [
        "coe_admin",
        "compliance_officer",
        "security_reviewer",
        "data_steward",
        "business_sponsor",
        "compliance_officer_2",
    ],
    Phase.SCALING: ["coe_admin", "compliance_officer", "security_reviewer", "business_sponsor", "compliance_officer_2"],
}


def record_everything(initiative, owner):
    # The criteria backed by data follow the data; the others are marked.
    record_derived_data(initiative, owner)
    for criterion in GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).select_related(
        "template"
    ):
        template = criterion.template
        if template.derived:
            assert criterion.status == "met", criterion.code
            continue
        if template.kind in (CriterionKind.METRIC, CriterionKind.DURATION):
            value = template.threshold if template.comparator == "gte" else template.threshold - 1
            evidence_add(actor=owner, criterion=criterion, kind="text", text="measured", metric_value=value)
        elif template.kind == CriterionKind.EVIDENCE:
            evidence_add(actor=owner, criterion=criterion, kind="link", url="https://wiki.example/evidence")
        criterion_update(actor=owner, criterion=criterion, status="met")


def test_exploration_to_production_with_a_valid_audit_chain(coe, units, owner, sponsor):
    initiative = make_initiative(coe=coe, business_unit=units["cards"], owner=owner, sponsor=sponsor, risk_tier="high")
    cast = signers_for(units["retail"], coe=coe)
    cast["business_sponsor"] = sponsor
    for phase in (Phase.EXPLORATION, Phase.VALIDATION, Phase.SCALING):
        initiative.refresh_from_db()
        assert initiative.phase == phase
        roi_version_append(
            actor=owner,
            initiative=initiative,
            currency="EUR",
            rate_to_reporting=Decimal("1"),
            rate_date=timezone.localdate(),
            confidence="medium",
            benefit_cash_saving=Decimal("250000"),
            one_off_cost=Decimal("80000"),
            run_cost_model=Decimal("30000"),
        )
        record_everything(initiative, owner)
        review = gate_review_request(actor=owner, initiative=initiative)
        assert [s.key for s in review.slots.all()] == SIGNERS_BY_PHASE[phase]
        for key in SIGNERS_BY_PHASE[phase]:
            signoff_record(actor=cast[key], review=review, slot_key=key, decision="approve")
        review.refresh_from_db()
        assert review.status == ReviewStatus.APPROVED

    initiative.refresh_from_db()
    assert initiative.status == Status.IN_PRODUCTION
    assert GateReview.objects.filter(initiative=initiative, status="approved").count() == 3

    verbs = list(AuditEvent.objects.filter(initiative=initiative).order_by("seq").values_list("verb", flat=True))
    assert verbs[0] == "initiative.created"
    assert verbs.count("gate_review.requested") == 3
    assert verbs.count("signoff.recorded") == 4 + 6 + 5
    assert verbs.count("gate_review.approved") == 3
    assert verbs.count("initiative.advanced") == 2
    assert verbs.count("initiative.entered_production") == 1
    assert verbs.count("roi.version_appended") == 3
    with_evidence = [
        row
        for phase, rows in DEFAULT_TEMPLATES.items()
        for row in rows
        if row[3] != CriterionKind.CHECKLIST and (phase, row[0]) not in DEFAULT_DERIVED
    ]
    assert verbs.count("criterion.evidence_added") == len(with_evidence) == 15
    # Five criteria are judged from the data: four met as their data was recorded, the testing days as the owner
    # recorded the period (audited as that update).
    assert verbs.count("criterion.derived") == len(DEFAULT_DERIVED) - 1 == 4
    # Each approved gate is signed; the last one also schedules the first compliance review of production.
    assert verbs.count("receipt.issued") == 3
    assert verbs[-2:] == ["compliance_review.scheduled", "receipt.issued"]
    seqs = list(AuditEvent.objects.filter(initiative=initiative).order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))
    checked, broken = verify_chains()
    assert broken is None
    assert checked >= len(verbs)
