"""A small catalogue of two regimes in the catalogue format, for the core's tests (the shipped content has its own
tests): an "eu" regime with prohibited > high > limited > minimal classes, and a voluntary-free "tw" regime whose
high class adds an independent reviewer's slot and a 30-day review cadence."""

import copy


def T(en: str) -> dict:
    return {"en": en, "zh-hant": f"{en}（繁）", "zh-hans": f"{en}（简）"}


QUESTIONS = [
    {
        "code": "deployed_in",
        "type": "multi",
        "text": T("Where is it deployed?"),
        "choices": [{"code": c, "text": T(c)} for c in ("eu", "prc", "taiwan", "other")],
    },
    {
        "code": "audience",
        "type": "multi",
        "text": T("Who uses it?"),
        "choices": [{"code": c, "text": T(c)} for c in ("staff", "customers", "public")],
    },
    {"code": "automated_decisions", "type": "bool", "text": T("Automated decisions about people?")},
    {"code": "prohibited_practice", "type": "bool", "text": T("A prohibited practice?")},
    {
        "code": "use_cases",
        "type": "multi",
        "text": T("Use cases"),
        "choices": [{"code": c, "text": T(c)} for c in ("creditworthiness", "customer_chatbot", "other")],
    },
]

EU = {
    "code": "eu",
    "version": 1,
    "voluntary": False,
    "name": T("Test EU regime"),
    "jurisdiction": T("EU"),
    "summary": T("Test"),
    "instrument": T("Regulation (EU) 2024/1689"),
    "effective": "2024-08-01",
    "applies_when": {"q": "deployed_in", "any_of": ["eu"]},
    "questions": [],
    "classes": [
        {
            "code": "prohibited",
            "tier": "prohibited",
            "name": T("Prohibited"),
            "description": T("Art. 5"),
            "when": {"q": "prohibited_practice", "is": True},
            "reason": T("A prohibited practice"),
        },
        {
            "code": "high",
            "tier": "high",
            "name": T("High risk"),
            "description": T("Annex III systems"),
            "when": {"q": "use_cases", "any_of": ["creditworthiness"]},
            "reason": T("Annex III"),
        },
        {
            "code": "limited",
            "tier": "limited",
            "name": T("Limited"),
            "description": T("Transparency"),
            "when": {"q": "audience", "any_of": ["customers", "public"]},
            "reason": T("Art. 50"),
        },
        {
            "code": "minimal",
            "tier": "minimal",
            "name": T("Minimal"),
            "description": T("Anything else"),
            "when": None,
            "reason": T("Nothing else"),
        },
    ],
    "obligations": [
        {
            "code": "fria",
            "title": T("Fundamental-rights impact assessment"),
            "guidance": T("Assess before use."),
            "citation": {"instrument": T("Regulation (EU) 2024/1689"), "article": "Art. 27"},
            "effective": "2026-08-02",
            "applies": {"classes": ["high"], "when": None},
            "informational": False,
            "criteria": [
                {
                    "phase": "exploration",
                    "kind": "evidence",
                    "validity_days": None,
                    "waivable_by_role": "compliance_officer",
                    "mandatory": True,
                }
            ],
            "filing": None,
            "slots": [],
            "review_cadence_days": 60,
            "incident": None,
            "retirement": [],
            "on_change": ["model"],
        },
        {
            "code": "transparency",
            "title": T("Tell people they talk to an AI"),
            "guidance": T("Disclose."),
            "citation": {"instrument": T("Regulation (EU) 2024/1689"), "article": "Art. 50"},
            "effective": "2026-08-02",
            "applies": {"classes": ["limited", "high"], "when": None},
            "informational": False,
            "criteria": [
                {
                    "phase": "validation",
                    "kind": "checklist",
                    "validity_days": None,
                    "waivable_by_role": "independent_reviewer",
                    "mandatory": True,
                }
            ],
            "filing": None,
            "slots": [],
            "review_cadence_days": None,
            "incident": None,
            "retirement": [],
            "on_change": [],
        },
    ],
}

TW = {
    "code": "tw",
    "version": 1,
    "voluntary": False,
    "name": T("Test Taiwan regime"),
    "jurisdiction": T("Taiwan"),
    "summary": T("Test"),
    "instrument": T("FSC guidelines"),
    "effective": "2024-06-20",
    "applies_when": {"q": "deployed_in", "any_of": ["taiwan"]},
    "questions": [
        {
            "code": "autonomy",
            "type": "choice",
            "text": T("Autonomy"),
            "choices": [{"code": "low", "text": T("low")}, {"code": "high", "text": T("high")}],
        }
    ],
    "classes": [
        {
            "code": "high_impact",
            "tier": "high",
            "name": T("High impact"),
            "description": T("High"),
            "when": {"all": [{"q": "audience", "any_of": ["customers"]}, {"q": "autonomy", "is": "high"}]},
            "reason": T("Customer-facing and autonomous"),
        },
        {
            "code": "low_impact",
            "tier": "minimal",
            "name": T("Low impact"),
            "description": T("Low"),
            "when": None,
            "reason": T("Otherwise"),
        },
    ],
    "obligations": [
        {
            "code": "third_party_review",
            "title": T("Independent third-party review"),
            "guidance": T("Have it reviewed."),
            "citation": {"instrument": T("FSC guidelines"), "article": "Ch. 4"},
            "effective": "2024-06-20",
            "applies": {"classes": ["high_impact"], "when": None},
            "informational": False,
            "criteria": [
                {
                    "phase": "exploration",
                    "kind": "evidence",
                    "validity_days": 365,
                    "waivable_by_role": "independent_reviewer",
                    "mandatory": True,
                }
            ],
            "filing": None,
            "slots": [["independent_reviewer", 1]],
            "review_cadence_days": 30,
            "incident": None,
            "retirement": [],
            "on_change": [],
        },
        {
            "code": "basic_act_info",
            "title": T("AI Basic Act (informational)"),
            "guidance": T("Watch for rules."),
            "citation": {"instrument": T("AI Basic Act"), "article": "Art. 1"},
            "effective": "2026-01-14",
            "applies": {"classes": [], "when": None},
            "informational": True,
            "criteria": [],
            "filing": None,
            "slots": [],
            "review_cadence_days": None,
            "incident": None,
            "retirement": [],
            "on_change": [],
        },
    ],
}


def regimes() -> list[dict]:
    return [copy.deepcopy(EU), copy.deepcopy(TW)]
