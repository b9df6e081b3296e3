"""The regime engine over small made-up regimes: conditions, classes and their reasons, obligations, strictest wins."""

import copy
import datetime
import itertools

import pytest

from regimes import engine
from regimes.catalogue import QUESTIONS

TODAY = datetime.date(2026, 3, 1)


def t(en, hant=None, hans=None):
    return {"en": en, "zh-hant": hant or f"{en}（繁）", "zh-hans": hans or f"{en}（简）"}


TIERS = ["prohibited", "high", "limited", "minimal"]


def tiered(code, *, slot_role="compliance_officer", cadence_base=30, extra=None):
    """A regime with one class per tier, chosen by the made-up regime question ``<code>_tier``."""
    return {
        "code": code,
        "version": 1,
        "voluntary": False,
        "name": t(code),
        "jurisdiction": t("Somewhere"),
        "summary": t("A test regime."),
        "instrument": t("Test Act"),
        "effective": "2024-01-01",
        "applies_when": None,
        "questions": [
            {
                "code": f"{code}_tier",
                "type": "choice",
                "text": t("Which tier?"),
                "choices": [{"code": tier, "text": t(tier)} for tier in TIERS],
            }
        ],
        "classes": [
            {
                "code": f"c_{tier}",
                "tier": tier,
                "name": t(tier),
                "description": t(f"{tier} class"),
                "when": {"q": f"{code}_tier", "is": tier} if tier != "minimal" else None,
                "reason": t(f"It is {tier}."),
            }
            for tier in TIERS
        ],
        "obligations": [
            {
                "code": f"duty_{tier}",
                "title": t(f"Duty at {tier}"),
                "guidance": t("Do it."),
                "citation": {"instrument": t("Test Act"), "article": f"Art. {rank}"},
                "effective": "2024-01-01",
                "applies": {"classes": [f"c_{tier}"], "when": None},
                "informational": False,
                "criteria": [],
                "filing": None,
                "slots": [[slot_role, rank]],
                "review_cadence_days": cadence_base * rank,
                "incident": None,
                "retirement": [],
                "on_change": [],
            }
            for rank, tier in enumerate(TIERS, start=1)
        ]
        + (extra or []),
    }


def obligation(code, **fields):
    base = {
        "code": code,
        "title": t(code),
        "guidance": t("Do it."),
        "citation": {"instrument": t("Test Act"), "article": "Art. 1"},
        "effective": "2024-01-01",
        "applies": {"classes": None, "when": None},
        "informational": False,
        "criteria": [],
        "filing": None,
        "slots": [],
        "review_cadence_days": None,
        "incident": None,
        "retirement": [],
        "on_change": [],
    }
    base.update(fields)
    return base


# --- conditions ----------------------------------------------------------------------------------------------------

ANSWERS = {
    "deployed_in": ["prc", "taiwan"],
    "audience": ["customers"],
    "sector": "banking",
    "personal_data": True,
    "critical_infrastructure": False,
}


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (None, True),
        (True, True),
        ({"q": "sector", "is": "banking"}, True),
        ({"q": "sector", "is": "insurance"}, False),
        ({"q": "personal_data", "is": True}, True),
        ({"q": "critical_infrastructure", "is": True}, False),
        ({"q": "critical_infrastructure", "is": False}, True),
        ({"q": "deployed_in", "any_of": ["eu", "prc"]}, True),
        ({"q": "deployed_in", "any_of": ["eu", "other"]}, False),
        ({"q": "deployed_in", "all_of": ["prc", "taiwan"]}, True),
        ({"q": "deployed_in", "all_of": ["prc", "eu"]}, False),
        ({"q": "sector", "any_of": ["banking", "insurance"]}, True),
        ({"q": "sector", "any_of": ["securities"]}, False),
        ({"all": [{"q": "sector", "is": "banking"}, {"q": "personal_data", "is": True}]}, True),
        ({"all": [{"q": "sector", "is": "banking"}, {"q": "personal_data", "is": False}]}, False),
        ({"any": [{"q": "sector", "is": "insurance"}, {"q": "personal_data", "is": True}]}, True),
        ({"any": [{"q": "sector", "is": "insurance"}, {"q": "personal_data", "is": False}]}, False),
        ({"not": {"q": "audience", "any_of": ["public"]}}, True),
        ({"not": {"q": "audience", "any_of": ["customers"]}}, False),
        # Not answered: a condition on it is False, whatever it compares with.
        ({"q": "automated_decisions", "is": True}, False),
        ({"q": "automated_decisions", "is": False}, False),
        ({"q": "use_cases", "any_of": ["creditworthiness"]}, False),
    ],
)
def test_conditions(condition, expected):
    assert engine.holds(condition, ANSWERS) is expected


def test_a_malformed_condition_is_refused():
    with pytest.raises(ValueError, match="condition"):
        engine.holds({"q": "sector"}, ANSWERS)
    with pytest.raises(ValueError, match="condition"):
        engine.holds({"every": []}, ANSWERS)


# --- classification ------------------------------------------------------------------------------------------------


def test_the_first_matching_class_strictest_first_is_the_class():
    regime = tiered("alpha")
    # Both the high and the limited conditions hold: the first listed (the stricter) wins.
    regime["classes"][2]["when"] = {"q": "sector", "is": "banking"}
    classified = engine.classify(regime, {"alpha_tier": "high", "sector": "banking"}, QUESTIONS)
    assert (classified.class_code, classified.tier) == ("c_high", "high")
    classified = engine.classify(regime, {"sector": "banking"}, QUESTIONS)
    assert (classified.class_code, classified.tier) == ("c_limited", "limited")
    assert engine.classify(regime, {}, QUESTIONS).class_code == "c_minimal"


def test_a_regime_that_does_not_apply_classifies_nothing():
    regime = tiered("alpha")
    regime["applies_when"] = {"q": "deployed_in", "any_of": ["eu"]}
    assert engine.classify(regime, {"deployed_in": ["prc"]}, QUESTIONS) is None
    assert engine.classify(regime, {}, QUESTIONS) is None
    assert engine.classify(regime, {"deployed_in": ["eu"]}, QUESTIONS).tier == "minimal"
    assert engine.applicable(regime, None, {}, TODAY) == []


def test_reasons_name_the_answers_in_three_languages():
    regime = tiered("alpha")
    regime["applies_when"] = {
        "all": [{"q": "deployed_in", "any_of": ["prc"]}, {"q": "audience", "any_of": ["public", "customers"]}]
    }
    regime["classes"][1]["when"] = {
        "all": [{"q": "personal_data", "is": True}, {"not": {"q": "audience", "any_of": ["staff"]}}]
    }
    answers = {"deployed_in": ["eu", "prc"], "audience": ["public"], "personal_data": True}
    classified = engine.classify(regime, answers, QUESTIONS)
    assert classified.class_code == "c_high"
    reasons = classified.reasons
    assert reasons[0] == t("It is high.")
    assert all(set(reason) == {"en", "zh-hant", "zh-hans"} for reason in reasons)
    english = [reason["en"] for reason in reasons[1:]]
    # The multi answer is named by the choices that made the condition hold (mainland China, not the EU).
    assert english == [
        "Answer to “Where will the system be used”: Mainland China.",
        "Answer to “Who will use it or see what it produces”: The general public.",
        "Answer to “Does it process personal data”: yes.",
    ]
    assert reasons[1]["zh-hant"] == "「系統將在哪些地區使用」的回答：中國大陸。"
    assert reasons[1]["zh-hans"] == "“系统将在哪些地区使用”的回答：中国大陆（境内）。"
    assert reasons[3]["zh-hant"] == "「是否處理個人資料」的回答：是。"
    assert reasons[3]["zh-hans"] == "“是否处理个人信息”的回答：是。"


def test_the_reasons_of_an_any_name_only_the_parts_that_held():
    regime = tiered("alpha")
    regime["classes"][1]["when"] = {
        "any": [{"q": "sector", "is": "insurance"}, {"q": "automated_decisions", "is": True}]
    }
    classified = engine.classify(regime, {"sector": "banking", "automated_decisions": True}, QUESTIONS)
    assert [reason["en"] for reason in classified.reasons] == [
        "It is high.",
        "Answer to “Does it make or shape decisions about people (credit, price, claims, hiring, ...)”: yes.",
    ]


def test_missing_questions_are_the_unanswered_ones_the_conditions_read_in_questionnaire_order():
    regime = tiered("alpha")
    regime["applies_when"] = {"q": "deployed_in", "any_of": ["eu"]}
    regime["obligations"].append(
        obligation(
            "extra",
            applies={"when": {"q": "personal_data", "is": True}},
            incident={
                "deadline_hours": 4,
                "authority": t("Authority"),
                "severities": ["major"],
                "when": {"q": "critical_infrastructure", "is": True},
            },
        )
    )
    assert engine.missing_questions(regime, {}, QUESTIONS) == [
        "deployed_in",
        "personal_data",
        "critical_infrastructure",
        "alpha_tier",
    ]
    answered = {"deployed_in": ["eu"], "personal_data": False, "alpha_tier": "high"}
    assert engine.missing_questions(regime, answered, QUESTIONS) == ["critical_infrastructure"]


# --- obligations ---------------------------------------------------------------------------------------------------


def test_obligations_follow_the_class_the_condition_and_the_effective_date():
    regime = tiered(
        "alpha",
        extra=[
            obligation("any_class"),
            obligation("high_only", applies={"classes": ["c_high"], "when": None}),
            obligation("with_data", applies={"classes": None, "when": {"q": "personal_data", "is": True}}),
            obligation("later", effective="2026-08-02"),
            obligation("info", informational=True),
        ],
    )
    applied = engine.applicable(regime, engine.classify(regime, {"alpha_tier": "limited"}, QUESTIONS), {}, TODAY)
    assert [a.code for a in applied] == ["duty_limited", "any_class", "later", "info"]
    by_code = {a.code: a for a in applied}
    assert by_code["any_class"].binding
    assert not by_code["later"].binding
    assert by_code["later"].applies_from(TODAY) == datetime.date(2026, 8, 2)
    assert by_code["later"].applies_from(datetime.date(2026, 8, 2)) is None
    assert not by_code["info"].binding
    assert by_code["info"].applies_from(TODAY) is None

    answers = {"alpha_tier": "high", "personal_data": True}
    applied = engine.applicable(regime, engine.classify(regime, answers, QUESTIONS), answers, datetime.date(2026, 8, 2))
    assert [(a.code, a.binding) for a in applied] == [
        ("duty_high", True),
        ("any_class", True),
        ("high_only", True),
        ("with_data", True),
        ("later", True),
        ("info", False),
    ]


# --- strictest wins ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("first", "second"), list(itertools.product(TIERS, TIERS)))
def test_strictest_wins_over_every_pair_of_tiers(first, second):
    expected = first if engine.TIER_RANK[first] >= engine.TIER_RANK[second] else second
    assert engine.strictest([first, second]) == expected
    assert engine.strictest([second, first]) == expected
    assert engine.strictest([first, None, second]) == expected


def test_strictest_of_nothing_is_nothing():
    assert engine.strictest([]) is None
    assert engine.strictest([None, "unassessed"]) is None


@pytest.mark.parametrize(("first", "second"), list(itertools.product(TIERS, TIERS)))
def test_strictest_wins_across_regimes_for_every_pair_of_classes(first, second):
    """Two regimes classify the same initiative: the stricter class decides the tier, the slots the union of both,
    the cadence the smaller of both."""
    alpha = tiered("alpha", slot_role="compliance_officer", cadence_base=30)
    beta = tiered("beta", slot_role="independent_reviewer", cadence_base=45)
    evaluation = engine.evaluate([alpha, beta], {"alpha_tier": first, "beta_tier": second}, TODAY, QUESTIONS)
    assert [(c.regime, c.tier) for c in evaluation.classifications] == [("alpha", first), ("beta", second)]
    rank = {tier: index for index, tier in enumerate(TIERS, start=1)}
    assert evaluation.tier == (first if engine.TIER_RANK[first] >= engine.TIER_RANK[second] else second)
    assert evaluation.slots == sorted([("compliance_officer", rank[first]), ("independent_reviewer", rank[second])])
    assert evaluation.cadence_days == min(30 * rank[first], 45 * rank[second])


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(TIERS, 2)))
def test_strictest_wins_over_every_pair_of_classes_within_a_regime(first, second):
    """When the conditions of two classes both hold, the stricter (listed first) is the class."""
    regime = tiered("alpha")
    for klass in regime["classes"]:
        if klass["tier"] in (first, second):
            klass["when"] = {"q": "personal_data", "is": True}
    regime["classes"][-1]["when"] = None
    classified = engine.classify(regime, {"personal_data": True}, QUESTIONS)
    assert classified.tier == first  # combinations keep TIERS' order: first is the stricter


def test_slots_are_a_union_without_repeats_and_only_from_binding_obligations():
    regime = tiered(
        "alpha",
        extra=[
            obligation("reviewer", slots=[["independent_reviewer", 1]]),
            obligation("reviewer_again", slots=[["independent_reviewer", 1], ["security_reviewer", 1]]),
            obligation("future", slots=[["data_steward", 1]], effective="2030-01-01", review_cadence_days=1),
            obligation("info", slots=[["auditor", 1]], informational=True, review_cadence_days=2),
        ],
    )
    evaluation = engine.evaluate([regime], {"alpha_tier": "minimal"}, TODAY, QUESTIONS)
    assert evaluation.slots == [("compliance_officer", 4), ("independent_reviewer", 1), ("security_reviewer", 1)]
    assert evaluation.cadence_days == 120
    assert evaluation.tier == "minimal"


def test_no_regime_applies_nothing_follows():
    regime = tiered("alpha")
    regime["applies_when"] = {"q": "deployed_in", "any_of": ["eu"]}
    evaluation = engine.evaluate([regime], {"deployed_in": ["taiwan"]}, TODAY, QUESTIONS)
    assert evaluation == engine.Evaluation([], [], None, [], None, [])


def test_incident_deadlines_follow_their_condition():
    regime = tiered(
        "alpha",
        extra=[
            obligation(
                "report_4h",
                incident={
                    "deadline_hours": 4,
                    "authority": t("Provincial office"),
                    "severities": ["major", "critical"],
                    "when": {"not": {"q": "critical_infrastructure", "is": True}},
                },
            ),
            obligation(
                "report_1h",
                incident={
                    "deadline_hours": 1,
                    "authority": t("Provincial office"),
                    "severities": ["major", "critical"],
                    "when": {"q": "critical_infrastructure", "is": True},
                },
            ),
        ],
    )
    plain = engine.evaluate([regime], {"critical_infrastructure": False}, TODAY, QUESTIONS)
    assert [(d.obligation, d.hours) for d in plain.incident_deadlines] == [("report_4h", 4)]
    operator = engine.evaluate([regime], {"critical_infrastructure": True}, TODAY, QUESTIONS)
    assert operator.incident_deadlines == [engine.IncidentDeadline("alpha", "report_1h", 1, t("Provincial office"))]


# --- validation ----------------------------------------------------------------------------------------------------


def test_a_sound_regime_validates():
    assert engine.validate(tiered("alpha"), QUESTIONS) == []
    assert engine.validate_questions(QUESTIONS) == []


@pytest.mark.parametrize(
    ("spoil", "problem"),
    [
        (lambda r: r["name"].pop("zh-hans"), "name: no zh-hans text"),
        (lambda r: r["classes"][0]["reason"].update({"zh-hant": " "}), "classes[c_prohibited].reason: no zh-hant text"),
        (
            lambda r: r["obligations"][0].update(title="Just English"),
            "obligations[duty_prohibited].title: missing text",
        ),
        (lambda r: r["classes"][0].update(tier="severe"), "classes[c_prohibited]: unknown tier 'severe'"),
        (lambda r: r["classes"].reverse(), "classes: not listed strictest first"),
        (lambda r: r["classes"][-1].update(when={"q": "sector", "is": "banking"}), "should apply otherwise"),
        (lambda r: r.update(applies_when={"q": "planet", "is": "mars"}), "applies_when: unknown question 'planet'"),
        (lambda r: r.update(applies_when={"q": "sector", "is": "farming"}), "'farming' is not a choice of 'sector'"),
        (lambda r: r.update(applies_when={"q": "deployed_in", "any_of": ["mars"]}), "'mars' is not a choice"),
        (lambda r: r.update(applies_when={"q": "deployed_in", "is": "eu"}), "use any_of or all_of"),
        (lambda r: r.update(applies_when={"q": "personal_data", "is": "yes"}), "a yes/no question"),
        (lambda r: r.update(applies_when={"every": []}), "applies_when: not a condition"),
        (lambda r: r["obligations"][0]["applies"].update(classes=["c_huge"]), "unknown class 'c_huge'"),
        (
            lambda r: r["obligations"][0].update(criteria=[{"phase": "launch", "kind": "evidence"}]),
            "unknown phase 'launch'",
        ),
        (
            lambda r: r["obligations"][0].update(criteria=[{"phase": "validation", "kind": "essay"}]),
            "unknown criterion kind 'essay'",
        ),
        (
            lambda r: r["obligations"][0].update(
                criteria=[{"phase": "validation", "kind": "evidence", "waivable_by_role": "pope"}]
            ),
            "unknown role 'pope'",
        ),
        (lambda r: r["obligations"][0].update(slots=[["archbishop", 1]]), "unknown role 'archbishop'"),
        (lambda r: r["obligations"][0].update(slots=[["auditor"]]), "is not [role, ordinal]"),
        (
            lambda r: r["obligations"][0].update(
                filing={"kind": "fax", "authority": t("x"), "blocks_phase": "scaling", "refile_on": []}
            ),
            "filing: unknown kind 'fax'",
        ),
        (
            lambda r: r["obligations"][0].update(
                filing={"kind": "other", "authority": t("x"), "blocks_phase": "scaling", "refile_on": ["weather"]}
            ),
            "unknown change kind 'weather'",
        ),
        (lambda r: r["obligations"][0].update(on_change=["mood"]), "on_change: unknown change kind 'mood'"),
        (lambda r: r["obligations"][0].update(effective="someday"), "effective is not a date"),
        (lambda r: r["obligations"][0]["citation"].update(article=""), "the citation names no article"),
        (lambda r: r["obligations"].append(copy.deepcopy(r["obligations"][0])), "code used twice"),
        (
            lambda r: r["obligations"][0].update(
                incident={"deadline_hours": 0, "authority": t("x"), "severities": ["major"]}
            ),
            "deadline_hours must be a whole number",
        ),
        (
            lambda r: r["obligations"][0].update(retirement=[{"code": "wipe", "text": {"en": "Wipe"}}]),
            "retirement[wipe]: no zh-hant text",
        ),
        (lambda r: r["questions"][0]["choices"][0]["text"].pop("en"), "questions[alpha_tier].choices[prohibited]"),
    ],
)
def test_validate_names_what_is_wrong(spoil, problem):
    regime = tiered("alpha")
    spoil(regime)
    problems = engine.validate(regime, QUESTIONS)
    assert any(problem in found for found in problems), problems


def test_the_roles_include_the_independent_reviewer_and_the_adoption_roles():
    from adoption.choices import Role

    assert set(Role.values) <= set(engine.roles())
    assert "independent_reviewer" in engine.roles()


@pytest.mark.parametrize(
    "spoil",
    [
        lambda r: r.update(classes="high"),
        lambda r: r.update(classes=["high"]),
        lambda r: r.update(obligations=[["not", "a", "dict"]]),
        lambda r: r["obligations"][0].update(criteria="evidence"),
        lambda r: r["obligations"][0].update(citation="Art. 5"),
        lambda r: r["obligations"][0].update(applies=["c_high"]),
        lambda r: r["obligations"][0].update(slots="independent_reviewer"),
        lambda r: r["obligations"][0].update(incident=4),
        lambda r: r["classes"][0].update(when=[{"q": "sector"}]),
        lambda r: r["classes"][0].update(name=["high"]),
        lambda r: r["questions"][0].update(choices=["a", "b"]),
        lambda r: r.update(version="one"),
        lambda r: r["obligations"][0]["criteria"].append({"phase": ["validation"], "kind": {"x": 1}}),
    ],
)
def test_validate_answers_a_malformed_regime_with_problems_never_an_error(spoil):
    regime = tiered("alpha")
    regime["obligations"][0]["criteria"] = [{"phase": "validation", "kind": "evidence"}]
    spoil(regime)
    problems = engine.validate(regime, QUESTIONS)
    assert problems
    assert all(isinstance(problem, str) for problem in problems)


def test_validate_refuses_what_is_not_a_regime():
    assert engine.validate(["a", "list"], QUESTIONS) == ["the regime is not a mapping"]
