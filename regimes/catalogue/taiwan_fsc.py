"""Taiwan: the FSC's Guidelines for the Use of AI in the Financial Industry, with the Bankers Association's AI
operating rules, the outsourcing rules for financial institutions, the Personal Data Protection Act and the
banking major-incident notice.

Paraphrased from the sources; each obligation cites its instrument and article (or, for the guidelines, which are
organised by chapter, the chapter). The guidelines are administrative guidance: the classes below turn their
risk-assessment factors into the tracker's common tiers.
"""

from regimes.catalogue._build import criterion, item, obligation, q, t, yes

GUIDELINES = t(
    "FSC Guidelines for the Use of AI in the Financial Industry",
    "金融業運用人工智慧(AI)指引",
    "台湾地区金管会《金融业运用人工智能（AI）指引》",
)
BANKERS_RULES = t(
    "Bankers Association: Operating Rules for Financial Institutions Using AI Technology",
    "銀行公會「金融機構運用人工智慧技術作業規範」",
    "台湾地区银行公会《金融机构运用人工智能技术作业规范》",
)
OUTSOURCING = t(
    "Regulations Governing Internal Operating Systems and Procedures for the Outsourcing of Financial Institution "
    "Operation",
    "金融機構作業委託他人處理內部作業制度及程序辦法",
    "台湾地区《金融机构作业委托他人处理内部作业制度及程序办法》",
)
PDPA = t(
    "Personal Data Protection Act (Taiwan)",
    "個人資料保護法",
    "台湾地区《个人资料保护法》",
)
INCIDENT_NOTICE = t(
    "FSC notice on the scope and procedure of reporting major incidents in the banking industry",
    "金管會銀行業重大偶發事件之通報範圍、作業程序及其他應遵循事項",
    "台湾地区金管会关于银行业重大偶发事件通报范围、作业程序及其他应遵循事项的规定",
)
FSC = t(
    "Financial Supervisory Commission (Banking Bureau)",
    "金融監督管理委員會（銀行局）",
    "台湾地区金融监督管理委员会（银行局）",
)

CUSTOMER_FACING = q("audience", any_of=["customers", "public"])
THIRD_PARTY = q("model_provider", any_of=["vendor_hosted", "api_model"])
VENDOR_HOSTED = q("model_provider", is_="vendor_hosted")
OWN_MODEL = q("model_provider", any_of=["self_built", "fine_tuned"])
BANKING = q("sector", is_="banking")

AUTONOMY = "fsc_autonomy"
COMPLEXITY = "fsc_complexity"
BREADTH = "fsc_breadth"
REMEDIES = "fsc_remedies"

REGIME = {
    "code": "taiwan_fsc",
    "version": 1,
    "voluntary": False,
    "name": t(
        "Taiwan: AI in the financial industry (FSC)",
        "臺灣：金融業運用人工智慧（金管會）",
        "台湾地区：金融业运用人工智能（金管会）",
    ),
    "jurisdiction": t("Taiwan", "臺灣", "台湾地区"),
    "summary": t(
        "A Taiwanese financial institution using AI assesses each system's risk from six factors and applies the "
        "six core principles in proportion: governance and accountability, fairness and human-centricity, privacy "
        "and customer rights, robustness and security, transparency and explainability, sustainability. Vendors "
        "are overseen as outsourcing, customers are told they deal with AI, and high-risk systems may be reviewed "
        "by an independent third party.",
        "金融機構運用人工智慧時，依六項因素評估各系統之風險，並依風險程度落實六項核心原則：建立治理及問責機制、"
        "重視公平性及以人為本、保護隱私及客戶權益、確保系統穩健性與安全性、落實透明性與可解釋性、促進永續發展。"
        "第三方業者依委外規範監督，應告知客戶其係與人工智慧互動，高風險系統得由獨立第三方進行審查。",
        "台湾地区金融机构运用人工智能时，依六项因素评估各系统的风险，并按风险程度落实六项核心原则：治理与问责、"
        "公平与以人为本、隐私与客户权益保护、系统稳健与安全、透明与可解释、可持续发展。对第三方服务商按外包规范"
        "监督，应告知客户其正在与人工智能交互，高风险系统可由独立第三方审查。",
    ),
    "instrument": GUIDELINES,
    "effective": "2024-06-20",
    "applies_when": {
        "all": [q("deployed_in", any_of=["taiwan"]), q("sector", any_of=["banking", "insurance", "securities"])],
    },
    "questions": [
        {
            "code": AUTONOMY,
            "type": "choice",
            "text": t(
                "How much does the AI decide on its own?",
                "人工智慧自主決策之程度為何？",
                "人工智能自主决策的程度如何？",
            ),
            "choices": [
                {
                    "code": "human_decides",
                    "text": t("It assists; a person decides", "僅提供輔助，由人員決定", "仅提供辅助，由人员决定"),
                },
                {
                    "code": "human_reviews",
                    "text": t(
                        "It decides; a person reviews before it takes effect",
                        "由系統決定，生效前經人員覆核",
                        "由系统决定，生效前经人员复核",
                    ),
                },
                {
                    "code": "autonomous",
                    "text": t(
                        "It decides or answers without a person in between",
                        "由系統自行決定或回覆，無人員介入",
                        "由系统自行决定或回复，无人员介入",
                    ),
                },
            ],
        },
        {
            "code": COMPLEXITY,
            "type": "choice",
            "text": t("How complex is the system?", "系統之複雜程度為何？", "系统的复杂程度如何？"),
            "choices": [
                {
                    "code": "simple",
                    "text": t(
                        "Simple and explainable (rules, scorecards)",
                        "簡單且可解釋（規則、評分卡）",
                        "简单且可解释（规则、评分卡）",
                    ),
                },
                {
                    "code": "complex",
                    "text": t(
                        "Complex or hard to explain (large language models, deep learning)",
                        "複雜或難以解釋（大型語言模型、深度學習）",
                        "复杂或难以解释（大语言模型、深度学习）",
                    ),
                },
            ],
        },
        {
            "code": BREADTH,
            "type": "choice",
            "text": t(
                "How widely could a failure affect people?",
                "系統失誤影響之程度及廣度為何？",
                "系统出错的影响程度和范围如何？",
            ),
            "choices": [
                {"code": "narrow", "text": t("A team or a few people", "單一團隊或少數人", "单个团队或少数人")},
                {
                    "code": "wide",
                    "text": t(
                        "Many customers or stakeholders",
                        "大量客戶或利害關係人",
                        "大量客户或利益相关方",
                    ),
                },
            ],
        },
        {
            "code": REMEDIES,
            "type": "choice",
            "text": t(
                "Can an affected customer easily get a remedy?",
                "受影響之客戶是否容易獲得救濟？",
                "受影响的客户能否方便地获得救济？",
            ),
            "choices": [
                {
                    "code": "complete",
                    "text": t(
                        "Yes: a person takes over, decisions can be corrected, complaints are handled",
                        "是：可轉由真人服務、更正決定並受理申訴",
                        "是：可转人工服务、更正决定并受理投诉",
                    ),
                },
                {
                    "code": "limited",
                    "text": t("Only in part, or not yet", "僅部分具備或尚未建立", "仅部分具备或尚未建立"),
                },
            ],
        },
    ],
    "classes": [
        {
            "code": "high",
            "tier": "high",
            "name": t("Higher risk", "較高風險", "较高风险"),
            "description": t(
                "Customer-facing and, in addition, deciding about customers, acting on its own, handling sensitive "
                "data, affecting many people's data or lacking remedies: the principles apply in full, with an "
                "independent review.",
                "直接服務客戶，且對客戶作成決定、自主運作、處理敏感個人資料、影響大量客戶資料或救濟不完整："
                "完整落實各項原則，並由獨立第三方審查。",
                "直接服务客户，且对客户作出决定、自主运行、处理敏感个人信息、影响大量客户信息或救济不完整："
                "全面落实各项原则，并由独立第三方审查。",
            ),
            "when": {
                "all": [
                    CUSTOMER_FACING,
                    {
                        "any": [
                            yes("automated_decisions"),
                            q(AUTONOMY, is_="autonomous"),
                            yes("sensitive_personal_data"),
                            {"all": [yes("personal_data"), q(BREADTH, is_="wide")]},
                            q(REMEDIES, is_="limited"),
                        ]
                    },
                ]
            },
            "reason": t(
                "The risk factors of the FSC guidelines point to a higher risk: the system serves customers directly "
                "and at least one other factor weighs heavily.",
                "依金融業運用AI指引之風險評估因素，本系統直接服務客戶，且至少另有一項因素程度較高，屬較高風險。",
                "按照《金融业运用AI指引》的风险评估因素，该系统直接服务客户，且至少还有一项因素程度较高，属于较高风险。",
            ),
        },
        {
            "code": "medium",
            "tier": "limited",
            "name": t("Medium risk", "中度風險", "中等风险"),
            "description": t(
                "Customer-facing, using personal data, acting on its own or complex, without the weight of the "
                "higher class.",
                "直接服務客戶、使用個人資料、自主運作或系統複雜，但未達較高風險。",
                "直接服务客户、使用个人信息、自主运行或系统复杂，但未达到较高风险。",
            ),
            "when": {
                "any": [
                    CUSTOMER_FACING,
                    yes("personal_data"),
                    q(AUTONOMY, is_="autonomous"),
                    q(COMPLEXITY, is_="complex"),
                ]
            },
            "reason": t(
                "At least one risk factor of the FSC guidelines is present, none heavily.",
                "具有金融業運用AI指引所列之風險評估因素，但程度均不高。",
                "存在《金融业运用AI指引》所列的风险评估因素，但程度均不高。",
            ),
        },
        {
            "code": "low",
            "tier": "minimal",
            "name": t("Lower risk", "較低風險", "较低风险"),
            "description": t(
                "Internal, without personal data, assisting a person, simple.",
                "內部使用、不涉及個人資料、僅輔助人員且系統簡單。",
                "内部使用、不涉及个人信息、仅辅助人员且系统简单。",
            ),
            "when": None,
            "reason": t(
                "None of the FSC guidelines' risk factors weighs on this system.",
                "本系統未涉及金融業運用AI指引所列之風險評估因素。",
                "该系统不涉及《金融业运用AI指引》所列的风险评估因素。",
            ),
        },
    ],
    "obligations": [
        obligation(
            "risk_assessment",
            t("AI risk assessment", "AI系統風險評估", "AI系统风险评估"),
            t(
                "Assess the system's risk from the six factors (customer-facing, personal data, autonomy, "
                "complexity, breadth of impact, remedies), record the result and the controls it calls for, and "
                "assess again when the model, purpose, audience or data change.",
                "依六項因素（是否直接服務客戶、使用個人資料程度、自主決策程度、系統複雜度、影響程度及廣度、"
                "救濟選項完整度）評估風險，記錄結果及相應控管措施；模型、用途、對象或資料變更時重新評估。",
                "按照六项因素（是否直接服务客户、使用个人信息程度、自主决策程度、系统复杂度、影响程度和范围、"
                "救济选项完整度）评估风险，记录结果及相应控制措施；模型、用途、对象或数据变更时重新评估。",
            ),
            instrument=GUIDELINES,
            article="General provisions: risk assessment factors",
            effective="2024-06-20",
            criteria=[criterion("exploration", "evidence")],
            on_change=["model", "purpose", "audience", "data_sources"],
        ),
        obligation(
            "lifecycle_checkpoints",
            t("Lifecycle checkpoints", "生命週期檢核點", "生命周期检查点"),
            t(
                "Check the system at each stage of its life: planning and design, data collection and input, model "
                "building and validation, deployment and monitoring; keep what each check found.",
                "於系統規劃及設計、資料蒐集及輸入、模型建立及驗證、系統佈署及監控各階段進行檢核，並保存檢核結果。",
                "在系统规划与设计、数据收集与输入、模型建立与验证、系统部署与监控各阶段开展检查，并保存检查结果。",
            ),
            instrument=GUIDELINES,
            article="General provisions: AI system lifecycle",
            effective="2024-06-20",
            classes=["high", "medium"],
            criteria=[
                criterion("exploration", "checklist"),
                criterion("validation", "evidence"),
                criterion("scaling", "evidence"),
            ],
            on_change=["model", "model_version", "data_sources"],
        ),
        obligation(
            "governance_accountability",
            t("Governance and accountability", "建立治理及問責機制", "治理与问责机制"),
            t(
                "Name who is accountable for the system, put it under the board-approved AI policy and internal "
                "controls, and keep a way to shut it down safely in an emergency.",
                "指定系統之負責人員，納入經董事會核定之AI政策及內部控制，並具備緊急時安全關閉系統之機制。",
                "明确系统负责人，纳入经董事会核定的AI政策和内部控制，并具备紧急情况下安全关闭系统的机制。",
            ),
            instrument=GUIDELINES,
            article="Ch. 1",
            effective="2024-06-20",
            classes=["high", "medium"],
            criteria=[criterion("validation", "evidence")],
            review_cadence_days=None,
        ),
        obligation(
            "fairness_human_centric",
            t("Fairness and human-centricity", "重視公平性及以人為本", "公平与以人为本"),
            t(
                "Test for bias and unfair treatment of customers, and keep people in or over the loop in proportion "
                "to the risk; correct what the tests find.",
                "檢測偏誤及對客戶之不公平對待，並依風險程度由人員參與或監督決策（人在迴路中或迴路上）；發現問題應予改正。",
                "检测偏差和对客户的不公平对待，并按风险程度由人员参与或监督决策（人在回路中或回路上）；发现问题及时纠正。",
            ),
            instrument=GUIDELINES,
            article="Ch. 2",
            effective="2024-06-20",
            classes=["high", "medium"],
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "model_version", "data_sources"],
        ),
        obligation(
            "privacy_customer_rights",
            t("Privacy and customer rights", "保護隱私及客戶權益", "隐私与客户权益保护"),
            t(
                "Collect only the customer data the system needs, protect it, and give customers a way out: a "
                "person to talk to, a correction, a complaint channel.",
                "依資料最小化原則蒐集必要之客戶資料並妥善保護；提供客戶替代及救濟方式，如轉由真人服務、更正及申訴管道。",
                "按数据最小化原则收集必要的客户信息并妥善保护；为客户提供替代和救济方式，如转人工服务、更正和投诉渠道。",
            ),
            instrument=GUIDELINES,
            article="Ch. 3",
            effective="2024-06-20",
            when={"any": [yes("personal_data"), CUSTOMER_FACING]},
            criteria=[criterion("validation", "evidence", waiver="data_steward")],
            on_change=["data_sources", "audience"],
        ),
        obligation(
            "robustness_security",
            t("Robustness and security", "確保系統穩健性與安全性", "系统稳健与安全"),
            t(
                "Test the system's accuracy, resilience and security (including attacks on the model and its "
                "prompts) before launch and monitor them in production, with a fallback when it fails.",
                "上線前測試系統之正確性、韌性及安全性（含針對模型及提示詞之攻擊），上線後持續監控，並備有失效時之備援。",
                "上线前测试系统的准确性、韧性和安全性（包括针对模型和提示词的攻击），上线后持续监控，并具备失效时的备用方案。",
            ),
            instrument=GUIDELINES,
            article="Ch. 4",
            effective="2024-06-20",
            classes=["high", "medium"],
            criteria=[criterion("validation", "evidence", waiver="security_reviewer")],
            on_change=["model", "model_version", "system_prompt", "vendor"],
        ),
        obligation(
            "transparency_explainability",
            t("Transparency and explainability", "落實透明性與可解釋性", "透明与可解释"),
            t(
                "Document how the system reaches its outputs and explain them to customers and supervisors in "
                "proportion to the risk.",
                "記錄系統產出結果之方式，並依風險程度向客戶及主管機關說明。",
                "记录系统得出结果的方式，并按风险程度向客户和监管机关说明。",
            ),
            instrument=GUIDELINES,
            article="Ch. 5",
            effective="2024-06-20",
            classes=["high", "medium"],
            criteria=[criterion("validation", "evidence")],
            on_change=["model"],
        ),
        obligation(
            "tell_customers_ai",
            t(
                "Tell customers they deal with AI",
                "告知客戶其係與AI互動",
                "告知客户其正在与AI交互",
            ),
            t(
                "Tell customers clearly, before or while they use it, that the service is provided by AI, and how to "
                "reach a person instead.",
                "於客戶使用前或使用時明確告知該服務係由人工智慧提供，並說明如何改由真人服務。",
                "在客户使用前或使用时明确告知该服务由人工智能提供，并说明如何转人工服务。",
            ),
            instrument=GUIDELINES,
            article="Ch. 5",
            effective="2024-06-20",
            when=CUSTOMER_FACING,
            criteria=[criterion("scaling", "checklist")],
            on_change=["audience"],
        ),
        obligation(
            "sustainability",
            t("Sustainability", "促進永續發展", "可持续发展"),
            t(
                "Weigh the system's contribution to the institution's sustainability goals and its effect on staff, "
                "with training for the people whose work changes.",
                "評估系統對永續發展目標之貢獻及對員工之影響，並為工作內容改變之員工安排訓練。",
                "评估系统对可持续发展目标的贡献及对员工的影响，并为工作内容变化的员工安排培训。",
            ),
            instrument=GUIDELINES,
            article="Ch. 6",
            effective="2024-06-20",
            classes=["high", "medium"],
            criteria=[criterion("exploration", "checklist", mandatory=False)],
        ),
        obligation(
            "independent_review",
            t("Independent third-party review", "獨立第三方審查", "独立第三方审查"),
            t(
                "Have a higher-risk system reviewed by an independent third party with AI expertise (inside or "
                "outside the institution, independent of the team that built it) before it goes live; the reviewer "
                "signs each gate.",
                "較高風險之系統上線前，由具AI專業之獨立第三方（可為內部或外部，但獨立於開發團隊）進行審查；"
                "審查人員於各關卡簽核。",
                "较高风险系统上线前，由具备AI专业能力的独立第三方（可为内部或外部，但独立于开发团队）进行审查；"
                "审查人员在各关卡签核。",
            ),
            instrument=GUIDELINES,
            article="Ch. 1: independent review of higher-risk systems",
            effective="2024-06-20",
            classes=["high"],
            criteria=[criterion("validation", "evidence", waiver="coe_admin")],
            slots=[["independent_reviewer", 1]],
            review_cadence_days=180,
        ),
        obligation(
            "periodic_review",
            t("Periodic review in production", "上線後定期檢視", "上线后定期检视"),
            t(
                "Review the system periodically in production, as the guidelines' deployment and monitoring stage "
                "asks: performance, complaints, incidents, whether the risk assessment still holds. The tracker "
                "schedules a yearly compliance review (every six months at higher risk, with the independent review).",
                "依指引系統佈署及監控階段之要求，於上線後定期檢視系統：效能、申訴、事件及風險評估是否仍然適當。"
                "本平台每年安排一次法遵檢視（較高風險者每半年一次，並由獨立第三方審查）。",
                "按照指引系统部署与监控阶段的要求，上线后定期检视系统：性能、投诉、事件以及风险评估是否仍然适当。"
                "本平台每年安排一次合规检视（较高风险的每半年一次，并由独立第三方审查）。",
            ),
            instrument=GUIDELINES,
            article="General provisions: deployment and monitoring",
            effective="2024-06-20",
            classes=["medium"],
            review_cadence_days=365,
        ),
        obligation(
            "third_party_oversight",
            t("Oversight of third-party AI providers", "第三方業者之監督管理", "第三方服务商的监督管理"),
            t(
                "Before relying on a vendor's or an API's model: assess the provider's knowledge, expertise and "
                "experience; sign a written contract; make sure customer data is protected; set out who is "
                "responsible for what; keep records of the work done for you; and plan how to migrate away when the "
                "contract ends.",
                "採用供應商或API模型前：評估第三方業者之知識、專業及經驗；簽訂書面契約；確保客戶資料受保護；"
                "釐清責任分工；留存受託事項之書面或數位紀錄；並訂定契約終止時之移轉機制。",
                "采用供应商或API模型前：评估第三方服务商的知识、专业能力和经验；签订书面合同；确保客户信息受到保护；"
                "明确责任分工；留存受托事项的书面或电子记录；并制定合同终止时的迁移机制。",
            ),
            instrument=GUIDELINES,
            article="General provisions: oversight of third parties",
            effective="2024-06-20",
            when=THIRD_PARTY,
            criteria=[criterion("validation", "evidence")],
            on_change=["vendor", "model"],
            retirement=[
                item(
                    "vendor_exit",
                    t(
                        "Run the migration plan: move the service or its data off the vendor and end its access.",
                        "執行移轉計畫：將服務或資料移出第三方業者，並終止其存取權限。",
                        "执行迁移计划：将服务或数据迁出第三方服务商，并终止其访问权限。",
                    ),
                ),
                item(
                    "vendor_data_return",
                    t(
                        "Obtain the vendor's confirmation that customer data was returned or deleted.",
                        "取得第三方業者已返還或刪除客戶資料之確認。",
                        "取得第三方服务商已返还或删除客户信息的确认。",
                    ),
                ),
            ],
        ),
        obligation(
            "ba_senior_executive",
            t(
                "A designated senior executive for AI",
                "指定高階主管負責AI治理",
                "指定高级管理人员负责AI治理",
            ),
            t(
                "A senior executive designated by the bank oversees AI use, with the security, compliance and risk "
                "functions giving their view on data governance, security, oversight, customer protection and "
                "incident response.",
                "由銀行指定之高階主管督導AI之運用，並由資安、法遵及風控單位就資料治理、資安、監督機制、"
                "消費者權益保障及應變措施提出意見。",
                "由银行指定的高级管理人员督导AI运用，并由信息安全、合规和风险管理部门就数据治理、信息安全、监督机制、"
                "消费者权益保护和应急措施提出意见。",
            ),
            instrument=BANKERS_RULES,
            article="Governance (designated senior executive)",
            effective="2024-03-14",
            when=BANKING,
            classes=["high", "medium"],
            criteria=[criterion("exploration", "checklist")],
        ),
        obligation(
            "ba_human_intervention",
            t("Human intervention", "人工介入機制", "人工介入机制"),
            t(
                "Keep a person able to step in, so the system's risks stay under control: review of its outputs, "
                "override and stop.",
                "應有人力介入機制，確保AI風險在可控範圍內：覆核產出、推翻決定及停止運作。",
                "应有人工介入机制，确保AI风险处于可控范围：复核输出、推翻决定和停止运行。",
            ),
            instrument=BANKERS_RULES,
            article="Risk control (human intervention)",
            effective="2024-03-14",
            when=BANKING,
            classes=["high", "medium"],
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "purpose"],
        ),
        obligation(
            "ba_disclosure",
            t(
                "Disclose AI to consumers (Bankers Association)",
                "向消費者揭露AI之運用（銀行公會）",
                "向消费者披露AI运用（银行公会）",
            ),
            t(
                "When AI interacts directly with consumers, state clearly that the service is provided by AI.",
                "運用AI技術與消費者直接互動時，應明確告知該服務係由AI提供。",
                "运用AI技术与消费者直接交互时，应明确告知该服务由AI提供。",
            ),
            instrument=BANKERS_RULES,
            article="Consumer protection (disclosure)",
            effective="2024-03-14",
            when={"all": [BANKING, CUSTOMER_FACING]},
            criteria=[criterion("scaling", "checklist")],
        ),
        obligation(
            "ba_technical_documentation",
            t("Technical documentation", "技術文件保存", "技术文档留存"),
            t(
                "For AI the bank develops or fine-tunes, keep the technical documentation of design, development and "
                "implementation, including the data that can affect its decisions.",
                "自行開發或優化之AI，應保存設計、開發及實施過程之必要技術文件，包括可能影響決策之重要資料。",
                "自行开发或优化的AI，应保存设计、开发和实施过程的必要技术文档，包括可能影响决策的重要数据。",
            ),
            instrument=BANKERS_RULES,
            article="Development (technical documentation)",
            effective="2024-03-14",
            when={"all": [BANKING, OWN_MODEL]},
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "model_version", "data_sources"],
        ),
        obligation(
            "ba_third_party_vetting",
            t("Vetting third-party AI", "第三方AI技術之評估及監督", "第三方AI技术的评估与监督"),
            t(
                "Investigate and assess third-party AI before using it, and supervise it while it runs.",
                "使用第三方AI技術前應進行調查及評估，使用期間並應有適當之監督機制。",
                "使用第三方AI技术前应开展调查和评估，使用期间应有适当的监督机制。",
            ),
            instrument=BANKERS_RULES,
            article="Third parties (vetting and supervision)",
            effective="2024-03-14",
            when={"all": [BANKING, THIRD_PARTY]},
            criteria=[criterion("validation", "evidence")],
            on_change=["vendor"],
        ),
        obligation(
            "outsourcing",
            t(
                "Outsourcing rules where a vendor hosts the system",
                "由供應商代管系統之作業委外規範",
                "由供应商托管系统的作业外包规范",
            ),
            t(
                "Treat the vendor-hosted system as outsourcing: assess the outsourcing's materiality and risk, write "
                "the scope and responsibilities into the contract (including customer notice and the supervisor's "
                "right to inspect), set up emergency and continuity arrangements, and declare the outsourcing to the "
                "FSC; a material consumer-finance system processed abroad needs the FSC's approval first.",
                "由供應商代管之系統應依作業委外規範辦理：評估委外事項之重大性及風險，於契約明定委外範圍、責任分工"
                "（含告知客戶及主管機關查核權），訂定緊急應變及營運持續措施，並向金管會申報委外事項；"
                "重大性消費金融業務資訊系統委託至境外處理者，應事先申請核准。",
                "由供应商托管的系统应按作业外包规范办理：评估外包事项的重要性和风险，在合同中明确外包范围和责任分工"
                "（包括告知客户及监管机关检查权），制定应急和业务连续性安排，并向金管会申报外包事项；"
                "重要的消费金融业务信息系统委托境外处理的，应事先申请核准。",
            ),
            instrument=OUTSOURCING,
            article="Art. 3, 4, 8, 18",
            effective="2023-08-04",
            when=VENDOR_HOSTED,
            criteria=[criterion("validation", "evidence")],
            filing={
                "kind": "notification",
                "authority": FSC,
                "blocks_phase": "scaling",
                "refile_on": ["vendor"],
            },
            on_change=["vendor"],
            retirement=[
                item(
                    "outsourcing_termination",
                    t(
                        "End the outsourcing contract, update the outsourcing declaration to the FSC and confirm "
                        "customer data was returned or destroyed.",
                        "終止委外契約，更新向金管會之委外申報，並確認客戶資料已返還或銷毀。",
                        "终止外包合同，更新向金管会的外包申报，并确认客户信息已返还或销毁。",
                    ),
                )
            ],
        ),
        obligation(
            "pdpa",
            t("Personal data protection", "個人資料保護", "个人信息保护"),
            t(
                "Tell people what is collected and why when collecting it, use personal data only within the "
                "specific purpose and its lawful basis, keep security measures in place, and notify the people "
                "concerned when their data is stolen, leaked or altered.",
                "蒐集時告知當事人蒐集目的及類別，僅於特定目的及法定要件範圍內蒐集、處理及利用，採取適當安全維護措施，"
                "並於個人資料被竊取、洩漏或竄改時通知當事人。",
                "收集时告知当事人收集目的和类别，仅在特定目的及法定要件范围内收集、处理和利用，采取适当的安全维护措施，"
                "并在个人信息被窃取、泄露或篡改时通知当事人。",
            ),
            instrument=PDPA,
            article="Art. 8, 12, 19, 20, 27",
            effective="2012-10-01",
            when=yes("personal_data"),
            criteria=[criterion("validation", "evidence", waiver="data_steward")],
            on_change=["data_sources", "purpose", "vendor"],
            retirement=[
                item(
                    "data_deletion",
                    t(
                        "Delete or stop using the personal data once the specific purpose has ended (PDPA Art. 11).",
                        "特定目的消失後，刪除或停止處理、利用個人資料（個人資料保護法第11條）。",
                        "特定目的消失后，删除或停止处理、利用个人信息（台湾地区《个人资料保护法》第十一条）。",
                    ),
                )
            ],
        ),
        obligation(
            "major_incident_report",
            t(
                "Report major incidents to the FSC at once",
                "重大偶發事件立即通報金管會",
                "重大偶发事件立即通报金管会",
            ),
            t(
                "Report a major incident (a service outage, a data leak, a cyberattack affecting customers) to the "
                "FSC as soon as it is known, then send the follow-up report within seven business days; the tracker "
                'counts one hour as the outer limit of "at once".',
                "發生重大偶發事件（如服務中斷、資料外洩、影響客戶之網路攻擊）應於知悉後立即通報金管會，"
                "並於七個營業日內函報後續處理情形；本平台以一小時作為「立即」之上限。",
                "发生重大偶发事件（如服务中断、数据泄露、影响客户的网络攻击）应在知悉后立即通报金管会，"
                "并在七个工作日内报送后续处理情况；本平台以一小时作为“立即”的上限。",
            ),
            instrument=INCIDENT_NOTICE,
            article="Reporting scope and procedure",
            effective="2017-03-22",
            when=BANKING,
            criteria=[criterion("validation", "checklist", waiver="security_reviewer")],
            incident={"deadline_hours": 1, "authority": FSC, "severities": ["major", "critical"], "when": None},
        ),
    ],
}
