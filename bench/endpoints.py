"""The endpoints the benchmark measures, in the order they run (plain data: imported by locust and the report too)."""

from __future__ import annotations

from dataclasses import dataclass

# Never send load anywhere else: the harness and the locustfile both refuse other hosts.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


@dataclass(frozen=True)
class Endpoint:
    name: str
    label: str
    method: str
    path: str  # with {key} or {review_id} filled in per request by the plan
    # "executive" or "scoped" (a compliance officer with one top-level unit), "signer" for approve; unused by "none"
    user: str
    auth: str  # "token" (API), "session" (pages) or "none" (sent without credentials)
    # "floor", "probe", "funnel", "list", "detail", "inbox", "board", "action": which targets apply
    kind: str


ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint("floor", "users/me (trivial, the floor)", "GET", "/api/v1/users/me/", "executive", "token", "floor"),
    # The stack's own floor (config/probes.py, routed when DJANGO_BENCH_PROBES is on): constant JSON from a bare
    # Django view through every middleware, and from a DRF view behind the API's token authentication.
    Endpoint(
        "probe_django", "bare Django view (constant JSON)", "GET", "/bench/probe/django/", "executive", "none", "probe"
    ),
    Endpoint(
        "probe_drf", "DRF view, token (constant JSON)", "GET", "/api/v1/bench/probe/", "executive", "token", "probe"
    ),
    Endpoint("funnel_executive", "funnel API, executive", "GET", "/api/v1/funnel/", "executive", "token", "funnel"),
    Endpoint("funnel_scoped", "funnel API, compliance officer", "GET", "/api/v1/funnel/", "scoped", "token", "funnel"),
    Endpoint(
        "list_executive", "initiative list API, executive", "GET", "/api/v1/initiatives/", "executive", "token", "list"
    ),
    Endpoint(
        "list_scoped",
        "initiative list API, compliance officer",
        "GET",
        "/api/v1/initiatives/",
        "scoped",
        "token",
        "list",
    ),
    Endpoint("detail", "initiative detail API", "GET", "/api/v1/initiatives/{key}/", "scoped", "token", "detail"),
    Endpoint("detail_page", "initiative page", "GET", "/initiatives/{key}/", "scoped", "session", "detail"),
    Endpoint("inbox", "sign-off inbox page, compliance officer", "GET", "/inbox/", "scoped", "session", "inbox"),
    Endpoint("board_executive", "board page, executive", "GET", "/", "executive", "session", "board"),
    Endpoint("board_scoped", "board page, compliance officer", "GET", "/", "scoped", "session", "board"),
    Endpoint("funnel_page", "funnel page, executive", "GET", "/funnel/", "executive", "session", "funnel"),
    Endpoint(
        "approve",
        "approve a gate-review slot (API)",
        "POST",
        "/api/v1/gate-reviews/{review_id}/sign/",
        "signer",
        "token",
        "action",
    ),
)
BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}
READ_ENDPOINTS = tuple(e for e in ENDPOINTS if e.method == "GET")
# What people do: the soak's mix leaves the probes out.
WORK_ENDPOINTS = tuple(e for e in READ_ENDPOINTS if e.kind != "probe")
