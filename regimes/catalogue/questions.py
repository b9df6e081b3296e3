"""The common applicability questionnaire: every regime's conditions read these answers (and intake's screening
stores the same codes). The codes are fixed; the words may change."""


def _t(en: str, hant: str, hans: str) -> dict:
    return {"en": en, "zh-hant": hant, "zh-hans": hans}


QUESTIONS: list[dict] = [
    {
        "code": "deployed_in",
        "type": "multi",
        "text": _t("Where will the system be used?", "系統將在哪些地區使用？", "系统将在哪些地区使用？"),
        "help": _t(
            "Every place where its users or the people it affects are.",
            "使用者或受其影響者所在的所有地區。",
            "用户或受其影响的人所在的所有地区。",
        ),
        "choices": [
            {"code": "eu", "text": _t("European Union", "歐盟", "欧盟")},
            {"code": "prc", "text": _t("Mainland China", "中國大陸", "中国大陆（境内）")},
            {"code": "taiwan", "text": _t("Taiwan", "臺灣", "台湾地区")},
            {"code": "other", "text": _t("Elsewhere", "其他地區", "其他地区")},
        ],
    },
    {
        "code": "audience",
        "type": "multi",
        "text": _t(
            "Who will use it or see what it produces?", "誰會使用本系統或看到其產出？", "谁会使用该系统或看到其输出？"
        ),
        "choices": [
            {"code": "staff", "text": _t("Our own staff only", "僅限本公司員工", "仅限本公司员工")},
            {"code": "customers", "text": _t("Our customers", "本公司客戶", "本公司客户")},
            {"code": "public", "text": _t("The general public", "一般社會大眾", "社会公众")},
        ],
    },
    {
        "code": "sector",
        "type": "choice",
        "text": _t("Which business is it for?", "用於哪一類業務？", "用于哪一类业务？"),
        "choices": [
            {"code": "banking", "text": _t("Banking", "銀行業", "银行业")},
            {"code": "insurance", "text": _t("Insurance", "保險業", "保险业")},
            {"code": "securities", "text": _t("Securities and investment", "證券及投資業", "证券及投资业")},
            {"code": "other", "text": _t("Another business", "其他業務", "其他业务")},
        ],
    },
    {
        "code": "personal_data",
        "type": "bool",
        "text": _t("Does it process personal data?", "是否處理個人資料？", "是否处理个人信息？"),
    },
    {
        "code": "sensitive_personal_data",
        "type": "bool",
        "text": _t(
            "Does it process sensitive personal data (health, biometrics, financial accounts, ...)?",
            "是否處理特種或敏感個人資料（如病歷、生物特徵、金融帳戶等）？",
            "是否处理敏感个人信息（如医疗健康、生物识别、金融账户等）？",
        ),
    },
    {
        "code": "cross_border_transfer",
        "type": "bool",
        "text": _t(
            "Does personal data leave the country or region where it was collected?",
            "個人資料是否會傳輸至蒐集地以外的國家或地區？",
            "个人信息是否会向收集地以外的国家或地区提供？",
        ),
    },
    {
        "code": "automated_decisions",
        "type": "bool",
        "text": _t(
            "Does it make or shape decisions about people (credit, price, claims, hiring, ...)?",
            "是否對個人作成或影響決定（如授信、定價、理賠、招募等）？",
            "是否对个人作出或影响决策（如授信、定价、理赔、招聘等）？",
        ),
    },
    {
        "code": "content_outside",
        "type": "bool",
        "text": _t(
            "Is generated content shown outside the company?",
            "生成的內容是否會提供給公司以外的人？",
            "生成的内容是否会提供给公司以外的人？",
        ),
    },
    {
        "code": "model_provider",
        "type": "choice",
        "text": _t("Who provides the model?", "模型由誰提供？", "模型由谁提供？"),
        "choices": [
            {"code": "self_built", "text": _t("We built it ourselves", "自行研發", "自主研发")},
            {
                "code": "fine_tuned",
                "text": _t("We fine-tuned a base model", "以基礎模型自行微調", "基于基础模型自行微调"),
            },
            {
                "code": "api_model",
                "text": _t(
                    "We call a third party's model through its API",
                    "透過應用程式介面（API）呼叫第三方模型",
                    "通过应用程序接口（API）调用第三方模型",
                ),
            },
            {
                "code": "vendor_hosted",
                "text": _t(
                    "A vendor hosts and runs the system for us",
                    "由供應商代為建置及營運系統",
                    "由供应商托管并运营系统",
                ),
            },
            {
                "code": "we_provide_gpai",
                "text": _t(
                    "We provide a general-purpose model to others",
                    "本公司對外提供通用目的模型",
                    "本公司对外提供通用模型",
                ),
            },
        ],
    },
    {
        "code": "use_cases",
        "type": "multi",
        "text": _t("What is it used for?", "用途為何？", "用途是什么？"),
        "choices": [
            {
                "code": "creditworthiness",
                "text": _t("Creditworthiness or credit scoring", "信用評估或信用評分", "信用评估或信用评分"),
            },
            {
                "code": "insurance_pricing",
                "text": _t(
                    "Life or health insurance risk assessment and pricing",
                    "人身或健康保險之風險評估與定價",
                    "人身或健康保险的风险评估与定价",
                ),
            },
            {
                "code": "customer_chatbot",
                "text": _t("A chatbot for customers", "客戶對話機器人", "面向客户的聊天机器人"),
            },
            {
                "code": "content_generation",
                "text": _t(
                    "Generating text, images, audio or video",
                    "生成文字、圖像、聲音或影片",
                    "生成文本、图片、音频或视频",
                ),
            },
            {"code": "internal_assistant", "text": _t("An assistant for staff", "員工助理工具", "员工助手工具")},
            {"code": "fraud_detection", "text": _t("Fraud detection", "詐欺偵測", "欺诈识别")},
            {
                "code": "hr_decisions",
                "text": _t("Hiring or staff decisions", "招募或人事決定", "招聘或人事决策"),
            },
            {"code": "other", "text": _t("Something else", "其他用途", "其他用途")},
        ],
    },
    {
        "code": "public_opinion",
        "type": "bool",
        "text": _t(
            "Could it shape public opinion or mobilise people (public posts, news, forums, ...)?",
            "是否具有輿論屬性或社會動員能力（如公開貼文、新聞、論壇等）？",
            "是否具有舆论属性或者社会动员能力（如公开发帖、新闻、论坛等）？",
        ),
    },
    {
        "code": "critical_infrastructure",
        "type": "bool",
        "text": _t(
            "Is our organisation a critical information infrastructure operator?",
            "本公司是否為關鍵基礎設施提供者？",
            "本单位是否为关键信息基础设施运营者？",
        ),
    },
    {
        "code": "prohibited_practice",
        "type": "bool",
        "text": _t(
            "Does it do anything the EU AI Act forbids (social scoring, manipulation, exploiting vulnerabilities...)?",
            "是否涉及歐盟人工智慧法禁止的行為（如社會評分、操縱行為、利用弱勢等）？",
            "是否涉及欧盟《人工智能法》禁止的行为（如社会评分、操纵行为、利用弱势群体等）？",
        ),
    },
]

CODES = [question["code"] for question in QUESTIONS]
