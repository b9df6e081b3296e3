"""Taiwan's AI Basic Act (人工智慧基本法): passed on 23 December 2025, in force on 14 January 2026.

A framework law: it sets principles and tells the government to build a risk classification framework (the Ministry
of Digital Affairs) and sector rules (each competent authority), which are still to come. Its obligations are
shipped as informational — shown with their citation, binding nothing — and the compliance lead makes them binding
(a new catalogue version) as the rules appear. The provisions are cited by subject.
"""

from regimes.catalogue._build import criterion, obligation, q, t, yes

ACT = t("AI Basic Act (Taiwan)", "人工智慧基本法", "台湾地区《人工智能基本法》")

CUSTOMER_FACING = q("audience", any_of=["customers", "public"])

REGIME = {
    "code": "taiwan_ai_basic_act",
    "version": 1,
    "voluntary": False,
    "name": t("Taiwan: AI Basic Act", "臺灣：人工智慧基本法", "台湾地区：人工智能基本法"),
    "jurisdiction": t("Taiwan", "臺灣", "台湾地区"),
    "summary": t(
        "A framework law: seven principles for AI research and use, a risk classification framework and sector "
        "rules still to be issued, and notices or warnings on applications the authorities designate as high-risk. "
        "Until the rules appear, its obligations are shown for information.",
        "框架性法律：規定人工智慧研發及應用之七項原則，風險分類框架及各目的事業法規尚待訂定，"
        "經主管機關認定為高風險之應用應明確標示注意事項或警語。相關規範發布前，本法義務僅供參考。",
        "框架性法律：规定人工智能研发和应用的七项原则，风险分类框架和各行业规则尚待制定，"
        "经主管机关认定为高风险的应用应当明确标注注意事项或警示语。相关规则发布前，其义务仅供参考。",
    ),
    "instrument": ACT,
    "effective": "2026-01-14",
    "applies_when": q("deployed_in", any_of=["taiwan"]),
    "questions": [],
    "classes": [
        {
            "code": "possibly_high_risk",
            "tier": "limited",
            "name": t(
                "May be designated high-risk",
                "可能被認定為高風險",
                "可能被认定为高风险",
            ),
            "description": t(
                "Serves customers or the public and decides about people or handles sensitive data: likely to be "
                "designated high-risk once the framework is issued.",
                "服務客戶或大眾，且對個人作成決定或處理敏感個人資料：風險分類框架發布後可能被認定為高風險。",
                "服务客户或公众，且对个人作出决定或处理敏感个人信息：风险分类框架发布后可能被认定为高风险。",
            ),
            "when": {
                "all": [
                    CUSTOMER_FACING,
                    {"any": [yes("automated_decisions"), yes("sensitive_personal_data")]},
                ]
            },
            "reason": t(
                "It affects customers' or the public's rights the way the Act's high-risk applications are expected "
                "to; the designation awaits the risk classification framework.",
                "其影響客戶或大眾權益之方式與本法預期之高風險應用相當；是否認定為高風險，有待風險分類框架發布。",
                "其影响客户或公众权益的方式与该法预期的高风险应用相当；是否认定为高风险，有待风险分类框架发布。",
            ),
        },
        {
            "code": "general",
            "tier": "minimal",
            "name": t("General application", "一般應用", "一般应用"),
            "description": t(
                "The Act's principles apply; no specific duty yet.",
                "適用本法之基本原則，尚無特定義務。",
                "适用该法的基本原则，尚无特定义务。",
            ),
            "when": None,
            "reason": t(
                "It is used in Taiwan: the Act's principles apply.",
                "於臺灣使用，適用本法之基本原則。",
                "在台湾地区使用，适用该法的基本原则。",
            ),
        },
    ],
    "obligations": [
        obligation(
            "principles",
            t("The seven principles", "七項基本原則", "七项基本原则"),
            t(
                "Design and run the system in line with the Act's principles: sustainability and well-being, human "
                "autonomy, privacy and data governance, cybersecurity and safety, transparency and explainability, "
                "fairness and non-discrimination, accountability.",
                "系統之設計及運作應符合本法基本原則：永續發展與福祉、人類自主、隱私保護與資料治理、資安與安全、"
                "透明與可解釋、公平與不歧視、問責。",
                "系统的设计和运行应当符合该法的基本原则：可持续发展与福祉、人类自主、隐私保护与数据治理、"
                "网络安全与安全、透明与可解释、公平与不歧视、问责。",
            ),
            instrument=ACT,
            article="Basic principles",
            effective="2026-01-14",
            informational=True,
        ),
        obligation(
            "risk_framework",
            t(
                "Follow the risk classification framework when issued",
                "風險分類框架發布後據以評估",
                "风险分类框架发布后据以评估",
            ),
            t(
                "The Ministry of Digital Affairs is to issue a risk classification framework aligned with "
                "international standards, and the competent authorities sector rules; classify the system under "
                "them when they appear and record the result.",
                "數位發展部將參考國際標準訂定風險分類框架，各目的事業主管機關將訂定產業規範；發布後應據以分類系統並記錄結果。",
                "台湾地区数字发展部门将参照国际标准制定风险分类框架，各行业主管机关将制定行业规则；"
                "发布后应据此对系统分类并记录结果。",
            ),
            instrument=ACT,
            article="Risk classification framework (Ministry of Digital Affairs)",
            effective="2026-01-14",
            informational=True,
            criteria=[criterion("exploration", "checklist")],
        ),
        obligation(
            "high_risk_warning_label",
            t(
                "Notices or warnings on a high-risk application",
                "高風險應用應標示注意事項或警語",
                "高风险应用应标注注意事项或警示语",
            ),
            t(
                "If the competent authority, with the Ministry of Digital Affairs, designates the application as "
                "high-risk, show clear notices or warnings to its users.",
                "經中央目的事業主管機關會商數位發展部認定為高風險應用者，應向使用者明確標示注意事項或警語。",
                "经主管机关会同数字发展部门认定为高风险应用的，应当向用户明确标注注意事项或警示语。",
            ),
            instrument=ACT,
            article="High-risk applications: notices and warnings",
            effective="2026-01-14",
            classes=["possibly_high_risk"],
            informational=True,
            criteria=[criterion("scaling", "checklist")],
            on_change=["purpose", "audience"],
        ),
        obligation(
            "accountability_remedies",
            t(
                "Responsibility, remedies and compensation for high-risk use",
                "高風險應用之責任歸屬及救濟",
                "高风险应用的责任归属与救济",
            ),
            t(
                "For high-risk applications the Act expects clear responsibility and remedy, compensation or "
                "insurance arrangements; name who answers for the system and how an affected person is made whole.",
                "本法要求高風險應用明確責任歸屬，並建立救濟、補償或保險機制；應指明系統之負責人及受影響者之救濟方式。",
                "该法要求高风险应用明确责任归属，并建立救济、补偿或保险机制；应当明确系统的负责人及受影响者的救济方式。",
            ),
            instrument=ACT,
            article="High-risk applications: accountability and remedies",
            effective="2026-01-14",
            classes=["possibly_high_risk"],
            informational=True,
        ),
        obligation(
            "avoid_harm",
            t(
                "Avoid harmful, biased or misleading output",
                "避免有害、偏差或誤導之產出",
                "避免有害、偏见或误导性输出",
            ),
            t(
                "Guard against uses that harm people's life, body, freedom or property, disturb social order, or "
                "produce bias, discrimination, false advertising, misinformation or fabrication.",
                "防範侵害人民生命、身體、自由或財產，破壞社會秩序，或產生偏差、歧視、廣告不實、資訊誤導或造假之情事。",
                "防范侵害个人生命、身体、自由或财产，破坏社会秩序，或产生偏见、歧视、虚假广告、误导信息或造假等情形。",
            ),
            instrument=ACT,
            article="Prevention of harm",
            effective="2026-01-14",
            when={"any": [yes("content_outside"), CUSTOMER_FACING]},
            informational=True,
        ),
        obligation(
            "data_minimisation",
            t(
                "No unnecessary personal data",
                "避免不必要之個人資料蒐集",
                "避免不必要的个人信息收集",
            ),
            t(
                "Avoid collecting, processing or using personal data the system does not need, with privacy "
                "protection built in by default.",
                "避免不必要之個人資料蒐集、處理或利用，並預設採取隱私保護措施。",
                "避免不必要的个人信息收集、处理或利用，并默认采取隐私保护措施。",
            ),
            instrument=ACT,
            article="Privacy protection and data governance",
            effective="2026-01-14",
            when=yes("personal_data"),
            informational=True,
        ),
    ],
}
