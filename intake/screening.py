"""The early compliance screening of a proposal: the one home of what it asks, what a complete answer is, and what
its verdict allows (acceptance at all; the fast track).

The answers are stored under the codes of the common applicability questionnaire (``audience``, ``deployed_in``,
``personal_data``, ``sensitive_personal_data``, ``content_outside``, ``model_provider``, ``automated_decisions``,
``prohibited_practice``), so an accepted proposal's answers can seed the initiative's applicability questionnaire.
The prohibited uses are a short checklist of EU AI Act Art. 5-style practices (``prohibited_uses``); any ticked one
makes ``prohibited_practice`` true, and a proposal declaring one cannot be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BOOL, CHOICE, MULTI = "bool", "choice", "multi"

# The checklist of prohibited practices (EU AI Act Art. 5, paraphrased).
PROHIBITED_USES: list[tuple[str, Any]] = [
    ("social_scoring", _("Scoring people's social behaviour or personal traits to treat them unfavourably")),
    ("manipulation", _("Manipulating people's behaviour with subliminal or deceptive techniques that harm them")),
    ("exploiting_vulnerabilities", _("Exploiting people's vulnerabilities (age, disability, social or economic)")),
    ("crime_prediction", _("Predicting that a person will commit a crime from profiling alone")),
    ("face_scraping", _("Building face-recognition databases by untargeted scraping of images")),
    ("emotion_recognition", _("Inferring the emotions of staff at work or of students (not for safety or medicine)")),
    ("biometric_categorisation", _("Inferring race, politics, religion or sexual orientation from biometric data")),
]
PROHIBITED_CODES = [code for code, _label in PROHIBITED_USES]


@dataclass(frozen=True)
class Question:
    code: str
    kind: str
    text: Any
    choices: tuple[tuple[str, Any], ...] = ()


YES_NO = ((True, pgettext_lazy("screening answer", "Yes")), (False, pgettext_lazy("screening answer", "No")))

# The common questions relevant before acceptance, in the order the form asks them.
QUESTIONS: list[Question] = [
    Question(
        "audience",
        MULTI,
        _("Who will see or use what it produces?"),
        (
            ("staff", _("Internal staff only")),
            ("customers", _("The company's customers")),
            ("public", _("The general public")),
        ),
    ),
    Question(
        "deployed_in",
        MULTI,
        _("Where will it be deployed or used?"),
        (
            ("eu", _("European Union")),
            ("prc", _("Mainland China")),
            ("taiwan", _("Taiwan")),
            ("other", _("Elsewhere")),
        ),
    ),
    Question("personal_data", BOOL, _("Does it process personal data?")),
    Question("sensitive_personal_data", BOOL, _("Does it process sensitive personal data (health, biometrics, …)?")),
    Question("content_outside", BOOL, _("Is generated content shown outside the company?")),
    Question(
        "model_provider",
        CHOICE,
        _("Where does the model come from?"),
        (
            ("self_built", _("Our own model")),
            ("fine_tuned", _("Fine-tuned from a base model")),
            ("api_model", _("A third party's model through its API")),
            ("vendor_hosted", _("A vendor hosts and runs the system for us")),
            ("we_provide_gpai", _("We provide a general-purpose model to others")),
        ),
    ),
    Question("automated_decisions", BOOL, _("Does it take automated decisions about people?")),
]
QUESTION_CODES = [q.code for q in QUESTIONS]


@dataclass
class Verdict:
    """What a screening allows: ``complete`` (every question answered), ``prohibited`` (a prohibited use declared:
    no acceptance), ``fast_track`` (the fast track may be chosen), with a sentence for each reason it may not."""

    complete: bool
    prohibited: bool
    fast_track: bool
    missing: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def acceptable(self) -> bool:
        return self.complete and not self.prohibited


def clean_answers(raw: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The answers as stored (every question and ``prohibited_uses``; ``prohibited_practice`` derived from it), and
    field → messages for what is wrong. Every question must be answered."""
    errors: dict[str, list[str]] = {}
    if not isinstance(raw, dict):
        return {}, {"answers": [str(_("Give the answers as an object of question codes."))]}
    known = {*QUESTION_CODES, "prohibited_uses", "prohibited_practice"}
    for name in sorted(set(raw) - known):
        errors[name] = [str(_("There is no such screening question."))]
    cleaned: dict[str, Any] = {}
    for question in QUESTIONS:
        value = raw.get(question.code)
        codes = [code for code, _label in question.choices]
        if value is None or value == [] or value == "":
            errors[question.code] = [str(_("Answer this question."))]
        elif question.kind == BOOL:
            if not isinstance(value, bool):
                errors[question.code] = [str(_("Answer yes or no."))]
            else:
                cleaned[question.code] = value
        elif question.kind == CHOICE:
            if value not in codes:
                errors[question.code] = [str(_("Choose one of: %(codes)s.") % {"codes": ", ".join(codes)})]
            else:
                cleaned[question.code] = value
        else:
            if not isinstance(value, list) or any(v not in codes for v in value):
                errors[question.code] = [str(_("Choose any of: %(codes)s.") % {"codes": ", ".join(codes)})]
            else:
                cleaned[question.code] = [code for code in codes if code in value]
    uses = raw.get("prohibited_uses", [])
    if not isinstance(uses, list) or any(v not in PROHIBITED_CODES for v in uses):
        errors["prohibited_uses"] = [str(_("Choose any of: %(codes)s.") % {"codes": ", ".join(PROHIBITED_CODES)})]
        uses = []
    cleaned["prohibited_uses"] = [code for code in PROHIBITED_CODES if code in uses]
    declared = raw.get("prohibited_practice")
    if declared is not None and not isinstance(declared, bool):
        errors["prohibited_practice"] = [str(_("Answer yes or no."))]
    cleaned["prohibited_practice"] = bool(cleaned["prohibited_uses"]) or declared is True
    return cleaned, errors


def fast_track_reasons(answers: dict[str, Any]) -> list[str]:
    """Why the fast track is not allowed for ``answers`` (none: allowed). The one rule of the fast track: a
    low-risk internal tool — internal staff only, nothing shown outside, no personal data, no automated decisions
    about people, no prohibited practice."""
    reasons: list[str] = []
    if answers.get("prohibited_practice"):
        reasons.append(str(_("A prohibited practice is declared.")))
    audience = answers.get("audience")
    if not audience or set(audience) != {"staff"}:
        reasons.append(str(_("It is not for internal staff only.")))
    if answers.get("content_outside") is not False:
        reasons.append(str(_("Generated content may be shown outside the company.")))
    if answers.get("personal_data") is not False or answers.get("sensitive_personal_data") is not False:
        reasons.append(str(_("It may process personal data.")))
    if answers.get("automated_decisions") is not False:
        reasons.append(str(_("It may take automated decisions about people.")))
    return reasons


def verdict(answers: dict[str, Any] | None) -> Verdict:
    """What the stored screening ``answers`` allow."""
    answers = answers or {}
    missing = [code for code in QUESTION_CODES if code not in answers]
    prohibited = bool(answers.get("prohibited_practice"))
    reasons = []
    if missing:
        reasons.append(str(_("The screening is not complete.")))
    reasons.extend(fast_track_reasons(answers) if not missing else [])
    return Verdict(
        complete=not missing,
        prohibited=prohibited,
        fast_track=not missing and not prohibited and not fast_track_reasons(answers),
        missing=missing,
        reasons=reasons,
    )


def answer_labels(answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(question, answer) in the active language, for the pages."""
    rows = []
    for question in QUESTIONS:
        if question.code not in answers:
            continue
        value = answers[question.code]
        if question.kind == BOOL:
            words = str(dict(YES_NO)[value])
        else:
            labels = dict(question.choices)
            words = ", ".join(str(labels.get(v, v)) for v in (value if isinstance(value, list) else [value]))
        rows.append((str(question.text), words))
    uses = dict(PROHIBITED_USES)
    declared = answers.get("prohibited_uses") or []
    rows.append(
        (
            str(_("Prohibited practices declared")),
            "; ".join(str(uses[c]) for c in declared if c in uses) or str(pgettext_lazy("screening answer", "None")),
        )
    )
    return rows
