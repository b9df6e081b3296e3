"""Mainland China: generative AI services offered to the public, with the rules that come with them (filings,
deep synthesis, content labelling, the security standard, incident reporting, personal information).

Paraphrased from the sources; each obligation cites its instrument and article. Internal-only use (no service to
the public in the PRC) is outside the Interim Measures' scope: that is ``applies_when``, not an exception in code.
"""

from regimes.catalogue._build import criterion, item, obligation, q, t, yes

INTERIM_MEASURES = t(
    "Interim Measures for the Management of Generative AI Services",
    "生成式人工智慧服務管理暫行辦法（中國大陸）",
    "生成式人工智能服务管理暂行办法",
)
ALGORITHM_PROVISIONS = t(
    "Provisions on the Management of Algorithmic Recommendations in Internet Information Services",
    "網際網路資訊服務演算法推薦管理規定（中國大陸）",
    "互联网信息服务算法推荐管理规定",
)
ASSESSMENT_PROVISIONS = t(
    "Provisions on Security Assessment of Internet Information Services with Public-Opinion Attributes or "
    "Social-Mobilisation Capacity",
    "具有輿論屬性或社會動員能力的網際網路資訊服務安全評估規定（中國大陸）",
    "具有舆论属性或社会动员能力的互联网信息服务安全评估规定",
)
FILING_NOTICES = t(
    "Cyberspace Administration of China notices on generative AI service filing and registration",
    "中國大陸國家網信辦關於生成式人工智慧服務備案及登記之公告",
    "国家网信办关于生成式人工智能服务备案和登记的公告",
)
DEEP_SYNTHESIS = t(
    "Provisions on the Administration of Deep Synthesis of Internet Information Services",
    "網際網路資訊服務深度合成管理規定（中國大陸）",
    "互联网信息服务深度合成管理规定",
)
LABELLING_MEASURES = t(
    "Measures for Labelling AI-Generated and Synthetic Content, with national standard GB 45438-2025",
    "人工智慧生成合成內容標識辦法及國家標準 GB 45438-2025（中國大陸）",
    "人工智能生成合成内容标识办法及强制性国家标准 GB 45438-2025",
)
SECURITY_STANDARD = t(
    "GB/T 45654-2025 Basic security requirements for generative AI services",
    "GB/T 45654-2025 生成式人工智慧服務安全基本要求（中國大陸國家標準）",
    "GB/T 45654-2025《网络安全技术 生成式人工智能服务安全基本要求》",
)
INCIDENT_MEASURES = t(
    "Measures for the Administration of National Cybersecurity Incident Reporting",
    "國家網路安全事件報告管理辦法（中國大陸）",
    "国家网络安全事件报告管理办法",
)
PIPL = t(
    "Personal Information Protection Law of the PRC",
    "中國大陸個人信息保護法",
    "中华人民共和国个人信息保护法",
)

PROVINCIAL_CAC = t(
    "The provincial cyberspace administration",
    "所在地省級網信部門",
    "属地省级网信部门",
)
NATIONAL_CAC = t(
    "The Cyberspace Administration of China (algorithm filing system)",
    "中國大陸國家網信辦（演算法備案系統）",
    "国家网信办（互联网信息服务算法备案系统）",
)
CII_AUTHORITIES = t(
    "The critical infrastructure's protection department and the public security organ",
    "關鍵資訊基礎設施之保護工作部門及公安機關",
    "关键信息基础设施保护工作部门和公安机关",
)

PUBLIC_OPINION = yes("public_opinion")
OWN_MODEL = q("model_provider", any_of=["self_built", "fine_tuned"])
CALLED_MODEL = q("model_provider", any_of=["api_model", "vendor_hosted"])
CONTENT_OUT = {"any": [yes("content_outside"), q("use_cases", any_of=["content_generation", "customer_chatbot"])]}
CII = yes("critical_infrastructure")

REGIME = {
    "code": "prc_generative_ai",
    "version": 1,
    "voluntary": False,
    "name": t(
        "Mainland China: generative AI services to the public",
        "中國大陸：對公眾提供之生成式人工智慧服務",
        "中国大陆：面向公众的生成式人工智能服务",
    ),
    "jurisdiction": t("Mainland China", "中國大陸", "中国大陆（境内）"),
    "summary": t(
        "A generative AI service offered to the public in mainland China must be lawful and safe, label what it "
        "generates, handle complaints and illegal content, protect personal information and report incidents; a "
        "service that can shape public opinion also needs a security assessment, an algorithm filing and then a "
        "model filing or a registration before it launches.",
        "在中國大陸向公眾提供生成式人工智慧服務，須合法安全、標識生成內容、處理申訴及違法內容、保護個人資料並通報"
        "資安事件；具輿論屬性或社會動員能力之服務，上線前另須完成安全評估、演算法備案，以及大模型備案或登記。",
        "在中国境内向公众提供生成式人工智能服务，应当合法安全、对生成内容进行标识、处理投诉举报和违法内容、"
        "保护个人信息并报告网络安全事件；具有舆论属性或者社会动员能力的服务，上线前还须完成安全评估、算法备案，"
        "以及大模型备案或登记。",
    ),
    "instrument": INTERIM_MEASURES,
    "effective": "2023-08-15",
    # Services to the public in the PRC only: research and internal-only enterprise use are out of scope (Art. 2).
    "applies_when": {
        "all": [q("deployed_in", any_of=["prc"]), q("audience", any_of=["public", "customers"])],
    },
    "questions": [],
    "classes": [
        {
            "code": "filing_required",
            "tier": "high",
            "name": t(
                "Public-opinion service: assessment and filing",
                "具輿論屬性之服務：須安全評估及備案",
                "具有舆论属性的服务：须安全评估和备案",
            ),
            "description": t(
                "The service can shape public opinion or mobilise people: security assessment, algorithm filing and "
                "a model filing or registration come before launch.",
                "服務具輿論屬性或社會動員能力：上線前須完成安全評估、演算法備案及大模型備案或登記。",
                "服务具有舆论属性或者社会动员能力：上线前须完成安全评估、算法备案以及大模型备案或登记。",
            ),
            "when": PUBLIC_OPINION,
            "reason": t(
                "A public service in mainland China with public-opinion attributes or social-mobilisation capacity "
                "needs a security assessment and filings (Interim Measures, Art. 17).",
                "於中國大陸對公眾提供且具輿論屬性或社會動員能力之服務，須辦理安全評估及備案（暫行辦法第17條）。",
                "在境内面向公众提供且具有舆论属性或者社会动员能力的服务，须开展安全评估并履行备案手续"
                "（《暂行办法》第十七条）。",
            ),
        },
        {
            "code": "public_service",
            "tier": "limited",
            "name": t(
                "Generative AI service to the public", "對公眾提供之生成式人工智慧服務", "面向公众的生成式人工智能服务"
            ),
            "description": t(
                "A generative AI service offered to the public in mainland China without public-opinion attributes.",
                "於中國大陸對公眾提供、不具輿論屬性之生成式人工智慧服務。",
                "在境内面向公众提供、不具有舆论属性的生成式人工智能服务。",
            ),
            "when": None,
            "reason": t(
                "It is offered to customers or the public in mainland China, so the Interim Measures apply (Art. 2).",
                "服務對中國大陸之客戶或公眾提供，適用暫行辦法（第2條）。",
                "服务面向境内客户或公众提供，适用《暂行办法》（第二条）。",
            ),
        },
    ],
    "obligations": [
        obligation(
            "security_assessment",
            t("Security assessment before launch", "上線前安全評估", "上线前安全评估"),
            t(
                "Assess the service's security (content controls, user identity, logs, handling of illegal content) "
                "under the public-opinion assessment provisions and file the report with the provincial cyberspace "
                "administration before launch; assess again when the model, purpose or audience changes.",
                "依具輿論屬性服務之安全評估規定，評估內容管控、使用者身分查驗、日誌留存及違法內容處置等安全措施，"
                "上線前將評估報告送所在地省級網信部門；模型、用途或服務對象變更時應重新評估。",
                "按照具有舆论属性服务的安全评估规定，对内容管控、用户真实身份核验、日志留存和违法信息处置等安全措施"
                "开展评估，上线前将评估报告报属地省级网信部门；模型、用途或服务对象变更时应当重新评估。",
            ),
            instrument=INTERIM_MEASURES,
            article="Art. 17",
            effective="2023-08-15",
            classes=["filing_required"],
            criteria=[criterion("validation", "evidence")],
            filing={
                "kind": "security_assessment",
                "authority": PROVINCIAL_CAC,
                "blocks_phase": "scaling",
                "refile_on": ["model", "purpose", "audience"],
            },
            slots=[["security_reviewer", 1]],
            review_cadence_days=90,
        ),
        obligation(
            "algorithm_filing",
            t("Algorithm filing", "演算法備案", "算法备案"),
            t(
                "File the algorithm (provider, type, self-assessment, intended use) in the national algorithm filing "
                "system within ten working days of providing the service, update it when the filed facts change, and "
                "cancel it when the service stops.",
                "於提供服務之日起十個工作日內，在演算法備案系統填報服務提供者、演算法類型、自評估報告及擬公示內容；"
                "備案事項變更時應辦理變更，服務終止時應辦理註銷。",
                "自提供服务之日起十个工作日内，通过互联网信息服务算法备案系统填报服务提供者、算法类型、算法自评估报告"
                "和拟公示内容；备案信息变更的应当办理变更手续，终止服务的应当办理注销手续。",
            ),
            instrument=ALGORITHM_PROVISIONS,
            article="Art. 24–26",
            effective="2022-03-01",
            classes=["filing_required"],
            criteria=[criterion("scaling", "evidence")],
            filing={
                "kind": "algorithm_filing",
                "authority": NATIONAL_CAC,
                "blocks_phase": "scaling",
                "refile_on": ["model", "purpose"],
            },
            retirement=[
                item(
                    "algorithm_filing_cancellation",
                    t(
                        "Cancel the algorithm filing within twenty working days of stopping the service.",
                        "服務終止後二十個工作日內辦理演算法備案註銷。",
                        "终止服务之日起二十个工作日内办理算法备案注销手续。",
                    ),
                )
            ],
        ),
        obligation(
            "model_filing",
            t("Large-model filing", "大模型備案", "大模型备案"),
            t(
                "For a self-built or fine-tuned model, complete the generative AI (large-model) filing through the "
                "provincial cyberspace administration before launch; a major model upgrade may need the filing "
                "renewed.",
                "自行研發或微調之模型，上線前應經所在地省級網信部門辦理生成式人工智慧服務（大模型）備案；"
                "模型重大升級可能須重新備案。",
                "自主研发或者微调的模型，上线前应当通过属地省级网信部门办理生成式人工智能服务（大模型）备案；"
                "模型重大升级的，可能需要重新备案。",
            ),
            instrument=INTERIM_MEASURES,
            article="Art. 17",
            effective="2023-08-15",
            classes=["filing_required"],
            when=OWN_MODEL,
            criteria=[criterion("scaling", "evidence")],
            filing={
                "kind": "model_filing",
                "authority": PROVINCIAL_CAC,
                "blocks_phase": "scaling",
                "refile_on": ["model", "model_version", "purpose"],
            },
            retirement=[
                item(
                    "model_filing_cancellation",
                    t(
                        "Tell the cyberspace administration the service has stopped and cancel the model filing.",
                        "通知網信部門服務已終止，並辦理大模型備案註銷。",
                        "告知网信部门服务已终止，并办理大模型备案注销。",
                    ),
                )
            ],
        ),
        obligation(
            "registration",
            t(
                "Registration of an application built on a filed model",
                "使用已備案模型之應用登記",
                "调用已备案模型的应用登记",
            ),
            t(
                "An application that calls an already-filed model through its API is registered with the provincial "
                "cyberspace administration instead of filing a model; keep the model's filing number on record and "
                "register again when the model or its vendor changes.",
                "透過應用程式介面呼叫已備案模型之應用，改向所在地省級網信部門辦理登記，毋須另辦大模型備案；"
                "應留存所用模型之備案編號，模型或供應商變更時重新登記。",
                "通过API调用已备案模型的应用，向属地省级网信部门办理登记，无须另行办理大模型备案；"
                "应当留存所用模型的备案编号，模型或者供应商变更时重新登记。",
            ),
            instrument=FILING_NOTICES,
            article="Registration route (CAC notices, 2024)",
            effective="2024-04-02",
            classes=["filing_required"],
            when=CALLED_MODEL,
            criteria=[criterion("scaling", "evidence")],
            filing={
                "kind": "registration",
                "authority": PROVINCIAL_CAC,
                "blocks_phase": "scaling",
                "refile_on": ["model", "vendor", "purpose"],
            },
            retirement=[
                item(
                    "registration_cancellation",
                    t(
                        "Cancel the registration with the provincial cyberspace administration.",
                        "向所在地省級網信部門辦理登記註銷。",
                        "向属地省级网信部门办理登记注销。",
                    ),
                )
            ],
        ),
        obligation(
            "show_filing_number",
            t(
                "Show the model name and filing number to users",
                "向使用者揭示模型名稱及備案編號",
                "向用户公示模型名称和备案编号",
            ),
            t(
                "Show users, in a prominent place of the service, the name of the filed or registered model it uses "
                "and its filing or registration number; update it when the model changes.",
                "於服務之顯著位置向使用者揭示所使用之已備案或已登記模型名稱及其備案或登記編號；模型變更時一併更新。",
                "在服务显著位置向用户公示所使用的已备案或已登记模型名称及备案（登记）编号；模型变更时同步更新。",
            ),
            instrument=FILING_NOTICES,
            article="Public display of filing information",
            effective="2024-04-02",
            classes=["filing_required"],
            criteria=[criterion("scaling", "checklist")],
            on_change=["model", "vendor"],
        ),
        obligation(
            "training_data",
            t(
                "Lawful training data and consent",
                "訓練資料合法來源及同意",
                "训练数据来源合法与个人同意",
            ),
            t(
                "Use training and fine-tuning data from lawful sources that respect intellectual property, obtain "
                "consent (or another legal basis) for personal information, and raise the data's truthfulness, "
                "accuracy, objectivity and diversity; keep the sources on record.",
                "訓練及微調資料應來源合法、不侵害智慧財產權；涉及個人資料者應取得同意或具其他合法依據；"
                "並提升資料之真實性、準確性、客觀性及多樣性，留存來源紀錄。",
                "训练和微调数据应当来源合法，不得侵害知识产权；涉及个人信息的，应当取得个人同意或者符合其他合法情形；"
                "并采取措施提高数据的真实性、准确性、客观性和多样性，留存来源记录。",
            ),
            instrument=INTERIM_MEASURES,
            article="Art. 7",
            effective="2023-08-15",
            when=OWN_MODEL,
            criteria=[criterion("validation", "evidence", waiver="data_steward")],
            on_change=["model", "data_sources"],
        ),
        obligation(
            "annotation_rules",
            t("Data annotation rules", "資料標註規則", "数据标注规则"),
            t(
                "Write clear, specific and workable annotation rules, check annotation quality by sampling, and "
                "train the annotators.",
                "訂定清楚、具體且可操作之標註規則，以抽樣查核標註品質，並對標註人員進行培訓。",
                "制定清晰、具体、可操作的标注规则，抽样核验标注内容的准确性，并对标注人员开展培训。",
            ),
            instrument=INTERIM_MEASURES,
            article="Art. 8",
            effective="2023-08-15",
            when=OWN_MODEL,
            criteria=[criterion("validation", "checklist", waiver="data_steward")],
            on_change=["data_sources"],
        ),
        obligation(
            "service_agreement",
            t(
                "Service agreement and responsible use",
                "服務協議及正當使用",
                "服务协议与依法使用",
            ),
            t(
                "Sign a service agreement with users setting out each side's rights and duties, state the service's "
                "intended users and uses, and guard against minors relying on it too much.",
                "與使用者簽訂服務協議，明定雙方權利義務；說明服務之適用對象及用途，並防範未成年人過度依賴。",
                "与用户签订服务协议，明确双方权利义务；明确并公开服务的适用人群、场合和用途，防范未成年人过度依赖。",
            ),
            instrument=INTERIM_MEASURES,
            article="Art. 9–10",
            effective="2023-08-15",
            criteria=[criterion("scaling", "checklist")],
            on_change=["purpose", "audience"],
        ),
        obligation(
            "user_inputs",
            t(
                "Protect users' inputs and usage records",
                "保護使用者輸入資料及使用紀錄",
                "保护用户输入信息和使用记录",
            ),
            t(
                "Do not collect personal information the service does not need, do not keep inputs and usage records "
                "that identify users longer than needed, do not pass them to others, and answer users' requests to "
                "see, copy, correct or delete their information.",
                "不蒐集非必要之個人資料，不違法留存足以識別使用者之輸入資料及使用紀錄，不違法提供予他人，"
                "並依法回應使用者查閱、複製、更正、刪除之請求。",
                "不收集非必要个人信息，不非法留存能够识别用户身份的输入信息和使用记录，不非法向他人提供，"
                "并及时受理和处理用户查阅、复制、更正、删除等请求。",
            ),
            instrument=INTERIM_MEASURES,
            article="Art. 11",
            effective="2023-08-15",
            when=yes("personal_data"),
            criteria=[criterion("validation", "evidence", waiver="data_steward")],
            on_change=["data_sources", "vendor"],
            retirement=[
                item(
                    "data_deletion",
                    t(
                        "Delete the users' personal information, inputs and usage records when the service stops "
                        "(PIPL Art. 47).",
                        "服務終止時刪除使用者之個人資料、輸入資料及使用紀錄（個人信息保護法第47條）。",
                        "服务终止时删除用户的个人信息、输入信息和使用记录（《个人信息保护法》第四十七条）。",
                    ),
                )
            ],
        ),
        obligation(
            "complaint_channel",
            t("Complaint and reporting channel", "申訴及檢舉管道", "投诉举报渠道"),
            t(
                "Offer an easy complaint and reporting entry, publish how complaints are handled and how long it "
                "takes, and answer them promptly.",
                "設置便捷之申訴及檢舉入口，公布處理流程及回覆期限，並即時受理、處理。",
                "建立便捷的投诉、举报入口，公布处理流程和反馈时限，及时受理、处理公众投诉举报并反馈处理结果。",
            ),
            instrument=INTERIM_MEASURES,
            article="Art. 15",
            effective="2023-08-15",
            criteria=[criterion("scaling", "checklist")],
        ),
        obligation(
            "illegal_content",
            t(
                "Stop, remediate and report illegal content",
                "違法內容之停止、整改及報告",
                "违法内容的处置、整改和报告",
            ),
            t(
                "When illegal content is found: stop generating and transmitting it, remove it, fix the model through "
                "optimisation training or other measures, and report to the authority; warn, restrict or stop users "
                "who use the service for illegal activity, and keep records.",
                "發現違法內容時，應立即停止生成及傳輸、予以刪除，透過模型最佳化訓練等方式整改，並向主管機關報告；"
                "對利用服務從事違法活動之使用者採取警示、限制或停止服務等措施，並保存紀錄。",
                "发现违法内容的，应当及时采取停止生成、停止传输、消除等处置措施，采取模型优化训练等措施进行整改，"
                "并向有关主管部门报告；对利用服务从事违法活动的用户，依法采取警示、限制功能、暂停或者终止服务等措施，"
                "保存有关记录。",
            ),
            instrument=INTERIM_MEASURES,
            article="Art. 14",
            effective="2023-08-15",
            criteria=[criterion("validation", "evidence", waiver="security_reviewer")],
            on_change=["model", "system_prompt"],
        ),
        obligation(
            "deep_synthesis",
            t(
                "Deep synthesis management systems",
                "深度合成管理制度",
                "深度合成管理制度",
            ),
            t(
                "Set up the deep synthesis management systems: verify users' real identity, review inputs and "
                "generated results, keep a library of features of illegal content, manage training data, and assess "
                "features that edit faces or voices before offering them.",
                "建立深度合成管理制度：查驗使用者真實身分、審核輸入資料及合成結果、建立違法內容特徵庫、"
                "管理訓練資料；提供編輯人臉、人聲等功能前應先進行安全評估。",
                "建立深度合成管理制度：对用户进行真实身份信息认证，审核输入数据和合成结果，建立违法和不良信息特征库，"
                "加强训练数据管理；提供人脸、人声等生物识别信息编辑功能的，应当先行开展安全评估。",
            ),
            instrument=DEEP_SYNTHESIS,
            article="Art. 7, 9, 10, 14, 15",
            effective="2023-01-10",
            when=CONTENT_OUT,
            criteria=[criterion("validation", "evidence", waiver="security_reviewer")],
            on_change=["model", "purpose"],
        ),
        obligation(
            "explicit_labels",
            t(
                "Explicit labels on generated content",
                "生成內容之顯式標識",
                "生成内容的显式标识",
            ),
            t(
                "Add labels people can perceive to generated text, audio, images, video and virtual scenes, placed "
                "as the mandatory standard GB 45438-2025 specifies (for example a text notice, a spoken or rhythmic "
                "cue, a visible mark at the start of a video), and keep them in downloaded or exported files.",
                "依強制性國家標準 GB 45438-2025，於生成之文字、聲音、圖像、影片及虛擬場景加上可被感知之標識"
                "（如文字提示、語音或節奏提示、影片開頭之明顯標記），下載或匯出之檔案亦應保留標識。",
                "按照强制性国家标准 GB 45438-2025，在生成的文本、音频、图片、视频和虚拟场景中添加可被用户明显感知的标识"
                "（如文字提示、语音或节奏提示、视频起始画面的显著标识），并确保下载、导出的文件含有显式标识。",
            ),
            instrument=LABELLING_MEASURES,
            article="Art. 4",
            effective="2025-09-01",
            when=CONTENT_OUT,
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "system_prompt"],
        ),
        obligation(
            "implicit_labels",
            t(
                "Implicit labels in file metadata",
                "檔案詮釋資料中之隱式標識",
                "文件元数据中的隐式标识",
            ),
            t(
                "Write implicit labels into the metadata of generated files: that the content is AI-generated, the "
                "provider's name or code and a content identifier, in the format of GB 45438-2025; digital "
                "watermarks are encouraged.",
                "依 GB 45438-2025 之格式，於生成檔案之詮釋資料寫入隱式標識，載明內容屬人工智慧生成、"
                "服務提供者名稱或代碼及內容編號；鼓勵加上數位浮水印。",
                "按照 GB 45438-2025 的格式，在生成文件的元数据中添加隐式标识，"
                "包括生成合成内容属性、服务提供者名称或编码、内容编号等；鼓励添加数字水印等形式的隐式标识。",
            ),
            instrument=LABELLING_MEASURES,
            article="Art. 5",
            effective="2025-09-01",
            when=CONTENT_OUT,
            criteria=[criterion("validation", "evidence")],
            on_change=["model"],
        ),
        obligation(
            "labelling_in_user_agreement",
            t(
                "Labelling rules in the user agreement",
                "使用者協議中之標識規則",
                "用户协议中的标识规则",
            ),
            t(
                "State in the user agreement how generated content is labelled and ask users to read it; if a user "
                "asks for content without an explicit label, set out the user's duties in the agreement and keep the "
                "logs for at least six months.",
                "於使用者協議中說明生成內容之標識方法及樣式，並提示使用者詳閱；使用者要求提供未加顯式標識之內容時，"
                "應於協議中明定其標識義務及使用責任，並留存相關日誌至少六個月。",
                "在用户服务协议中明确生成合成内容标识的方法、样式等规范内容，并提示用户仔细阅读；用户申请提供没有添加"
                "显式标识的内容的，应当在协议中明确用户的标识义务和使用责任，并留存相关日志不少于六个月。",
            ),
            instrument=LABELLING_MEASURES,
            article="Art. 8–9",
            effective="2025-09-01",
            when=CONTENT_OUT,
            criteria=[criterion("scaling", "checklist")],
        ),
        obligation(
            "security_requirements",
            t(
                "Security requirements: corpus, test question banks, refusals",
                "安全要求：語料、測試題庫、拒答測試",
                "安全要求：语料、测试题库、拒答测试",
            ),
            t(
                "Meet GB/T 45654-2025: check the safety of training corpora (sources, sampling, screening of illegal "
                "content), build test question banks for generated content, and test that questions which must be "
                "refused are refused and ordinary ones answered, at the standard's minimum sizes and pass rates; "
                "repeat the tests when the model or its instructions change.",
                "符合 GB/T 45654-2025：檢查訓練語料之安全（來源、抽樣、違法內容過濾），建立生成內容測試題庫，"
                "並測試應拒答之問題確實拒答、一般問題正常回答，達到標準所定之最低題量及合格率；"
                "模型或系統指令變更時重新測試。",
                "符合 GB/T 45654-2025：开展训练语料安全检查（来源、抽检、违法不良信息过滤），建设生成内容测试题库，"
                "测试应拒答问题的拒答情况和非拒答问题的正常回答情况，满足标准规定的最低题量和合格率；"
                "模型或者系统提示词变更时重新测试。",
            ),
            instrument=SECURITY_STANDARD,
            article="Corpus safety, model safety and safety-measure requirements; test question banks",
            effective="2025-11-01",
            # The standard addresses services with public-opinion attributes and supports their filing.
            classes=["filing_required"],
            criteria=[criterion("validation", "evidence", waiver="security_reviewer")],
            on_change=["model", "model_version", "system_prompt", "data_sources"],
        ),
        obligation(
            "incident_report",
            t(
                "Report cybersecurity incidents within 4 hours",
                "4小時內通報資安事件",
                "4小时内报告网络安全事件",
            ),
            t(
                "Grade incidents with the measures' grading guide; report a relatively major or worse incident to "
                "the provincial cyberspace administration within 4 hours, then follow up with the cause, measures "
                "and lessons.",
                "依事件分級指南研判；較大以上之資安事件，應於4小時內向所在地省級網信部門報告，"
                "並於事後補報原因、處置措施及改進情形。",
                "按照网络安全事件分级指南研判；属于较大以上网络安全事件的，最迟4小时内向属地省级网信部门报告，"
                "事后报送原因分析、处置措施和整改情况。",
            ),
            instrument=INCIDENT_MEASURES,
            article="Art. 4",
            effective="2025-11-01",
            when={"not": CII},
            criteria=[criterion("validation", "checklist", waiver="security_reviewer")],
            incident={
                "deadline_hours": 4,
                "authority": PROVINCIAL_CAC,
                "severities": ["major", "critical"],
                "when": {"not": CII},
            },
        ),
        obligation(
            "incident_report_cii",
            t(
                "Report cybersecurity incidents within 1 hour (critical infrastructure)",
                "1小時內通報資安事件（關鍵資訊基礎設施）",
                "1小时内报告网络安全事件（关键信息基础设施）",
            ),
            t(
                "As a critical information infrastructure operator, report a relatively major or worse incident "
                "involving the infrastructure to its protection department and the public security organ at once, "
                "within 1 hour at the latest.",
                "關鍵資訊基礎設施營運者發生涉及該設施之較大以上資安事件，應立即向保護工作部門及公安機關報告，"
                "最遲不得超過1小時。",
                "关键信息基础设施运营者发生涉及关键信息基础设施的较大以上网络安全事件，应当第一时间向保护工作部门、"
                "公安机关报告，最迟不得超过1小时。",
            ),
            instrument=INCIDENT_MEASURES,
            article="Art. 4",
            effective="2025-11-01",
            when=CII,
            criteria=[criterion("validation", "checklist", waiver="security_reviewer")],
            incident={
                "deadline_hours": 1,
                "authority": CII_AUTHORITIES,
                "severities": ["major", "critical"],
                "when": CII,
            },
        ),
        obligation(
            "pipia",
            t(
                "Personal information protection impact assessment",
                "個人資料保護影響評估",
                "个人信息保护影响评估",
            ),
            t(
                "Before processing sensitive personal information, making automated decisions or sending personal "
                "information abroad, assess the purpose and means, the impact on people and the safeguards; keep the "
                "assessment and the processing records for at least three years.",
                "處理敏感個人資料、進行自動化決策或將個人資料傳輸至境外前，應評估處理目的及方式之合法必要性、"
                "對個人權益之影響及保護措施；評估報告及處理紀錄至少保存三年。",
                "处理敏感个人信息、利用个人信息进行自动化决策或者向境外提供个人信息前，应当评估处理目的和方式的合法性、"
                "正当性和必要性，对个人权益的影响及安全风险，以及保护措施；评估报告和处理情况记录至少保存三年。",
            ),
            instrument=PIPL,
            article="Art. 55–56",
            effective="2021-11-01",
            when={"any": [yes("sensitive_personal_data"), yes("automated_decisions"), yes("cross_border_transfer")]},
            criteria=[criterion("validation", "evidence", waiver="data_steward")],
            on_change=["data_sources", "purpose", "vendor"],
        ),
        obligation(
            "automated_decisions",
            t(
                "Fair and explainable automated decisions",
                "自動化決策之公平及說明",
                "自动化决策的公平与说明",
            ),
            t(
                "Keep automated decisions transparent and fair (no unreasonable differences in price or terms), "
                "offer an option not based on personal characteristics for personalised marketing, and explain a "
                "decision with a major effect on someone who asks, who may refuse a decision made by automation "
                "alone.",
                "自動化決策應透明公平，不得對交易價格等條件實行不合理之差別待遇；個人化推銷應同時提供不針對個人特徵之選項；"
                "對個人權益有重大影響之決定，應依請求予以說明，個人並得拒絕僅以自動化方式作成之決定。",
                "利用个人信息进行自动化决策，应当保证决策的透明度和结果公平、公正，不得对个人在交易价格等交易条件上实行"
                "不合理的差别待遇；个性化推送应当同时提供不针对其个人特征的选项；对个人权益有重大影响的决定，"
                "个人有权要求说明，并有权拒绝仅通过自动化决策的方式作出决定。",
            ),
            instrument=PIPL,
            article="Art. 24",
            effective="2021-11-01",
            when=yes("automated_decisions"),
            criteria=[criterion("validation", "evidence")],
            on_change=["model", "purpose"],
        ),
        obligation(
            "cross_border",
            t(
                "A lawful route for cross-border transfers",
                "跨境傳輸之合法途徑",
                "个人信息出境的合法途径",
            ),
            t(
                "Before personal information leaves mainland China, use a lawful route (security assessment by the "
                "cyberspace administration, certification, or the standard contract filed with the provincial "
                "administration, unless an exemption applies), tell people and obtain their separate consent.",
                "個人資料傳輸至中國大陸境外前，應採合法途徑（網信部門安全評估、個人資料保護認證，或向省級網信部門備案之"
                "標準契約，豁免情形除外），告知當事人並取得其單獨同意。",
                "向境外提供个人信息前，应当通过合法途径（国家网信部门组织的安全评估、个人信息保护认证，或者订立标准合同"
                "并向省级网信部门备案，符合豁免情形的除外），向个人告知并取得其单独同意。",
            ),
            instrument=PIPL,
            article="Art. 38–39",
            effective="2021-11-01",
            when=yes("cross_border_transfer"),
            criteria=[criterion("validation", "evidence", waiver="data_steward")],
            on_change=["vendor", "data_sources"],
        ),
    ],
}
