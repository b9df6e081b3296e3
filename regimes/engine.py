"""The regime catalogue's engine: pure functions over the catalogue's dicts (no database, no request).

The format is described in ``regimes/catalogue/__init__.py``. Given an initiative's answers to the applicability
questionnaire, the engine says which regimes apply and in which class (with its reasons, named in the three
languages), which obligations follow and whether they bind yet, and what the strictest of them implies: the tier,
the extra sign-off slots, the compliance-review cadence and the incident-notification deadlines. ``validate()``
says what is wrong with a regime before anyone stores it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

LANGUAGES = ("en", "zh-hant", "zh-hans")

TIER_RANK = {"minimal": 1, "limited": 2, "high": 3, "prohibited": 4}

QUESTION_TYPES = ("bool", "choice", "multi", "text")
FILING_KINDS = ("algorithm_filing", "model_filing", "registration", "security_assessment", "notification", "other")
CHANGE_KINDS = ("model", "model_version", "vendor", "system_prompt", "price", "data_sources", "purpose", "audience")
# A role only a regime's obligation asks for (regimes-core adds it to the roles a person can hold).
EXTRA_ROLES = ("independent_reviewer",)


def _choices_values(name: str) -> tuple[str, ...]:
    """The codes of one of ``adoption.choices``' enumerations: the catalogue names them, the adoption app owns them."""
    from adoption import choices

    return tuple(getattr(choices, name).values)


def phases() -> tuple[str, ...]:
    return _choices_values("Phase")


def criterion_kinds() -> tuple[str, ...]:
    return _choices_values("CriterionKind")


def roles() -> tuple[str, ...]:
    return tuple(dict.fromkeys(_choices_values("Role") + EXTRA_ROLES))


# --- results -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Classified:
    """One regime's classification of an initiative: the first class (strictest first) whose condition holds."""

    regime: str
    version: int
    class_code: str
    tier: str
    reasons: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "regime": self.regime,
            "version": self.version,
            "class_code": self.class_code,
            "tier": self.tier,
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True)
class Applied:
    """An obligation that applies: ``binding`` when it is in force on the day asked about and not informational."""

    regime: str
    code: str
    spec: dict
    binding: bool
    effective: datetime.date | None = None

    @property
    def informational(self) -> bool:
        return bool(self.spec.get("informational"))

    def as_dict(self, on: datetime.date | None = None) -> dict:
        """What a page or the API shows of it (JSON-ready): its texts, citation, and whether and from when it binds."""
        spec = self.spec
        starts = self.applies_from(on) if on is not None else None
        return {
            "regime": self.regime,
            "code": self.code,
            "title": spec.get("title"),
            "citation": spec.get("citation"),
            "binding": self.binding,
            "informational": self.informational,
            "effective": self.effective.isoformat() if self.effective else None,
            "applies_from": starts.isoformat() if starts else None,
        }

    def applies_from(self, on: datetime.date) -> datetime.date | None:
        """The day it starts to bind, when that is after ``on`` (shown as "applies from")."""
        if self.informational or self.effective is None or self.effective <= on:
            return None
        return self.effective


class IncidentDeadline(NamedTuple):
    regime: str
    obligation: str
    hours: int
    authority: dict


@dataclass(frozen=True)
class Evaluation:
    classifications: list[Classified]
    obligations: list[Applied]
    tier: str | None
    slots: list[tuple[str, int]]
    cadence_days: int | None
    incident_deadlines: list[IncidentDeadline]

    def as_dict(self, on: datetime.date | None = None) -> dict:
        """The whole evaluation, JSON-ready (classes with reasons, obligations, and what the strictest implies)."""
        return {
            "classifications": [classified.as_dict() for classified in self.classifications],
            "obligations": [applied.as_dict(on) for applied in self.obligations],
            "tier": self.tier,
            "slots": [list(slot) for slot in self.slots],
            "cadence_days": self.cadence_days,
            "incident_deadlines": [deadline._asdict() for deadline in self.incident_deadlines],
        }

    def filings(self, blocking: str | None = None) -> list[Applied]:
        """The binding obligations that need a filing (only those that block the gate of ``blocking``, if given)."""
        return [
            applied
            for applied in self.obligations
            if applied.binding
            and applied.spec.get("filing")
            and (blocking is None or applied.spec["filing"].get("blocks_phase") == blocking)
        ]

    def deadlines_for(self, severity: str) -> list[IncidentDeadline]:
        """The notification deadlines an incident of this severity starts (strictest first)."""
        severities = {
            (applied.regime, applied.code): applied.spec["incident"].get("severities") or ()
            for applied in self.obligations
            if applied.spec.get("incident")
        }
        return [d for d in self.incident_deadlines if severity in severities.get((d.regime, d.obligation), ())]

    def reopened_by(self, change_kind: str) -> list[Applied]:
        """The binding obligations whose criteria a production change of this kind reopens."""
        return [a for a in self.obligations if a.binding and change_kind in (a.spec.get("on_change") or ())]

    def refiling_needed(self, change_kind: str) -> list[Applied]:
        """The filings whose basis a production change of this kind alters ("refile needed")."""
        return [a for a in self.filings() if change_kind in (a.spec["filing"].get("refile_on") or ())]

    def retirement_items(self) -> list[tuple[str, str, dict]]:
        """The retirement checklist: (regime, obligation, item) for every binding obligation's items, once each."""
        seen: set[tuple[str, str]] = set()
        items = []
        for applied in self.obligations:
            if not applied.binding:
                continue
            for entry in applied.spec.get("retirement") or ():
                if (applied.regime, entry["code"]) not in seen:
                    seen.add((applied.regime, entry["code"]))
                    items.append((applied.regime, applied.code, entry))
        return items


# --- conditions ----------------------------------------------------------------------------------------------------


def _answered(answers: dict, code: str) -> bool:
    value = answers.get(code)
    return value is not None and value != ""


def _leaf_holds(condition: dict, answers: dict) -> bool:
    code = condition["q"]
    if not _answered(answers, code):
        return False
    value = answers[code]
    if "is" in condition:
        return value == condition["is"]
    if "any_of" in condition:
        wanted = set(condition["any_of"])
        return bool(wanted & set(value)) if isinstance(value, list | tuple | set) else value in wanted
    if "all_of" in condition:
        wanted = set(condition["all_of"])
        return wanted <= set(value) if isinstance(value, list | tuple | set) else wanted <= {value}
    raise ValueError(f"condition on {code!r} has none of is / any_of / all_of")


def holds(condition: Any, answers: dict) -> bool:
    """Whether ``condition`` holds for ``answers``; a condition on a question not answered is False."""
    if condition is None or condition is True:
        return True
    if condition is False:
        return False
    if not isinstance(condition, dict):
        raise ValueError(f"not a condition: {condition!r}")
    if "q" in condition:
        return _leaf_holds(condition, answers)
    if "all" in condition:
        return all(holds(part, answers) for part in condition["all"])
    if "any" in condition:
        return any(holds(part, answers) for part in condition["any"])
    if "not" in condition:
        return not holds(condition["not"], answers)
    raise ValueError(f"not a condition: {condition!r}")


def condition_questions(condition: Any) -> Iterator[str]:
    """The question codes a condition reads, in order of appearance."""
    if not isinstance(condition, dict):
        return
    if "q" in condition:
        yield condition["q"]
    for key in ("all", "any"):
        for part in condition.get(key) or ():
            yield from condition_questions(part)
    if "not" in condition:
        yield from condition_questions(condition["not"])


def _explaining_leaves(condition: Any, answers: dict, polarity: bool = True) -> Iterator[dict]:
    """The leaves that made ``condition`` come out as ``polarity`` (inside a ``not``, the ones that failed)."""
    if not isinstance(condition, dict):
        return
    if "q" in condition:
        if _leaf_holds(condition, answers) == polarity:
            yield condition
        return
    if "not" in condition:
        yield from _explaining_leaves(condition["not"], answers, not polarity)
        return
    parts = condition.get("all") if "all" in condition else condition.get("any") or []
    # An "all" that held needs every part, an "any" that held the parts that held; inside a "not", the reverse.
    for part in parts:
        if holds(part, answers) == polarity:
            yield from _explaining_leaves(part, answers, polarity)


# --- naming answers ------------------------------------------------------------------------------------------------

_YES = {"en": "yes", "zh-hant": "是", "zh-hans": "是"}
_NO = {"en": "no", "zh-hant": "否", "zh-hans": "否"}
_NOT_ANSWERED = {"en": "not answered", "zh-hant": "未回答", "zh-hans": "未回答"}
_NONE_CHOSEN = {"en": "none", "zh-hant": "皆無", "zh-hans": "均无"}
_JOIN = {"en": ", ", "zh-hant": "、", "zh-hans": "、"}
_SENTENCE = {
    "en": "Answer to “{question}”: {answer}.",
    "zh-hant": "「{question}」的回答：{answer}。",
    "zh-hans": "“{question}”的回答：{answer}。",
}


def _text(texts: Any, language: str) -> str:
    if isinstance(texts, dict):
        return texts.get(language) or texts.get("en") or ""
    return "" if texts is None else str(texts)


def _questions_by_code(regime: dict | None, common: list[dict] | None) -> dict[str, dict]:
    if common is None:
        from regimes.catalogue.questions import QUESTIONS

        common = QUESTIONS
    found = {question["code"]: question for question in common}
    for question in (regime or {}).get("questions") or ():
        found[question["code"]] = question
    return found


def answer_text(question: dict | None, value: Any, language: str, only: Iterable[str] | None = None) -> str:
    """An answer in ``language``: yes/no, the chosen choices' words (``only`` those, for a multi), or the text."""
    if value is None or value == "":
        return _NOT_ANSWERED[language]
    if isinstance(value, bool):
        return (_YES if value else _NO)[language]
    choices = {choice["code"]: choice["text"] for choice in (question or {}).get("choices") or ()}
    if isinstance(value, list | tuple | set):
        codes = [code for code in value if only is None or code in set(only)]
        if not codes:
            return _NONE_CHOSEN[language]
        return _JOIN[language].join(_text(choices.get(code, code), language) for code in codes)
    return _text(choices.get(value, value), language)


def answer_sentence(question: dict | None, code: str, answers: dict, only: Iterable[str] | None = None) -> dict:
    """A sentence naming the answer to one question, in each language (a reason of a classification)."""
    sentence = {}
    for language in LANGUAGES:
        asked = _text(question["text"], language) if question else code
        sentence[language] = _SENTENCE[language].format(
            question=asked.rstrip("?？"), answer=answer_text(question, answers.get(code), language, only)
        )
    return sentence


def explain(condition: Any, answers: dict, questions: dict[str, dict]) -> list[dict]:
    """For each part of a condition that decided it, a sentence naming the answer (three languages each)."""
    sentences: list[dict] = []
    seen: set[str] = set()
    for leaf in _explaining_leaves(condition, answers, holds(condition, answers)):
        code = leaf["q"]
        value = answers.get(code)
        only = None
        if isinstance(value, list | tuple | set) and "any_of" in leaf and _leaf_holds(leaf, answers):
            only = leaf["any_of"]
        sentence = answer_sentence(questions.get(code), code, answers, only)
        if sentence["en"] not in seen:
            seen.add(sentence["en"])
            sentences.append(sentence)
    return sentences


# --- classification and obligations --------------------------------------------------------------------------------


def _date(value: Any) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def _regime_conditions(regime: dict) -> Iterator[Any]:
    yield regime.get("applies_when")
    for klass in regime.get("classes") or ():
        yield klass.get("when")
    for obligation in regime.get("obligations") or ():
        yield (obligation.get("applies") or {}).get("when")
        yield (obligation.get("incident") or {}).get("when")


def missing_questions(regime: dict, answers: dict, common: list[dict] | None = None) -> list[str]:
    """The questions the regime's conditions read that are not answered yet, in questionnaire order."""
    questions = _questions_by_code(regime, common)
    read = dict.fromkeys(code for condition in _regime_conditions(regime) for code in condition_questions(condition))
    order = {code: index for index, code in enumerate(questions)}
    missing = [code for code in read if not _answered(answers, code)]
    return sorted(missing, key=lambda code: order.get(code, len(order)))


def classify(regime: dict, answers: dict, common: list[dict] | None = None) -> Classified | None:
    """The regime's class for these answers (the first, strictest first, whose condition holds), or None when the
    regime does not apply at all."""
    if not holds(regime.get("applies_when"), answers):
        return None
    questions = _questions_by_code(regime, common)
    for klass in regime["classes"]:
        if holds(klass.get("when"), answers):
            reasons = [klass["reason"]] if klass.get("reason") else []
            known = {reason["en"] for reason in reasons}
            for sentence in explain(regime.get("applies_when"), answers, questions) + explain(
                klass.get("when"), answers, questions
            ):
                if sentence["en"] not in known:
                    known.add(sentence["en"])
                    reasons.append(sentence)
            return Classified(regime["code"], regime["version"], klass["code"], klass["tier"], reasons)
    return None


def applicable(regime: dict, classified: Classified | None, answers: dict, on: datetime.date) -> list[Applied]:
    """The obligations that apply to a classified initiative; binding when in force on ``on`` and not informational."""
    if classified is None:
        return []
    applied = []
    for obligation in regime.get("obligations") or ():
        applies = obligation.get("applies") or {}
        classes = applies.get("classes")
        if classes and classified.class_code not in classes:
            continue
        if not holds(applies.get("when"), answers):
            continue
        effective = _date(obligation.get("effective") or regime.get("effective"))
        binding = not obligation.get("informational") and (effective is None or effective <= on)
        applied.append(Applied(regime["code"], obligation["code"], obligation, binding, effective))
    return applied


def strictest(tiers: Iterable[str | None]) -> str | None:
    """The strictest tier of the common scale (prohibited > high > limited > minimal), or None when there is none."""
    ranked = [tier for tier in tiers if tier in TIER_RANK]
    return max(ranked, key=TIER_RANK.__getitem__) if ranked else None


def evaluate(regimes: list[dict], answers: dict, on: datetime.date, common: list[dict] | None = None) -> Evaluation:
    """Every regime's class, the obligations that follow, and what the strictest of them implies."""
    classifications: list[Classified] = []
    obligations: list[Applied] = []
    for regime in regimes:
        classified = classify(regime, answers, common)
        if classified is None:
            continue
        classifications.append(classified)
        obligations.extend(applicable(regime, classified, answers, on))
    binding = [applied for applied in obligations if applied.binding]
    slots = sorted({(role, int(ordinal)) for applied in binding for role, ordinal in applied.spec.get("slots") or ()})
    cadences = [applied.spec["review_cadence_days"] for applied in binding if applied.spec.get("review_cadence_days")]
    deadlines = [
        IncidentDeadline(applied.regime, applied.code, incident["deadline_hours"], incident.get("authority") or {})
        for applied in binding
        if (incident := applied.spec.get("incident")) and holds(incident.get("when"), answers)
    ]
    deadlines.sort(key=lambda deadline: (deadline.hours, deadline.regime, deadline.obligation))
    return Evaluation(
        classifications=classifications,
        obligations=obligations,
        tier=strictest(classified.tier for classified in classifications),
        slots=slots,
        cadence_days=min(cadences) if cadences else None,
        incident_deadlines=deadlines,
    )


# --- validation ----------------------------------------------------------------------------------------------------


def regime_texts(regime: dict) -> Iterator[tuple[str, Any]]:
    """Every text of a regime with where it is (for validation and the translation tests)."""
    for key in ("name", "jurisdiction", "summary", "instrument"):
        yield key, regime.get(key)
    yield from question_texts(regime.get("questions") or (), "questions")
    for klass in regime.get("classes") or ():
        where = f"classes[{klass.get('code')}]"
        for key in ("name", "description", "reason"):
            yield f"{where}.{key}", klass.get(key)
    for obligation in regime.get("obligations") or ():
        where = f"obligations[{obligation.get('code')}]"
        yield f"{where}.title", obligation.get("title")
        yield f"{where}.guidance", obligation.get("guidance")
        citation = obligation.get("citation") or {}
        yield f"{where}.citation.instrument", citation.get("instrument")
        if isinstance(citation.get("article"), dict):
            yield f"{where}.citation.article", citation["article"]
        if obligation.get("filing"):
            yield f"{where}.filing.authority", obligation["filing"].get("authority")
        if obligation.get("incident"):
            yield f"{where}.incident.authority", obligation["incident"].get("authority")
        for item in obligation.get("retirement") or ():
            yield f"{where}.retirement[{item.get('code')}]", item.get("text")


def question_texts(questions: Iterable[dict], where: str = "questions") -> Iterator[tuple[str, Any]]:
    for question in questions:
        at = f"{where}[{question.get('code')}]"
        yield f"{at}.text", question.get("text")
        if question.get("help") is not None:
            yield f"{at}.help", question["help"]
        for choice in question.get("choices") or ():
            yield f"{at}.choices[{choice.get('code')}]", choice.get("text")


def text_problems(where: str, texts: Any) -> list[str]:
    if not isinstance(texts, dict):
        return [f"{where}: missing text (a dict with {', '.join(LANGUAGES)})"]
    problems = [f"{where}: no {language} text" for language in LANGUAGES if not str(texts.get(language) or "").strip()]
    problems += [f"{where}: unknown language {key!r}" for key in texts if key not in LANGUAGES]
    return problems


def validate_questions(questions: Iterable[dict], where: str = "questions") -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for question in questions:
        code = question.get("code")
        if not code:
            problems.append(f"{where}: a question without a code")
            continue
        if code in seen:
            problems.append(f"{where}[{code}]: code used twice")
        seen.add(code)
        if question.get("type") not in QUESTION_TYPES:
            problems.append(f"{where}[{code}]: unknown type {question.get('type')!r}")
        choices = [choice.get("code") for choice in question.get("choices") or ()]
        if question.get("type") in ("choice", "multi") and not choices:
            problems.append(f"{where}[{code}]: a {question['type']} question without choices")
        if len(set(choices)) != len(choices):
            problems.append(f"{where}[{code}]: a choice code used twice")
    for place, texts in question_texts(questions, where):
        problems += text_problems(place, texts)
    return problems


def condition_problems(where: str, condition: Any, questions: dict[str, dict]) -> list[str]:
    """What is wrong with a condition: its shape, the questions it names and the answers it compares with."""
    if condition is None or condition is True:
        return []
    if not isinstance(condition, dict):
        return [f"{where}: not a condition: {condition!r}"]
    if "q" in condition:
        code = condition["q"]
        question = questions.get(code)
        if question is None:
            return [f"{where}: unknown question {code!r}"]
        operators = [key for key in ("is", "any_of", "all_of") if key in condition]
        if len(operators) != 1 or set(condition) - {"q", *operators}:
            return [f"{where}: a condition on {code!r} needs exactly one of is / any_of / all_of"]
        operator = operators[0]
        value = condition[operator]
        kind = question.get("type")
        codes = {choice["code"] for choice in question.get("choices") or ()}
        if operator == "is":
            if kind == "bool" and not isinstance(value, bool):
                return [f"{where}: {code!r} is a yes/no question, compared with {value!r}"]
            if kind == "choice" and value not in codes:
                return [f"{where}: {value!r} is not a choice of {code!r}"]
            if kind == "multi":
                return [f"{where}: {code!r} takes several choices: use any_of or all_of"]
            return []
        if kind not in ("choice", "multi"):
            return [f"{where}: {operator} on {code!r}, which has no choices"]
        if not isinstance(value, list) or not value:
            return [f"{where}: {operator} on {code!r} needs a list of choices"]
        return [f"{where}: {choice!r} is not a choice of {code!r}" for choice in value if choice not in codes]
    problems: list[str] = []
    keys = set(condition)
    if keys in ({"all"}, {"any"}):
        parts = condition[next(iter(keys))]
        if not isinstance(parts, list) or not parts:
            return [f"{where}: {next(iter(keys))} needs a list of conditions"]
        for index, part in enumerate(parts):
            problems += condition_problems(f"{where}.{next(iter(keys))}[{index}]", part, questions)
        return problems
    if keys == {"not"}:
        return condition_problems(f"{where}.not", condition["not"], questions)
    return [f"{where}: not a condition: {condition!r}"]


def _is_date(value: Any) -> bool:
    try:
        return _date(value) is not None
    except (TypeError, ValueError):
        return False


def _shape_problems(regime: Any) -> list[str]:
    """The containers a regime is made of, each of the right kind (so that the rest of the check can read them)."""
    if not isinstance(regime, dict):
        return ["the regime is not a mapping"]
    problems = []
    for key in ("questions", "classes", "obligations"):
        value = regime.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(entry, dict) for entry in value)):
            problems.append(f"{key}: not a list of mappings")
    for index, obligation in enumerate(regime.get("obligations") or ()):
        if not isinstance(obligation, dict):
            continue
        where = f"obligations[{obligation.get('code', index)}]"
        for key in ("applies", "citation", "filing", "incident"):
            if obligation.get(key) is not None and not isinstance(obligation[key], dict):
                problems.append(f"{where}.{key}: not a mapping")
        for key in ("criteria", "retirement"):
            value = obligation.get(key)
            if value is not None and not (isinstance(value, list) and all(isinstance(e, dict) for e in value)):
                problems.append(f"{where}.{key}: not a list of mappings")
        for key in ("slots", "on_change"):
            if obligation.get(key) is not None and not isinstance(obligation[key], list):
                problems.append(f"{where}.{key}: not a list")
    return problems


def validate(regime: dict, common: list[dict] | None = None) -> list[str]:
    """Human-readable problems of a regime: missing translations, unknown codes, bad conditions; empty when sound.
    A regime a person edited may be malformed in any way: the answer is then a list of problems, never an error."""
    problems = _shape_problems(regime)
    if problems:
        return problems
    try:
        return _validate(regime, common)
    except (AttributeError, TypeError, KeyError, ValueError) as error:
        return [f"the regime is malformed: {error}"]


def _validate(regime: dict, common: list[dict] | None) -> list[str]:
    problems: list[str] = []
    for key in ("code", "version", "name", "classes"):
        if not regime.get(key):
            problems.append(f"the regime has no {key}")
    if problems:
        return problems
    if not isinstance(regime["version"], int) or regime["version"] < 1:
        problems.append("version: a whole number from 1")
    if not _is_date(regime.get("effective")):
        problems.append(f"effective: not a date: {regime.get('effective')!r}")
    questions = _questions_by_code(regime, common)
    problems += validate_questions(regime.get("questions") or ())
    for place, texts in regime_texts(regime):
        if place.startswith("questions"):
            continue
        if place.endswith(".help"):
            continue
        problems += text_problems(place, texts)
    problems += condition_problems("applies_when", regime.get("applies_when"), questions)

    class_codes: list[str] = []
    for index, klass in enumerate(regime["classes"]):
        where = f"classes[{klass.get('code')}]"
        class_codes.append(klass.get("code"))
        if klass.get("tier") not in TIER_RANK:
            problems.append(f"{where}: unknown tier {klass.get('tier')!r}")
        problems += condition_problems(f"{where}.when", klass.get("when"), questions)
        if index == len(regime["classes"]) - 1 and klass.get("when") not in (None, True):
            problems.append(f"{where}: the last class should apply otherwise (when None)")
    if len(set(class_codes)) != len(class_codes):
        problems.append("classes: a class code used twice")
    ranks = [TIER_RANK.get(klass.get("tier"), 0) for klass in regime["classes"]]
    if ranks != sorted(ranks, reverse=True):
        problems.append("classes: not listed strictest first")

    known_roles, known_kinds, known_phases = set(roles()), set(criterion_kinds()), set(phases())
    codes: set[str] = set()
    for obligation in regime.get("obligations") or ():
        code = obligation.get("code")
        where = f"obligations[{code}]"
        if not code:
            problems.append("obligations: an obligation without a code")
            continue
        if code in codes:
            problems.append(f"{where}: code used twice")
        codes.add(code)
        citation = obligation.get("citation") or {}
        if not citation.get("article"):
            problems.append(f"{where}: the citation names no article")
        if not _is_date(obligation.get("effective") or regime.get("effective")):
            problems.append(f"{where}: effective is not a date: {obligation.get('effective')!r}")
        applies = obligation.get("applies") or {}
        for klass in applies.get("classes") or ():
            if klass not in class_codes:
                problems.append(f"{where}: unknown class {klass!r}")
        problems += condition_problems(f"{where}.applies.when", applies.get("when"), questions)
        for index, criterion in enumerate(obligation.get("criteria") or ()):
            at = f"{where}.criteria[{index}]"
            if criterion.get("phase") not in known_phases:
                problems.append(f"{at}: unknown phase {criterion.get('phase')!r}")
            if criterion.get("kind") not in known_kinds:
                problems.append(f"{at}: unknown criterion kind {criterion.get('kind')!r}")
            role = criterion.get("waivable_by_role")
            if role is not None and role not in known_roles:
                problems.append(f"{at}: unknown role {role!r}")
            days = criterion.get("validity_days")
            if days is not None and (not isinstance(days, int) or days < 1):
                problems.append(f"{at}: validity_days must be a whole number of days")
        filing = obligation.get("filing")
        if filing:
            if filing.get("kind") not in FILING_KINDS:
                problems.append(f"{where}.filing: unknown kind {filing.get('kind')!r}")
            if filing.get("blocks_phase") not in (None, *known_phases):
                problems.append(f"{where}.filing: unknown phase {filing.get('blocks_phase')!r}")
            for kind in filing.get("refile_on") or ():
                if kind not in CHANGE_KINDS:
                    problems.append(f"{where}.filing: unknown change kind {kind!r}")
        for slot in obligation.get("slots") or ():
            if not (isinstance(slot, list | tuple) and len(slot) == 2 and isinstance(slot[1], int) and slot[1] >= 1):
                problems.append(f"{where}.slots: {slot!r} is not [role, ordinal]")
            elif slot[0] not in known_roles:
                problems.append(f"{where}.slots: unknown role {slot[0]!r}")
        cadence = obligation.get("review_cadence_days")
        if cadence is not None and (not isinstance(cadence, int) or cadence < 1):
            problems.append(f"{where}: review_cadence_days must be a whole number of days")
        incident = obligation.get("incident")
        if incident:
            hours = incident.get("deadline_hours")
            if not isinstance(hours, int) or hours < 1:
                problems.append(f"{where}.incident: deadline_hours must be a whole number of hours")
            if not incident.get("severities"):
                problems.append(f"{where}.incident: no severities")
            problems += condition_problems(f"{where}.incident.when", incident.get("when"), questions)
        items = [item.get("code") for item in obligation.get("retirement") or ()]
        if None in items or len(set(items)) != len(items):
            problems.append(f"{where}.retirement: each item needs its own code")
        for kind in obligation.get("on_change") or ():
            if kind not in CHANGE_KINDS:
                problems.append(f"{where}.on_change: unknown change kind {kind!r}")
    return problems
