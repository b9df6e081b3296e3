"""What an initiative's Regulatory page and its API answer show: the answers, one classification per applicable
regime with its reasons, the obligations with their citations and effective dates, and the slots and cadence they
imply. A fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.exceptions import NotFound
from governance.gate import required_slots
from governance.services.scheduling import cadence
from regimes.models import Applicability, RegimeClassification
from regimes.selectors.obligations import current_answers, evaluation, published_versions


def disclaimer() -> dict:
    """The shipped catalogue's disclaimer in three languages: a starting point, not legal advice."""
    try:
        from regimes.catalogue import DISCLAIMER
    except ImportError:
        return {
            "en": "The regulatory catalogue is a starting point for the compliance team, not legal advice.",
            "zh-hant": "法規目錄是法遵團隊的起點，並非法律意見。",
            "zh-hans": "法规目录是合规团队的起点，并非法律意见。",
        }
    return DISCLAIMER


@dataclass
class Regulatory:
    initiative: Initiative
    answers: Applicability | None
    classifications: list = field(default_factory=list)
    obligations: list = field(default_factory=list)
    slots: list = field(default_factory=list)
    cadence_days: int | None = None
    tier: str | None = None
    regimes: dict = field(default_factory=dict)
    today: datetime.date | None = None
    disclaimer: dict = field(default_factory=dict)


def regulatory(initiative: Initiative) -> Regulatory:
    """The regulatory picture of ``initiative`` (the caller has checked the viewer may see it)."""
    answers = current_answers(initiative)
    versions = published_versions()
    today = timezone.localdate()
    result = evaluation(initiative, answers=answers.answers if answers else {}, versions=versions, on=today)
    contents = {v.regime.code: v.content for v in versions}
    classifications = list(
        RegimeClassification.objects.filter(initiative=initiative, is_current=True)
        .select_related("regime", "regime_version", "confirmed_by", "proposed_by")
        .order_by("regime__order", "regime__code")
    )
    for c in classifications:
        content = c.regime_version.content
        c.regime_name = content.get("name") or {}
        c.class_spec = next((k for k in content.get("classes") or [] if k.get("code") == c.class_code), {})
    obligations = []
    for applied in result.obligations:
        spec = applied.spec
        obligations.append(
            {
                "regime": applied.regime,
                "regime_name": contents.get(applied.regime, {}).get("name") or {},
                "code": applied.code,
                "title": spec.get("title") or {},
                "guidance": spec.get("guidance") or {},
                "citation": spec.get("citation") or {},
                "effective": applied.effective.isoformat() if getattr(applied, "effective", None) else None,
                "applies_from": applied.applies_from(today).isoformat() if applied.applies_from(today) else None,
                "binding": applied.binding,
                "informational": bool(spec.get("informational")),
                "criteria": [
                    {
                        "phase": c.get("phase"),
                        "kind": c.get("kind"),
                        "waivable_by_role": c.get("waivable_by_role") or "",
                    }
                    for c in spec.get("criteria") or []
                ],
                "filing": spec.get("filing"),
                "slots": [list(s) for s in spec.get("slots") or []],
                "review_cadence_days": spec.get("review_cadence_days"),
                "incident": spec.get("incident"),
            }
        )
    slots = required_slots(phase=initiative.phase, risk_tier=initiative.risk_tier, initiative=initiative)
    return Regulatory(
        initiative=initiative,
        answers=answers,
        classifications=classifications,
        obligations=obligations,
        slots=slots,
        cadence_days=cadence(initiative.risk_tier, result.cadence_days).days,
        tier=result.tier,
        regimes={code: content.get("name") or {} for code, content in contents.items()},
        today=today,
        disclaimer=disclaimer(),
    )


def classification_get(*, user, initiative: Initiative, pk: int) -> RegimeClassification:
    """One current classification of ``initiative`` that ``user`` may see, or NotFound."""
    found = (
        RegimeClassification.objects.restrict(user)
        .filter(initiative=initiative, pk=pk)
        .select_related("regime", "answers")
        .first()
    )
    if found is None:
        raise NotFound(_("Classification not found."))
    return found
