"""The regimes' part of the demo portfolio: four initiatives, their answers to the applicability questionnaire, and
the class each shipped regime gives them (the tests hold the catalogue to these).

Three are new initiatives (``DEMO_INITIATIVES`` gives their titles in three languages and their unit); the internal
tool is the existing "Internal policy Q&A assistant". The answers use the common question codes
(``regimes/catalogue/questions.py``) and, for the FSC guidelines, that regime's own questions.
"""

DEMO_INITIATIVES = {
    "taipei_customer_assistant": {
        "title": {
            "en": "Taipei customer service assistant",
            "zh-hant": "臺北客服智慧助理",
            "zh-hans": "台北客服智能助手",
        },
        "unit": "retail",
        "existing": False,
        "story": "A Taiwanese bank's assistant answering customers in the app, run by a vendor on its own platform.",
    },
    "shanghai_content_generator": {
        "title": {
            "en": "Shanghai market commentary generator",
            "zh-hant": "上海市場評論生成器",
            "zh-hans": "上海市场评论生成器",
        },
        "unit": "retail",
        "existing": False,
        "story": "Publishes generated market commentary to the public in mainland China, on a fine-tuned model.",
    },
    "eu_credit_scoring": {
        "title": {
            "en": "EU credit-scoring assistant",
            "zh-hant": "歐盟信用評分助理",
            "zh-hans": "欧盟信用评分助手",
        },
        "unit": "retail",
        "existing": False,
        "story": "Scores consumer loan applications in the EU through a third party's model.",
    },
    "internal_policy_qa": {
        "title": {
            "en": "Internal policy Q&A assistant",
            "zh-hant": "內部規章問答助理",
            "zh-hans": "内部制度问答助手",
        },
        "unit": "retail",
        "existing": True,
        "story": "Answers staff questions on internal policies in Taipei and Shanghai; nothing leaves the company.",
    },
}

_NONE = {
    "sensitive_personal_data": False,
    "cross_border_transfer": False,
    "automated_decisions": False,
    "public_opinion": False,
    "critical_infrastructure": False,
    "prohibited_practice": False,
}

DEMO_ANSWERS = {
    "taipei_customer_assistant": {
        **_NONE,
        "deployed_in": ["taiwan"],
        "audience": ["customers"],
        "sector": "banking",
        "personal_data": True,
        "content_outside": True,
        "model_provider": "vendor_hosted",
        "use_cases": ["customer_chatbot"],
        "fsc_autonomy": "autonomous",
        "fsc_complexity": "complex",
        "fsc_breadth": "wide",
        "fsc_remedies": "complete",
    },
    "shanghai_content_generator": {
        **_NONE,
        "deployed_in": ["prc"],
        "audience": ["public"],
        "sector": "securities",
        "personal_data": False,
        "content_outside": True,
        "model_provider": "fine_tuned",
        "use_cases": ["content_generation"],
        "public_opinion": True,
    },
    "eu_credit_scoring": {
        **_NONE,
        "deployed_in": ["eu"],
        "audience": ["customers"],
        "sector": "banking",
        "personal_data": True,
        "automated_decisions": True,
        "content_outside": False,
        "model_provider": "api_model",
        "use_cases": ["creditworthiness"],
    },
    "internal_policy_qa": {
        **_NONE,
        "deployed_in": ["taiwan", "prc"],
        "audience": ["staff"],
        "sector": "banking",
        "personal_data": False,
        "content_outside": False,
        "model_provider": "api_model",
        "use_cases": ["internal_assistant"],
        "fsc_autonomy": "human_decides",
        "fsc_complexity": "simple",
        "fsc_breadth": "narrow",
        "fsc_remedies": "complete",
    },
}

# Regime → class for each demo initiative, over every shipped regime (the voluntary ones switched on); a regime
# missing from an initiative's entry does not apply to it.
DEMO_EXPECTED = {
    "taipei_customer_assistant": {
        "taiwan_fsc": "high",
        "taiwan_ai_basic_act": "general",
        "iso_42001": "in_scope",
        "nist_ai_rmf": "generative",
    },
    "shanghai_content_generator": {
        "prc_generative_ai": "filing_required",
        "iso_42001": "in_scope",
        "nist_ai_rmf": "generative",
    },
    "eu_credit_scoring": {
        "eu_ai_act": "high_risk",
        "iso_42001": "in_scope",
        "nist_ai_rmf": "in_scope",
    },
    "internal_policy_qa": {
        "taiwan_fsc": "low",
        "taiwan_ai_basic_act": "general",
        "iso_42001": "in_scope",
        "nist_ai_rmf": "in_scope",
    },
}
