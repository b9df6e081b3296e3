"""The NIST AI Risk Management Framework 1.0 with its Generative AI Profile (NIST AI 600-1): a voluntary framework
a CoE switches on. Its subcategories map to gate criteria, the inventory, reminders and the retirement checklist.
Paraphrased; each obligation cites its function and subcategory."""

from regimes.catalogue._build import criterion, item, obligation, q, t, yes

RMF = t(
    "NIST AI Risk Management Framework 1.0 (NIST AI 100-1)",
    "美國NIST人工智慧風險管理框架 1.0（NIST AI 100-1）",
    "美国NIST人工智能风险管理框架 1.0（NIST AI 100-1）",
)
GENAI_PROFILE = t(
    "NIST AI 600-1 Generative AI Profile",
    "NIST AI 600-1 生成式人工智慧剖繪",
    "NIST AI 600-1 生成式人工智能配置文件",
)

THIRD_PARTY = q("model_provider", any_of=["api_model", "vendor_hosted"])
GENERATES = {"any": [yes("content_outside"), q("use_cases", any_of=["content_generation", "customer_chatbot"])]}

REGIME = {
    "code": "nist_ai_rmf",
    "version": 1,
    "voluntary": True,
    "name": t(
        "NIST AI RMF and Generative AI Profile",
        "NIST AI風險管理框架及生成式AI剖繪",
        "NIST AI风险管理框架及生成式AI配置文件",
    ),
    "jurisdiction": t("Voluntary framework (United States)", "自願性框架（美國）", "自愿性框架（美国）"),
    "summary": t(
        "Govern, map, measure and manage AI risks: each system is inventoried, its context mapped, its "
        "trustworthiness measured, a go/no-go decision taken before deployment, third-party failures planned for, "
        "its operation monitored after deployment and its decommissioning done safely.",
        "治理、映射、量測及管理AI風險：每一系統均應列入清冊、釐清使用情境、量測其可信任性，部署前作成是否上線之決定，"
        "預先因應第三方失效，部署後持續監控，並安全地退場。",
        "治理、映射、测量和管理AI风险：每个系统都应纳入清单、厘清使用情境、测量其可信性，部署前作出是否上线的决定，"
        "预先应对第三方失效，部署后持续监测，并安全退役。",
    ),
    "instrument": RMF,
    "effective": "2023-01-26",
    "applies_when": None,
    "questions": [],
    "classes": [
        {
            "code": "generative",
            "tier": "minimal",
            "name": t(
                "Generative AI (with the profile)",
                "生成式AI（適用剖繪）",
                "生成式AI（适用配置文件）",
            ),
            "description": t(
                "The framework applies with the Generative AI Profile's risks (confabulation, information "
                "integrity, harmful bias, data privacy, ...).",
                "適用本框架及生成式AI剖繪所列風險（虛構內容、資訊完整性、有害偏誤、資料隱私等）。",
                "适用本框架及生成式AI配置文件所列风险（虚构内容、信息完整性、有害偏见、数据隐私等）。",
            ),
            "when": GENERATES,
            "reason": t(
                "It generates content people outside the company see, so the Generative AI Profile applies.",
                "其生成之內容會提供給公司以外之人，適用生成式AI剖繪。",
                "其生成的内容会提供给公司以外的人，适用生成式AI配置文件。",
            ),
        },
        {
            "code": "in_scope",
            "tier": "minimal",
            "name": t("Managed under the AI RMF", "依AI風險管理框架管理", "按AI风险管理框架管理"),
            "description": t(
                "The framework's govern, map, measure and manage functions apply.",
                "適用本框架之治理、映射、量測及管理功能。",
                "适用本框架的治理、映射、测量和管理功能。",
            ),
            "when": None,
            "reason": t(
                "The CoE applies the NIST AI RMF to every AI initiative.",
                "卓越中心（CoE）對所有AI專案適用 NIST AI 風險管理框架。",
                "卓越中心（CoE）对所有AI项目适用 NIST AI 风险管理框架。",
            ),
        },
    ],
    "obligations": [
        obligation(
            "inventory",
            t("Record the system in the AI inventory", "列入AI系統清冊", "纳入AI系统清单"),
            t(
                "Enter the system in the organisation's AI inventory with its owner, purpose, model and data, and "
                "keep the entry current.",
                "將系統列入組織之AI清冊，載明負責人、用途、模型及資料，並隨時更新。",
                "将系统纳入组织的AI清单，载明负责人、用途、模型和数据，并及时更新。",
            ),
            instrument=RMF,
            article="GOVERN 1.6",
            effective="2023-01-26",
            criteria=[criterion("exploration", "checklist", waiver="coe_admin")],
            on_change=["model", "vendor", "purpose"],
        ),
        obligation(
            "map_context",
            t("Map the context of use", "釐清使用情境", "厘清使用情境"),
            t(
                "Document the intended purpose, the users and the people affected, the setting, and the limits of "
                "what the system should be used for.",
                "記錄預期用途、使用者及受影響者、使用環境，以及系統不應使用之範圍。",
                "记录预期用途、用户和受影响者、使用环境，以及系统不应使用的范围。",
            ),
            instrument=RMF,
            article="MAP 1.1",
            effective="2023-01-26",
            criteria=[criterion("exploration", "evidence")],
            on_change=["purpose", "audience"],
        ),
        obligation(
            "measure_trustworthiness",
            t("Measure trustworthiness", "量測可信任性", "测量可信性"),
            t(
                "Evaluate validity and reliability, safety, security, fairness and privacy before deployment, and "
                "for generative AI the profile's risks such as confabulation and harmful content; repeat when the "
                "model or its instructions change.",
                "部署前評估有效性與可靠性、安全、資安、公平及隱私；生成式AI另評估剖繪所列風險（如虛構內容、有害內容）；"
                "模型或系統指令變更時重新評估。",
                "部署前评估有效性与可靠性、安全、网络安全、公平和隐私；生成式AI另评估配置文件所列风险（如虚构内容、"
                "有害内容）；模型或系统提示词变更时重新评估。",
            ),
            instrument=RMF,
            article="MEASURE 2.3–2.11",
            effective="2023-01-26",
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "model_version", "system_prompt", "data_sources"],
        ),
        obligation(
            "content_provenance",
            t("Provenance of generated content", "生成內容之來源標記", "生成内容的来源标记"),
            t(
                "Track and disclose the provenance of generated content (labels, metadata, watermarks) so that "
                "people can tell it was generated.",
                "追蹤並揭露生成內容之來源（標示、詮釋資料、浮水印），使他人得以辨識其為生成內容。",
                "跟踪并披露生成内容的来源（标识、元数据、水印），使他人能够识别其为生成内容。",
            ),
            instrument=GENAI_PROFILE,
            article="Information integrity (MS-2.7, MG-4.1 actions)",
            effective="2024-07-26",
            classes=["generative"],
            criteria=[criterion("validation", "checklist", mandatory=False)],
            on_change=["model", "vendor"],
        ),
        obligation(
            "go_no_go",
            t("Go/no-go decision", "上線與否之決定", "上线与否的决定"),
            t(
                "Decide, on the measured results, whether the system meets its purpose and whether deployment "
                "should proceed, and record who decided and why.",
                "依量測結果決定系統是否達成預期目的及是否應部署上線，並記錄決定者及理由。",
                "根据测量结果决定系统是否实现预期目的以及是否应当部署上线，并记录决定人和理由。",
            ),
            instrument=RMF,
            article="MANAGE 1.1",
            effective="2023-01-26",
            criteria=[criterion("scaling", "evidence", waiver="coe_admin")],
        ),
        obligation(
            "third_party_contingency",
            t("Third-party contingency", "第三方失效之應變", "第三方失效应急"),
            t(
                "Plan for the failure of a third-party model or service: what is monitored, the fallback, and how "
                "the service continues or stops safely.",
                "預先規劃第三方模型或服務失效時之應變：監控項目、備援方案，以及服務如何持續或安全停止。",
                "预先规划第三方模型或服务失效时的应急：监测项目、备用方案，以及服务如何持续或安全停止。",
            ),
            instrument=RMF,
            article="GOVERN 6.2, MANAGE 3.1",
            effective="2023-01-26",
            when=THIRD_PARTY,
            criteria=[criterion("validation", "evidence")],
            on_change=["vendor", "model"],
        ),
        obligation(
            "post_deployment_monitoring",
            t("Post-deployment monitoring", "部署後監控", "部署后监测"),
            t(
                "Monitor the system in production: user feedback and appeals, incidents, drift and errors; review "
                "the plan every six months.",
                "於上線後監控系統：使用者回饋及申訴、事件、漂移及錯誤；每六個月檢視監控計畫。",
                "上线后监测系统：用户反馈和申诉、事件、漂移和错误；每六个月检视监测计划。",
            ),
            instrument=RMF,
            article="MANAGE 4.1",
            effective="2023-01-26",
            criteria=[criterion("scaling", "evidence")],
            review_cadence_days=180,
        ),
        obligation(
            "decommissioning",
            t("Safe decommissioning", "安全退場", "安全退役"),
            t(
                "Have a process to phase the system out without raising risk: dependencies, users told, data and "
                "models disposed of, records kept.",
                "訂定系統退場程序，避免增加風險：處理相依系統、通知使用者、處置資料及模型並保存紀錄。",
                "制定系统退役流程，避免增加风险：处理依赖系统、告知用户、处置数据和模型并保存记录。",
            ),
            instrument=RMF,
            article="GOVERN 1.7",
            effective="2023-01-26",
            retirement=[
                item(
                    "dependencies",
                    t(
                        "Switch off or re-point the systems and processes that depend on it.",
                        "關閉或轉移依賴本系統之系統及流程。",
                        "关闭或切换依赖该系统的系统和流程。",
                    ),
                ),
                item(
                    "users_told",
                    t(
                        "Tell the users and the people affected that the system is retired and what replaces it.",
                        "通知使用者及受影響者系統已退場及替代方式。",
                        "告知用户和受影响者系统已退役及替代方式。",
                    ),
                ),
                item(
                    "data_and_model_disposal",
                    t(
                        "Dispose of its data, prompts and model artefacts as the retention rules say, and record it.",
                        "依保存規定處置其資料、提示詞及模型產物，並予記錄。",
                        "按保存规定处置其数据、提示词和模型产物，并予以记录。",
                    ),
                ),
            ],
        ),
    ],
}
