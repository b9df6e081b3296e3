"""Helpers that put an initiative in a state for governance tests: a satisfied gate and a full cast of signers."""

import hashlib

from django.utils import timezone

from adoption.choices import CriterionStatus, Role
from adoption.models import GateCriterion, Initiative

from .core import UserFactory, grant


def satisfy_gate(initiative: Initiative, *, risk_tier: str | None = "limited") -> Initiative:
    """Mark every criterion of the current phase met with fresh evidence (set-up only; the criterion services
    have their own tests) and give the initiative a risk tier."""
    today = timezone.localdate()
    for criterion in GateCriterion.objects.filter(initiative=initiative, phase=initiative.phase).select_related(
        "template"
    ):
        criterion.status = CriterionStatus.MET
        criterion.evidence_date = today
        criterion.evidence_count = 1
        criterion.latest_evidence_sha256 = hashlib.sha256(criterion.code.encode()).hexdigest()
        if criterion.template.threshold is not None:
            criterion.metric_value = criterion.template.threshold
        criterion.save()
    if risk_tier:
        Initiative.objects.filter(pk=initiative.pk).update(risk_tier=risk_tier)
        initiative.refresh_from_db()
    return initiative


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
