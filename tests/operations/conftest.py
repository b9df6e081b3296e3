"""A small test regime through regimes-core's models (the catalogue format), an initiative that answered its
questions, and the people who work on it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from adoption.choices import Role
from regimes.models import Applicability, Regime, RegimeVersion
from tests.factories import UserFactory, grant


def T(en: str) -> dict:
    return {"en": en, "zh-hant": f"{en}（繁）", "zh-hans": f"{en}（简）"}


TEST_REGIME = {
    "code": "ops_test",
    "version": 1,
    "voluntary": False,
    "name": T("Operations test regime"),
    "jurisdiction": T("Testland"),
    "summary": T("A regime for the operations tests."),
    "instrument": T("Test Measures"),
    "effective": "2020-01-01",
    "applies_when": {"q": "deployed_in", "any_of": ["prc"]},
    "questions": [],
    "classes": [{"code": "public", "tier": "limited", "name": T("Public"), "description": T("."), "when": None}],
    "obligations": [
        {
            "code": "algorithm_filing",
            "title": T("Algorithm filing"),
            "guidance": T("File the algorithm."),
            "citation": {"instrument": T("Test Measures"), "article": "Art. 17"},
            "effective": "2020-01-01",
            "applies": {"classes": [], "when": None},
            "informational": False,
            "criteria": [],
            "filing": {
                "kind": "algorithm_filing",
                "authority": T("Provincial cyberspace administration"),
                "blocks_phase": "scaling",
                "refile_on": ["model", "vendor", "purpose"],
            },
            "on_change": ["model"],
            "retirement": [{"code": "filing_cancelled_cac", "text": T("Cancel the algorithm filing with the CAC")}],
        },
        {
            "code": "incident_report",
            "title": T("Incident report"),
            "guidance": T("Report within 4 hours."),
            "citation": {"instrument": T("Incident Measures"), "article": "Art. 5"},
            "effective": "2020-01-01",
            "applies": {"classes": [], "when": None},
            "informational": False,
            "criteria": [],
            "filing": None,
            "incident": {
                "deadline_hours": 4,
                "authority": T("Provincial cyberspace administration"),
                "severities": ["major", "critical"],
                "when": {"not": {"q": "critical_infrastructure", "is": True}},
            },
        },
        {
            "code": "incident_report_cii",
            "title": T("Incident report (CII)"),
            "guidance": T("Report within 1 hour."),
            "citation": {"instrument": T("Incident Measures"), "article": "Art. 5"},
            "effective": "2020-01-01",
            "applies": {"classes": [], "when": None},
            "informational": False,
            "criteria": [],
            "filing": None,
            "incident": {
                "deadline_hours": 1,
                "authority": T("Provincial cyberspace administration"),
                "severities": ["major", "critical"],
                "when": {"q": "critical_infrastructure", "is": True},
            },
        },
    ],
}

PRC_PUBLIC = {"deployed_in": ["prc"], "audience": ["public"], "critical_infrastructure": False}


@pytest.fixture
def regime(db):
    """The test regime, published; every other regime (the shipped catalogue) switched off for these tests."""
    Regime.objects.update(enabled=False)
    regime = Regime.objects.create(code="ops_test", enabled=True)
    RegimeVersion.objects.create(regime=regime, version=1, content=TEST_REGIME, status="published")
    return regime


def answer(initiative, by, **answers) -> Applicability:
    version = Applicability.objects.filter(initiative=initiative).count() + 1
    return Applicability.objects.create(
        initiative=initiative,
        version=version,
        answers={**PRC_PUBLIC, **answers},
        phase=initiative.phase,
        answered_by=by,
        answered_at=timezone.now(),
    )


@pytest.fixture
def cast(coe, initiative, owner, sponsor, units):
    """The initiative's people: a compliance officer of its unit, another unit's owner, the CoE."""
    compliance = UserFactory(username="compliance")
    grant(compliance, Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    outsider = UserFactory(username="outsider")
    grant(outsider, Role.COMPLIANCE_OFFICER, business_unit=units["insurance"])
    return {
        "coe": coe,
        "owner": owner,
        "sponsor": sponsor,
        "compliance": compliance,
        "outsider": outsider,
        "initiative": initiative,
    }


def to_production(initiative):
    """Set-up only: the initiative through its scaling gate (criteria met) and in production."""
    from adoption.models import Initiative
    from tests.factories import satisfy_gate
    from tests.factories.adoption import move_to_phase

    if initiative.phase != "scaling":
        initiative = move_to_phase(initiative, "scaling")
    satisfy_gate(initiative)
    Initiative.objects.filter(pk=initiative.pk).update(
        status="in_production", production_entered_at=timezone.now(), risk_tier="limited"
    )
    initiative.refresh_from_db()
    return initiative
