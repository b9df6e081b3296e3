"""ISO/IEC 42001:2023, the AI management system standard: a voluntary framework a CoE switches on. Its obligations
map to gate criteria, registers (the statement of applicability, corrective actions) and reminders (the internal
audit and the management review). Paraphrased; each obligation cites its clause or Annex A control."""

from regimes.catalogue._build import criterion, item, obligation, q, t

STANDARD = t(
    "ISO/IEC 42001:2023 Artificial intelligence — Management system",
    "ISO/IEC 42001:2023 人工智慧管理系統",
    "ISO/IEC 42001:2023 人工智能管理体系",
)

REGIME = {
    "code": "iso_42001",
    "version": 1,
    "voluntary": True,
    "name": t("ISO/IEC 42001 AI management system", "ISO/IEC 42001 人工智慧管理系統", "ISO/IEC 42001 人工智能管理体系"),
    "jurisdiction": t("International standard", "國際標準", "国际标准"),
    "summary": t(
        "The AI management system standard: every AI system in scope has an impact assessment (repeated at planned "
        "intervals and on significant change), a place in the statement of applicability, internal audits and "
        "management reviews, and corrective actions tracked to closure.",
        "人工智慧管理系統標準：範圍內之每一AI系統均應進行影響評估（定期及重大變更時重新評估），列入適用性聲明，"
        "納入內部稽核及管理審查，並追蹤矯正措施至結案。",
        "人工智能管理体系标准：范围内的每个AI系统都应开展影响评估（定期及重大变更时重新评估），纳入适用性声明，"
        "接受内部审核和管理评审，并跟踪纠正措施直至关闭。",
    ),
    "instrument": STANDARD,
    "effective": "2023-12-18",
    "applies_when": None,
    "questions": [],
    "classes": [
        {
            "code": "in_scope",
            "tier": "minimal",
            "name": t("In the management system's scope", "屬管理系統範圍", "属于管理体系范围"),
            "description": t(
                "The system is managed under the organisation's AI management system.",
                "本系統納入組織之人工智慧管理系統管理。",
                "该系统纳入组织的人工智能管理体系管理。",
            ),
            "when": None,
            "reason": t(
                "The CoE applies ISO/IEC 42001 to every AI initiative.",
                "卓越中心（CoE）對所有AI專案適用 ISO/IEC 42001。",
                "卓越中心（CoE）对所有AI项目适用 ISO/IEC 42001。",
            ),
        }
    ],
    "obligations": [
        obligation(
            "impact_assessment",
            t("AI system impact assessment", "AI系統影響評估", "AI系统影响评估"),
            t(
                "Assess the system's possible consequences for individuals, groups and society, and repeat the "
                "assessment at planned intervals (yearly) and whenever the system changes significantly.",
                "評估系統對個人、群體及社會可能造成之影響，並定期（每年）及系統重大變更時重新評估。",
                "评估系统对个人、群体和社会可能造成的影响，并定期（每年）及系统发生重大变更时重新评估。",
            ),
            instrument=STANDARD,
            article="Clause 6.1.4, 8.4",
            effective="2023-12-18",
            criteria=[criterion("exploration", "evidence", validity_days=365)],
            on_change=["model", "purpose", "audience", "data_sources"],
        ),
        obligation(
            "risk_treatment",
            t("AI risk assessment and treatment", "AI風險評鑑及處理", "AI风险评估与处置"),
            t(
                "Assess the system's AI risks against the organisation's criteria and choose and record their "
                "treatment, with the residual risk accepted by its owner.",
                "依組織之準則評鑑系統之AI風險，選定並記錄處理方式，剩餘風險由風險擁有者接受。",
                "按照组织的准则评估系统的AI风险，选择并记录处置方式，剩余风险由风险所有者接受。",
            ),
            instrument=STANDARD,
            article="Clause 6.1.2, 6.1.3, 8.2, 8.3",
            effective="2023-12-18",
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "purpose", "vendor"],
        ),
        obligation(
            "statement_of_applicability",
            t("Statement of applicability", "適用性聲明", "适用性声明"),
            t(
                "Record which Annex A controls apply to the system, why, and whether they are in place; exclusions "
                "are justified.",
                "記錄附錄A中適用於本系統之控制措施、理由及實施情形；排除之控制措施應說明理由。",
                "记录附录A中适用于该系统的控制措施、理由及实施情况；排除的控制措施应说明理由。",
            ),
            instrument=STANDARD,
            article="Clause 6.1.3",
            effective="2023-12-18",
            criteria=[criterion("exploration", "checklist", waiver="coe_admin")],
        ),
        obligation(
            "lifecycle_documentation",
            t(
                "Life cycle records and technical documentation",
                "生命週期紀錄及技術文件",
                "生命周期记录与技术文档",
            ),
            t(
                "Document the system's requirements, design, verification and validation, deployment plan and "
                "operation and monitoring, and keep its event logs.",
                "記錄系統之需求、設計、驗證與確認、部署計畫及運作監控，並保存事件日誌。",
                "记录系统的需求、设计、验证与确认、部署计划以及运行监视，并保存事件日志。",
            ),
            instrument=STANDARD,
            article="Annex A.6.2",
            effective="2023-12-18",
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "model_version", "system_prompt"],
            retirement=[
                item(
                    "decommission_record",
                    t(
                        "Record the system's retirement in its life cycle records, with what became of its data and "
                        "models.",
                        "於生命週期紀錄中記錄系統之退場，以及其資料及模型之處置。",
                        "在生命周期记录中记录系统退役情况，以及其数据和模型的处置。",
                    ),
                )
            ],
        ),
        obligation(
            "supplier_relationships",
            t("Suppliers of AI", "AI供應商管理", "AI供应商管理"),
            t(
                "Make sure the responsibilities shared with the model's supplier are allocated and that what it "
                "supplies meets the organisation's approach to responsible AI.",
                "確保與模型供應商間之責任已明確分配，且其提供之服務符合組織之負責任AI要求。",
                "确保与模型供应商之间的职责已明确分配，且其提供的服务符合组织的负责任AI要求。",
            ),
            instrument=STANDARD,
            article="Annex A.10",
            effective="2023-12-18",
            when=q("model_provider", any_of=["api_model", "vendor_hosted"]),
            criteria=[criterion("validation", "checklist")],
            on_change=["vendor"],
        ),
        obligation(
            "internal_audit",
            t("Internal audit", "內部稽核", "内部审核"),
            t(
                "Include the system in the internal audit programme, audited at least once a year.",
                "將本系統納入內部稽核計畫，至少每年稽核一次。",
                "将该系统纳入内部审核方案，至少每年审核一次。",
            ),
            instrument=STANDARD,
            article="Clause 9.2",
            effective="2023-12-18",
            review_cadence_days=365,
        ),
        obligation(
            "management_review",
            t("Management review", "管理階層審查", "管理评审"),
            t(
                "Bring the system's performance, incidents and risks to top management's review at planned intervals.",
                "定期將系統之績效、事件及風險提報高階管理階層審查。",
                "定期将系统的绩效、事件和风险提交最高管理者评审。",
            ),
            instrument=STANDARD,
            article="Clause 9.3",
            effective="2023-12-18",
            review_cadence_days=365,
        ),
        obligation(
            "corrective_actions",
            t("Corrective actions to closure", "矯正措施追蹤至結案", "纠正措施跟踪至关闭"),
            t(
                "Record each nonconformity found on the system, its cause and the corrective action, and follow it "
                "until it is closed and shown to work.",
                "記錄系統之每一不符合事項、原因及矯正措施，並追蹤至結案且確認有效。",
                "记录系统的每项不符合、原因及纠正措施，并跟踪直至关闭且确认有效。",
            ),
            instrument=STANDARD,
            article="Clause 10.2",
            effective="2023-12-18",
            criteria=[criterion("scaling", "checklist")],
        ),
    ],
}
