"""The Regulatory page and the catalogue pages, through the test client: what a person sees, what a form does, and
who is refused (another unit's officer gets 404; a reader without the role, 403)."""

import pytest
from django.urls import reverse
from django.utils import translation

from regimes.models import RegimeClassification, RegimeVersion
from regimes.services.applicability import applicability_answer
from tests.regimes.conftest import EU_HIGH

pytestmark = pytest.mark.usefixtures("test_catalogue")


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_the_owner_answers_and_sees_classes_reasons_obligations_slots_and_cadence(as_user, initiative, owner):
    client = as_user(owner)
    url = reverse("regimes:regulatory", args=[initiative.key])
    page = client.get(url)
    assert page.status_code == 200
    assert "not legal advice" in page.content.decode()
    answer = client.post(
        url,
        {
            "answers-q_deployed_in": ["eu", "taiwan"],
            "answers-q_audience": ["customers"],
            "answers-q_use_cases": ["creditworthiness"],
            "answers-q_autonomy": "high",
        },
    )
    assert answer.status_code == 302
    html = client.get(url).content.decode()
    assert "High risk" in html
    assert "Annex III" in html
    assert "High impact" in html
    assert "Customer-facing and autonomous" in html
    assert "Fundamental-rights impact assessment" in html
    assert "Art. 27" in html
    assert "Independent reviewer" in html  # the FSC slot
    assert "every 30 days" in html
    assert "Awaits confirmation" in html
    assert initiative.applicability_answers.get().answers["audience"] == ["customers"]


def test_a_bad_answer_is_refused_with_its_message(as_user, initiative, owner):
    answer = as_user(owner).post(
        reverse("regimes:regulatory", args=[initiative.key]), {"answers-q_deployed_in": ["mars"]}
    )
    assert answer.status_code == 400
    assert not initiative.applicability_answers.exists()


def test_the_page_reads_in_traditional_chinese(as_user, initiative, owner):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    with translation.override("zh-hant"):
        html = (
            as_user(owner)
            .get(reverse("regimes:regulatory", args=[initiative.key]), HTTP_ACCEPT_LANGUAGE="zh-hant")
            .content.decode()
        )
    assert "Fundamental-rights impact assessment（繁）" in html


def test_a_compliance_officer_confirms_on_the_page(as_user, initiative, owner, officer):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    classification = RegimeClassification.objects.get(initiative=initiative, is_current=True)
    client = as_user(officer)
    html = client.get(reverse("regimes:regulatory", args=[initiative.key])).content.decode()
    confirm = reverse("regimes:classification_confirm", args=[initiative.key, classification.pk])
    assert confirm in html
    assert client.post(confirm).status_code == 302
    initiative.refresh_from_db()
    assert initiative.risk_tier == "high"


def test_another_units_officer_sees_nothing_and_a_reader_cannot_confirm(
    as_user, initiative, owner, outsider, cast_reader
):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    classification = RegimeClassification.objects.get(initiative=initiative, is_current=True)
    confirm = reverse("regimes:classification_confirm", args=[initiative.key, classification.pk])
    client = as_user(outsider)
    assert client.get(reverse("regimes:regulatory", args=[initiative.key])).status_code == 404
    assert client.post(confirm).status_code == 404
    client = as_user(cast_reader)
    assert client.post(confirm).status_code == 403
    assert RegimeClassification.objects.get(pk=classification.pk).status == "proposed"


@pytest.fixture
def cast_reader(units, coe):
    from adoption.choices import Role
    from tests.factories import UserFactory, grant

    user = UserFactory(username="steward")
    grant(user, Role.DATA_STEWARD, business_unit=units["retail"], by=coe)
    return user


def test_the_lead_drafts_previews_and_publishes_on_the_page(as_user, lead, initiative, owner, test_catalogue):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    client = as_user(lead)
    assert client.get(reverse("regimes:catalogue")).status_code == 200
    assert client.post(reverse("regimes:draft_create", args=["eu"])).status_code == 302
    draft = RegimeVersion.objects.get(regime__code="eu", status="draft")
    content = draft.content
    next(o for o in content["obligations"] if o["code"] == "fria")["review_cadence_days"] = 20
    import json

    saved = client.post(
        reverse("regimes:draft_save", args=["eu"]), {"draft-content": json.dumps(content), "draft-note": "Cadence."}
    )
    assert saved.status_code == 302
    html = client.get(reverse("regimes:regime", args=["eu"])).content.decode()
    assert f'data-key="{initiative.key}"' in html  # the preview lists it
    bad = client.post(
        reverse("regimes:draft_save", args=["eu"]), {"draft-content": json.dumps({"code": "eu"}), "draft-note": ""}
    )
    assert bad.status_code == 400
    assert client.post(reverse("regimes:publish", args=["eu"])).status_code == 302
    assert RegimeVersion.objects.get(regime__code="eu", version=2).status == "published"


def test_only_the_lead_edits_the_catalogue_on_the_page(as_user, officer):
    client = as_user(officer)
    assert client.get(reverse("regimes:regime", args=["eu"])).status_code == 200
    assert client.post(reverse("regimes:draft_create", args=["eu"])).status_code == 403
    assert not RegimeVersion.objects.filter(status="draft").exists()


def test_the_initiative_page_shows_the_regulatory_panel(as_user, initiative, owner):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    html = as_user(owner).get(reverse("governance:initiative", args=[initiative.key])).content.decode()
    assert reverse("regimes:regulatory", args=[initiative.key]) in html
    assert "High risk" in html


def test_the_board_card_shows_each_regimes_class(as_user, initiative, owner):
    applicability_answer(initiative=initiative, answers={**EU_HIGH, "deployed_in": ["eu", "taiwan"]}, actor=owner)
    html = as_user(owner).get(reverse("governance:board")).content.decode()
    assert "Test EU regime: High" in html
    assert "Test Taiwan regime: Minimal" in html


def test_the_cards_classes_cost_one_query_whatever_the_number_of_cards(initiative, owner, coe, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from adoption.models import Initiative
    from governance.selectors.board import regime_classes_attach
    from tests.factories import make_initiative

    counts = []
    for size in (2, 6):
        while Initiative.objects.count() < size:
            made = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Card")
            applicability_answer(initiative=made, answers=EU_HIGH, actor=owner)
        cards = list(Initiative.objects.all())
        with CaptureQueriesContext(connection) as queries:
            regime_classes_attach(cards)
        counts.append(len(queries))
        assert all(card.regime_classes for card in cards if card.applicability_answers.exists())
    assert counts == [1, 1]
