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
