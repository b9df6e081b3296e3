"""The regimes API: answers in, classifications with reasons and obligations with citations out; bad input is a
400 with the question named and nothing written; another unit's officer gets 404; reads cost the same whatever the
size of the catalogue."""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from regimes.models import Regime, RegimeClassification, RegimeVersion
from regimes.services.applicability import applicability_answer
from tests.api.conftest import client_for
from tests.regimes import catalogue
from tests.regimes.conftest import EU_HIGH

pytestmark = pytest.mark.usefixtures("test_catalogue")


def test_put_answers_then_read_classes_obligations_slots_and_cadence(initiative, owner, officer):
    client = client_for(owner)
    url = f"/api/v1/initiatives/{initiative.key}/applicability/"
    answer = client.put(
        url, {"answers": {**EU_HIGH, "deployed_in": ["eu", "taiwan"], "autonomy": "high"}}, format="json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["version"] == 1
    picture = client_for(officer).get(f"/api/v1/initiatives/{initiative.key}/classifications/").json()
    classes = {c["regime"]: (c["class_code"], c["status"]) for c in picture["classifications"]}
    assert classes == {"eu": ("high", "proposed"), "tw": ("high_impact", "proposed")}
    fria = next(o for o in picture["obligations"] if o["code"] == "fria")
    assert fria["citation"]["article"] == "Art. 27"
    assert fria["binding"] is True
    assert {"role": "independent_reviewer", "ordinal": 1} in picture["slots"]
    assert picture["review_cadence_days"] == 30
    assert "not legal advice" in picture["disclaimer"]["en"]
    eu = next(c for c in picture["classifications"] if c["regime"] == "eu")
    confirmed = client_for(officer).post(f"/api/v1/initiatives/{initiative.key}/classifications/{eu['id']}/confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["risk_tier"] == "high"


def test_bad_answers_are_a_400_naming_the_question(initiative, owner):
    answer = client_for(owner).put(
        f"/api/v1/initiatives/{initiative.key}/applicability/", {"answers": {"deployed_in": "eu"}}, format="json"
    )
    assert answer.status_code == 400
    assert "deployed_in" in answer.json()["fields"]
    assert not initiative.applicability_answers.exists()


def test_another_units_officer_gets_404_everywhere(initiative, owner, outsider):
    applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
    pk = RegimeClassification.objects.get(initiative=initiative, is_current=True).pk
    client = client_for(outsider)
    base = f"/api/v1/initiatives/{initiative.key}/"
    assert client.get(base + "applicability/").status_code == 404
    assert client.put(base + "applicability/", {"answers": {}}, format="json").status_code == 404
    assert client.get(base + "classifications/").status_code == 404
    assert client.post(base + f"classifications/{pk}/confirm/").status_code == 404


def test_a_classification_of_another_initiative_is_not_found(initiative, owner, officer, coe, units):
    from tests.factories import make_initiative

    other = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Other")
    applicability_answer(initiative=other, answers=EU_HIGH, actor=owner)
    pk = RegimeClassification.objects.get(initiative=other, is_current=True).pk
    answer = client_for(officer).post(f"/api/v1/initiatives/{initiative.key}/classifications/{pk}/confirm/")
    assert answer.status_code == 404


def test_the_catalogue_and_classifications_cost_the_same_at_two_sizes(initiative, owner, officer):
    client = client_for(officer)
    counts = []
    for size in (2, 6):
        while Regime.objects.filter(enabled=True).count() < size:
            n = Regime.objects.count()
            content = copy.deepcopy(catalogue.EU)
            content["code"] = f"eu{n}"
            regime = Regime.objects.create(code=content["code"], order=n)
            RegimeVersion.objects.create(regime=regime, version=1, content=content, status="published")
        applicability_answer(initiative=initiative, answers=EU_HIGH, actor=owner)
        measured = []
        for path in ("/api/v1/regimes/", f"/api/v1/initiatives/{initiative.key}/classifications/"):
            client.get(path)  # warm the token and session caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            measured.append(len(queries))
        counts.append(measured)
    assert counts[0] == counts[1]
