"""Compliance questionnaires: which version a review answers, what a valid questionnaire and a valid answer are, and
a question's words in the reader's language. The one home of these rules: the services, pages, API and the data
migration of the defaults all call it. Nothing here writes.

A question is ``{"code", "answer_type", "required", "text": {language: text}, "choices": [{"code", "text"}]}``.
Questions are data the compliance lead edits, so their words are stored in each of the site's languages rather
than as message ids of the catalogues (which only a release could change); English is required, a missing
translation falls back to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from adoption.choices import RiskTier
from governance.choices import AnswerType

LANGUAGES = ("en", "zh-hant", "zh-hans")
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
QUESTION_LIMIT = 1000
ANSWER_LIMIT = 5000
MAX_QUESTIONS = 60
MAX_CHOICES = 20
# The tiers that have a questionnaire of their own; a review of another tier (not yet assessed) answers the
# limited-risk one, as it is also reviewed on the limited-risk cadence.
TIERS = (RiskTier.MINIMAL, RiskTier.LIMITED, RiskTier.HIGH)
FALLBACK_TIER = RiskTier.LIMITED
YES, NO = "yes", "no"


def questionnaire_tier(risk_tier: str) -> str:
    """The tier whose questionnaire a review of ``risk_tier`` answers."""
    return risk_tier if risk_tier in TIERS else FALLBACK_TIER


def words(texts: dict[str, str] | str, language: str | None = None) -> str:
    """A question's or choice's text in ``language`` (the active one by default), else in English."""
    if isinstance(texts, str):
        return texts
    language = (language or translation.get_language() or "en").lower()
    return texts.get(language) or texts.get(language.split("-")[0]) or texts.get("en") or ""


@dataclass(frozen=True)
class Shown:
    """A question as a page shows it: its words in the reader's language, its choices and the answer given."""

    code: str
    answer_type: str
    required: bool
    text: str
    choices: list[tuple[str, str]]
    answer: Any

    @property
    def answer_label(self) -> str:
        if self.answer in (None, ""):
            return ""
        if self.answer_type == AnswerType.YES_NO:
            return _("Yes") if self.answer == YES else _("No")
        if self.answer_type == AnswerType.CHOICE:
            return dict(self.choices).get(self.answer, self.answer)
        return str(self.answer)


def shown(questions: list[dict], answers: dict | None) -> list[Shown]:
    answers = answers or {}
    return [
        Shown(
            q["code"],
            q["answer_type"],
            bool(q.get("required")),
            words(q["text"]),
            [(c["code"], words(c["text"])) for c in q.get("choices", [])],
            answers.get(q["code"]),
        )
        for q in questions
    ]


def _texts(errors: list[str], where: str, value: Any) -> dict[str, str]:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict):
        errors.append(
            _("%(where)s: give the text as an object of languages (en, zh-hant, zh-hans).") % {"where": where}
        )
        return {}
    texts = {}
    for language, text in value.items():
        if language not in LANGUAGES:
            errors.append(
                _("%(where)s: unknown language “%(language)s”; use en, zh-hant or zh-hans.")
                % {"where": where, "language": str(language)[:20]}
            )
        elif not isinstance(text, str) or "\x00" in text:
            errors.append(_("%(where)s: the text must be plain text.") % {"where": where})
        elif len(text.strip()) > QUESTION_LIMIT:
            errors.append(_("%(where)s: at most %(limit)d characters.") % {"where": where, "limit": QUESTION_LIMIT})
        elif text.strip():
            texts[language] = text.strip()
    if "en" not in texts:
        errors.append(_("%(where)s: the English text is required.") % {"where": where})
    return texts


def clean_questions(value: Any) -> tuple[list[dict], list[str]]:
    """(the questions as stored, every problem found): codes unique, an answer type, English text, choices for a
    choice question."""
    errors: list[str] = []
    if not isinstance(value, list) or not value:
        return [], [_("Give at least one question.")]
    if len(value) > MAX_QUESTIONS:
        return [], [_("At most %(n)d questions.") % {"n": MAX_QUESTIONS}]
    cleaned, codes = [], set()
    for number, question in enumerate(value, start=1):
        where = _("Question %(n)d") % {"n": number}
        if not isinstance(question, dict):
            errors.append(_("%(where)s: give the question as an object.") % {"where": where})
            continue
        code = question.get("code")
        if not isinstance(code, str) or not CODE_RE.match(code):
            errors.append(
                _("%(where)s: the code must be lower-case letters, digits and underscores, starting with a letter.")
                % {"where": where}
            )
        elif code in codes:
            errors.append(_("%(where)s: the code “%(code)s” is used twice.") % {"where": where, "code": code})
        codes.add(code)
        answer_type = question.get("answer_type")
        if answer_type not in AnswerType.values:
            errors.append(_("%(where)s: the answer type must be yes_no, text or choice.") % {"where": where})
        required = question.get("required", True)
        if not isinstance(required, bool):
            errors.append(_("%(where)s: “required” is true or false.") % {"where": where})
        item = {
            "code": code,
            "answer_type": answer_type,
            "required": required is True,
            "text": _texts(errors, where, question.get("text")),
        }
        choices = question.get("choices") or []
        if answer_type == AnswerType.CHOICE:
            if not isinstance(choices, list) or not 2 <= len(choices) <= MAX_CHOICES:
                errors.append(
                    _("%(where)s: a choice question needs 2 to %(n)d choices.") % {"where": where, "n": MAX_CHOICES}
                )
                choices = []
            item["choices"], seen = [], set()
            for choice in choices:
                choice_code = choice.get("code") if isinstance(choice, dict) else None
                if not isinstance(choice_code, str) or not CODE_RE.match(choice_code) or choice_code in seen:
                    errors.append(_("%(where)s: each choice needs a code of its own.") % {"where": where})
                    continue
                seen.add(choice_code)
                item["choices"].append({"code": choice_code, "text": _texts(errors, where, choice.get("text"))})
        elif choices:
            errors.append(_("%(where)s: only a choice question has choices.") % {"where": where})
        cleaned.append(item)
    return cleaned, errors


def clean_answers(questions: list[dict], answers: Any) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(the answers given, cleaned, by question code; the problems by code). Answers to unknown questions are
    refused; an empty answer removes one given before."""
    if not isinstance(answers, dict):
        return {}, {"answers": [_("Give the answers as an object of question codes.")]}
    by_code = {q["code"]: q for q in questions}
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for code, value in answers.items():
        question = by_code.get(code)
        if question is None:
            errors.setdefault(str(code)[:60], []).append(_("There is no such question in this questionnaire."))
            continue
        if value is None:
            value = ""
        if isinstance(value, bool) and question["answer_type"] == AnswerType.YES_NO:
            value = YES if value else NO
        if not isinstance(value, str) or "\x00" in value:
            errors.setdefault(code, []).append(_("Enter text."))
            continue
        value = value.strip()
        if value and question["answer_type"] == AnswerType.YES_NO and value not in (YES, NO):
            errors.setdefault(code, []).append(_("Answer yes or no."))
        elif (
            value
            and question["answer_type"] == AnswerType.CHOICE
            and value not in {c["code"] for c in question.get("choices", [])}
        ):
            errors.setdefault(code, []).append(_("Choose one of the answers offered."))
        elif len(value) > ANSWER_LIMIT:
            errors.setdefault(code, []).append(_("At most %(limit)d characters.") % {"limit": ANSWER_LIMIT})
        else:
            cleaned[code] = value
    return cleaned, errors


def unanswered(questions: list[dict], answers: dict | None) -> list[str]:
    """The words of each required question without an answer, in the reader's language."""
    answers = answers or {}
    return [words(q["text"]) for q in questions if q.get("required") and not answers.get(q["code"])]


def _q(code: str, answer_type: str, en: str, hant: str, hans: str, choices: list | None = None) -> dict:
    question = {
        "code": code,
        "answer_type": answer_type,
        "required": True,
        "text": {"en": en, "zh-hant": hant, "zh-hans": hans},
    }
    if choices:
        question["choices"] = [{"code": c, "text": {"en": e, "zh-hant": t, "zh-hans": s}} for c, e, t, s in choices]
    return question


_COMMON = [
    _q(
        "purpose_unchanged",
        AnswerType.YES_NO,
        "Is the system still used only for the purpose and the users it was approved for?",
        "系統是否仍只用於核准時的用途與使用者？",
        "系统是否仍只用于批准时的用途和用户？",
    ),
    _q(
        "data_classification_current",
        AnswerType.YES_NO,
        "Is the recorded data classification still right for the data the system processes?",
        "記錄的資料分級是否仍符合系統處理的資料？",
        "记录的数据分级是否仍符合系统处理的数据？",
    ),
    _q(
        "incidents",
        AnswerType.TEXT,
        "Which incidents, complaints or user reports were recorded since the last review?",
        "自上次審查以來記錄了哪些事件、申訴或使用者回報？",
        "自上次审查以来记录了哪些事件、投诉或用户反馈？",
    ),
]
_LIMITED = [
    _q(
        "transparency_notice",
        AnswerType.YES_NO,
        "Are people told that they are dealing with an AI system or AI-generated content?",
        "是否告知使用者正在與 AI 系統互動或接觸 AI 產生的內容？",
        "是否告知用户正在与 AI 系统交互或接触 AI 生成的内容？",
    ),
    _q(
        "vendor_changes",
        AnswerType.CHOICE,
        "Have the model vendor's terms or the model version changed since the last review?",
        "自上次審查以來，模型供應商的條款或模型版本是否有變更？",
        "自上次审查以来，模型供应商的条款或模型版本是否有变更？",
        [
            ("unchanged", "No change", "沒有變更", "没有变更"),
            ("changed_reviewed", "Changed, and the change was reviewed", "有變更，且已審查", "有变更，且已审查"),
            ("changed_not_reviewed", "Changed, not reviewed yet", "有變更，尚未審查", "有变更，尚未审查"),
        ],
    ),
]
_HIGH = [
    _q(
        "human_oversight",
        AnswerType.YES_NO,
        "Is the human oversight designed at validation in place and used?",
        "驗證階段設計的人工監督是否已落實並實際運作？",
        "验证阶段设计的人工监督是否已落实并实际运行？",
    ),
    _q(
        "logs_retained",
        AnswerType.YES_NO,
        "Are the system's logs kept for the retention period required of high-risk systems?",
        "系統日誌是否依高風險系統要求的保存期間保存？",
        "系统日志是否按高风险系统要求的保存期限保存？",
    ),
    _q(
        "accuracy_monitoring",
        AnswerType.TEXT,
        "What do the accuracy and drift monitoring show since the last review?",
        "自上次審查以來，準確度與漂移監控的結果為何？",
        "自上次审查以来，准确度和漂移监控的结果如何？",
    ),
    _q(
        "risk_record_updated",
        AnswerType.YES_NO,
        "Was the risk management record updated since the last review?",
        "自上次審查以來，風險管理紀錄是否已更新？",
        "自上次审查以来，风险管理记录是否已更新？",
    ),
]

# The questionnaires shipped by the data migration, by tier.
DEFAULT_QUESTIONNAIRES: dict[str, list[dict]] = {
    RiskTier.MINIMAL.value: _COMMON,
    RiskTier.LIMITED.value: _COMMON + _LIMITED,
    RiskTier.HIGH.value: _COMMON + _LIMITED + _HIGH,
}


def ensure_questionnaires(apps) -> None:
    """Create the default questionnaire of each tier that has none (idempotent; the lead's edits are kept)."""
    try:
        Questionnaire = apps.get_model("governance", "ComplianceQuestionnaire")
    except LookupError:  # migrated only part of the way
        return
    for tier, questions in DEFAULT_QUESTIONNAIRES.items():
        if not Questionnaire.objects.filter(risk_tier=tier).exists():
            Questionnaire.objects.create(risk_tier=tier, version=1, questions=questions, is_current=True)
