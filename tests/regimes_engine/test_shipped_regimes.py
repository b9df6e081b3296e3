"""The shipped regimes evaluated: the four demo initiatives, the PRC filings that block the scaling gate, incident
deadlines, effective dates, strictest wins across real regimes, changes and retirement."""

import copy
import datetime
import json

import pytest

from demo.regimes_demo import DEMO_ANSWERS, DEMO_EXPECTED, DEMO_INITIATIVES
from regimes import engine
from regimes.catalogue import SHIPPED

ON = datetime.date(2026, 12, 1)
BEFORE_AUGUST_2026 = datetime.date(2026, 3, 1)
REGIMES = {regime["code"]: regime for regime in SHIPPED}
MANDATORY = [regime for regime in SHIPPED if not regime["voluntary"]]


def evaluate(answers, regimes=None, on=ON):
    return engine.evaluate(regimes if regimes is not None else SHIPPED, answers, on)


def codes(applied):
    return [a.code for a in applied]


def with_answers(key, **changes):
    answers = copy.deepcopy(DEMO_ANSWERS[key])
    answers.update(changes)
    return answers


# --- the demo portfolio --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(DEMO_ANSWERS))
def test_the_demo_initiatives_classify_as_expected(key):
    evaluation = evaluate(DEMO_ANSWERS[key])
    assert {c.regime: c.class_code for c in evaluation.classifications} == DEMO_EXPECTED[key]
    for classified in evaluation.classifications:
        assert classified.reasons, classified.regime
        for reason in classified.reasons:
            assert set(reason) == {"en", "zh-hant", "zh-hans"}


def test_every_demo_initiative_is_described_in_three_languages():
    assert set(DEMO_INITIATIVES) == set(DEMO_ANSWERS) == set(DEMO_EXPECTED)
    for initiative in DEMO_INITIATIVES.values():
        assert set(initiative["title"]) == {"en", "zh-hant", "zh-hans"}
        assert initiative["unit"] in {"retail", "insurance"}


@pytest.mark.parametrize("key", sorted(DEMO_ANSWERS))
def test_the_demo_answers_are_all_the_questions_the_regimes_need(key):
    for code in DEMO_EXPECTED[key]:
        assert engine.missing_questions(REGIMES[code], DEMO_ANSWERS[key]) == [], code


def test_missing_answers_are_named_for_the_fsc_questions():
    answers = {k: v for k, v in DEMO_ANSWERS["taipei_customer_assistant"].items() if not k.startswith("fsc_")}
    assert engine.missing_questions(REGIMES["taiwan_fsc"], answers) == [
        "fsc_autonomy",
        "fsc_complexity",
        "fsc_breadth",
        "fsc_remedies",
    ]


def test_the_taiwanese_customer_assistant_is_fsc_high_with_outsourcing_and_an_independent_reviewer():
    evaluation = evaluate(DEMO_ANSWERS["taipei_customer_assistant"], MANDATORY)
    assert evaluation.tier == "high"
    applied = {a.code: a for a in evaluation.obligations if a.regime == "taiwan_fsc"}
    for code in (
        "outsourcing",
        "third_party_oversight",
        "ba_third_party_vetting",
        "tell_customers_ai",
        "ba_disclosure",
        "independent_review",
        "pdpa",
        "major_incident_report",
    ):
        assert applied[code].binding, code
    assert "ba_technical_documentation" not in applied  # the vendor's model, not the bank's
    assert evaluation.slots == [("independent_reviewer", 1)]
    assert evaluation.cadence_days == 180
    assert codes(evaluation.filings("scaling")) == ["outsourcing"]
    assert evaluation.filings()[0].spec["filing"]["authority"]["zh-hant"] == "金融監督管理委員會（銀行局）"
    # The AI Basic Act is shown, binding nothing yet.
    basic_act = [a for a in evaluation.obligations if a.regime == "taiwan_ai_basic_act"]
    assert basic_act
    assert not any(a.binding for a in basic_act)
    # The reasons name the answers that made it high, in each language.
    fsc = next(c for c in evaluation.classifications if c.regime == "taiwan_fsc")
    assert any("本公司客戶" in reason["zh-hant"] for reason in fsc.reasons)
    assert any("由系统自行决定或回复" in reason["zh-hans"] for reason in fsc.reasons)


def test_an_api_model_is_third_party_oversight_without_the_outsourcing_filing():
    evaluation = evaluate(with_answers("taipei_customer_assistant", model_provider="api_model"), MANDATORY)
    fsc = codes(a for a in evaluation.obligations if a.regime == "taiwan_fsc")
    assert "third_party_oversight" in fsc
    assert "outsourcing" not in fsc
    assert evaluation.filings() == []


def test_the_mainland_content_generator_needs_assessment_and_filings_that_block_the_scaling_gate():
    evaluation = evaluate(DEMO_ANSWERS["shanghai_content_generator"], MANDATORY)
    assert evaluation.tier == "high"
    assert codes(evaluation.filings("scaling")) == ["security_assessment", "algorithm_filing", "model_filing"]
    assert evaluation.filings("validation") == []
    kinds = [a.spec["filing"]["kind"] for a in evaluation.filings()]
    assert kinds == ["security_assessment", "algorithm_filing", "model_filing"]
    applied = codes(evaluation.obligations)
    for code in ("explicit_labels", "implicit_labels", "labelling_in_user_agreement", "show_filing_number"):
        assert code in applied
    assert evaluation.slots == [("security_reviewer", 1)]
    assert evaluation.cadence_days == 90


def test_an_application_on_a_filed_model_registers_instead_of_filing_a_model():
    evaluation = evaluate(with_answers("shanghai_content_generator", model_provider="api_model"), MANDATORY)
    assert codes(evaluation.filings("scaling")) == ["security_assessment", "algorithm_filing", "registration"]
    applied = codes(evaluation.obligations)
    assert "training_data" not in applied
    assert "annotation_rules" not in applied


def test_a_public_service_without_public_opinion_attributes_files_nothing_but_labels():
    evaluation = evaluate(with_answers("shanghai_content_generator", public_opinion=False), MANDATORY)
    prc = next(c for c in evaluation.classifications if c.regime == "prc_generative_ai")
    assert (prc.class_code, prc.tier) == ("public_service", "limited")
    assert evaluation.filings() == []
    assert "explicit_labels" in codes(evaluation.obligations)


def test_internal_only_use_is_outside_the_interim_measures():
    evaluation = evaluate(DEMO_ANSWERS["internal_policy_qa"], MANDATORY)
    assert "prc_generative_ai" not in {c.regime for c in evaluation.classifications}
    assert evaluation.filings() == []
    # The bank's own major-incident duty remains; no PRC deadline does.
    assert [(d.regime, d.hours) for d in evaluation.incident_deadlines] == [("taiwan_fsc", 1)]
    assert evaluation.tier == "minimal"


def test_the_labelling_measures_apply_from_september_2025():
    evaluation = evaluate(DEMO_ANSWERS["shanghai_content_generator"], MANDATORY, on=datetime.date(2025, 8, 31))
    labels = next(a for a in evaluation.obligations if a.code == "explicit_labels")
    assert not labels.binding
    assert labels.applies_from(datetime.date(2025, 8, 31)) == datetime.date(2025, 9, 1)
    later = evaluate(DEMO_ANSWERS["shanghai_content_generator"], MANDATORY, on=datetime.date(2025, 9, 1))
    assert next(a for a in later.obligations if a.code == "explicit_labels").binding


# --- incidents -----------------------------------------------------------------------------------------------------


def test_prc_incidents_are_reported_in_4_hours_or_1_hour_for_critical_infrastructure():
    plain = evaluate(DEMO_ANSWERS["shanghai_content_generator"], MANDATORY)
    assert [(d.regime, d.obligation, d.hours) for d in plain.incident_deadlines] == [
        ("prc_generative_ai", "incident_report", 4)
    ]
    assert plain.incident_deadlines[0].authority["zh-hans"] == "属地省级网信部门"
    operator = evaluate(with_answers("shanghai_content_generator", critical_infrastructure=True), MANDATORY)
    assert [(d.obligation, d.hours) for d in operator.incident_deadlines] == [("incident_report_cii", 1)]


def test_before_november_2025_no_prc_incident_deadline_binds():
    evaluation = evaluate(DEMO_ANSWERS["shanghai_content_generator"], MANDATORY, on=datetime.date(2025, 10, 31))
    assert evaluation.incident_deadlines == []


def test_eu_serious_incidents_within_15_days_or_2_days_when_widespread():
    evaluation = evaluate(DEMO_ANSWERS["eu_credit_scoring"], MANDATORY)
    assert [(d.obligation, d.hours) for d in evaluation.incident_deadlines] == [
        ("art73_widespread_incident", 48),
        ("art73_serious_incident", 360),
    ]
    severities = {a.code: a.spec["incident"]["severities"] for a in evaluation.obligations if a.spec.get("incident")}
    assert severities == {"art73_serious_incident": ["major", "critical"], "art73_widespread_incident": ["critical"]}


def test_a_taiwanese_bank_reports_major_incidents_to_the_fsc():
    evaluation = evaluate(DEMO_ANSWERS["taipei_customer_assistant"], MANDATORY)
    assert [(d.regime, d.hours) for d in evaluation.incident_deadlines] == [("taiwan_fsc", 1)]


# --- the EU AI Act's dates and classes -----------------------------------------------------------------------------


def test_the_eu_credit_scorer_is_high_risk_with_a_fria_that_binds_from_august_2026():
    early = evaluate(DEMO_ANSWERS["eu_credit_scoring"], MANDATORY, on=BEFORE_AUGUST_2026)
    eu = next(c for c in early.classifications if c.regime == "eu_ai_act")
    assert (eu.class_code, eu.tier) == ("high_risk", "high")
    fria = next(a for a in early.obligations if a.code == "art27_fria")
    assert not fria.binding
    assert fria.applies_from(BEFORE_AUGUST_2026) == datetime.date(2026, 8, 2)
    assert next(a for a in early.obligations if a.code == "art4_ai_literacy").binding
    assert early.filings() == []
    assert early.cadence_days is None

    later = evaluate(DEMO_ANSWERS["eu_credit_scoring"], MANDATORY)
    assert codes(later.filings("scaling")) == ["art27_fria"]
    assert later.cadence_days == 90
    assert "art53_gpai_provider" not in codes(later.obligations)
    assert "art50_mark_content" not in codes(later.obligations)


def test_gpai_provider_duties_only_when_the_organisation_provides_the_model():
    evaluation = evaluate(with_answers("eu_credit_scoring", model_provider="we_provide_gpai"), MANDATORY)
    gpai = next(a for a in evaluation.obligations if a.code == "art53_gpai_provider")
    assert gpai.binding


def test_a_prohibited_practice_is_the_strictest_class_whatever_else_applies():
    answers = with_answers(
        "eu_credit_scoring", prohibited_practice=True, deployed_in=["eu", "prc"], public_opinion=True
    )
    evaluation = evaluate(answers, MANDATORY)
    tiers = {c.regime: c.tier for c in evaluation.classifications}
    assert tiers == {"eu_ai_act": "prohibited", "prc_generative_ai": "high"}
    assert evaluation.tier == "prohibited"
    prohibited = next(a for a in evaluation.obligations if a.code == "art5_prohibited")
    assert prohibited.spec["criteria"][0]["waivable_by_role"] is None


def test_strictest_wins_across_the_shipped_regimes():
    """A bank deploying one customer chatbot in the EU, mainland China and Taiwan: the strictest class decides, the
    slots are the union, the cadence the smallest."""
    answers = with_answers(
        "taipei_customer_assistant", deployed_in=["eu", "prc", "taiwan"], audience=["customers", "public"]
    )
    evaluation = evaluate(answers, MANDATORY)
    tiers = {c.regime: c.tier for c in evaluation.classifications}
    assert tiers == {
        "eu_ai_act": "limited",
        "prc_generative_ai": "limited",
        "taiwan_fsc": "high",
        "taiwan_ai_basic_act": "minimal",
    }
    assert evaluation.tier == "high"
    assert evaluation.slots == [("independent_reviewer", 1)]
    assert evaluation.cadence_days == 180
    with_opinion = evaluate({**answers, "public_opinion": True}, MANDATORY)
    assert with_opinion.slots == [("independent_reviewer", 1), ("security_reviewer", 1)]
    assert with_opinion.cadence_days == 90
    assert [d.hours for d in with_opinion.incident_deadlines] == [1, 4]


# --- production changes and retirement -----------------------------------------------------------------------------


def test_a_model_upgrade_reopens_criteria_and_needs_the_model_filing_renewed():
    evaluation = evaluate(DEMO_ANSWERS["shanghai_content_generator"], MANDATORY)
    assert codes(evaluation.refiling_needed("model_version")) == ["model_filing"]
    assert codes(evaluation.refiling_needed("model")) == ["security_assessment", "algorithm_filing", "model_filing"]
    assert codes(evaluation.refiling_needed("price")) == []
    reopened = codes(evaluation.reopened_by("model_version"))
    assert "security_requirements" in reopened
    assert "explicit_labels" not in reopened


def test_a_vendor_change_refiles_the_outsourcing_declaration():
    evaluation = evaluate(DEMO_ANSWERS["taipei_customer_assistant"], MANDATORY)
    assert codes(evaluation.refiling_needed("vendor")) == ["outsourcing"]
    assert "third_party_oversight" in codes(evaluation.reopened_by("vendor"))


def test_retirement_checklists_come_from_the_catalogue():
    shanghai = evaluate(DEMO_ANSWERS["shanghai_content_generator"], MANDATORY).retirement_items()
    assert [(regime, entry["code"]) for regime, _, entry in shanghai] == [
        ("prc_generative_ai", "algorithm_filing_cancellation"),
        ("prc_generative_ai", "model_filing_cancellation"),
    ]
    taipei = evaluate(DEMO_ANSWERS["taipei_customer_assistant"], SHIPPED).retirement_items()
    found = {(regime, entry["code"]) for regime, _, entry in taipei}
    assert {
        ("taiwan_fsc", "vendor_exit"),
        ("taiwan_fsc", "vendor_data_return"),
        ("taiwan_fsc", "outsourcing_termination"),
        ("taiwan_fsc", "data_deletion"),
        ("nist_ai_rmf", "data_and_model_disposal"),
        ("iso_42001", "decommission_record"),
    } <= found


# --- stored as JSON ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(DEMO_ANSWERS))
def test_a_regime_read_back_from_json_evaluates_the_same(key):
    """regimes-core stores each version's dict as JSON: nothing in the format may depend on Python types."""
    stored = json.loads(json.dumps(SHIPPED))
    assert stored == SHIPPED
    assert evaluate(DEMO_ANSWERS[key], stored) == evaluate(DEMO_ANSWERS[key])


def test_an_evaluation_reads_as_json_with_applies_from_dates():
    shown = evaluate(DEMO_ANSWERS["eu_credit_scoring"], MANDATORY, on=BEFORE_AUGUST_2026).as_dict(BEFORE_AUGUST_2026)
    assert json.loads(json.dumps(shown)) == shown
    assert shown["tier"] == "high"
    assert shown["classifications"][0]["class_code"] == "high_risk"
    fria = next(o for o in shown["obligations"] if o["code"] == "art27_fria")
    assert fria == {
        "regime": "eu_ai_act",
        "code": "art27_fria",
        "title": next(o for o in REGIMES["eu_ai_act"]["obligations"] if o["code"] == "art27_fria")["title"],
        "citation": {"instrument": REGIMES["eu_ai_act"]["instrument"], "article": "Art. 27"},
        "binding": False,
        "informational": False,
        "effective": "2026-08-02",
        "applies_from": "2026-08-02",
    }
    literacy = next(o for o in shown["obligations"] if o["code"] == "art4_ai_literacy")
    assert (literacy["binding"], literacy["applies_from"]) == (True, None)
    assert shown["incident_deadlines"] == []
    later = evaluate(DEMO_ANSWERS["eu_credit_scoring"], MANDATORY).as_dict(ON)
    assert later["incident_deadlines"][0]["hours"] == 48
    assert later["incident_deadlines"][0]["authority"]["en"].startswith("The market surveillance authority")


def test_an_incident_starts_the_deadlines_of_its_severity():
    evaluation = evaluate(DEMO_ANSWERS["eu_credit_scoring"], MANDATORY)
    assert [d.hours for d in evaluation.deadlines_for("critical")] == [48, 360]
    assert [d.hours for d in evaluation.deadlines_for("major")] == [360]
    assert evaluation.deadlines_for("minor") == []
    shanghai = evaluate(DEMO_ANSWERS["shanghai_content_generator"], MANDATORY)
    assert [(d.obligation, d.hours) for d in shanghai.deadlines_for("major")] == [("incident_report", 4)]
