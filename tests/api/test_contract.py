"""The API's contract beyond permissions: one error format, bad input of any shape as a 4xx, optimistic
concurrency on PATCH, refusals with reasons, pagination, authentication and throttling, schema and docs."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from adoption.models import Initiative
from tests.api.conftest import client_for

API = "/api/v1/"
ERROR_KEYS = {"status", "code", "detail", "fields", "reasons"}


def error(response, status: int, code: str) -> dict:
    body = response.json()
    assert response.status_code == status, body
    assert set(body) == ERROR_KEYS, body
    assert body["status"] == status
    assert body["code"] == code, body
    assert body["detail"]
    return body


# --- Bad input ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": "x" * 201, "business_unit": "retail", "owner": "owner"}, "title"),
        ({"title": "A\x00B", "business_unit": "retail", "owner": "owner"}, "title"),
        ({"title": 42, "business_unit": "retail", "owner": "owner"}, "title"),
        ({"title": "T", "business_unit": "retail", "owner": "owner", "risk_tier": "extreme"}, "risk_tier"),
        ({"title": "T", "business_unit": "retail", "owner": "nobody-like-this"}, "owner"),
        ({"title": "T", "business_unit": "mars", "owner": "owner"}, "business_unit"),
        ({"title": "T", "business_unit": ["retail"], "owner": "owner"}, "business_unit"),
        ({"title": "T" * 1_000_000, "business_unit": "retail", "owner": "owner"}, "title"),
    ],
    ids=["too long", "NUL", "wrong type", "unknown enum", "unknown user", "unknown unit", "list", "huge"],
)
def test_bad_bodies_are_400_with_the_field(api, people, units, body, field):
    body = error(api(people["coe"]).post(API + "initiatives/", body, format="json"), 400, "invalid")
    assert field in body["fields"], body


def test_malformed_json_and_media_types(api, people):
    client = api(people["coe"])
    error(client.post(API + "initiatives/", "{not json", content_type="application/json"), 400, "parse_error")
    error(
        client.post(API + "initiatives/", "title=x", content_type="application/x-www-form-urlencoded"),
        415,
        "unsupported_media_type",
    )
    error(client.post(API + "initiatives/", "[]", content_type="application/json"), 400, "invalid")


@pytest.mark.parametrize(
    "path",
    [
        "initiatives/AI-1/",
        "initiatives/ai-0001/",
        "initiatives/AI-0001%00/",
        "initiatives/%2e%2e/",
        "initiatives/AI-99999999999/",
        "gate-reviews/99999999999999999999999999/",
        "gate-reviews/-1/",
        "gate-reviews/1.5/",
        "risk-tier-changes/0/",
        "compliance-reviews/abc/",
        "role-assignments/9223372036854775808/",
        "business-units/%00/",
        "no-such-thing/",
    ],
)
def test_malformed_keys_and_ids_are_json_404s(api, people, initiative, path):
    error(api(people["coe"]).get(API + path), 404, "not_found")


@pytest.mark.parametrize(
    "query",
    [
        "status=nonsense",
        "overdue=maybe",
        "search=%00",
        "owner=" + "x" * 2000,
        "page_size=0",
        "page_size=abc",
        "page_size=100000",
        "cursor=bz0tMQ==",  # a negative offset
        "cursor=cD1hYmM=",  # a well-formed cursor whose position is not a number
    ],
)
def test_bad_queries_are_400(api, people, initiative, query):
    error(api(people["coe"]).get(API + "initiatives/?" + query), 400, "invalid")


def test_funnel_rejects_a_bad_cohort_with_the_field(api, people):
    body = error(api(people["executive"]).get(API + "funnel/?cohort=2026Q9"), 400, "invalid")
    assert "cohort" in body["fields"]


def test_unknown_methods_are_405(api, people, initiative):
    client = api(people["coe"])
    error(client.delete(API + f"initiatives/{initiative.key}/"), 405, "method_not_allowed")
    error(client.options(API + "initiatives/"), 405, "method_not_allowed")


# --- Optimistic concurrency --------------------------------------------------------------------------------------


def test_patch_needs_a_version(api, people, initiative):
    body = error(api(people["owner"]).patch(API + f"initiatives/{initiative.key}/", {"title": "New"}), 400, "invalid")
    assert "version" in body["fields"]


def test_a_stale_version_is_409_and_a_stale_if_match_412(api, people, initiative):
    owner = api(people["owner"])
    url = API + f"initiatives/{initiative.key}/"
    etag = owner.get(url).headers["ETag"]
    assert etag == '"1"'
    fresh = owner.patch(url, {"title": "First"}, HTTP_IF_MATCH=etag)
    assert fresh.status_code == 200
    assert fresh.json()["version"] == 2
    assert fresh.headers["ETag"] == '"2"'
    error(owner.patch(url, {"title": "Second", "version": 1}), 409, "stale_version")
    error(owner.patch(url, {"title": "Third"}, HTTP_IF_MATCH='"1"'), 412, "precondition_failed")
    error(owner.patch(url, {"title": "Fourth"}, HTTP_IF_MATCH="not-a-version"), 412, "precondition_failed")
    assert Initiative.objects.get(pk=initiative.pk).title == "First"


def test_owner_may_not_move_the_initiative(api, people, initiative):
    body = error(
        api(people["owner"]).patch(API + f"initiatives/{initiative.key}/", {"owner": "sponsor", "version": 1}),
        403,
        "forbidden",
    )
    assert "CoE" in body["detail"]


# --- Refusals ----------------------------------------------------------------------------------------------------


def test_a_refused_gate_request_lists_every_unmet_criterion(api, people, initiative):
    body = error(api(people["owner"]).post(API + f"initiatives/{initiative.key}/gate-reviews/"), 409, "refused")
    assert "The risk tier has not been assessed yet." in body["reasons"]
    assert len([r for r in body["reasons"] if "must be met or waived" in r]) == 6


def test_marking_met_without_evidence_is_refused_with_the_reason(api, people, initiative):
    criterion = initiative.criteria.get(code="value_hypothesis")
    url = API + f"initiatives/{initiative.key}/criteria/{criterion.pk}/"
    body = error(api(people["owner"]).patch(url, {"status": "met"}), 409, "refused")
    assert any("Attach evidence" in reason for reason in body["reasons"])


def test_evidence_and_status_in_one_request_are_one_transaction(api, people, initiative):
    criterion = initiative.criteria.get(code="feasibility_spike")  # duration ≤ 14 days
    url = API + f"initiatives/{initiative.key}/criteria/{criterion.pk}/"
    body = {"metric_value": "30", "evidence_text": "Took a month.", "status": "met"}
    error(api(people["owner"]).patch(url, body), 409, "refused")
    criterion.refresh_from_db()
    assert criterion.evidence_count == 0
    assert criterion.metric_value is None


# --- Authentication ----------------------------------------------------------------------------------------------


def test_anonymous_is_401_with_a_challenge(initiative):
    response = APIClient().get(API + "initiatives/")
    error(response, 401, "not_authenticated")
    assert response.headers["WWW-Authenticate"] == "Token"
    error(client_for(None).get(API + f"initiatives/{initiative.key}/"), 401, "not_authenticated")


def test_a_bad_token_is_401(initiative):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nope")
    error(client.get(API + "initiatives/"), 401, "authentication_failed")


def test_token_for_credentials_and_400_otherwise(people):
    client = APIClient()
    good = client.post(API + "auth/token/", {"username": "owner", "password": "pw-test-2026"}, format="json")
    assert good.status_code == 201
    assert good.json()["token"].startswith("gat_")
    assert good.json()["in_force"] is True
    error(client.post(API + "auth/token/", {"username": "owner", "password": "wrong"}), 400, "invalid")
    error(client.post(API + "auth/token/", {"username": "owner\x00", "password": "x"}), 400, "invalid")


def test_the_token_endpoint_is_throttled(people, settings):
    # The per-address rate limit, apart from the sign-in lockout (which would answer first for one username).
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 1000
    client = APIClient()
    answers = [
        client.post(API + "auth/token/", {"username": f"guess{n}", "password": "wrong"}).status_code for n in range(12)
    ]
    assert answers[:10] == [400] * 10
    response = client.post(API + "auth/token/", {"username": "owner", "password": "pw-test-2026"})
    error(response, 429, "throttled")
    assert int(response.headers["Retry-After"]) > 0


def test_session_auth_works_and_enforces_csrf(people, initiative):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(people["owner"])
    assert client.get(API + f"initiatives/{initiative.key}/").status_code == 200
    error(client.post(API + f"initiatives/{initiative.key}/hold/", {"reason": "x"}), 403, "csrf_failed")


# --- Schema and docs ---------------------------------------------------------------------------------------------


def test_schema_documents_every_error_status(api, people):
    schema = APIClient().get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            if path != "/api/v1/auth/token/":
                assert "401" in codes, (method, path)
            if method in ("post", "patch") and path != "/api/v1/notifications/read-all/":
                assert codes & {"400", "403", "404", "409"}, (method, path)
            assert any(code.startswith("2") for code in codes), (method, path)
    gate = schema["paths"]["/api/v1/initiatives/{key}/gate-reviews/"]["post"]["responses"]
    assert {"201", "401", "403", "404", "409"} <= set(gate)


@override_settings(DEBUG=False)
def test_docs_are_served_without_a_cdn():
    page = APIClient().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert "cdn" not in html.lower()
    assert "unpkg" not in html.lower()
    # The Content-Security-Policy forbids inline scripts: the start-up script is a file of its own.
    assert "<script>" not in html
    assert APIClient().get("/api/docs/?script=").status_code == 200
