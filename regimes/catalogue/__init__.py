"""The shipped regime catalogue: the common questionnaire and one module per regime, each defining ``REGIME``.

The format (texts are ``{"en", "zh-hant", "zh-hans"}`` dicts; conditions read the questionnaire's answers) is
evaluated by ``regimes/engine.py`` alone; regimes-core stores each regime version's dict as JSON. The shipped texts
paraphrase their sources and cite them (instrument and article): they are a starting point for the compliance team,
which reviews and versions them, not legal advice.
"""

from regimes.catalogue import eu_ai_act, iso_42001, nist_ai_rmf, prc_generative_ai, taiwan_ai_basic_act, taiwan_fsc
from regimes.catalogue.questions import QUESTIONS

DISCLAIMER = {
    "en": (
        "The shipped regimes paraphrase their sources and are a starting point for your compliance team, not legal "
        "advice: check each obligation against the cited text and your supervisor's guidance before relying on it."
    ),
    "zh-hant": (
        "系統內建的法規內容係摘要改寫自所引用之來源，僅供法遵團隊作為起點，並非法律意見；"
        "採用前請逐項對照引用之條文及主管機關之指引。"
    ),
    "zh-hans": (
        "系统内置的法规内容系对所引来源的概括转述，仅供合规团队作为起点，不构成法律意见；"
        "采用前请逐项对照所引条文及监管部门的指引。"
    ),
}

SHIPPED: list[dict] = [
    eu_ai_act.REGIME,
    prc_generative_ai.REGIME,
    taiwan_fsc.REGIME,
    taiwan_ai_basic_act.REGIME,
    iso_42001.REGIME,
    nist_ai_rmf.REGIME,
]

__all__ = ["DISCLAIMER", "QUESTIONS", "SHIPPED"]
