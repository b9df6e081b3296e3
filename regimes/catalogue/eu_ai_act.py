"""The EU AI Act (Regulation (EU) 2024/1689), from the point of view of a bank or insurer that deploys AI systems
(and, where it provides a general-purpose model to others, of a provider).

Paraphrased; each obligation cites its article. The dates are the Act's own: prohibitions and AI literacy from
2 February 2025, general-purpose model duties from 2 August 2025, high-risk (Annex III) and transparency duties from
2 August 2026 — obligations with a later date show as "applies from" until then.
"""

from regimes.catalogue._build import criterion, item, obligation, q, t, yes

ACT = t(
    "Regulation (EU) 2024/1689 (AI Act)",
    "歐盟人工智慧法（規則 (EU) 2024/1689）",
    "欧盟《人工智能法》（条例 (EU) 2024/1689）",
)
MARKET_SURVEILLANCE = t(
    "The market surveillance authority of the Member State where the incident occurred",
    "事件發生地歐盟會員國之市場監督機關",
    "事件发生地欧盟成员国的市场监督管理机构",
)
MARKET_SURVEILLANCE_FRIA = t(
    "The market surveillance authority of the Member State",
    "歐盟會員國之市場監督機關",
    "欧盟成员国的市场监督管理机构",
)

ANNEX_III_FINANCE = q("use_cases", any_of=["creditworthiness", "insurance_pricing"])
HIGH_RISK_USES = q("use_cases", any_of=["creditworthiness", "insurance_pricing", "hr_decisions"])
INTERACTS = {
    "any": [q("use_cases", any_of=["customer_chatbot"]), q("audience", any_of=["customers", "public"])],
}
GENERATES = {"any": [yes("content_outside"), q("use_cases", any_of=["content_generation"])]}

REGIME = {
    "code": "eu_ai_act",
    "version": 1,
    "voluntary": False,
    "name": t("EU AI Act", "歐盟人工智慧法", "欧盟《人工智能法》"),
    "jurisdiction": t("European Union", "歐盟", "欧盟"),
    "summary": t(
        "The EU AI Act bans a few practices, sets duties for high-risk systems (such as credit scoring and life "
        "and health insurance pricing) and their deployers, requires people to be told when they talk to AI or see "
        "generated content, asks for AI literacy of staff, and sets duties for providers of general-purpose models.",
        "歐盟人工智慧法禁止少數做法，對高風險系統（如信用評分、人身及健康保險定價）及其部署者課予義務，"
        "要求於民眾與AI互動或接觸生成內容時予以告知，要求員工具備AI素養，並規範通用目的模型提供者之義務。",
        "欧盟《人工智能法》禁止少数做法，对高风险系统（如信用评分、人寿和健康保险定价）及其部署者规定义务，"
        "要求在公众与AI交互或接触生成内容时予以告知，要求员工具备AI素养，并规定通用模型提供者的义务。",
    ),
    "instrument": ACT,
    "effective": "2024-08-01",
    "applies_when": q("deployed_in", any_of=["eu"]),
    "questions": [],
    "classes": [
        {
            "code": "prohibited",
            "tier": "prohibited",
            "name": t("Prohibited practice", "禁止之做法", "禁止的做法"),
            "description": t(
                "A practice Article 5 bans (social scoring, manipulation, exploiting vulnerabilities, ...): it may "
                "not be used in the EU.",
                "屬第5條禁止之做法（如社會評分、操縱、利用弱勢等），不得於歐盟使用。",
                "属于第5条禁止的做法（如社会评分、操纵、利用弱势群体等），不得在欧盟使用。",
            ),
            "when": yes("prohibited_practice"),
            "reason": t(
                "It involves a practice the AI Act prohibits (Art. 5).",
                "涉及人工智慧法禁止之做法（第5條）。",
                "涉及《人工智能法》禁止的做法（第5条）。",
            ),
        },
        {
            "code": "high_risk",
            "tier": "high",
            "name": t("High-risk (Annex III)", "高風險（附件三）", "高风险（附件三）"),
            "description": t(
                "Used for creditworthiness or credit scoring, for life and health insurance risk assessment and "
                "pricing, or for hiring and staff decisions (Annex III, points 4 and 5(b), 5(c)).",
                "用於信用評估或信用評分、人身及健康保險之風險評估與定價，或招募及人事決定（附件三第4點、第5點(b)(c)）。",
                "用于信用评估或信用评分、人寿和健康保险的风险评估与定价，或招聘和人事决策（附件三第4点、第5点(b)(c)）。",
            ),
            "when": HIGH_RISK_USES,
            "reason": t(
                "Its use is listed as high-risk in Annex III of the AI Act (Art. 6(2)).",
                "其用途列於人工智慧法附件三之高風險用途（第6條第2項）。",
                "其用途列于《人工智能法》附件三规定的高风险用途（第6条第2款）。",
            ),
        },
        {
            "code": "limited",
            "tier": "limited",
            "name": t("Transparency duties", "透明義務", "透明度义务"),
            "description": t(
                "People interact with it or see what it generates: they must be told (Art. 50).",
                "民眾會與系統互動或接觸其生成內容，應予告知（第50條）。",
                "公众会与系统交互或接触其生成内容，应当予以告知（第50条）。",
            ),
            "when": {"any": [INTERACTS, GENERATES]},
            "reason": t(
                "People outside the company interact with it or see its generated content (Art. 50).",
                "公司以外之人會與系統互動或接觸其生成內容（第50條）。",
                "公司以外的人会与系统交互或接触其生成内容（第50条）。",
            ),
        },
        {
            "code": "minimal",
            "tier": "minimal",
            "name": t("Minimal risk", "最低風險", "最低风险"),
            "description": t(
                "No specific duty beyond AI literacy; voluntary codes of conduct are encouraged.",
                "除AI素養外無特定義務，鼓勵自願遵循行為準則。",
                "除AI素养外无特定义务，鼓励自愿遵守行为准则。",
            ),
            "when": None,
            "reason": t(
                "None of the AI Act's prohibited, high-risk or transparency cases applies.",
                "不屬人工智慧法之禁止、高風險或透明義務情形。",
                "不属于《人工智能法》规定的禁止、高风险或透明度义务情形。",
            ),
        },
    ],
    "obligations": [
        obligation(
            "art5_prohibited",
            t("Stop the prohibited practice", "停止禁止之做法", "停止禁止的做法"),
            t(
                "The practice is banned in the EU: stop it or redesign the system so that it no longer uses it; "
                "this cannot be waived.",
                "該做法於歐盟遭禁止：應停止或重新設計系統使其不再涉及；本項不得豁免。",
                "该做法在欧盟被禁止：应当停止或重新设计系统使其不再涉及；本项不得豁免。",
            ),
            instrument=ACT,
            article="Art. 5",
            effective="2025-02-02",
            classes=["prohibited"],
            criteria=[criterion("exploration", "evidence", waiver=None)],
        ),
        obligation(
            "art4_ai_literacy",
            t("AI literacy of the people involved", "相關人員之AI素養", "相关人员的AI素养"),
            t(
                "Make sure the staff who operate or use the system have enough AI literacy for it, given their "
                "knowledge, the context and the people affected.",
                "確保操作或使用系統之員工具備足夠之AI素養，並考量其知識背景、使用情境及受影響之人。",
                "确保操作或使用系统的员工具备足够的AI素养，并考虑其知识背景、使用情境以及受影响的人。",
            ),
            instrument=ACT,
            article="Art. 4",
            effective="2025-02-02",
            criteria=[criterion("validation", "checklist", waiver="coe_admin")],
        ),
        obligation(
            "art26_use_and_input_data",
            t(
                "Use as instructed, with relevant input data",
                "依使用說明使用並確保輸入資料適當",
                "按使用说明使用并确保输入数据适当",
            ),
            t(
                "Use the high-risk system according to the provider's instructions for use, and make sure the input "
                "data under your control is relevant and representative enough for its purpose.",
                "依提供者之使用說明使用高風險系統，並確保受部署者控制之輸入資料與預期用途相關且具足夠代表性。",
                "按照提供者的使用说明使用高风险系统，并确保部署者控制的输入数据与预期用途相关且具有足够代表性。",
            ),
            instrument=ACT,
            article="Art. 26(1), 26(4)",
            effective="2026-08-02",
            classes=["high_risk"],
            criteria=[criterion("validation", "evidence", waiver="data_steward")],
            on_change=["model", "vendor", "data_sources"],
        ),
        obligation(
            "art26_human_oversight",
            t("Human oversight", "人為監督", "人工监督"),
            t(
                "Assign human oversight to people with the competence, training, authority and support to do it, "
                "including to override or stop the system.",
                "指派具備能力、訓練、權限及支援之人員負責人為監督，包括推翻系統結果或停止系統。",
                "指派具备能力、培训、权限和支持的人员负责人工监督，包括推翻系统结果或停止系统运行。",
            ),
            instrument=ACT,
            article="Art. 26(2)",
            effective="2026-08-02",
            classes=["high_risk"],
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "purpose"],
        ),
        obligation(
            "art26_monitoring",
            t("Monitoring in production", "上線後監控", "上线后监测"),
            t(
                "Monitor the system's operation against the instructions for use; when it may present a risk, "
                "inform the provider and the authority and suspend its use. The tracker schedules a compliance review "
                "every quarter in production.",
                "依使用說明監控系統運作；系統可能產生風險時，通知提供者及主管機關並暫停使用。本平台於系統上線後每季安排一次法遵檢視。",
                "按照使用说明监测系统运行；系统可能产生风险时，告知提供者和主管机构并暂停使用。本平台在系统上线后每季度安排一次合规检视。",
            ),
            instrument=ACT,
            article="Art. 26(5)",
            effective="2026-08-02",
            classes=["high_risk"],
            criteria=[criterion("scaling", "evidence")],
            review_cadence_days=90,
            on_change=["model", "model_version", "vendor"],
        ),
        obligation(
            "art26_logs",
            t("Keep the logs", "保存日誌", "保存日志"),
            t(
                "Keep the logs the system generates, as far as they are under your control, for at least six months "
                "(longer where other law, such as financial-services law, requires).",
                "保存系統自動產生且受部署者控制之日誌至少六個月（其他法律如金融法規要求更長者從其規定）。",
                "保存系统自动生成且由部署者控制的日志至少六个月（金融服务等其他法律要求更长的，从其规定）。",
            ),
            instrument=ACT,
            article="Art. 26(6)",
            effective="2026-08-02",
            classes=["high_risk"],
            criteria=[criterion("scaling", "evidence", waiver="security_reviewer")],
            on_change=["vendor"],
            retirement=[
                item(
                    "log_retention",
                    t(
                        "Keep the system's logs for their retention period after it is retired.",
                        "系統退場後，日誌仍應保存至保存期限屆滿。",
                        "系统退役后，日志仍应保存至保存期限届满。",
                    ),
                )
            ],
        ),
        obligation(
            "art26_inform_people",
            t(
                "Inform the people the system decides about",
                "告知受系統決定影響之人",
                "告知受系统决策影响的人",
            ),
            t(
                "Tell people that a high-risk system is used in decisions about them, tell workers' representatives "
                "before using it at work, and give a clear explanation of a decision to a person who asks.",
                "告知當事人高風險系統用於與其有關之決定；於職場使用前告知員工代表；並應當事人請求清楚說明決定。",
                "告知当事人高风险系统被用于与其相关的决策；在工作场所使用前告知员工代表；并应当事人请求清楚说明决策。",
            ),
            instrument=ACT,
            article="Art. 26(7), 26(11), 86",
            effective="2026-08-02",
            classes=["high_risk"],
            criteria=[criterion("scaling", "checklist")],
            on_change=["purpose", "audience"],
        ),
        obligation(
            "art27_fria",
            t(
                "Fundamental rights impact assessment",
                "基本權利影響評估",
                "基本权利影响评估",
            ),
            t(
                "Before first use of a credit-scoring or life and health insurance pricing system, assess its impact "
                "on fundamental rights: the process, how long and how often it is used, who is affected, the risks "
                "of harm, human oversight and what happens if a risk materialises; notify the market surveillance "
                "authority of the results and update the assessment when something changes.",
                "首次使用信用評分或人身及健康保險定價系統前，評估其對基本權利之影響：使用流程、期間及頻率、"
                "受影響之人、損害風險、人為監督及風險發生時之措施；將結果通知市場監督機關，情況變更時更新評估。",
                "首次使用信用评分或人寿和健康保险定价系统前，评估其对基本权利的影响：使用流程、期间和频率、"
                "受影响的人、损害风险、人工监督以及风险发生时的措施；将结果通知市场监督管理机构，情况变化时更新评估。",
            ),
            instrument=ACT,
            article="Art. 27",
            effective="2026-08-02",
            classes=["high_risk"],
            when=ANNEX_III_FINANCE,
            criteria=[criterion("validation", "evidence")],
            filing={
                "kind": "notification",
                "authority": MARKET_SURVEILLANCE_FRIA,
                "blocks_phase": "scaling",
                "refile_on": ["model", "purpose", "audience"],
            },
            on_change=["model", "purpose", "audience", "data_sources"],
        ),
        obligation(
            "art73_serious_incident",
            t("Report serious incidents", "通報嚴重事件", "报告严重事件"),
            t(
                "Inform the provider at once of a serious incident, and make sure the market surveillance authority "
                "is told no later than 15 days after becoming aware of it.",
                "發生嚴重事件時應立即通知提供者，並確保於知悉後15日內通報市場監督機關。",
                "发生严重事件时应立即告知提供者，并确保在知悉后15日内报告市场监督管理机构。",
            ),
            instrument=ACT,
            article="Art. 26(5), 73(2)",
            effective="2026-08-02",
            classes=["high_risk"],
            criteria=[criterion("validation", "checklist", waiver="security_reviewer")],
            incident={
                "deadline_hours": 360,
                "authority": MARKET_SURVEILLANCE,
                "severities": ["major", "critical"],
                "when": None,
            },
        ),
        obligation(
            "art73_widespread_incident",
            t(
                "Report widespread incidents within 2 days",
                "2日內通報大規模事件",
                "2日内报告大范围事件",
            ),
            t(
                "A widespread infringement, or a serious and irreversible disruption of critical infrastructure, is "
                "reported no later than 2 days after becoming aware of it.",
                "大規模侵害或關鍵基礎設施嚴重且不可逆之中斷，應於知悉後2日內通報。",
                "大范围侵害或关键基础设施严重且不可逆的中断，应在知悉后2日内报告。",
            ),
            instrument=ACT,
            article="Art. 73(3)",
            effective="2026-08-02",
            classes=["high_risk"],
            incident={
                "deadline_hours": 48,
                "authority": MARKET_SURVEILLANCE,
                "severities": ["critical"],
                "when": None,
            },
        ),
        obligation(
            "art50_disclose_ai",
            t(
                "Tell people they are dealing with AI",
                "告知民眾其係與AI互動",
                "告知公众其正在与AI交互",
            ),
            t(
                "People who interact with the system are told it is AI, unless that is obvious, at the latest at "
                "the first interaction.",
                "與系統互動之人應被告知其係與AI互動（顯而易見者除外），最遲於首次互動時告知。",
                "与系统交互的人应被告知其正在与AI交互（显而易见的除外），最迟在首次交互时告知。",
            ),
            instrument=ACT,
            article="Art. 50(1), 50(5)",
            effective="2026-08-02",
            classes=["high_risk", "limited"],
            when=INTERACTS,
            criteria=[criterion("scaling", "checklist")],
            on_change=["audience"],
        ),
        obligation(
            "art50_mark_content",
            t(
                "Mark generated content",
                "標示生成內容",
                "标识生成内容",
            ),
            t(
                "Generated audio, images, video and text are marked as AI-generated in a machine-readable way, and "
                "deep fakes, or text published to inform the public, are disclosed as generated.",
                "生成之聲音、圖像、影片及文字應以機器可讀方式標示為AI生成；深度偽造內容或為公共利益發布之文字應揭露其為生成。",
                "生成的音频、图片、视频和文本应以机器可读方式标识为AI生成；深度伪造内容或为公共利益发布的文本应披露其为生成。",
            ),
            instrument=ACT,
            article="Art. 50(2), 50(4)",
            effective="2026-08-02",
            classes=["high_risk", "limited"],
            when=GENERATES,
            criteria=[criterion("scaling", "evidence")],
            on_change=["model", "vendor"],
        ),
        obligation(
            "art53_gpai_provider",
            t(
                "Duties of a general-purpose model provider",
                "通用目的模型提供者之義務",
                "通用模型提供者的义务",
            ),
            t(
                "As the provider of a general-purpose model: keep its technical documentation, give downstream "
                "providers the information they need, have a policy to respect EU copyright law, and publish a "
                "summary of the content used for training.",
                "作為通用目的模型之提供者：備妥技術文件，向下游提供者提供必要資訊，訂定遵守歐盟著作權法之政策，"
                "並公布訓練內容摘要。",
                "作为通用模型的提供者：编制技术文档，向下游提供者提供必要信息，制定遵守欧盟版权法的政策，"
                "并公开训练内容摘要。",
            ),
            instrument=ACT,
            article="Art. 53",
            effective="2025-08-02",
            when=q("model_provider", is_="we_provide_gpai"),
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "model_version", "data_sources"],
        ),
    ],
}
