"""The shipped catalogue: sound by the engine's own check, complete in three languages, every obligation cited."""

import datetime
import re

import pytest

from regimes import engine
from regimes.catalogue import DISCLAIMER, QUESTIONS, SHIPPED
from regimes.catalogue.questions import CODES

REGIMES = {regime["code"]: regime for regime in SHIPPED}
HAN = re.compile(r"[\u4e00-\u9fff]")
# Characters whose Traditional and Simplified forms differ: a Chinese text holding one of them must differ between
# the two catalogues (a copy of one into the other would not).
DIFFERING = "資资個个務务據据際际關关規规證证應应當当與与為为說说這这們们對对時时發发處处產产業业檢检測测"


def test_the_common_questions_have_the_fixed_codes():
    assert CODES == [
        "deployed_in",
        "audience",
        "sector",
        "personal_data",
        "sensitive_personal_data",
        "cross_border_transfer",
        "automated_decisions",
        "content_outside",
        "model_provider",
        "use_cases",
        "public_opinion",
        "critical_infrastructure",
        "prohibited_practice",
    ]
    choices = {q["code"]: [c["code"] for c in q.get("choices") or ()] for q in QUESTIONS}
    assert choices["deployed_in"] == ["eu", "prc", "taiwan", "other"]
    assert choices["audience"] == ["staff", "customers", "public"]
    assert choices["sector"] == ["banking", "insurance", "securities", "other"]
    assert choices["model_provider"] == ["self_built", "fine_tuned", "api_model", "vendor_hosted", "we_provide_gpai"]
    assert choices["use_cases"] == [
        "creditworthiness",
        "insurance_pricing",
        "customer_chatbot",
        "content_generation",
        "internal_assistant",
        "fraud_detection",
        "hr_decisions",
        "other",
    ]
    assert engine.validate_questions(QUESTIONS) == []


@pytest.mark.parametrize("code", sorted(REGIMES))
def test_every_shipped_regime_validates(code):
    assert engine.validate(REGIMES[code]) == []


def test_regime_codes_are_unique():
    assert len(REGIMES) == len(SHIPPED)


def _all_texts():
    for regime in SHIPPED:
        for where, texts in engine.regime_texts(regime):
            if texts is not None:
                yield f"{regime['code']}.{where}", texts
    for where, texts in engine.question_texts(QUESTIONS):
        yield where, texts
    yield "DISCLAIMER", DISCLAIMER


@pytest.mark.parametrize(
    ("where", "texts"), list(_all_texts()), ids=lambda value: value if isinstance(value, str) else ""
)
def test_every_text_is_written_in_each_language(where, texts):
    assert engine.text_problems(where, texts) == []
    english, hant, hans = texts["en"], texts["zh-hant"], texts["zh-hans"]
    assert not HAN.search(english) or "GB" in english, f"{where}: Chinese characters in the English text"
    assert HAN.search(hant), f"{where}: the Traditional Chinese text holds no Chinese"
    assert HAN.search(hans), f"{where}: the Simplified Chinese text holds no Chinese"
    if any(char in DIFFERING for char in hant + hans):
        assert hant != hans, f"{where}: the same text in both Chinese catalogues"


def test_each_chinese_catalogue_keeps_to_its_script():
    """Traditional-only characters stay out of the Simplified texts and the reverse (a conversion slip shows)."""
    traditional = set("資個務據際關規證應當與為說這們對時發處產業檢測")
    simplified = set("资个务据际关规证应当与为说这们对时发处产业检测") - traditional
    for where, texts in _all_texts():
        assert not set(texts["zh-hans"]) & traditional, f"{where}: Traditional characters in zh-hans"
        assert not set(texts["zh-hant"]) & simplified, f"{where}: Simplified characters in zh-hant"


def test_every_obligation_cites_its_instrument_and_article_and_has_a_date():
    for regime in SHIPPED:
        for obligation in regime["obligations"]:
            citation = obligation["citation"]
            assert citation["instrument"]["en"], obligation["code"]
            assert citation["article"], obligation["code"]
            datetime.date.fromisoformat(obligation["effective"])


def test_the_disclaimer_says_it_is_not_legal_advice():
    assert "not legal advice" in DISCLAIMER["en"]
    assert "並非法律意見" in DISCLAIMER["zh-hant"]
    assert "不构成法律意见" in DISCLAIMER["zh-hans"]
