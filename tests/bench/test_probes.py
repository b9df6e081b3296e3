"""The benchmark's probes (config/probes.py): constant JSON when BENCH_PROBES is on, not routed when it is off."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from governance.services.tokens import token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DJANGO_PROBE = "/bench/probe/django/"
DRF_PROBE = "/api/v1/bench/probe/"


def test_the_probes_answer_constant_json(probes_on):
    assert Client().get(DJANGO_PROBE).json() == {"ok": True}  # no sign-in needed: the bare floor

    _token, secret = token_create(user=UserFactory(), name="bench")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = api.get(DRF_PROBE)
    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_the_drf_probe_wants_a_token(probes_on):
    response = APIClient().get(DRF_PROBE)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    response = APIClient().get(DRF_PROBE, HTTP_AUTHORIZATION="Token gat_not-a-token")
    assert response.status_code == 401


def test_the_probes_are_not_served_unless_switched_on(settings):
    assert settings.BENCH_PROBES is False
    _token, secret = token_create(user=UserFactory(), name="bench")
    assert Client().get(DJANGO_PROBE).status_code == 404
    response = APIClient().get(DRF_PROBE, HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_probes_stay_out_of_the_schema(probes_on):
    _token, secret = token_create(user=UserFactory(), name="bench")
    response = APIClient().get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/users/me/" in paths
    assert not [path for path in paths if "probe" in path]
