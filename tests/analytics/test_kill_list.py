"""Kill rules: each flags exactly the initiatives it should, with its reason; rules are data the CoE edits
(audited); the list is scoped to the viewer and costs the same number of queries at two sizes."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import Role
from adoption.services.roi import realised_value_record, roi_version_append
from analytics.models import KillRule
from analytics.selectors.kill_list import board_pack_kill_list, kill_list
from analytics.services import kill_rule_update
from core.exceptions import Forbidden, InvalidInput
from finance.services import value_confirm
from governance.models import AuditEvent
from tests.analytics.factories import in_production_since, overdue_by, rejected
from tests.factories import UserFactory, grant, make_initiative
from tests.factories.adoption import roi_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def executive(db):
    user = UserFactory(username="exec")
    grant(user, Role.EXECUTIVE)
    return user


def new(coe, unit, owner, title):
    return make_initiative(coe=coe, business_unit=unit, owner=owner, title=title)


def flagged(user) -> dict[str, list[tuple[str, str]]]:
    return {f.initiative.key: [(r.kind, r.text) for r in f.reasons] for f in kill_list(user=user)}


def test_overdue_by_more_than_n_days(coe, units, owner, executive):
    late = new(coe, units["retail"], owner, "Late")
    slightly = new(coe, units["retail"], owner, "Slightly late")
    new(coe, units["retail"], owner, "On time")
    overdue_by(late, 40.5)
    overdue_by(slightly, 20.5)
    assert flagged(executive) == {
        late.key: [("overdue", "Overdue by 41 days in Exploration (the rule: more than 30).")]
    }
    kill_rule_update(actor=coe, kind="overdue", parameter=10, enabled=True)
    assert set(flagged(executive)) == {late.key, slightly.key}


def test_net_value_falling_across_estimates(coe, units, owner, executive):
    falling = new(coe, units["retail"], owner, "Falling")
    rising = new(coe, units["retail"], owner, "Rising")
    for initiative, cash in ((falling, ("120000", "90000")), (rising, ("90000", "120000"))):
        for amount in cash:
            roi_version_append(actor=owner, initiative=initiative, **roi_values(benefit_cash_saving=Decimal(amount)))
    assert flagged(executive) == {
        falling.key: [
            (
                "net_value_falling",
                "Net annual value fell in the latest ROI estimate: from €210,000 to €180,000.",
            )
        ]
    }
    # Two falls in a row are asked for: one fall is not enough.
    kill_rule_update(actor=coe, kind="net_value_falling", parameter=2, enabled=True)
    assert flagged(executive) == {}
    roi_version_append(actor=owner, initiative=falling, **roi_values(benefit_cash_saving=Decimal("80000")))
    assert flagged(executive) == {
        falling.key: [
            (
                "net_value_falling",
                "Net annual value fell in each of the last 2 ROI estimates: from €210,000 to €170,000.",
            )
        ]
    }


def test_no_confirmed_value_months_after_production(coe, units, owner, executive):
    silent = new(coe, units["retail"], owner, "Silent")
    measured = new(coe, units["retail"], owner, "Measured")
    recent = new(coe, units["retail"], owner, "Recent")
    unconfirmed = new(coe, units["retail"], owner, "Claimed only")
    in_production_since(unconfirmed, 120)
    in_production_since(silent, 120)
    in_production_since(measured, 120)
    in_production_since(recent, 30)
    today = timezone.localdate()
    claimed = {
        "period_start": today - datetime.timedelta(days=60),
        "period_end": today - datetime.timedelta(days=31),
        "currency": "EUR",
        "rate_to_reporting": Decimal("1"),
        "benefit_cash_saving": Decimal("5000"),
    }
    # Claimed but never confirmed by finance: still no confirmed value.
    realised_value_record(actor=owner, initiative=unconfirmed, **claimed)
    entry = realised_value_record(actor=owner, initiative=measured, **claimed)
    controller = UserFactory(username="controller")
    grant(controller, Role.FINANCE_CONTROLLER, business_unit=units["retail"], by=coe)
    value_confirm(actor=controller, entry=entry, status="confirmed")
    since = timezone.localdate(timezone.now() - datetime.timedelta(days=120))
    assert sorted(flagged(executive)) == sorted([silent.key, unconfirmed.key])
    ((kind, text),) = flagged(executive)[silent.key]
    assert kind == "no_confirmed_value"
    assert text.startswith("In production since ")
    assert "(the rule: within 3 months)" in text
    assert str(since.year) in text


def test_rejected_twice_at_the_same_gate(coe, units, owner, executive):
    twice = new(coe, units["retail"], owner, "Twice")
    once = new(coe, units["retail"], owner, "Once")
    rejected(twice, times=2)
    rejected(once, times=1)
    assert flagged(executive) == {
        twice.key: [("rejected_at_gate", "Rejected 2 times at the Exploration gate (the rule: 2).")]
    }


def test_several_reasons_in_the_rules_order_and_a_rule_switched_off(coe, units, owner, executive):
    both = new(coe, units["retail"], owner, "Both")
    overdue_by(both, 45)
    rejected(both, times=2)
    assert [kind for kind, _text in flagged(executive)[both.key]] == ["overdue", "rejected_at_gate"]
    kill_rule_update(actor=coe, kind="overdue", parameter=30, enabled=False)
    assert [kind for kind, _text in flagged(executive)[both.key]] == ["rejected_at_gate"]


def test_stopped_initiatives_are_not_on_the_list(coe, units, owner, executive):
    stopped = new(coe, units["retail"], owner, "Stopped")
    rejected(stopped, times=2)
    stopped.__class__.objects.filter(pk=stopped.pk).update(status="stopped", stopped_at=timezone.now())
    assert flagged(executive) == {}


def test_the_list_is_scoped_to_the_viewer(coe, units, owner, executive):
    retail = new(coe, units["retail"], owner, "Retail one")
    insurance = new(coe, units["insurance"], UserFactory(username="ins-owner"), "Insurance one")
    overdue_by(retail, 40)
    overdue_by(insurance, 40)
    outsider = UserFactory(username="outsider")
    grant(outsider, Role.COMPLIANCE_OFFICER, business_unit=units["insurance"], by=coe)
    nobody = UserFactory(username="nobody")
    assert set(flagged(executive)) == {retail.key, insurance.key}
    assert set(flagged(outsider)) == {insurance.key}
    assert set(flagged(owner)) == {retail.key}
    assert flagged(nobody) == {}


def test_the_coe_edits_a_rule_audited_and_no_one_else(coe, owner, executive):
    with pytest.raises(Forbidden):
        kill_rule_update(actor=executive, kind="overdue", parameter=5, enabled=True)
    with pytest.raises(InvalidInput) as refused:
        kill_rule_update(actor=coe, kind="overdue", parameter=0, enabled=True)
    assert "parameter" in refused.value.fields
    assert KillRule.objects.get(kind="overdue").parameter == 30
    kill_rule_update(actor=coe, kind="overdue", parameter=45, enabled=False)
    rule = KillRule.objects.get(kind="overdue")
    assert (rule.parameter, rule.enabled) == (45, False)
    event = AuditEvent.objects.get(verb="kill_rule.updated")
    assert event.before == {"kind": "overdue", "parameter": 30, "enabled": True}
    assert event.after == {"kind": "overdue", "parameter": 45, "enabled": False}
    assert event.actor_id == coe.pk


def test_the_board_pack_kill_list_is_plain_sorted_data(coe, units, owner):
    one = new(coe, units["retail"], owner, "One")
    two = new(coe, units["insurance"], owner, "Two")
    overdue_by(two, 50)
    overdue_by(one, 40)
    today = timezone.localdate()
    pack = board_pack_kill_list(today)
    assert pack["as_of"] == today.isoformat()
    assert [item["key"] for item in pack["initiatives"]] == sorted([one.key, two.key])
    assert pack["initiatives"][0]["reasons"][0]["kind"] == "overdue"
    assert all(
        isinstance(v, str) for item in pack["initiatives"] for r in item["reasons"] for v in r["figures"].values()
    )
    assert board_pack_kill_list(today) == pack


def test_constant_queries_at_two_sizes(coe, units, owner, executive):
    def grow(to: int, have: list) -> int:
        while len(have) < to:
            n = len(have)
            initiative = new(coe, units["retail"], owner, f"Budget {n}")
            overdue_by(initiative, 40)
            rejected(initiative, times=2)
            in_production_since(new(coe, units["retail"], owner, f"Silent {n}"), 200)
            have.append(initiative)
        with CaptureQueriesContext(connection) as queries:
            result = kill_list(user=executive)
        assert len(result) == 2 * to
        return len(queries)

    have: list = []
    small, large = grow(3, have), grow(12, have)
    assert small == large
    # The viewer's roles, the rules, one query per rule switched on (4), the initiatives flagged.
    assert large <= 7


@pytest.mark.parametrize(("language", "phase"), [("en", "Exploration"), ("zh-hant", "探索"), ("zh-hans", "探索")])
def test_the_board_pack_partial_words_the_frozen_reasons(coe, units, owner, language, phase):
    import json

    from django.template.loader import render_to_string
    from django.utils import translation

    late = new(coe, units["retail"], owner, "Late")
    overdue_by(late, 40.5)
    pack = json.loads(json.dumps(board_pack_kill_list(timezone.localdate())))
    with translation.override(language):
        html = render_to_string("boardpack/kill_list.html", {"section": pack})
    assert late.key in html
    # The days over are the frozen figure (40.5 days read as 41 or 42 whole days, by the hour of the local day).
    days = pack["initiatives"][0]["reasons"][0]["figures"]["days"]
    assert days in {"41", "42"}
    assert days in html
    assert phase in html
