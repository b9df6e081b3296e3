"""Every route that answers GET, and where its query count is checked at two sizes.

- ``CHECKED``: measured by ``test_two_sizes.py`` on the portfolio of ``portfolio.py`` at its small and large size
  (the same count at both, and at most ``PAGE_CEILING`` / ``API_CEILING`` queries);
- ``ELSEWHERE``: checked at two sizes by another test, named;
- ``PENDING``: answers GET but has no two-size check yet, with what it needs;
- ``EXCLUDED``: not a portfolio read, with the reason; ``POST_ONLY`` routes answer a GET with 405 (checked by
  ``test_inventory.py``).

``test_inventory.py`` fails, naming the route, for any route of the resolver in none of these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from analytics.models import KillRule

PAGE_CEILING = 30
API_CEILING = 20


@dataclass(frozen=True)
class Check:
    name: str
    viewer: str
    args: Callable = lambda p: []  # the portfolio → the route's arguments
    query: str = ""
    params: Callable | None = None  # the portfolio → more of the query string (what only exists once it is built)
    headers: dict = field(default_factory=dict)
    status: int = 200
    on: str = ""  # tells apart two checks of one route by one viewer
    ceiling: int | None = None
    xfail: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.viewer}{', ' + self.on if self.on else ''}]{'?' + self.query if self.query else ''}"


def _key(p):
    return [p.first.key]


def _first(model_path: str, **filters):
    """The first (by pk) row of a model matching ``filters`` over the portfolio, as a route argument."""

    def pick(p):
        from django.apps import apps

        model = apps.get_model(model_path)
        given = {k: (v(p) if callable(v) else v) for k, v in filters.items()}
        return [model.objects.filter(**given).order_by("pk").values_list("pk", flat=True).first()]

    return pick


_CR = {"review": lambda p: p.compliance_review}
_ACTION = _first("governance.ComplianceActionItem", **_CR)
_ATTACHMENT = _first("governance.ComplianceAttachment", **_CR)
_FINDING = _first("governance.ComplianceFinding", raised_in=lambda p: p.compliance_review)


def _LIVE(p):
    return [p.extras["live"].key]


_OF_LIVE = {"initiative": lambda p: p.extras["live"]}


def _criterion(p):
    return [p.first.key, p.criterion.pk]


CHECKED: list[Check] = [
    # Pages.
    Check("governance:board_owners", "coe", query="owner=own"),
    Check("governance:board_units", "coe", query="business_unit=re"),
    Check("governance:board_units", "officer", query="business_unit=re"),
    Check("governance:compliance_action_item", "officer", _ACTION, status=302),  # to the review's page
    Check("governance:compliance_attachment", "officer", _ATTACHMENT),
    Check("governance:compliance_questionnaires", "coe"),
    Check("governance:audit_csv", "auditor"),
    Check("governance:signins", "coe"),
    Check("governance:integrations", "coe"),
    Check("governance:webhook_log", "coe", lambda p: [p.extras["webhook"].pk]),
    Check("governance:account", "officer"),
    Check("governance:twofactor", "officer"),
    Check("governance:tokens", "officer"),
    Check("governance:delegations", "officer"),
    Check("adoption:monday", "executive"),
    Check("adoption:funnel_csv", "executive", lambda p: ["now"], on="now"),
    Check("adoption:funnel_csv", "officer", lambda p: ["stops"], on="stops"),
    Check("adoption:monday_csv", "executive", lambda p: ["weeks"], on="weeks"),
    Check("adoption:monday_csv", "executive", lambda p: ["units"], on="units"),
    Check("adoption:initiative_new", "coe"),
    Check("adoption:criterion_row", "owner", _criterion, headers={"HX-Request": "true"}),
    Check("adoption:criterion_edit", "owner", _criterion),
    Check("intake:intake", "coe"),
    Check("intake:triage", "coe"),
    Check("intake:proposal", "coe", lambda p: [p.proposals[0].pk]),
    Check("reports:review_packet", "coe", lambda p: [p.review.pk]),
    Check("reports:evidence_pack", "coe", _key),
    Check("analytics:kill_list", "coe"),
    Check("analytics:vendors", "coe"),
    Check("analytics:radar", "executive"),
    Check("imports:import", "coe"),
    Check("imports:import_template", "coe", lambda p: ["en"]),
    Check("imports:import_template_csv", "coe", lambda p: ["en", "initiatives"]),
    Check("imports:tags", "coe"),
    Check("finance:claims", "coe"),
    Check("finance:claim", "coe", _first("adoption.RealisedValueEntry", initiative=lambda p: p.first)),
    Check("operations:filings", "owner", _key),
    Check("operations:retirement", "owner", _key),
    Check("regimes:regulatory", "owner", _key),
    Check("regimes:catalogue", "coe"),
    Check("regimes:regime", "coe", lambda p: [p.extras["regime"]]),
    # API.
    Check("v1:user-me", "officer"),
    Check("v1:auth-token-list", "officer"),
    Check("v1:signin-failure-list", "coe"),
    Check("v1:role-assignment-detail", "coe", _first("governance.RoleAssignment", user=lambda p: p.cast["officer"])),
    Check("v1:role-grant-request-list", "coe"),
    Check("v1:gate-review-detail", "officer", lambda p: [p.review.pk]),
    Check("v1:risk-tier-change-detail", "coe", _first("governance.RiskTierChange", initiative=lambda p: p.first)),
    Check("v1:compliance-review-detail", "officer", lambda p: [p.compliance_review.pk]),
    Check("v1:initiative-actions", "owner", _key),
    Check("v1:claim-rule-list", "coe"),
    Check("v1:webhook-list", "coe"),
    Check("v1:webhook-detail", "coe", lambda p: [p.extras["webhook"].pk]),
    Check("v1:webhook-delivery-list", "coe", lambda p: [p.extras["webhook"].pk]),
    Check("v1:initiative-receipts", "coe", _key),
    Check("v1:compliance-finding-detail", "officer", _FINDING),
    Check("v1:compliance-action-item-detail", "officer", _ACTION),
    Check("v1:compliance-questionnaire-list", "coe"),
    Check("v1:delegation-list", "officer"),
    Check("v1:delegation-detail", "officer", lambda p: [p.extras["delegation"].pk]),
    Check("v1:initiative-detail", "officer", _key),
    Check("v1:criterion-detail", "owner", _criterion),
    Check("v1:criterion-evidence", "owner", _criterion),
    Check("v1:initiative-realised-value", "owner", _key),
    Check("v1:initiative-spend", "owner", _key),
    Check("v1:initiative-model-options", "owner", _key),
    Check("v1:initiative-evaluations", "owner", _key),
    Check("v1:business-unit-detail", "coe", lambda p: ["retail"]),
    Check("v1:phase-list", "coe"),
    Check("v1:phase-detail", "coe", lambda p: ["exploration"]),
    Check("v1:criterion-template-list", "coe"),
    Check("v1:criterion-template-detail", "coe", lambda p: [p.criterion.template_id]),
    Check("v1:selection-weights", "coe"),
    Check("v1:saved-view-list", "coe"),
    Check("v1:saved-view-detail", "coe", lambda p: [p.extras["saved_view"].pk]),
    Check("v1:tag-list", "coe"),
    Check("v1:funnel-tags", "executive"),
    Check("v1:proposal-list", "coe"),
    Check("v1:proposal-detail", "coe", lambda p: [p.proposals[0].pk]),
    Check("v1:track-list", "coe"),
    Check("v1:gate-review-packet", "coe", lambda p: [p.review.pk]),
    Check("v1:initiative-evidence-pack", "coe", _key),
    Check("v1:kill-rule-list", "coe"),
    Check("v1:kill-rule-detail", "coe", lambda p: [KillRule.objects.order_by("pk").values_list("kind", flat=True)[0]]),
    Check("v1:vendor-scenario-list", "coe"),
    Check("v1:vendor-scenario-detail", "coe", lambda p: [p.extras["scenario"].pk]),
    Check("v1:funnel-value", "executive"),
    Check("v1:finance-claim-list", "coe"),
    Check("v1:import-list", "coe"),
    Check("v1:initiative-retirement-checklist", "owner", _key),
    Check("v1:initiative-retirement-checklist", "owner", _LIVE, on="live"),
    Check("operations:retirement", "owner", _LIVE, on="live"),
    Check("operations:filings", "owner", _LIVE, on="live"),
    Check("operations:changes", "owner", _LIVE, on="live"),
    Check("operations:incidents", "owner", _LIVE, on="live"),
    Check("v1:filing-detail", "owner", _first("operations.Filing", **_OF_LIVE), on="live"),
    Check("v1:filing-documents", "owner", _first("operations.Filing", **_OF_LIVE), on="live"),
    Check("v1:change-request-detail", "owner", _first("operations.ChangeRequest", **_OF_LIVE), on="live"),
    Check("v1:incident-detail", "owner", _first("operations.Incident", **_OF_LIVE), on="live"),
    Check("v1:regime-list", "coe"),
    Check("v1:initiative-applicability", "owner", _key),
    Check("v1:initiative-classifications", "owner", _key),
    # Files and papers.
    Check("adoption:evidence_file", "owner", lambda p: [p.extras["evidence"].pk]),
    Check(
        "governance:review_evidence", "officer", lambda p: [p.extras["evidenced_review"].pk, p.extras["evidence"].pk]
    ),
    Check("reports:pack_pdf", "executive", lambda p: [p.extras["pack"].pk], query="lang=zh-hant"),
    Check("v1:board-pack-pdf", "executive", lambda p: [p.extras["pack"].pk], query="lang=en"),
    Check("v1:import-detail", "coe", lambda p: [p.extras["import"]]),
    Check("v1:deployment-check", "owner", params=lambda p: {"initiative": p.extras["live"].key, "model": "gpt-4o"}),
    Check("v1:deployment-check", "owner", params=lambda p: {"initiative": p.first.key, "model": "gpt-4o"}, on="open"),
]

_VIEWS = "tests/governance/views/test_query_counts.py::test_query_count_does_not_grow_with_the_portfolio"
_OBJECT_PAGES = (
    "tests/governance/views/test_query_counts.py::test_initiative_and_review_pages_do_not_grow_with_the_portfolio"
)
_API = "tests/api/test_query_budgets.py::test_lists_cost_the_same_at_3_and_15_initiatives"
_COMPLIANCE = (
    "tests/governance/compliance/test_query_counts.py::test_the_review_page_and_its_lists_cost_the_same_at_two_sizes"
)
_OPERATIONS = "tests/operations/test_query_counts.py::test_board_funnel_and_registers_cost_the_same_at_two_sizes"
_PACKS = "tests/reports/test_query_budgets.py::test_the_board_pack_list_costs_the_same_for_two_and_for_eight_packs"

ELSEWHERE: dict[str, str] = {
    "governance:board": _VIEWS,
    "governance:board_csv": _VIEWS,
    "governance:portfolio_table": _VIEWS,
    "governance:inbox": _VIEWS,
    "governance:compliance": _VIEWS,
    "governance:notifications": _VIEWS,
    "governance:audit": _VIEWS,
    "governance:roles": _VIEWS,
    "adoption:funnel": _VIEWS,
    "governance:initiative": _OBJECT_PAGES,
    "governance:review": _OBJECT_PAGES,
    "governance:compliance_review": _COMPLIANCE,
    "v1:compliance-review-findings": _COMPLIANCE,
    "v1:compliance-review-action-items": _COMPLIANCE,
    "v1:compliance-review-attachments": _COMPLIANCE,
    "v1:compliance-review-questionnaire": _COMPLIANCE,
    "v1:compliance-action-item-list": _COMPLIANCE,
    "v1:initiative-filings": _OPERATIONS,
    "v1:initiative-change-requests": _OPERATIONS,
    "v1:initiative-incidents": _OPERATIONS,
    "reports:packs": _PACKS,
    "v1:board-pack-list": _PACKS,
    **{
        name: _API
        for name in (
            "v1:initiative-list",
            "v1:business-unit-list",
            "v1:user-list",
            "v1:role-assignment-list",
            "v1:gate-review-list",
            "v1:risk-tier-change-list",
            "v1:compliance-review-list",
            "v1:notification-list",
            "v1:audit-event-list",
            "v1:funnel",
            "v1:funnel-weeks",
            "v1:criterion-list",
            "v1:initiative-gate-reviews",
            "v1:initiative-risk-tier-changes",
            "v1:initiative-roi",
            "v1:kill-list",
            "v1:vendor-concentration",
            "v1:radar",
            "v1:radar-backtest",
        )
    },
}

# Answer GET, no two-size check yet: what each needs in the grown portfolio.
PENDING: dict[str, str] = {}

AUTH = "sign-in, sign-out, password and OIDC flows: no portfolio data"
EXCLUDED: dict[str, str] = {
    **{
        name: AUTH
        for name in (
            "login",
            "logout",
            "reauthenticate",
            "password_change",
            "password_change_done",
            "password_reset",
            "password_reset_done",
            "password_reset_confirm",
            "password_reset_complete",
            "oidc_authentication_callback",
            "oidc_authentication_init",
            "oidc_logout",
            "set_language",
        )
    },
    "adoption:healthz": "the health check: no portfolio data, no session",
    "receipt_keys": "the published receipt-signing keys: static",
    "api-schema": "the OpenAPI description: static",
    "api-docs": "the API's documentation page: static",
    "api-redoc": "the API's documentation page: static",
    "api/^.*$": "the API's catch-all 404",
}

# Routes that only take POST (or PUT/PATCH/DELETE): a GET answers 405 (``test_inventory.py`` checks it).
POST_ONLY: frozenset[str] = frozenset(
    """
    adoption:criterion_evidence adoption:criterion_waive analytics:kill_rule_edit analytics:scenario_delete
    analytics:scenario_save finance:claim_confirm governance:answer_review governance:bulk governance:choose_option
    governance:claim_rule_create governance:claim_rule_delete governance:compliance_action_item_add
    governance:compliance_action_item_done governance:compliance_finding_close governance:compliance_finding_raise
    governance:compliance_review_answer governance:compliance_review_attach governance:compliance_review_complete
    governance:decide_risk_tier governance:delegation_create governance:delegation_revoke
    governance:edit_initiative governance:extend_phase governance:hold governance:language governance:merge
    governance:notification_read governance:notifications_read_all governance:propose_risk_tier
    governance:record_realised governance:record_roi governance:record_spend governance:request_review
    governance:resume governance:retire governance:role_grant governance:role_grant_decide governance:role_revoke
    governance:saved_view_create governance:saved_view_delete governance:score_option governance:sign
    governance:signin_unlock governance:stop governance:token_create governance:token_revoke
    governance:twofactor_change governance:void governance:webhook_create governance:webhook_delete
    governance:webhook_redeliver governance:webhook_rotate governance:webhook_switch governance:withdraw_review
    imports:import_apply imports:import_check imports:import_undo imports:tag_add imports:tag_remove intake:accept
    intake:decline intake:merge intake:propose intake:screen operations:change_decide operations:change_request
    operations:filing_document operations:filing_record operations:incident_record operations:incident_report
    operations:incident_status operations:retirement_tick regimes:classification_confirm regimes:draft_create
    regimes:draft_save regimes:publish regimes:switch v1:auth-token v1:auth-token-detail v1:change-request-approve
    v1:change-request-reject v1:change-request-withdraw v1:claim-rule-detail v1:compliance-action-item-done
    v1:compliance-finding-close v1:compliance-review-complete v1:criterion-waive v1:delegation-revoke
    v1:evidence-pack-list v1:filing-record v1:finance-claim-confirm v1:gate-review-answer v1:gate-review-sign
    v1:gate-review-withdraw v1:import-undo v1:incident-deadline-report v1:incident-status v1:initiative-bulk
    v1:initiative-classification-confirm v1:initiative-extend-phase v1:initiative-hold v1:initiative-merge
    v1:initiative-model-option-choose v1:initiative-resume v1:initiative-retire v1:initiative-stop
    v1:initiative-void v1:notification-read v1:notification-read-all v1:proposal-accept v1:proposal-decline
    v1:proposal-merge v1:proposal-screening v1:risk-tier-change-confirm v1:risk-tier-change-reject
    v1:role-assignment-revoke v1:role-grant-request-approve v1:role-grant-request-decline v1:signin-unlock
    v1:tag-detail v1:vendor-shock v1:webhook-redeliver v1:webhook-rotate
    """.split()  # noqa: SIM905 - a list of names to read, not to diff
)
