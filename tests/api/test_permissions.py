"""The permission matrix of every endpoint and action, generated from one table (like NetBox's API test cases).

Each row names an operation, the state it needs, the person whose job it is and, where one exists, someone who can
see the object but may not act on it. The expectations of the other actors follow from the row's kind:

| actor                               | object (under an initiative, or by id) | list                 | global action |
|-------------------------------------|----------------------------------------|----------------------|---------------|
| anonymous                           | 401                                    | 401                  | 401           |
| authenticated, no role ("nobody")   | 404                                    | 200, marker absent   | 403           |
| role on another unit ("outsider")   | 404                                    | 200, marker absent   | 403           |
| the right role                      | the row's 2xx                          | 200, marker present  | the row's 2xx |
| visible but not allowed (if named)  | 403                                    |                      |               |

Actors run in that order, so only the last one changes anything.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from adoption.models import GateCriterion, GateCriterionTemplate, Initiative
from adoption.services.saved_views import saved_view_create
from adoption.services.selection import model_option_record
from adoption.services.weekly import week_start, weekly_snapshot_take
from governance.models import (
    AuditEvent,
    ComplianceReview,
    GateReview,
    Notification,
    RoleAssignment,
    WebhookDelivery,
)
from governance.services.compliance import risk_tier_propose
from governance.services.compliance_items import compliance_action_item_add, compliance_finding_raise
from governance.services.lifecycle import initiative_hold
from governance.services.reviews import gate_review_request, signoff_record
from governance.services.roles import role_grant
from governance.services.sso import claim_rule_create
from governance.services.tokens import token_create
from governance.services.webhooks import webhook_endpoint_create
from tests.api.conftest import client_for
from tests.factories import UserFactory, compliance_answers, grant, make_initiative, satisfy_gate
from tests.factories.operations import retirement_done

API = "/api/v1/"


class World:
    """The state a row needs, made on demand: one initiative in Retail and what hangs off it."""

    def __init__(self, people: dict, initiative: Initiative):
        self.p = people
        self.initiative = initiative
        self.key = initiative.key
        self.unit = initiative.business_unit.code
        self.phase = "validation"
        self._cache: dict[str, Any] = {}

    def _once(self, name: str, make: Callable[[], Any]) -> Any:
        if name not in self._cache:
            self._cache[name] = make()
        return self._cache[name]

    def criterion(self, code: str = "pain_point_prioritised") -> int:
        return GateCriterion.objects.get(initiative=self.initiative, phase="exploration", code=code).pk

    def ready(self) -> Initiative:
        return self._once("ready", lambda: satisfy_gate(self.initiative))

    def review(self) -> int:
        self.ready()
        return self._once("review", lambda: gate_review_request(actor=self.p["owner"], initiative=self.initiative).pk)

    def changes_requested(self) -> int:
        """The review, sent back to its owner with one criterion flagged."""

        def make():
            review = GateReview.objects.get(pk=self.review())
            signoff_record(
                actor=self.p["compliance"],
                review=review,
                slot_key="compliance_officer",
                decision="request_changes",
                comment="Attach the spike report.",
                flags=[{"criterion": "feasibility_spike", "note": "Report missing."}],
            )
            return review.pk

        return self._once("changes_requested", make)

    def change(self) -> int:
        return self._once(
            "change",
            lambda: (
                risk_tier_propose(
                    actor=self.p["owner"], initiative=self.initiative, to_tier="limited", reason="Customer-facing."
                ).pk
            ),
        )

    def held(self) -> None:
        self._once("held", lambda: initiative_hold(actor=self.p["sponsor"], initiative=self.initiative, reason="Wait"))

    def production(self) -> None:
        def make():
            Initiative.objects.filter(pk=self.initiative.pk).update(
                status="in_production", production_entered_at=timezone.now(), risk_tier="limited"
            )

        self._once("production", make)

    def retirement_done(self) -> None:
        """The retirement checklist ticked (the owner), so that ``retire`` only needs the permission."""
        self.production()
        self.initiative.refresh_from_db()
        self._once("retirement_done", lambda: retirement_done(self.initiative))

    def regime(self) -> None:
        """The operations tests' regime, answered for by the initiative (a filing, a 4-hour incident duty)."""

        def make():
            from regimes.models import Regime, RegimeVersion
            from tests.operations.conftest import TEST_REGIME, answer

            Regime.objects.update(enabled=False)
            regime = Regime.objects.create(code="ops_test", enabled=True)
            RegimeVersion.objects.create(regime=regime, version=1, content=TEST_REGIME, status="published")
            answer(self.initiative, self.p["owner"])

        self._once("regime", make)

    def filing(self) -> int:
        def make():
            from operations.services.filings import filings_sync

            self.regime()
            return filings_sync(initiative=self.initiative, actor=None)[0].pk

        return self._once("filing", make)

    def change_request(self) -> int:
        def make():
            from operations.services.changes import change_request_create

            self.production()
            return change_request_create(
                actor=self.p["owner"], initiative=self.initiative, kinds=["price"], description="Cheaper plan."
            ).pk

        return self._once("change_request", make)

    def incident(self) -> int:
        def make():
            from operations.services.incidents import incident_record

            self.regime()
            return incident_record(
                actor=self.p["owner"],
                initiative=self.initiative,
                severity="major",
                summary="Wrong rates shown.",
                detected_at=timezone.now(),
            ).pk

        return self._once("incident", make)

    def deadline(self) -> int:
        from operations.models import IncidentDeadline

        return IncidentDeadline.objects.get(incident_id=self.incident()).pk

    def compliance_review(self) -> int:
        def make():
            self.production()
            return ComplianceReview.objects.create(
                initiative=self.initiative,
                due_on=timezone.localdate() + datetime.timedelta(days=30),
                risk_tier="limited",
                assignee=self.p["compliance"],
            ).pk

        return self._once("compliance_review", make)

    def finding(self) -> int:
        def make():
            review = ComplianceReview.objects.get(pk=self.compliance_review())
            return compliance_finding_raise(actor=self.p["compliance"], review=review, text="Logs kept too briefly.").pk

        return self._once("finding", make)

    def action_item(self) -> int:
        def make():
            return compliance_action_item_add(
                actor=self.p["compliance"],
                review=ComplianceReview.objects.get(pk=self.compliance_review()),
                title="Keep logs 90 days",
                owner=self.p["owner"],
                due_on=timezone.localdate() + datetime.timedelta(days=14),
            ).pk

        return self._once("action_item", make)

    def lead(self) -> None:
        """A global compliance officer (the compliance lead), as ``lead``."""

        def make():
            self.p["lead"] = UserFactory(username="lead")
            grant(self.p["lead"], "compliance_officer")

        self._once("lead", make)

    def notification(self) -> int:
        return self._once(
            "notification",
            lambda: (
                Notification.objects.create(
                    recipient=self.p["owner"],
                    kind="review.requested",
                    initiative=self.initiative,
                    subject=f"{self.key} needs you",
                    message="A gate review waits.",
                    dedupe_key=f"test:{self.key}",
                ).pk
            ),
        )

    def grant_request(self) -> int:
        def make():
            second = UserFactory(username="coe2")
            grant(second, "coe_admin")
            self.p["coe2"] = second
            return role_grant(actor=self.p["coe"], user=self.p["steward"], role="compliance_officer").pk

        return self._once("grant_request", make)

    def failed_signin(self) -> str:
        def make():
            AccessAttempt.objects.create(
                username="owner",
                ip_address="192.0.2.7",
                user_agent="test",
                failures_since_start=3,
                get_data="",
                post_data="",
                http_accept="",
                path_info="/accounts/login/",
            )
            return "owner"

        return self._once("failed_signin", make)

    def token(self) -> int:
        return self._once("token", lambda: token_create(user=self.p["owner"], name="laptop")[0].pk)

    def other_key(self) -> str:
        """Another initiative of the same unit, for a merge to carry on."""
        return self._once(
            "other",
            lambda: (
                make_initiative(
                    coe=self.p["coe"], business_unit=self.initiative.business_unit, owner=self.p["owner"], title="Other"
                ).key
            ),
        )

    def private_view(self) -> int:
        return self._once(
            "private_view",
            lambda: saved_view_create(actor=self.p["owner"], name="Owner's own view", filters={"overdue": "on"}).pk,
        )

    def shared_view(self) -> int:
        return self._once(
            "shared_view",
            lambda: saved_view_create(actor=self.p["coe"], name="Shared by the CoE", filters={}, shared=True).pk,
        )

    def claim_rule(self) -> int:
        return self._once(
            "claim_rule", lambda: claim_rule_create(actor=self.p["coe"], value="ai-coe", role="coe_admin").pk
        )

    def webhook(self) -> int:
        def make():
            hook, _secret = webhook_endpoint_create(
                actor=self.p["coe"], name="SIEM", format="standard", url=LOOPBACK_HOOK, events=["initiative.held"]
            )
            return hook.pk

        return self._once("webhook", make)

    def delivery(self) -> int:
        def make():
            event = AuditEvent.objects.order_by("pk").first()
            return WebhookDelivery.objects.create(
                endpoint_id=self.webhook(),
                event=event,
                event_type=event.verb,
                message_id=f"msg_{event.pk}_x",
                payload={},
                created_at=timezone.now(),
            ).pk

        return self._once("delivery", make)

    def template(self) -> int:
        return GateCriterionTemplate.objects.get(phase="exploration", code="value_hypothesis", is_current=True).pk

    def assignment(self) -> int:
        return RoleAssignment.objects.get(user=self.p["security"], revoked_at__isnull=True).pk

    def weeks(self) -> str:
        """The weekly figures' path, with this week recorded (a row per unit)."""
        self._once("weeks", lambda: weekly_snapshot_take(week=week_start(timezone.localdate())))
        return "funnel/weeks/"

    def board_pack(self) -> int:
        """Last month's board pack, frozen by the monthly task."""
        from reports.services import board_pack_store

        return self._once("board_pack", lambda: board_pack_store(actor=None, today=timezone.localdate()).pk)

    def option(self) -> int:
        return self._once(
            "option",
            lambda: (
                model_option_record(
                    actor=self.p["owner"],
                    initiative=self.initiative,
                    name="Hosted LLM",
                    sourcing="closed_api",
                    score_quality=4,
                    score_total_cost=3,
                    score_data_security=3,
                    score_control=2,
                    score_vendor_risk=2,
                ).pk
            ),
        )

    def proposal(self) -> int:
        """A proposal of Retail by a compliance officer there (a unit member), its screening answered low-risk."""

        def make():
            from intake.services import proposal_screen, proposal_submit

            proposal = proposal_submit(
                actor=self.p["compliance"],
                business_unit=self.initiative.business_unit,
                title="Intake idea",
                pain_point="Slow answers.",
                value_driver="Time saved.",
                data_involved="Internal policies.",
                users="Staff",
                audience="staff",
            )
            proposal_screen(actor=self.p["compliance"], proposal=proposal, answers=INTAKE_LOW_RISK)
            return proposal.pk

        return self._once("proposal", make)

    def regimes(self) -> None:
        """The test catalogue's regimes published as the only enabled ones (``tests/regimes/catalogue.py``)."""

        def make():
            from regimes.models import Regime, RegimeVersion
            from tests.regimes import catalogue

            Regime.objects.update(enabled=False)
            for content in catalogue.regimes():
                content["questions"] = [*catalogue.QUESTIONS, *content["questions"]]
                regime = Regime.objects.create(code=content["code"])
                RegimeVersion.objects.create(regime=regime, version=1, content=content, status="published")

        self._once("regimes", make)

    def classification(self) -> int:
        """A classification proposed from the owner's answers, awaiting a compliance officer."""

        def make():
            from regimes.services.applicability import applicability_answer

            self.regimes()
            answers = {"deployed_in": ["eu"], "audience": ["customers"]}
            applicability_answer(initiative=self.initiative, answers=answers, actor=self.p["owner"])
            return self.initiative.regime_classifications.get(is_current=True).pk

        return self._once("classification", make)


@dataclass
class Row:
    name: str
    method: str
    path: Callable[[World], str]
    right: str
    ok: int = 200
    kind: str = "object"  # object | list | global | self
    body: Callable[[World], dict] | None = None
    forbidden: str | None = None
    marker: Callable[[World], str] | None = None
    multipart: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)


def on(suffix: str = "") -> Callable[[World], str]:
    return lambda w: f"initiatives/{w.key}/{suffix}"


ROI = {
    "currency": "EUR",
    "rate_to_reporting": "1",
    "rate_date": "2026-01-01",
    "confidence": "low",
    "benefit_cash_saving": "1000.00",
}
PERIOD = {"period_start": "2026-01-01", "period_end": "2026-01-31", "currency": "EUR", "rate_to_reporting": "1"}
KEY_MARKER = lambda w: w.key  # noqa: E731
# Webhook receivers on loopback are allowed in these tests (WEBHOOK_ALLOW_PRIVATE_TARGETS); nothing is sent.
LOOPBACK_HOOK = "http://127.0.0.1:9/hook"
HOOK_BODY = {"name": "SIEM", "format": "standard", "url": LOOPBACK_HOOK, "events": ["initiative.held"]}
INTAKE_LOW_RISK = {
    "audience": ["staff"],
    "deployed_in": ["taiwan"],
    "personal_data": False,
    "sensitive_personal_data": False,
    "content_outside": False,
    "model_provider": "api_model",
    "automated_decisions": False,
    "prohibited_uses": [],
}
INTAKE_IDEA = {
    "title": "Another idea",
    "pain_point": "Slow.",
    "value_driver": "Time.",
    "data_involved": "None.",
    "users": "Staff",
    "audience": "staff",
}

ROWS = [
    # Lists: the marker shows who sees the object.
    Row("list initiatives", "GET", lambda w: "initiatives/", "executive", kind="list", marker=KEY_MARKER),
    Row("list units", "GET", lambda w: "business-units/", "security", kind="list", marker=lambda w: '"retail"'),
    Row(
        "list users",
        "GET",
        lambda w: "users/",
        "coe",
        kind="list",
        marker=lambda w: '"owner"',
        overrides={"outsider": "present"},
    ),
    Row(
        "list role assignments",
        "GET",
        lambda w: "role-assignments/",
        "coe",
        kind="list",
        marker=lambda w: '"security"',
    ),
    Row(
        "list gate reviews",
        "GET",
        lambda w: (w.review(), "gate-reviews/")[1],
        "steward",
        kind="list",
        marker=KEY_MARKER,
    ),
    Row(
        "sign-off inbox",
        "GET",
        lambda w: (w.review(), "gate-reviews/?awaiting_me=true")[1],
        "compliance",
        kind="list",
        marker=KEY_MARKER,
    ),
    Row(
        "risk-tier changes to decide",
        "GET",
        lambda w: (w.change(), "risk-tier-changes/")[1],
        "compliance",
        kind="list",
        marker=KEY_MARKER,
    ),
    Row(
        "list compliance reviews",
        "GET",
        lambda w: (w.compliance_review(), "compliance-reviews/?mine=true")[1],
        "compliance",
        kind="list",
        marker=KEY_MARKER,
    ),
    Row(
        "list notifications",
        "GET",
        lambda w: (w.notification(), "notifications/")[1],
        "owner",
        kind="list",
        marker=KEY_MARKER,
    ),
    Row(
        "audit log",
        "GET",
        lambda w: "audit-events/",
        "auditor",
        kind="list",
        marker=KEY_MARKER,
        overrides={"nobody": 403, "outsider": 403},
    ),
    Row("funnel", "GET", lambda w: "funnel/", "executive", kind="list", marker=lambda w: '"total":1,'),
    Row(
        "weekly figures",
        "GET",
        lambda w: w.weeks(),
        "executive",
        kind="list",
        marker=lambda w: f'"business_unit":"{w.unit}"',
    ),
    # Global and personal actions.
    Row(
        "create initiative",
        "POST",
        lambda w: "initiatives/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"title": "Second", "business_unit": "retail", "owner": "owner"},
    ),
    Row(
        "create unit",
        "POST",
        lambda w: "business-units/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"code": "wealth", "name": "Wealth"},
    ),
    Row(
        "grant role",
        "POST",
        lambda w: "role-assignments/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"user": "steward", "role": "data_steward", "business_unit": "cards"},
    ),
    Row(
        "grant a global compliance role (waits for a second CoE member)",
        "POST",
        lambda w: "role-assignments/",
        "coe",
        ok=202,
        kind="global",
        body=lambda w: {"user": "steward", "role": "compliance_officer"},
    ),
    Row(
        "role grants waiting",
        "GET",
        lambda w: (w.grant_request(), "role-grant-requests/")[1],
        "auditor",
        kind="list",
        marker=lambda w: '"steward"',
    ),
    Row(
        "approve a role grant",
        "POST",
        lambda w: f"role-grant-requests/{w.grant_request()}/approve/",
        "coe2",
        kind="global",
        forbidden="coe",
    ),
    Row(
        "decline a role grant",
        "POST",
        lambda w: f"role-grant-requests/{w.grant_request()}/decline/",
        "coe2",
        kind="global",
        forbidden="coe",
        body=lambda w: {"note": "Not this quarter."},
    ),
    Row("who am I", "GET", lambda w: "users/me/", "owner", kind="self"),
    # Each person sets their own locale only: the path names no one else.
    Row(
        "set my locale",
        "PATCH",
        lambda w: "users/me/",
        "owner",
        kind="self",
        body=lambda w: {"language": "zh-hans", "time_zone": "Asia/Shanghai", "date_style": "iso"},
    ),
    Row("failed sign-ins", "GET", lambda w: "security/sign-in-attempts/", "coe", kind="global", ok=200),
    Row(
        "unlock a sign-in",
        "POST",
        lambda w: "security/unlock/",
        "coe",
        kind="global",
        body=lambda w: {"username": w.failed_signin()},
    ),
    # Saved views: anyone saves their own; only the CoE shares; another person's own view is not found.
    Row(
        "list saved views",
        "GET",
        lambda w: (w.private_view(), "saved-views/")[1],
        "owner",
        kind="list",
        marker=lambda w: "Owner's own view",
    ),
    Row(
        "save a view",
        "POST",
        lambda w: "saved-views/",
        "owner",
        ok=201,
        kind="self",
        body=lambda w: {"name": "Mine", "filters": {"risk_tier": "high"}},
        overrides={"nobody": 201, "outsider": 201},
    ),
    Row(
        "share a view",
        "POST",
        lambda w: "saved-views/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"name": "For everyone", "filters": {"overdue": "on"}, "shared": True},
        forbidden="owner",
    ),
    Row("own saved view", "GET", lambda w: f"saved-views/{w.private_view()}/", "owner"),
    Row("delete own saved view", "DELETE", lambda w: f"saved-views/{w.private_view()}/", "owner", 204),
    Row(
        "delete a shared view",
        "DELETE",
        lambda w: f"saved-views/{w.shared_view()}/",
        "coe",
        204,
        "global",
        forbidden="owner",
    ),
    # Integrations: the CoE's alone.
    Row("claim rules", "GET", lambda w: "security/claim-rules/", "coe", kind="global"),
    Row(
        "add a claim rule",
        "POST",
        lambda w: "security/claim-rules/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"value": "ai-coe", "role": "executive"},
    ),
    Row("delete a claim rule", "DELETE", lambda w: f"security/claim-rules/{w.claim_rule()}/", "coe", 204, "global"),
    Row("webhooks", "GET", lambda w: "webhooks/", "coe", kind="global"),
    Row("add a webhook", "POST", lambda w: "webhooks/", "coe", ok=201, kind="global", body=lambda w: HOOK_BODY),
    Row("webhook detail", "GET", lambda w: f"webhooks/{w.webhook()}/", "coe", kind="global"),
    Row(
        "switch a webhook",
        "PATCH",
        lambda w: f"webhooks/{w.webhook()}/",
        "coe",
        kind="global",
        body=lambda w: {"enabled": False},
    ),
    Row("rotate a webhook secret", "POST", lambda w: f"webhooks/{w.webhook()}/rotate-secret/", "coe", kind="global"),
    Row("webhook deliveries", "GET", lambda w: f"webhooks/{w.webhook()}/deliveries/", "coe", kind="global"),
    Row("redeliver", "POST", lambda w: f"webhook-deliveries/{w.delivery()}/redeliver/", "coe", kind="global"),
    Row("delete a webhook", "DELETE", lambda w: f"webhooks/{w.webhook()}/", "coe", 204, "global"),
    Row("my API tokens", "GET", lambda w: "auth/tokens/", "owner", kind="self"),
    Row(
        "create an API token",
        "POST",
        lambda w: "auth/tokens/",
        "owner",
        ok=201,
        kind="self",
        body=lambda w: {"name": "CI"},
        overrides={"nobody": 201, "outsider": 201},
    ),
    # Someone else's token is not found, whoever asks; its holder revokes it.
    Row("revoke an API token", "DELETE", lambda w: f"auth/tokens/{w.token()}/", "owner"),
    Row("mark all read", "POST", lambda w: "notifications/read-all/", "owner", kind="self"),
    # Objects.
    Row("unit detail", "GET", lambda w: f"business-units/{w.unit}/", "security"),
    Row("initiative detail", "GET", on(), "security"),
    Row(
        "edit initiative",
        "PATCH",
        on(),
        "owner",
        body=lambda w: {"title": "Renamed", "version": 1},
        forbidden="security",
    ),
    Row(
        "extend phase",
        "POST",
        on("extend-phase/"),
        "coe",
        body=lambda w: {"new_end": (timezone.now() + datetime.timedelta(days=90)).isoformat(), "reason": "Data late"},
        forbidden="owner",
    ),
    Row("list criteria", "GET", on("criteria/"), "steward"),
    Row("criterion detail", "GET", lambda w: f"initiatives/{w.key}/criteria/{w.criterion()}/", "steward"),
    Row(
        "record criterion",
        "PATCH",
        lambda w: f"initiatives/{w.key}/criteria/{w.criterion()}/",
        "owner",
        body=lambda w: {"status": "met"},
        forbidden="security",
    ),
    Row("evidence versions", "GET", lambda w: f"initiatives/{w.key}/criteria/{w.criterion()}/evidence/", "owner"),
    Row(
        "upload evidence",
        "POST",
        lambda w: f"initiatives/{w.key}/criteria/{w.criterion('value_hypothesis')}/evidence/",
        "owner",
        ok=201,
        body=lambda w: {"file": SimpleUploadedFile("kpi.txt", b"KPI baseline 42", content_type="text/plain")},
        multipart=True,
        forbidden="security",
    ),
    Row(
        "waive criterion",
        "POST",
        lambda w: f"initiatives/{w.key}/criteria/{w.criterion()}/waive/",
        "coe",
        body=lambda w: {"reason": "Covered", "expires_on": str(timezone.localdate() + datetime.timedelta(days=30))},
        forbidden="compliance",
    ),
    Row("evaluation runs", "GET", on("evaluations/"), "sponsor"),
    Row("decision receipts", "GET", on("receipts/"), "sponsor"),
    Row("deployment check", "GET", lambda w: f"deployment-check/?initiative={w.key}&model=gpt-4o", "security"),
    Row(
        "push an evaluation run",
        "POST",
        on("evaluations/"),
        "owner",
        ok=201,
        body=lambda w: {"tool": "promptfoo", "model": "claims-llm", "metrics": {"pass_rate": 0.9}},
        forbidden="security",
    ),
    Row("ROI ledger", "GET", on("roi/"), "sponsor"),
    Row("append ROI", "POST", on("roi/"), "owner", ok=201, body=lambda w: ROI, forbidden="security"),
    Row("realised value", "GET", on("realised-value/"), "sponsor"),
    Row(
        "record realised value",
        "POST",
        on("realised-value/"),
        "owner",
        ok=201,
        body=lambda w: {**PERIOD, "benefit_revenue": "500.00"},
        forbidden="security",
    ),
    Row("spend", "GET", on("spend/"), "sponsor"),
    Row(
        "record spend",
        "POST",
        on("spend/"),
        "owner",
        ok=201,
        body=lambda w: {**PERIOD, "category": "model", "amount": "120.00"},
        forbidden="security",
    ),
    Row("model options", "GET", on("model-options/"), "steward"),
    Row(
        "add model option",
        "POST",
        on("model-options/"),
        "owner",
        ok=201,
        body=lambda w: {
            "name": "Self-hosted",
            "sourcing": "open_source_self_hosted",
            "score_quality": 3,
            "score_total_cost": 4,
            "score_data_security": 5,
            "score_control": 5,
            "score_vendor_risk": 4,
        },
        forbidden="security",
    ),
    Row(
        "choose model option",
        "POST",
        lambda w: f"initiatives/{w.key}/model-options/{w.option()}/choose/",
        "owner",
        body=lambda w: {"rationale": "Best score."},
        forbidden="security",
    ),
    Row("initiative's actions", "GET", on("actions/"), "security"),
    Row("initiative's gate reviews", "GET", on("gate-reviews/"), "security"),
    Row(
        "request gate review",
        "POST",
        lambda w: (w.ready(), f"initiatives/{w.key}/gate-reviews/")[1],
        "owner",
        ok=201,
        forbidden="sponsor",
    ),
    Row("gate review detail", "GET", lambda w: f"gate-reviews/{w.review()}/", "steward"),
    Row(
        "sign",
        "POST",
        lambda w: f"gate-reviews/{w.review()}/sign/",
        "compliance",
        body=lambda w: {"slot": "compliance_officer", "decision": "approve"},
        forbidden="security",
    ),
    Row("withdraw", "POST", lambda w: f"gate-reviews/{w.review()}/withdraw/", "owner", forbidden="coe"),
    Row(
        "answer requested changes",
        "POST",
        lambda w: f"gate-reviews/{w.changes_requested()}/answer/",
        "owner",
        body=lambda w: {"comment": "The report is attached."},
        forbidden="coe",
    ),
    Row(
        "stop",
        "POST",
        on("stop/"),
        "sponsor",
        body=lambda w: {"reason": "No value", "primary_failure_mode": "no_value_hypothesis"},
        forbidden="owner",
    ),
    Row("hold", "POST", on("hold/"), "sponsor", body=lambda w: {"reason": "Budget freeze"}, forbidden="owner"),
    Row(
        "resume",
        "POST",
        lambda w: (w.held(), f"initiatives/{w.key}/resume/")[1],
        "sponsor",
        forbidden="owner",
    ),
    Row(
        "retire",
        "POST",
        lambda w: (w.production(), w.retirement_done(), f"initiatives/{w.key}/retire/")[2],
        "coe",
        body=lambda w: {"reason": "Replaced"},
        forbidden="owner",
    ),
    Row(
        "void",
        "POST",
        on("void/"),
        "coe",
        body=lambda w: {"reason": "Registered by mistake."},
        forbidden="owner",
    ),
    Row(
        "merge",
        "POST",
        on("merge/"),
        "coe",
        body=lambda w: {"into": w.other_key(), "reason": "Registered twice."},
        forbidden="owner",
    ),
    Row("initiative's risk-tier changes", "GET", on("risk-tier-changes/"), "steward"),
    Row(
        "propose risk tier",
        "POST",
        on("risk-tier-changes/"),
        "owner",
        ok=201,
        body=lambda w: {"to_tier": "high", "reason": "Credit decisions."},
        forbidden="security",
    ),
    Row("risk-tier change detail", "GET", lambda w: f"risk-tier-changes/{w.change()}/", "steward"),
    Row(
        "confirm risk tier",
        "POST",
        lambda w: f"risk-tier-changes/{w.change()}/confirm/",
        "compliance",
        forbidden="owner",
    ),
    Row(
        "reject risk tier",
        "POST",
        lambda w: f"risk-tier-changes/{w.change()}/reject/",
        "compliance",
        body=lambda w: {"note": "Not customer-facing."},
        forbidden="owner",
    ),
    Row("compliance review detail", "GET", lambda w: f"compliance-reviews/{w.compliance_review()}/", "compliance"),
    Row(
        "complete compliance review",
        "POST",
        lambda w: f"compliance-reviews/{w.compliance_review()}/complete/",
        "compliance",
        body=lambda w: {"findings": "All in order.", "outcome": "pass", "answers": compliance_answers()},
        forbidden="security",
    ),
    # What a compliance review holds: read by whoever sees the initiative, written by a compliance officer in scope.
    Row(
        "compliance review questionnaire",
        "GET",
        lambda w: f"compliance-reviews/{w.compliance_review()}/questionnaire/",
        "owner",
    ),
    Row(
        "answer compliance questionnaire",
        "POST",
        lambda w: f"compliance-reviews/{w.compliance_review()}/questionnaire/",
        "compliance",
        body=lambda w: {"answers": {"purpose_unchanged": "yes", "incidents": "None."}},
        forbidden="security",
    ),
    Row(
        "compliance evidence files",
        "GET",
        lambda w: f"compliance-reviews/{w.compliance_review()}/attachments/",
        "owner",
    ),
    Row(
        "attach compliance evidence",
        "POST",
        lambda w: f"compliance-reviews/{w.compliance_review()}/attachments/",
        "compliance",
        ok=201,
        body=lambda w: {"file": SimpleUploadedFile("logs.txt", b"Retention 90 days", content_type="text/plain")},
        multipart=True,
        forbidden="security",
    ),
    Row("compliance findings", "GET", lambda w: f"compliance-reviews/{w.compliance_review()}/findings/", "owner"),
    Row(
        "raise compliance finding",
        "POST",
        lambda w: f"compliance-reviews/{w.compliance_review()}/findings/",
        "compliance",
        ok=201,
        body=lambda w: {"text": "No model card."},
        forbidden="security",
    ),
    Row("compliance finding detail", "GET", lambda w: f"compliance-findings/{w.finding()}/", "owner"),
    Row(
        "close compliance finding",
        "POST",
        lambda w: f"compliance-findings/{w.finding()}/close/",
        "compliance",
        body=lambda w: {"note": "Retention set to 90 days."},
        forbidden="owner",
    ),
    Row(
        "compliance action items of a review",
        "GET",
        lambda w: f"compliance-reviews/{w.compliance_review()}/action-items/",
        "owner",
    ),
    Row(
        "give compliance action item",
        "POST",
        lambda w: f"compliance-reviews/{w.compliance_review()}/action-items/",
        "compliance",
        ok=201,
        body=lambda w: {
            "title": "Publish the model card",
            "owner": "owner",
            "due_on": str(timezone.localdate() + datetime.timedelta(days=10)),
        },
        forbidden="security",
    ),
    Row(
        "list compliance action items",
        "GET",
        lambda w: (w.action_item(), "compliance-action-items/?mine=true")[1],
        "owner",
        kind="list",
        marker=KEY_MARKER,
    ),
    Row("compliance action item detail", "GET", lambda w: f"compliance-action-items/{w.action_item()}/", "owner"),
    Row(
        "mark compliance action item done",
        "POST",
        lambda w: f"compliance-action-items/{w.action_item()}/done/",
        "owner",
        body=lambda w: {"note": "Done."},
        forbidden="security",
    ),
    Row("compliance questionnaires", "GET", lambda w: "compliance-questionnaires/", "owner", kind="self"),
    Row(
        "revise compliance questionnaire",
        "POST",
        lambda w: (w.lead(), "compliance-questionnaires/")[1],
        "lead",
        ok=201,
        kind="global",
        body=lambda w: {
            "risk_tier": "minimal",
            "questions": [{"code": "same_use", "answer_type": "yes_no", "required": True, "text": {"en": "Same use?"}}],
        },
    ),
    Row("role assignment detail", "GET", lambda w: f"role-assignments/{w.assignment()}/", "coe"),
    Row(
        "revoke role",
        "POST",
        lambda w: f"role-assignments/{w.assignment()}/revoke/",
        "coe",
        body=lambda w: {"reason": "Moved team"},
        forbidden="security",
    ),
    Row("mark notification read", "POST", lambda w: f"notifications/{w.notification()}/read/", "owner"),
    # The CoE's configuration: policy everyone signed in may read, only the CoE may change.
    Row("phases", "GET", lambda w: "phases/", "owner", kind="self"),
    Row("phase", "GET", lambda w: f"phases/{w.phase}/", "owner", kind="self"),
    Row(
        "set time box",
        "PATCH",
        lambda w: f"phases/{w.phase}/",
        "coe",
        kind="global",
        body=lambda w: {"time_box_days": 75},
    ),
    Row("criterion templates", "GET", lambda w: "criterion-templates/", "owner", kind="self"),
    Row(
        "add criterion template",
        "POST",
        lambda w: "criterion-templates/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"phase": "validation", "code": "latency", "title": "Latency under 2 s", "kind": "checklist"},
    ),
    Row("criterion template", "GET", lambda w: f"criterion-templates/{w.template()}/", "owner", kind="self"),
    Row(
        "revise criterion template",
        "PATCH",
        lambda w: f"criterion-templates/{w.template()}/",
        "coe",
        kind="global",
        body=lambda w: {"guidance": "Attach the minutes."},
    ),
    Row("selection weights", "GET", lambda w: "selection-weights/", "owner", kind="self"),
    Row(
        "set selection weights",
        "POST",
        lambda w: "selection-weights/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"quality": 25, "total_cost": 15, "data_security": 30, "control": 15, "vendor_risk": 15},
    ),
    # Intake: a unit member proposes and sees their own; the CoE triages; another unit's people see nothing.
    Row(
        "list proposals",
        "GET",
        lambda w: (w.proposal(), "proposals/")[1],
        "compliance",
        kind="list",
        marker=lambda w: "Intake idea",
    ),
    Row(
        "propose",
        "POST",
        lambda w: "proposals/",
        "compliance",
        ok=201,
        kind="global",
        body=lambda w: {**INTAKE_IDEA, "business_unit": w.unit},
    ),
    Row("one proposal", "GET", lambda w: f"proposals/{w.proposal()}/", "compliance"),
    Row(
        "screen a proposal",
        "POST",
        lambda w: f"proposals/{w.proposal()}/screening/",
        "compliance",
        body=lambda w: {"answers": INTAKE_LOW_RISK},
    ),
    Row(
        "accept a proposal",
        "POST",
        lambda w: f"proposals/{w.proposal()}/accept/",
        "coe",
        body=lambda w: {"owner": "owner", "track": "fast"},
        forbidden="compliance",
    ),
    Row(
        "merge a proposal",
        "POST",
        lambda w: f"proposals/{w.proposal()}/merge/",
        "coe",
        body=lambda w: {"into_initiative": w.key},
        forbidden="compliance",
    ),
    Row(
        "decline a proposal",
        "POST",
        lambda w: f"proposals/{w.proposal()}/decline/",
        "coe",
        body=lambda w: {"reason": "Done elsewhere."},
        forbidden="compliance",
    ),
    Row("tracks", "GET", lambda w: "tracks/", "owner", kind="self"),
    # Reports: board packs (whole portfolio: the CoE, executives, auditors), decision packets, evidence packs.
    Row(
        "list board packs",
        "GET",
        lambda w: (w.board_pack(), "board-packs/")[1],
        "executive",
        kind="list",
        marker=lambda w: f'"id":{w.board_pack()},',
    ),
    Row("freeze a board pack", "POST", lambda w: "board-packs/", "coe", ok=201, kind="global"),
    Row("board pack PDF", "GET", lambda w: f"board-packs/{w.board_pack()}/pdf/?lang=zh-hant", "auditor"),
    Row("decision packet", "GET", lambda w: f"gate-reviews/{w.review()}/packet/", "steward"),
    Row("evidence pack", "GET", on("evidence-pack/"), "compliance", forbidden="security"),
    Row(
        "evidence pack of a selection",
        "POST",
        lambda w: "evidence-packs/",
        "compliance",
        body=lambda w: {"initiatives": [w.key]},
        forbidden="security",
    ),
    # Portfolio analytics: reads scoped to the caller's initiatives; the CoE edits rules and saves scenarios.
    Row(
        "kill list",
        "GET",
        lambda w: _analytics(w, "overdue", "kill-list/"),
        "executive",
        kind="list",
        marker=KEY_MARKER,
    ),
    Row("kill rules", "GET", lambda w: "kill-rules/", "owner", kind="self"),
    Row("kill rule", "GET", lambda w: f"kill-rules/{_analytics(w, 'rule', '')}/", "owner", kind="self"),
    Row(
        "change a kill rule",
        "PATCH",
        lambda w: f"kill-rules/{_analytics(w, 'rule', '')}/",
        "coe",
        kind="global",
        body=lambda w: {"parameter": 45, "enabled": True},
        forbidden="owner",
    ),
    Row(
        "vendor concentration",
        "GET",
        lambda w: _analytics(w, "vendor", "vendors/"),
        "executive",
        kind="list",
        marker=lambda w: "Marker Vendor Ltd",
    ),
    Row("simulate a vendor shock", "POST", lambda w: "vendors/shock/", "owner", kind="self", body=lambda w: SHOCK),
    Row("vendor scenarios", "GET", lambda w: "vendor-scenarios/", "owner", kind="self"),
    Row(
        "save a vendor scenario",
        "POST",
        lambda w: "vendor-scenarios/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"name": "Marker +35%", **SHOCK},
        forbidden="owner",
    ),
    Row(
        "run a vendor scenario",
        "GET",
        lambda w: f"vendor-scenarios/{_analytics(w, 'scenario', '')}/",
        "owner",
        kind="self",
    ),
    Row(
        "delete a vendor scenario",
        "DELETE",
        lambda w: f"vendor-scenarios/{_analytics(w, 'scenario', '')}/",
        "coe",
        204,
        "global",
        forbidden="owner",
    ),
    Row("failure-mode radar", "GET", lambda w: "radar/", "executive", kind="list", marker=KEY_MARKER),
    Row("radar back-test", "GET", lambda w: "radar/backtest/", "owner", kind="self"),
    # Imports: the CoE's alone (a batch is not found by anyone else).
    Row("list imports", "GET", lambda w: "imports/", "coe", kind="global"),
    Row(
        "import a file (dry run)",
        "POST",
        lambda w: "imports/",
        "coe",
        kind="global",
        body=lambda w: {"file": SimpleUploadedFile("portfolio.csv", IMPORT_CSV, "text/csv")},
        multipart=True,
    ),
    Row("an import", "GET", lambda w: f"imports/{_import_batch(w)}/", "coe"),
    Row("undo an import", "POST", lambda w: f"imports/{_import_batch(w)}/undo/", "coe"),
    # Bulk actions answer 200 with an outcome per initiative: one not visible reads "not found" (tests/imports).
    Row(
        "bulk action",
        "POST",
        lambda w: "initiatives/bulk/",
        "sponsor",
        kind="self",
        body=lambda w: {"keys": [w.key], "action": "hold", "reason": "Budget freeze."},
    ),
    # Tags: anyone reads them; the CoE adds and removes them.
    Row("list tags", "GET", lambda w: "tags/", "owner", kind="self"),
    Row(
        "add a tag",
        "POST",
        lambda w: "tags/",
        "coe",
        ok=201,
        kind="global",
        body=lambda w: {"code": "wave-9", "kind": "cohort", "name": "Wave 9"},
        forbidden="owner",
    ),
    Row("remove a tag", "DELETE", lambda w: f"tags/{_tag(w)}/", "coe", 204, "global", forbidden="owner"),
    Row("funnel by tag", "GET", lambda w: "funnel/tags/", "executive", kind="self"),
    # Delegations of signing: one's own (given or received); the delegator or the CoE revokes.
    Row(
        "list delegations",
        "GET",
        lambda w: (_delegation(w), "delegations/")[1],
        "compliance",
        kind="list",
        marker=lambda w: '"delegate":"steward"',
    ),
    Row(
        "delegate a signing role",
        "POST",
        lambda w: "delegations/",
        "compliance",
        ok=201,
        body=lambda w: {
            "assignment": _compliance_assignment(w),
            "delegate": "steward",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": timezone.localdate().isoformat(),
        },
        overrides={"nobody": 404, "outsider": 404},
    ),
    Row("a delegation", "GET", lambda w: f"delegations/{_delegation(w)}/", "steward"),
    Row(
        "revoke a delegation",
        "POST",
        lambda w: f"delegations/{_delegation(w)}/revoke/",
        "compliance",
        forbidden="steward",
    ),
    # Finance-confirmed value.
    Row("value side by side", "GET", lambda w: "funnel/value/", "executive", kind="list", marker=lambda w: '"retail"'),
    Row(
        "claims of realised value",
        "GET",
        lambda w: (_claim(w), "finance/claims/")[1],
        "executive",
        kind="list",
        marker=KEY_MARKER,
    ),
    Row(
        "confirm a claim",
        "POST",
        lambda w: (_finance(w), f"finance/claims/{_claim(w)}/confirm/")[1],
        "finance",
        ok=201,
        body=lambda w: {"status": "confirmed"},
        forbidden="owner",
    ),
    # Life after production (operations): filings, change requests, incidents, the retirement checklist.
    Row("initiative filings", "GET", lambda w: (w.filing(), f"initiatives/{w.key}/filings/")[1], "owner"),
    Row("filing detail", "GET", lambda w: f"filings/{w.filing()}/", "owner"),
    Row(
        "record filing progress",
        "POST",
        lambda w: f"filings/{w.filing()}/record/",
        "owner",
        body=lambda w: {"status": "submitted", "reference": "GD-2026-001"},
        forbidden="sponsor",
    ),
    Row("filing documents", "GET", lambda w: f"filings/{w.filing()}/documents/", "owner"),
    Row(
        "attach filing document",
        "POST",
        lambda w: f"filings/{w.filing()}/documents/",
        "owner",
        ok=201,
        body=lambda w: {"file": SimpleUploadedFile("receipt.txt", b"Filed on 1 May", content_type="text/plain")},
        multipart=True,
        forbidden="sponsor",
    ),
    Row(
        "initiative change requests",
        "GET",
        lambda w: (w.change_request(), f"initiatives/{w.key}/change-requests/")[1],
        "owner",
    ),
    Row(
        "request production change",
        "POST",
        lambda w: (w.production(), f"initiatives/{w.key}/change-requests/")[1],
        "owner",
        ok=201,
        body=lambda w: {"kinds": ["model"], "description": "Newer model.", "to_value": "Model B"},
        forbidden="compliance",
    ),
    Row("change request detail", "GET", lambda w: f"change-requests/{w.change_request()}/", "owner"),
    Row(
        "approve production change",
        "POST",
        lambda w: f"change-requests/{w.change_request()}/approve/",
        "compliance",
        body=lambda w: {"note": "Evaluated."},
        forbidden="owner",
    ),
    Row(
        "reject production change",
        "POST",
        lambda w: f"change-requests/{w.change_request()}/reject/",
        "compliance",
        body=lambda w: {"note": "Not evaluated."},
        forbidden="owner",
    ),
    Row(
        "withdraw production change",
        "POST",
        lambda w: f"change-requests/{w.change_request()}/withdraw/",
        "owner",
        body=lambda w: {},
        forbidden="compliance",
    ),
    Row("initiative incidents", "GET", lambda w: (w.incident(), f"initiatives/{w.key}/incidents/")[1], "owner"),
    Row(
        "record incident",
        "POST",
        lambda w: (w.regime(), f"initiatives/{w.key}/incidents/")[1],
        "owner",
        ok=201,
        body=lambda w: {
            "severity": "major",
            "summary": "Wrong balance shown.",
            "detected_at": timezone.now().isoformat(),
        },
        forbidden="sponsor",
    ),
    Row("incident detail", "GET", lambda w: f"incidents/{w.incident()}/", "owner"),
    Row(
        "report incident",
        "POST",
        lambda w: f"incident-deadlines/{w.deadline()}/report/",
        "owner",
        body=lambda w: {"reference": "CAC-2026-1"},
        forbidden="sponsor",
    ),
    Row(
        "contain incident",
        "POST",
        lambda w: f"incidents/{w.incident()}/status/",
        "owner",
        body=lambda w: {"status": "contained"},
        forbidden="sponsor",
    ),
    Row(
        "retirement checklist",
        "GET",
        lambda w: (w.production(), f"initiatives/{w.key}/retirement-checklist/")[1],
        "owner",
    ),
    Row(
        "tick retirement item",
        "POST",
        lambda w: (w.production(), f"initiatives/{w.key}/retirement-checklist/")[1],
        "owner",
        body=lambda w: {"code": "vendor_exit", "note": "Contract ended."},
        forbidden="sponsor",
    ),
    Row("regulatory catalogue", "GET", lambda w: "regimes/", "owner", kind="self"),
    Row("initiative's applicability answers", "GET", on("applicability/"), "steward"),
    Row(
        "answer applicability",
        "PUT",
        on("applicability/"),
        "owner",
        body=lambda w: (w.regimes(), {"answers": {"deployed_in": ["eu"], "audience": ["staff"]}})[1],
        forbidden="security",
    ),
    Row("initiative's classifications", "GET", on("classifications/"), "steward"),
    Row(
        "confirm classification",
        "POST",
        lambda w: f"initiatives/{w.key}/classifications/{w.classification()}/confirm/",
        "compliance",
        forbidden="security",
    ),
]

SHOCK = {"kind": "price_change", "target_type": "vendor", "target": "Marker Vendor Ltd", "percent": "35"}


def _analytics(w, what: str, path: str) -> str:
    """The state an analytics row needs, made once: its initiative overdue (on the kill list), its chosen option
    from a marked vendor, a kill rule's kind, a saved scenario; the schema's templates for ``_Templated``."""
    from adoption.services.selection import model_option_choose
    from analytics.services import vendor_scenario_create
    from tests.analytics.factories import overdue_by

    if isinstance(w, _Templated):
        return {"rule": "{kind}", "scenario": "{scenario_id}"}.get(what, path)
    if what == "overdue":
        w._once("overdue", lambda: overdue_by(w.initiative, 40))
    elif what == "vendor":

        def make():
            option = model_option_record(
                actor=w.p["owner"],
                initiative=w.initiative,
                name="Marker model",
                sourcing="closed_api",
                vendor="Marker Vendor Ltd",
                score_quality=4,
                score_total_cost=3,
                score_data_security=3,
                score_control=2,
                score_vendor_risk=2,
            )
            model_option_choose(actor=w.p["owner"], initiative=w.initiative, option=option, rationale="Marker.")

        w._once("vendor", make)
    elif what == "rule":
        return "overdue"
    elif what == "scenario":
        return str(
            w._once(
                "scenario",
                lambda: vendor_scenario_create(actor=w.p["coe"], name="Saved", **{**SHOCK, "percent": 35}).pk,
            )
        )
    return path


def expectations(row: Row) -> list[tuple[str | None, Any]]:
    """(actor, expected) in the order they run: a status code, or "present" / "absent" for a list's marker."""
    defaults = {
        "object": {"nobody": 404, "outsider": 404},
        "list": {"nobody": "absent", "outsider": "absent"},
        "global": {"nobody": 403, "outsider": 403},
        "self": {"nobody": 200, "outsider": 200},
    }[row.kind]
    expected = {**defaults, **row.overrides}
    order: list[tuple[str | None, Any]] = [(None, 401), ("nobody", expected["nobody"])]
    order.append(("outsider", expected["outsider"]))
    if row.forbidden:
        order.append((row.forbidden, 403))
    order.append((row.right, "present" if row.kind == "list" else row.ok))
    return order


def call(client, row: Row, path: str, body):
    url = API + path
    if row.method == "GET":
        return client.get(url)
    send = getattr(client, row.method.lower())
    if row.multipart:
        # A file can be read once: each actor gets a fresh copy.
        fresh = {k: SimpleUploadedFile(v.name, v.open().read() or b"x", v.content_type) for k, v in body.items()}
        for upload in body.values():
            upload.seek(0)
        return send(url, fresh, format="multipart")
    return send(url, body or {}, format="json")


@pytest.fixture(autouse=True)
def _webhooks_to_loopback(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = True


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_permission_matrix(row, people, initiative):
    world = World(people, initiative)
    path = row.path(world)
    body = row.body(world) if row.body else None
    for actor, expected in expectations(row):
        response = call(client_for(people[actor] if actor else None), row, path, body)
        who = actor or "anonymous"
        # A file (a PDF, a ZIP) answers with its bytes; every other answer is JSON.
        is_json = response.get("Content-Type", "").startswith("application/json")
        payload = response.json() if response.content and is_json else {}
        if expected in ("present", "absent"):
            assert response.status_code == 200, (who, response.status_code, payload)
            text = json.dumps(payload, separators=(",", ":"))
            found = row.marker(world) in text
            assert found == (expected == "present"), (who, expected, row.marker(world), payload)
        else:
            assert response.status_code == expected, (who, expected, response.status_code, payload)
        if response.status_code >= 400:
            # One error format everywhere.
            assert set(payload) == {"status", "code", "detail", "fields", "reasons"}, payload
            assert payload["status"] == response.status_code


def test_every_operation_of_the_schema_is_in_the_matrix(api, coe):
    """A new endpoint cannot slip in without its row."""
    schema = api(coe).get("/api/schema/?format=json").json()
    operations = {
        (method.upper(), path.removeprefix("/api/v1/"))
        for path, methods in schema["paths"].items()
        for method in methods
        if method in ("get", "post", "patch", "put", "delete")
    }
    # The token endpoint is for anonymous callers by design; test_auth covers it.
    exempt = {("POST", "auth/token/")}
    rows = {(row.method, row.path(_Templated()).split("?")[0]) for row in ROWS}
    assert sorted(operations - exempt - rows) == []


class _Templated:
    """Stands in for a World and yields the schema's path templates instead of real ids."""

    key = "{key}"
    unit = "{code}"
    phase = "{phase}"

    def template(self) -> str:
        return "{template_id}"

    def weeks(self) -> str:
        return "funnel/weeks/"

    def criterion(self, code: str = "") -> str:
        return "{criterion_id}"

    def review(self) -> str:
        return "{review_id}"

    def changes_requested(self) -> str:
        return "{review_id}"

    def change(self) -> str:
        return "{change_id}"

    def compliance_review(self) -> str:
        return "{review_id}"

    def notification(self) -> str:
        return "{notification_id}"

    def finding(self) -> str:
        return "{finding_id}"

    def action_item(self) -> str:
        return "{item_id}"

    def lead(self) -> None:
        return None

    def claim_rule(self) -> str:
        return "{rule_id}"

    def other_key(self) -> str:
        return "AI-0002"

    def private_view(self) -> str:
        return "{view_id}"

    def shared_view(self) -> str:
        return "{view_id}"

    def webhook(self) -> str:
        return "{endpoint_id}"

    def delivery(self) -> str:
        return "{delivery_id}"

    def assignment(self) -> str:
        return "{assignment_id}"

    def token(self) -> str:
        return "{token_id}"

    def failed_signin(self) -> str:
        return ""

    def grant_request(self) -> str:
        return "{request_id}"

    def option(self) -> str:
        return "{option_id}"

    def board_pack(self) -> str:
        return "{pack_id}"

    def ready(self) -> None:
        return None

    def held(self) -> None:
        return None

    def production(self) -> None:
        return None

    def proposal(self) -> str:
        return "{proposal_id}"

    def retirement_done(self) -> None:
        return None

    def regime(self) -> None:
        return None

    def filing(self) -> str:
        return "{filing_id}"

    def change_request(self) -> str:
        return "{change_id}"

    def incident(self) -> str:
        return "{incident_id}"

    def deadline(self) -> str:
        return "{deadline_id}"

    def regimes(self) -> None:
        return None

    def classification(self) -> str:
        return "{classification_id}"


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_a_ci_token_may_only_push_evaluation_runs_of_its_initiative(row, people, initiative):
    """The CI token's row of the matrix: every operation refused (403) but pushing an evaluation run of its own
    initiative, whoever made it (here the owner, who may do most of the rows)."""
    world = World(people, initiative)
    path = row.path(world)
    body = row.body(world) if row.body else None
    _token, secret = token_create(user=people["owner"], name="CI", evaluations_for=[initiative])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    response = call(client, row, path, body)
    expected = 201 if row.name == "push an evaluation run" else 403
    assert response.status_code == expected, (row.name, response.status_code, response.content[:300])


IMPORT_CSV = b"external_id,title,business_unit,owner\nPM-1,Imported for the matrix,retail,owner\n"


def _import_batch(w) -> str:
    """An applied import batch of one initiative (the schema's template under ``_Templated``)."""
    if isinstance(w, _Templated):
        return "{batch_id}"

    def make():
        from imports.services import import_run

        report = import_run(actor=w.p["coe"], file_name="matrix.csv", content=IMPORT_CSV, dry_run=False)
        return report.batch.pk

    return w._once("import_batch", make)


def _tag(w) -> str:
    """A tag no initiative carries (the schema's template under ``_Templated``)."""
    if isinstance(w, _Templated):
        return "{tag_id}"

    def make():
        from adoption.services.tags import tag_create

        return tag_create(actor=w.p["coe"], code="spare", name="Spare").pk

    return w._once("tag", make)


def _compliance_assignment(w) -> int:
    return RoleAssignment.objects.get(user=w.p["compliance"], revoked_at__isnull=True).pk


def _delegation(w) -> str:
    """The compliance officer's role lent to the data steward (of the same unit) for today."""
    if isinstance(w, _Templated):
        return "{delegation_id}"

    def make():
        from governance.services.delegations import delegation_create

        today = timezone.localdate()
        return delegation_create(
            actor=w.p["compliance"],
            assignment=_compliance_assignment(w),
            delegate="steward",
            starts_on=today,
            ends_on=today,
        ).pk

    return w._once("delegation", make)


def _claim(w) -> str:
    """A realised value the owner claimed for January 2026."""
    if isinstance(w, _Templated):
        return "{claim_id}"

    def make():
        from adoption.services.roi import realised_value_record

        return realised_value_record(
            actor=w.p["owner"],
            initiative=w.initiative,
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 1, 31),
            currency="EUR",
            rate_to_reporting=1,
            benefit_cash_saving=1000,
        ).pk

    return w._once("claim", make)


def _finance(w) -> None:
    """A finance controller of Retail, as ``finance``."""
    if isinstance(w, _Templated):
        return

    def make():
        w.p["finance"] = UserFactory(username="finance")
        grant(w.p["finance"], "finance_controller", business_unit=w.initiative.business_unit, by=w.p["coe"])

    w._once("finance", make)
