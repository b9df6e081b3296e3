"""The regime catalogue's pure engine (interface of ``/tmp/briefs/catalogue_format.md``).

Stand-in written by regimes-core while regimes-content's engine had not landed: the lead keeps regimes-content's
version at merge. Pure functions over the catalogue's dicts; no database.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

TIER_RANK = {"minimal": 1, "limited": 2, "high": 3, "prohibited": 4}
LANGUAGES = ("en", "zh-hant", "zh-hans")
PHASES = ("exploration", "validation", "scaling")
KINDS = ("checklist", "evidence", "metric", "duration", "reality_gap")
ROLES = (
    "coe_admin",
    "initiative_owner",
    "contributor",
    "business_sponsor",
    "compliance_officer",
    "security_reviewer",
    "data_steward",
    "executive",
    "auditor",
    "independent_reviewer",
)


@dataclass(frozen=True)
class Classified:
    regime: str
    version: int
    class_code: str
    tier: str
    reasons: list = field(default_factory=list)


@dataclass(frozen=True)
class Applied:
    regime: str
    code: str
    spec: dict
    binding: bool


@dataclass
class Evaluation:
    classifications: list
    obligations: list
    tier: str | None
    slots: list
    cadence_days: int | None
    incident_deadlines: list


def holds(condition, answers: dict) -> bool:
    if condition is None or condition is True:
        return True
    if condition is False:
        return False
    if "all" in condition:
        return all(holds(c, answers) for c in condition["all"])
    if "any" in condition:
        return any(holds(c, answers) for c in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], answers)
    code = condition.get("q")
    if code not in answers or answers[code] is None:
        return False
    value = answers[code]
    values = set(value) if isinstance(value, list) else {value}
    if "is" in condition:
        return value == condition["is"]
    if "any_of" in condition:
        return bool(values & set(condition["any_of"]))
    if "all_of" in condition:
        return set(condition["all_of"]) <= values
    return False


def _codes(condition) -> list[str]:
    if not isinstance(condition, dict):
        return []
    if "all" in condition or "any" in condition:
        return [c for part in condition.get("all", condition.get("any", [])) for c in _codes(part)]
    if "not" in condition:
        return _codes(condition["not"])
    return [condition["q"]] if "q" in condition else []


def missing_questions(regime: dict, answers: dict, common: list[dict]) -> list[str]:
    needed = _codes(regime.get("applies_when"))
    for cls in regime.get("classes", []):
        needed += _codes(cls.get("when"))
    known = [q["code"] for q in [*common, *regime.get("questions", [])]]
    wanted = [code for code in known if code in needed]
    return [code for code in dict.fromkeys(wanted) if code not in answers]


def _held_reasons(condition, answers: dict) -> list[dict]:
    if not isinstance(condition, dict):
        return []
    if "all" in condition or "any" in condition:
        parts = condition.get("all", condition.get("any", []))
        return [r for part in parts if holds(part, answers) for r in _held_reasons(part, answers)]
    if "not" in condition or "q" not in condition:
        return []
    value = answers.get(condition["q"])
    shown = ", ".join(value) if isinstance(value, list) else str(value)
    return [
        {
            "en": f"Answer “{condition['q']}”: {shown}",
            "zh-hant": f"回答「{condition['q']}」：{shown}",
            "zh-hans": f"回答“{condition['q']}”：{shown}",
        }
    ]


def classify(regime: dict, answers: dict) -> Classified | None:
    if not holds(regime.get("applies_when"), answers):
        return None
    for cls in regime.get("classes", []):
        if holds(cls.get("when"), answers):
            reasons = [r for r in [cls.get("reason")] if r] + _held_reasons(cls.get("when"), answers)
            return Classified(regime["code"], int(regime.get("version", 1)), cls["code"], cls["tier"], reasons)
    return None


def applicable(regime: dict, classified: Classified, answers: dict, on: datetime.date) -> list[Applied]:
    found = []
    for obligation in regime.get("obligations", []):
        applies = obligation.get("applies") or {}
        classes = applies.get("classes") or []
        if classes and classified.class_code not in classes:
            continue
        if not holds(applies.get("when"), answers):
            continue
        effective = obligation.get("effective")
        in_force = effective is None or datetime.date.fromisoformat(effective) <= on
        found.append(
            Applied(regime["code"], obligation["code"], obligation, in_force and not obligation.get("informational"))
        )
    return found


def strictest(tiers: Iterable[str]) -> str | None:
    ranked = [t for t in tiers if t in TIER_RANK]
    return max(ranked, key=TIER_RANK.__getitem__) if ranked else None


def evaluate(regimes: list[dict], answers: dict, on: datetime.date) -> Evaluation:
    classifications, obligations = [], []
    for regime in regimes:
        classified = classify(regime, answers)
        if classified is None:
            continue
        classifications.append(classified)
        obligations += applicable(regime, classified, answers, on)
    binding = [a for a in obligations if a.binding]
    slots = list(dict.fromkeys(tuple(slot) for a in binding for slot in a.spec.get("slots") or []))
    cadences = [a.spec["review_cadence_days"] for a in binding if a.spec.get("review_cadence_days")]
    incidents = []
    for a in binding:
        incident = a.spec.get("incident")
        if incident and holds(incident.get("when"), answers):
            incidents.append((a.regime, a.code, incident["deadline_hours"], incident.get("authority")))
    return Evaluation(
        classifications,
        obligations,
        strictest(c.tier for c in classifications),
        slots,
        min(cadences) if cadences else None,
        incidents,
    )


def _text_problems(where: str, text) -> list[str]:
    if not isinstance(text, dict):
        return [f"{where}: not a text in three languages"]
    return [f"{where}: missing the {lang} text" for lang in LANGUAGES if not str(text.get(lang) or "").strip()]


def _condition_problems(where: str, condition) -> list[str]:
    if condition is None or condition is True:
        return []
    if not isinstance(condition, dict):
        return [f"{where}: a condition must be a dict"]
    if "all" in condition or "any" in condition:
        parts = condition.get("all", condition.get("any"))
        if not isinstance(parts, list):
            return [f"{where}: all/any takes a list"]
        return [p for part in parts for p in _condition_problems(where, part)]
    if "not" in condition:
        return _condition_problems(where, condition["not"])
    if "q" not in condition or not ({"is", "any_of", "all_of"} & set(condition)):
        return [f"{where}: a condition names a question (q) and is, any_of or all_of"]
    return []


def validate(regime: dict) -> list[str]:
    problems: list[str] = []
    if not isinstance(regime, dict):
        return ["The regime must be a JSON object."]
    for key in ("code", "name", "classes", "obligations"):
        if key not in regime:
            problems.append(f"missing “{key}”")
    if problems:
        return problems
    for key in ("name", "summary", "instrument"):
        if key in regime:
            problems += _text_problems(key, regime[key])
    problems += _condition_problems("applies_when", regime.get("applies_when"))
    classes = [c.get("code") for c in regime["classes"] if isinstance(c, dict)]
    for cls in regime["classes"]:
        if not isinstance(cls, dict) or cls.get("tier") not in TIER_RANK:
            problems.append(f"class {cls.get('code') if isinstance(cls, dict) else cls}: unknown tier")
            continue
        problems += _text_problems(f"class {cls['code']} name", cls.get("name"))
        problems += _condition_problems(f"class {cls['code']}", cls.get("when"))
    codes = set()
    for ob in regime["obligations"]:
        code = ob.get("code") if isinstance(ob, dict) else None
        if not code:
            problems.append("an obligation has no code")
            continue
        if code in codes:
            problems.append(f"obligation {code}: the code is used twice")
        codes.add(code)
        problems += _text_problems(f"obligation {code} title", ob.get("title"))
        if ob.get("effective"):
            try:
                datetime.date.fromisoformat(ob["effective"])
            except (TypeError, ValueError):
                problems.append(f"obligation {code}: the effective date is not YYYY-MM-DD")
        applies = ob.get("applies") or {}
        for cls in applies.get("classes") or []:
            if cls not in classes:
                problems.append(f"obligation {code}: unknown class {cls}")
        problems += _condition_problems(f"obligation {code}", applies.get("when"))
        for criterion in ob.get("criteria") or []:
            if criterion.get("phase") not in PHASES:
                problems.append(f"obligation {code}: unknown phase {criterion.get('phase')}")
            if criterion.get("kind") not in KINDS:
                problems.append(f"obligation {code}: unknown kind {criterion.get('kind')}")
            role = criterion.get("waivable_by_role")
            if role and role not in ROLES:
                problems.append(f"obligation {code}: unknown role {role}")
        for slot in ob.get("slots") or []:
            if not isinstance(slot, list | tuple) or len(slot) != 2 or slot[0] not in ROLES:
                problems.append(f"obligation {code}: a slot is [role, ordinal] with a known role")
        cadence = ob.get("review_cadence_days")
        if cadence is not None and (not isinstance(cadence, int) or cadence < 1):
            problems.append(f"obligation {code}: the review cadence is a number of days")
        incident = ob.get("incident")
        if incident is not None and (not isinstance(incident.get("deadline_hours"), int | float)):
            problems.append(f"obligation {code}: the incident deadline is a number of hours")
    return problems
