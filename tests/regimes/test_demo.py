"""The demo's regulatory part: a Taiwanese bank's customer-facing assistant (FSC high impact, vendor-hosted), a
mainland public content generator (filing required), an EU credit-scoring assistant (EU high risk, FRIA) and the
internal policy assistant (no public-service duty): classes, reasons, obligations with citations, slots and cadence
on the page and in the API."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from adoption.models import Initiative
from demo.loader import load_demo_data
from demo.regimes_demo import DEMO_EXPECTED, DEMO_INITIATIVES
from regimes.models import Regime
from tests.api.conftest import client_for


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("ALTER SEQUENCE adoption_initiative_number_seq RESTART WITH 1")
        load_demo_data()
        yield
        call_command("flush", interactive=False, verbosity=0)


def _initiative(code: str) -> Initiative:
    return Initiative.objects.get(title=DEMO_INITIATIVES[code]["title"]["en"])


def _expected(code: str) -> dict:
    voluntary = set(Regime.objects.filter(voluntary=True).values_list("code", flat=True))
    return {regime: klass for regime, klass in DEMO_EXPECTED[code].items() if regime not in voluntary}


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
class TestRegulatoryDemo:
    @pytest.mark.parametrize("code", list(DEMO_INITIATIVES))
    def test_each_demo_initiative_has_its_classes(self, code):
        initiative = _initiative(code)
        classes = {c.regime.code: c.class_code for c in initiative.regime_classifications.filter(is_current=True)}
        assert classes == _expected(code)

    def test_the_three_new_ones_are_confirmed_and_take_the_strictest_tier(self):
        for code in ("taipei_customer_assistant", "shanghai_content_generator", "eu_credit_scoring"):
            initiative = _initiative(code)
            assert set(initiative.regime_classifications.filter(is_current=True).values_list("status", flat=True)) == {
                "confirmed"
            }
            assert initiative.risk_tier == "high"

    def test_the_api_shows_classes_reasons_obligations_citations_slots_and_cadence(self, django_user_model):
        client = client_for(django_user_model.objects.get(username="compliance"))
        taipei = client.get(
            f"/api/v1/initiatives/{_initiative('taipei_customer_assistant').key}/classifications/"
        ).json()
        fsc = next(c for c in taipei["classifications"] if c["regime"] == "taiwan_fsc")
        assert fsc["class_code"] == "high"
        assert fsc["reasons"]
        assert all(set(r) >= {"en", "zh-hant", "zh-hans"} for r in fsc["reasons"])
        assert {"role": "independent_reviewer", "ordinal": 1} in taipei["slots"]
        codes = {o["code"] for o in taipei["obligations"] if o["regime"] == "taiwan_fsc"}
        assert any("outsourc" in c or "third_party" in c for c in codes), codes
        assert all(o["citation"].get("article") for o in taipei["obligations"])
        eu = client.get(f"/api/v1/initiatives/{_initiative('eu_credit_scoring').key}/classifications/").json()
        assert any("fria" in o["code"] or "art27" in o["code"] for o in eu["obligations"]), [
            o["code"] for o in eu["obligations"]
        ]
        assert eu["review_cadence_days"] == 90
        internal = client.get(f"/api/v1/initiatives/{_initiative('internal_policy_qa').key}/classifications/").json()
        assert not any(c["regime"] == "prc_generative_ai" for c in internal["classifications"])

    def test_the_regulatory_page_of_the_shanghai_generator(self, client, django_user_model):
        client.force_login(django_user_model.objects.get(username="compliance"))
        html = client.get(
            reverse("regimes:regulatory", args=[_initiative("shanghai_content_generator").key])
        ).content.decode()
        assert "not legal advice" in html
        assert 'data-regime="prc_generative_ai"' in html
        assert "A filing with" in html
