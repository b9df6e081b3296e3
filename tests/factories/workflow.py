"""Helpers that put an initiative in a state for governance tests: a satisfied gate and a full cast of signers."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from adoption.choices import CriterionStatus, DataClassification, Role
from adoption.models import GateCriterion, Initiative, ModelOption

from .core import UserFactory, grant


def satisfy_gate(initiative: Initiative, *, risk_tier: str | None = "limited") -> Initiative:
    """Mark every criterion of the current phase met with fresh evidence (set-up only; the criterion services
    have their own tests) and give the initiative a risk tier. Where the data judges a criterion, the data is put
    in place too (a data classification, two scored options with one chosen, a four-week testing period), so a
    later change that judges the criteria again finds them met; an ROI estimate is left to the tests that want one.
    """
    today = timezone.localdate()
    criteria = GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase)
    judged = set(criteria.exclude(template__derived="").values_list("template__derived", flat=True))
    if "classified" in judged and initiative.data_classification == DataClassification.UNCLASSIFIED:
        Initiative.objects.filter(pk=initiative.pk).update(data_classification=DataClassification.INTERNAL)
    if "options_scored" in judged and not ModelOption.objects.filter(initiative=initiative).exists():
        scores = {f"score_{d}": 3 for d in ("quality", "total_cost", "data_security", "control", "vendor_risk")}
        for name, chosen in (("Hosted model", True), ("Open-weights model", False)):
            ModelOption.objects.create(
                initiative=initiative,
                name=name,
                sourcing="closed_api",
                is_chosen=chosen,
                recorded_by=initiative.owner,
                **scores,
            )
    for criterion in GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).select_related(
        "template"
    ):
        if criterion.template.derived == "testing_days":
            criterion.period_start, criterion.period_end = today - timedelta(days=34), today
        criterion.status = CriterionStatus.MET
        criterion.evidence_date = today
        criterion.evidence_count = 1
        criterion.latest_evidence_sha256 = hashlib.sha256(criterion.code.encode()).hexdigest()
        if criterion.template.threshold is not None:
            criterion.metric_value = criterion.template.threshold
        criterion.save()
    initiative.refresh_from_db()
    if risk_tier:
        Initiative.objects.filter(pk=initiative.pk).update(risk_tier=risk_tier)
        initiative.refresh_from_db()
    return initiative


def record_derived_data(initiative: Initiative, actor) -> None:
    """Record, through the services, the data that meets the current phase's criteria the data judges (a data
    classification, an ROI estimate in this phase, two scored options with one chosen, four weeks of testing)."""
    from adoption.services.criteria import criterion_update
    from adoption.services.initiatives import initiative_update
    from adoption.services.roi import roi_version_append
    from adoption.services.selection import model_option_choose, model_option_record

    from .adoption import roi_values

    initiative.refresh_from_db()
    if initiative.data_classification == "unclassified":
        initiative_update(actor=actor, initiative=initiative, data_classification="internal")
    if not initiative.roi_versions.filter(phase=initiative.phase).exists():
        roi_version_append(actor=actor, initiative=initiative, **roi_values())
    if not initiative.model_options.exists():
        options = [
            model_option_record(
                actor=actor,
                initiative=initiative,
                name=name,
                sourcing=sourcing,
                score_quality=4,
                score_total_cost=3,
                score_data_security=4,
                score_control=3,
                score_vendor_risk=3,
            )
            for name, sourcing in (("Hosted model", "closed_api"), ("Open-weights model", "open_source_self_hosted"))
        ]
        model_option_choose(actor=actor, initiative=initiative, option=options[0], rationale="Best for the task.")
    today = timezone.localdate()
    for criterion in GateCriterion.objects.filter(
        initiative=initiative, phase=initiative.phase, template__derived="testing_days"
    ).select_related("template"):
        criterion_update(actor=actor, criterion=criterion, period_start=today - timedelta(days=27), period_end=today)
    initiative.refresh_from_db()


def signers_for(business_unit, *, coe, prefix: str = "") -> dict[str, object]:
    """One user per signer role, scoped to ``business_unit`` (the CoE signs as the global ``coe`` user)."""
    cast = {"coe_admin": coe}
    for role in (Role.COMPLIANCE_OFFICER, Role.SECURITY_REVIEWER, Role.DATA_STEWARD):
        user = UserFactory(username=f"{prefix}{role}")
        grant(user, role, business_unit=business_unit, by=coe)
        cast[role] = user
    second = UserFactory(username=f"{prefix}compliance_officer_2")
    grant(second, Role.COMPLIANCE_OFFICER, business_unit=business_unit, by=coe)
    cast["compliance_officer_2"] = second
    return cast


def compliance_answers(risk_tier: str = "limited") -> dict[str, str]:
    """An answer to every question of the questionnaire a compliance review of ``risk_tier`` answers now (yes, the
    first choice, a line of text)."""
    from governance.models import ComplianceQuestionnaire
    from governance.questionnaire import questionnaire_tier

    current = ComplianceQuestionnaire.objects.get(risk_tier=questionnaire_tier(risk_tier), is_current=True)
    first_choice = {q["code"]: (q.get("choices") or [{"code": ""}])[0]["code"] for q in current.questions}
    by_type = {
        "yes_no": lambda q: "yes",
        "text": lambda q: "Nothing to report.",
        "choice": lambda q: first_choice[q["code"]],
    }
    return {q["code"]: by_type[q["answer_type"]](q) for q in current.questions}
