"""The catalogue compiles: a new version of a regime is a draft (a copy of the published one), checked by the
engine, previewed (exactly the initiatives whose obligations change) and published (criteria reopened or added,
removed ones not required, owners and compliance officers notified, everything audited); a frozen review never
changes."""

import copy
import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from adoption.choices import CriterionStatus
from adoption.models import GateCriterion
from adoption.services.criteria import criterion_waive
from core.exceptions import Forbidden, InvalidInput, Refused
from governance.models import AuditEvent, GateReview, Notification
from governance.services.reviews import gate_review_request
from regimes.models import RegimeVersion
from regimes.selectors.catalogue import catalogue_changes, publish_preview
from regimes.selectors.obligations import published_versions
from regimes.services.applicability import applicability_answer, classification_confirm
from regimes.services.catalogue import regime_draft_create, regime_draft_save, regime_publish
from tests.factories import make_initiative, satisfy_gate
from tests.regimes.conftest import EU_HIGH

pytestmark = pytest.mark.usefixtures("test_catalogue")


def _draft_with(lead, test_catalogue, change):
    published = test_catalogue["eu"]
    draft = regime_draft_create(actor=lead, regime=published.regime)
    content = copy.deepcopy(draft.content)
    change(content)
    return regime_draft_save(actor=lead, draft=draft, content=content, note="Test change.")


def _fria(content):
    return next(o for o in content["obligations"] if o["code"] == "fria")


@pytest.fixture
def portfolio(initiative, owner, officer, coe, units):
    """Three initiatives: EU high risk (FRIA applies), EU limited (no FRIA), an internal tool (no regime)."""
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    limited = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Chat")
    applicability_answer(initiative=limited, answers={"deployed_in": ["eu"], "audience": ["customers"]}, actor=owner)
    internal = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Search")
    applicability_answer(initiative=internal, answers={"deployed_in": ["other"]}, actor=owner)
    return {"high": initiative, "limited": limited, "internal": internal}


def test_only_the_compliance_lead_edits_the_catalogue(test_catalogue, officer, coe):
    for person in (officer, coe):
        with pytest.raises(Forbidden):
            regime_draft_create(actor=person, regime=test_catalogue["eu"].regime)


def test_a_draft_is_validated_by_the_engine(lead, test_catalogue):
    draft = regime_draft_create(actor=lead, regime=test_catalogue["eu"].regime)
    assert draft.version == 2
    assert draft.status == "draft"
    broken = copy.deepcopy(draft.content)
    _fria(broken)["title"] = {"en": "Only English"}
    _fria(broken)["criteria"][0]["waivable_by_role"] = "astrologer"
    with pytest.raises(InvalidInput) as refused:
        regime_draft_save(actor=lead, draft=draft, content=broken)
    problems = " ".join(refused.value.fields["content"])
    assert "zh-hant" in problems
    assert "astrologer" in problems
    with pytest.raises(Refused):
        regime_draft_create(actor=lead, regime=test_catalogue["eu"].regime)  # one draft at a time


def test_the_preview_lists_exactly_the_initiatives_whose_obligations_change(lead, test_catalogue, portfolio):
    draft = _draft_with(lead, test_catalogue, lambda c: _fria(c).update(review_cadence_days=45))
    affected = publish_preview(draft)
    assert [(a.initiative.key, a.added, a.removed, a.changed) for a in affected] == [
        (portfolio["high"].key, [], [], ["eu/fria"])
    ]
    # The FRIA now applies to limited systems too: the limited initiative gains it, the high one is unchanged.
    regime_draft_save(
        actor=lead,
        draft=draft,
        content={
            **draft.content,
            "obligations": [
                {**o, "applies": {"classes": ["high", "limited"], "when": None}} if o["code"] == "fria" else o
                for o in test_catalogue["eu"].content["obligations"]
            ],
        },
    )
    affected = publish_preview(RegimeVersion.objects.get(pk=draft.pk))
    assert [(a.initiative.key, a.added, a.changed) for a in affected] == [(portfolio["limited"].key, ["eu/fria"], [])]


def test_the_preview_costs_the_same_at_two_sizes(lead, test_catalogue, owner, coe, units):
    draft = _draft_with(lead, test_catalogue, lambda c: _fria(c).update(review_cadence_days=45))
    counts = []
    for size in (2, 6):
        for n in range(size - ((counts and 2) or 0)):
            i = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title=f"I{size}-{n}")
            applicability_answer(initiative=i, answers=EU_HIGH, actor=owner)
        with CaptureQueriesContext(connection) as queries:
            affected = catalogue_changes([draft] + [v for v in published_versions() if v.regime.code != "eu"])
        assert len(affected) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_publishing_reopens_criteria_notifies_audits_and_leaves_a_frozen_review_alone(
    lead, test_catalogue, portfolio, officer, owner
):
    high = portfolio["high"]
    for c in high.regime_classifications.filter(is_current=True):
        classification_confirm(actor=officer, classification=c)
    fria = GateCriterion.objects.get(initiative=high, template__obligation="fria")
    today = timezone.localdate()
    criterion_waive(actor=officer, criterion=fria, reason="Group FRIA.", expires_on=today + datetime.timedelta(days=30))
    satisfy_gate(high, risk_tier="high")
    review = gate_review_request(actor=owner, initiative=high)
    frozen = copy.deepcopy(GateReview.objects.get(pk=review.pk).snapshot)
    assert any(c["code"] == fria.code and c["status"] == "met" for c in frozen["criteria"])

    draft = _draft_with(
        lead, test_catalogue, lambda c: _fria(c)["criteria"][0].update(kind="checklist", validity_days=180)
    )
    affected = regime_publish(actor=lead, draft=draft)
    assert [a.initiative.key for a in affected] == [high.key]

    versions = {v.version: v.status for v in RegimeVersion.objects.filter(regime__code="eu")}
    assert versions == {1: "superseded", 2: "published"}
    fria.refresh_from_db()
    assert fria.status == CriterionStatus.OPEN  # reopened under the new template version
    assert fria.template.version == 2
    assert fria.template.kind == "checklist"
    assert GateReview.objects.get(pk=review.pk).snapshot == frozen  # nothing changes in a frozen review
    notified = set(
        Notification.objects.filter(kind="obligations_changed", initiative=high).values_list(
            "recipient__username", flat=True
        )
    )
    assert notified == {"owner", "officer"}
    assert not Notification.objects.filter(kind="obligations_changed", initiative=portfolio["limited"]).exists()
    message = Notification.objects.filter(kind="obligations_changed", recipient=owner).first().message
    assert "Test EU regime" in message
    assert "1 obligations added" not in message
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "regime.draft_created",
        "regime.draft_saved",
        "regime.published",
        "criterion.reopened_by_obligation",
    } <= verbs


def test_an_obligation_removed_by_a_new_version_is_not_required_and_kept(lead, test_catalogue, portfolio):
    high = portfolio["high"]

    def drop(content):
        content["obligations"] = [o for o in content["obligations"] if o["code"] != "fria"]

    regime_publish(actor=lead, draft=_draft_with(lead, test_catalogue, drop))
    fria = GateCriterion.objects.get(initiative=high, template__obligation="fria")
    assert fria.required is False


def test_a_future_effective_date_stops_an_obligation_binding_until_then(lead, test_catalogue, portfolio):
    future = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    affected = regime_publish(
        actor=lead, draft=_draft_with(lead, test_catalogue, lambda c: _fria(c).update(effective=future))
    )
    assert [(a.initiative.key, a.removed) for a in affected] == [(portfolio["high"].key, ["eu/fria"])]
    applied = portfolio["high"].applied_obligations.get(obligation="fria")
    assert applied.binding is False


def test_an_obligation_binds_from_its_effective_date_by_the_daily_refresh(lead, test_catalogue, portfolio, owner):
    from regimes.services.catalogue import obligations_refresh
    from regimes.tasks import refresh_obligations

    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    regime_publish(actor=lead, draft=_draft_with(lead, test_catalogue, lambda c: _fria(c).update(effective=future)))
    high = portfolio["high"]
    assert high.applied_obligations.get(obligation="fria").binding is False
    assert obligations_refresh() == 0  # nothing changed today
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.now", return_value=tomorrow):
        assert refresh_obligations() == 1
        assert obligations_refresh() == 0  # once
    assert high.applied_obligations.get(obligation="fria").binding is True
    fria = GateCriterion.objects.get(initiative=high, template__obligation="fria")
    assert fria.required is True
    assert fria.status == CriterionStatus.OPEN
    assert Notification.objects.filter(kind="obligations_changed", initiative=high, recipient=owner).count() == 2


def test_the_refresh_is_scheduled_daily():
    from config.celery import app
    from config.schedule import BEAT_SCHEDULE

    assert BEAT_SCHEDULE["refresh-obligations"]["task"] == "regimes.refresh_obligations"
    app.loader.import_default_modules()
    assert "regimes.refresh_obligations" in app.tasks


def test_the_coe_switches_a_voluntary_framework_on_and_its_obligations_apply(coe, lead, portfolio, owner):
    from regimes.models import Regime
    from regimes.services.catalogue import regime_enable
    from tests.regimes import catalogue

    content = copy.deepcopy(catalogue.TW)
    content.update(code="vol", voluntary=True, applies_when=None)
    content["classes"] = [{**content["classes"][1], "code": "in_scope"}]
    content["obligations"] = [
        {**content["obligations"][0], "code": "impact_assessment", "applies": {"classes": [], "when": None}}
    ]
    regime = Regime.objects.create(code="vol", voluntary=True, enabled=False, order=9)
    RegimeVersion.objects.create(regime=regime, version=1, content=content, status="published")
    with pytest.raises(Forbidden):
        regime_enable(actor=lead, regime=regime, enabled=True)
    regime_enable(actor=coe, regime=regime, enabled=True)
    for initiative in portfolio.values():
        assert initiative.applied_obligations.filter(regime="vol", obligation="impact_assessment").exists()
    regime_enable(actor=coe, regime=regime, enabled=False)
    assert not portfolio["high"].applied_obligations.filter(regime="vol").exists()
