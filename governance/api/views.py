"""API views of the governance app: token, people and roles, gate reviews and sign-offs, lifecycle actions,
risk-tier changes, compliance reviews, notifications and the audit log.

Reads go through the selectors (an invisible object is a 404 on every method), writes through the services, which
authorise the actor; ``core.api.base`` turns their errors into responses.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from adoption.api.serializers import InitiativeDetailSerializer
from adoption.api.views import KEY, InitiativeMixin, id_param, initiative_response, unit_ref, user_ref
from adoption.selectors.initiatives import initiative_get
from adoption.selectors.people import users_directory
from core.api.base import ApiView, check_key, error_responses, parse_id, query, validated
from core.exceptions import InvalidInput, NotFound
from governance import access
from governance.actions import available_actions
from governance.api import serializers as s
from governance.models import RoleGrantRequest
from governance.selectors.audit import audit_events_visible
from governance.selectors.compliance import (
    compliance_review_get,
    compliance_reviews_visible,
    risk_tier_change_get,
    risk_tier_changes_for,
    risk_tier_changes_pending,
)
from governance.selectors.notifications import notifications_mine, unread_count
from governance.selectors.reviews import (
    gate_review_detail,
    gate_review_get,
    gate_reviews_for,
    gate_reviews_visible,
    signoff_inbox,
)
from governance.selectors.roles import my_roles, role_assignment_get, role_assignments_visible, role_grant_requests
from governance.selectors.signin import signin_failures
from governance.selectors.tokens import api_tokens_mine
from governance.services import compliance, lifecycle, notifications, reviews, roles, tokens
from governance.services.signin import signin_unlock
from governance.stepup import auth_proof

REVIEW_ID = id_param("review_id", "gate review")
CHANGE_ID = id_param("change_id", "risk-tier change")


# --- Authentication and people ----------------------------------------------------------------------------------


class TokenView(ApiView):
    """Exchanges a username and password for a new API token. The sign-in lockout applies (governance.signin): a
    locked-out username is answered 429 whatever the password, and every failure counts towards it."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"
    pagination_class = None

    @extend_schema(
        tags=["auth"],
        summary="Get a new API token",
        auth=[],
        request=s.TokenRequestSerializer,
        responses={201: s.TokenSerializer, **{k: v for k, v in error_responses(400, 429).items() if k != 401}},
        examples=[OpenApiExample("Login", value={"username": "owner", "password": "demo-pass-2026", "name": "CI"})],
    )
    def post(self, request):
        data = validated(s.TokenRequestSerializer, request)
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None or not user.is_active:
            raise InvalidInput(
                _("Unable to log in with these credentials."),
                fields={"non_field_errors": [_("Unable to log in with these credentials.")]},
            )
        return token_response(user, data, name=data.get("name") or "API")


def token_response(user, data: dict, *, name: str) -> Response:
    token, secret = tokens.token_create(
        user=user, name=name, days=data.get("days"), read_only=bool(data.get("read_only"))
    )
    return Response({**s.ApiTokenSerializer(token).data, "token": secret}, status=status.HTTP_201_CREATED)


class TokenListView(ApiView):
    cursor_ordering = ("-created_at", "-pk")

    @extend_schema(
        tags=["auth"],
        summary="Your API tokens (in force and revoked); never their secrets",
        responses={200: s.ApiTokenSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        return self.paginated(api_tokens_mine(user=request.user), s.ApiTokenSerializer)

    @extend_schema(
        tags=["auth"],
        summary="Create another API token for yourself",
        request=s.TokenInputSerializer,
        responses={201: s.TokenSerializer, **error_responses(400, 403)},
    )
    def post(self, request):
        data = validated(s.TokenInputSerializer, request)
        return token_response(request.user, data, name=data["name"])


class TokenDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["auth"],
        summary="Revoke one of your API tokens",
        parameters=[id_param("token_id", "API token")],
        responses={200: s.ApiTokenSerializer, **error_responses(403, 404)},
    )
    def delete(self, request, token_id):
        token = tokens.token_revoke(actor=request.user, token_id=parse_id(token_id, what=_("API token")))
        return Response(s.ApiTokenSerializer(token).data)


class SignInFailureListView(ApiView):
    cursor_ordering = ("-attempt_time", "-pk")

    @extend_schema(
        tags=["security"],
        summary="Failed sign-ins through every entrance, newest first (CoE)",
        responses={200: s.SignInFailureSerializer(many=True), **error_responses(400, 403)},
    )
    def get(self, request):
        return self.paginated(signin_failures(user=request.user), s.SignInFailureSerializer)


class UnlockView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["security"],
        summary="Lift a sign-in lockout of a username or an address (CoE; audited)",
        request=s.UnlockSerializer,
        responses={200: s.UnlockedSerializer, **error_responses(400, 403, 404)},
    )
    def post(self, request):
        data = validated(s.UnlockSerializer, request)
        cleared = signin_unlock(actor=request.user, username=data.get("username", ""), address=data.get("address", ""))
        return Response({"cleared": cleared})


class UserListView(ApiView):
    cursor_ordering = ("username",)

    @extend_schema(
        tags=["people"],
        summary="People to pick as owner, sponsor or assignee (for anyone holding a role)",
        parameters=[s.UserQuerySerializer],
        responses={200: s.UserSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        users = users_directory(user=request.user)
        term = query(s.UserQuerySerializer, request).get("search", "").strip()
        if term:
            users = users.filter(
                Q(username__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term)
            )
        return self.paginated(users, s.UserSerializer)


class MeView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["people"],
        summary="Who am I: my account, the roles in force and my unread notifications",
        responses={200: s.MeSerializer, **error_responses()},
    )
    def get(self, request):
        user = request.user
        data = s.UserSerializer(user).data
        data.update(
            email=user.email,
            roles=s.RoleAssignmentSerializer(my_roles(user), many=True).data,
            unread_notifications=unread_count(user=user),
        )
        return Response(data)


class RoleAssignmentListView(ApiView):
    cursor_ordering = ("-granted_at", "-pk")

    @extend_schema(
        tags=["roles"],
        summary="Role assignments: all of them for the CoE and auditors, your own for everyone else",
        parameters=[s.RoleAssignmentQuerySerializer],
        responses={200: s.RoleAssignmentSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        assignments = role_assignments_visible(request.user)
        params = query(s.RoleAssignmentQuerySerializer, request)
        if params.get("user"):
            assignments = assignments.filter(user__username=params["user"])
        if params["active"]:
            assignments = assignments.filter(pk__in=access.active_assignments().values("pk"))
        return self.paginated(assignments, s.RoleAssignmentSerializer)

    @extend_schema(
        tags=["roles"],
        summary="Grant a role (CoE; never to yourself)",
        description="Global when neither `business_unit` nor `initiative` is given.",
        request=s.RoleGrantSerializer,
        responses={
            201: s.RoleAssignmentSerializer,
            202: OpenApiResponse(
                s.GrantRequestSerializer,
                description="A global CoE or compliance role waits for a second CoE member's approval.",
            ),
            **error_responses(400, 403, 409),
        },
        examples=[
            OpenApiExample(
                "Compliance officer for a unit",
                value={"user": "compliance", "role": "compliance_officer", "business_unit": "retail"},
            )
        ],
    )
    def post(self, request):
        data = validated(s.RoleGrantSerializer, request)
        person = user_ref(data["user"], "user")
        unit = unit_ref(data.get("business_unit"), "business_unit")
        initiative = None
        if data.get("initiative"):
            try:
                initiative = initiative_get(user=request.user, key=check_key(data["initiative"]))
            except NotFound:
                raise InvalidInput(
                    _("The role was not granted."), fields={"initiative": [_("No such initiative.")]}
                ) from None
        assignment = roles.role_grant(
            actor=request.user,
            user=person,
            role=data["role"],
            business_unit=unit,
            initiative=initiative,
            expires_at=data.get("expires_at"),
        )
        if isinstance(assignment, RoleGrantRequest):
            return Response(s.GrantRequestSerializer(assignment).data, status=status.HTTP_202_ACCEPTED)
        shown = role_assignment_get(user=request.user, pk=assignment.pk)
        return Response(s.RoleAssignmentSerializer(shown).data, status=status.HTTP_201_CREATED)


class RoleGrantRequestListView(ApiView):
    cursor_ordering = ("-requested_at", "-pk")

    @extend_schema(
        tags=["roles"],
        summary="Grants of global CoE and compliance roles, pending first (CoE and auditors)",
        parameters=[s.GrantRequestQuerySerializer],
        responses={200: s.GrantRequestSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        params = query(s.GrantRequestQuerySerializer, request)
        requests = role_grant_requests(user=request.user, pending_only=params.get("pending", False))
        return self.paginated(requests, s.GrantRequestSerializer)


class RoleGrantDecisionView(ApiView):
    pagination_class = None
    approve = True

    def post(self, request, request_id):
        data = validated(s.NoteSerializer, request)
        decided = roles.role_grant_decide(
            actor=request.user,
            request_id=parse_id(request_id, what=_("Role grant request")),
            approve=self.approve,
            note=data.get("note", ""),
        )
        return Response(s.GrantRequestSerializer(decided).data)


@extend_schema_view(
    post=extend_schema(
        tags=["roles"],
        summary="Approve a pending grant: the role takes effect (a second CoE member, not the one who asked)",
        parameters=[id_param("request_id", "role grant request")],
        request=s.NoteSerializer,
        responses={200: s.GrantRequestSerializer, **error_responses(400, 403, 404, 409)},
    )
)
class RoleGrantApproveView(RoleGrantDecisionView):
    approve = True


@extend_schema_view(
    post=extend_schema(
        tags=["roles"],
        summary="Decline a pending grant (a second CoE member, not the one who asked)",
        parameters=[id_param("request_id", "role grant request")],
        request=s.NoteSerializer,
        responses={200: s.GrantRequestSerializer, **error_responses(400, 403, 404, 409)},
    )
)
class RoleGrantDeclineView(RoleGrantDecisionView):
    approve = False


class RoleAssignmentDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["roles"],
        summary="One role assignment",
        parameters=[id_param("assignment_id", "role assignment")],
        responses={200: s.RoleAssignmentSerializer, **error_responses(404)},
    )
    def get(self, request, assignment_id):
        assignment = role_assignment_get(user=request.user, pk=parse_id(assignment_id, what=_("Role assignment")))
        return Response(s.RoleAssignmentSerializer(assignment).data)


class RoleAssignmentRevokeView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["roles"],
        summary="Revoke a granted role (CoE; owner and sponsor follow the initiative's fields)",
        parameters=[id_param("assignment_id", "role assignment")],
        request=s.ReasonSerializer,
        responses={200: s.RoleAssignmentSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request, assignment_id):
        pk = parse_id(assignment_id, what=_("Role assignment"))
        assignment = role_assignment_get(user=request.user, pk=pk)
        data = validated(s.ReasonSerializer, request)
        roles.role_revoke(actor=request.user, assignment=assignment, reason=data.get("reason", ""))
        return Response(s.RoleAssignmentSerializer(role_assignment_get(user=request.user, pk=pk)).data)


# --- Gate reviews -----------------------------------------------------------------------------------------------


def review_response(request, review_id: int, code: int = status.HTTP_200_OK) -> Response:
    detail = gate_review_detail(user=request.user, review_id=review_id)
    return Response(s.GateReviewDetailSerializer(detail).data, status=code)


class InitiativeActionsView(InitiativeMixin, ApiView):
    pagination_class = None

    @extend_schema(
        tags=["initiatives"],
        summary="What I may do to an initiative now, and why not",
        description=(
            "Every action of the initiative for the person asking, each allowed or refused with the message and "
            "reasons its endpoint would answer with. Pages offer exactly the allowed ones."
        ),
        parameters=[KEY],
        responses={200: s.ActionSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request, key):
        states = available_actions(user=request.user, initiative=self.initiative()).states.values()
        return Response(s.ActionSerializer(states, many=True).data)


class InitiativeGateReviewsView(InitiativeMixin, ApiView):
    cursor_ordering = ("-requested_at", "-pk")

    @extend_schema(
        tags=["gate reviews"],
        summary="An initiative's gate reviews, newest first",
        parameters=[KEY],
        responses={200: s.GateReviewSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request, key):
        return self.paginated(gate_reviews_for(user=request.user, initiative=self.initiative()), s.GateReviewSerializer)

    @extend_schema(
        tags=["gate reviews"],
        summary="Request a gate review of the current phase (owner or CoE)",
        description="Refused with 409 unless the gate is satisfied; `reasons` lists every unmet criterion.",
        parameters=[KEY],
        request=None,
        responses={201: s.GateReviewDetailSerializer, **error_responses(403, 404, 409)},
    )
    def post(self, request, key):
        review = reviews.gate_review_request(actor=request.user, initiative=self.initiative())
        return review_response(request, review.pk, status.HTTP_201_CREATED)


class GateReviewListView(ApiView):
    cursor_ordering = ("-requested_at", "-pk")

    @extend_schema(
        tags=["gate reviews"],
        summary="Gate reviews you may see; `awaiting_me=true` for your sign-off inbox",
        parameters=[s.GateReviewQuerySerializer],
        responses={200: s.GateReviewSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        params = query(s.GateReviewQuerySerializer, request)
        queryset = (
            signoff_inbox(user=request.user) if params["awaiting_me"] else gate_reviews_visible(user=request.user)
        )
        if params.get("status"):
            queryset = queryset.filter(status=params["status"])
        return self.paginated(queryset, s.GateReviewSerializer)


class GateReviewDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["gate reviews"],
        summary="One gate review with its frozen snapshot, slot states and the slots you may sign",
        parameters=[REVIEW_ID],
        responses={200: s.GateReviewDetailSerializer, **error_responses(404)},
    )
    def get(self, request, review_id):
        return review_response(request, parse_id(review_id, what=_("Gate review")))


class GateReviewSignView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["gate reviews"],
        summary="Sign one slot: approve, reject or request changes (four eyes enforced)",
        description="The last approval moves the initiative to the next phase (or production) in the same transaction.",
        parameters=[REVIEW_ID],
        request=s.SignSerializer,
        responses={200: s.GateReviewDetailSerializer, **error_responses(400, 403, 404, 409)},
        examples=[OpenApiExample("Approve", value={"slot": "compliance_officer", "decision": "approve"})],
    )
    def post(self, request, review_id):
        pk = parse_id(review_id, what=_("Gate review"))
        review = gate_review_get(user=request.user, pk=pk)
        data = validated(s.SignSerializer, request)
        reviews.signoff_record(
            actor=request.user,
            review=review,
            slot_key=data["slot"],
            decision=data["decision"],
            comment=data.get("comment", ""),
            auth=auth_proof(request),
        )
        return review_response(request, pk)


class GateReviewWithdrawView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["gate reviews"],
        summary="Withdraw an open review (its requester)",
        parameters=[REVIEW_ID],
        request=s.WithdrawSerializer,
        responses={200: s.GateReviewDetailSerializer, **error_responses(400, 403, 404, 409)},
    )
    def post(self, request, review_id):
        pk = parse_id(review_id, what=_("Gate review"))
        review = gate_review_get(user=request.user, pk=pk)
        data = validated(s.WithdrawSerializer, request)
        reviews.gate_review_withdraw(actor=request.user, review=review, reason=data.get("reason", ""))
        return review_response(request, pk)


# --- Lifecycle --------------------------------------------------------------------------------------------------


def _lifecycle_schema(summary: str, request):
    return extend_schema(
        tags=["lifecycle"],
        summary=summary,
        parameters=[KEY],
        request=request,
        responses={200: InitiativeDetailSerializer, **error_responses(400, 403, 404, 409)},
    )


class StopView(InitiativeMixin, ApiView):
    pagination_class = None

    @_lifecycle_schema(
        "Stop for good (sponsor or CoE): the primary failure mode and contributing ones, or not a failure",
        s.StopSerializer,
    )
    def post(self, request, key):
        data = validated(s.StopSerializer, request)
        lifecycle.initiative_stop(
            actor=request.user,
            initiative=self.initiative(),
            reason=data["reason"],
            primary_failure_mode=data.get("primary_failure_mode", ""),
            contributing_modes=data.get("contributing_modes", []),
            not_a_failure=data.get("not_a_failure", False),
        )
        return initiative_response(request, self.initiative().key)


class HoldView(InitiativeMixin, ApiView):
    pagination_class = None

    @_lifecycle_schema("Put on hold (sponsor or CoE), with a reason; the phase clock stops", s.HoldSerializer)
    def post(self, request, key):
        data = validated(s.HoldSerializer, request)
        lifecycle.initiative_hold(actor=request.user, initiative=self.initiative(), reason=data["reason"])
        return initiative_response(request, self.initiative().key)


class ResumeView(InitiativeMixin, ApiView):
    pagination_class = None

    @_lifecycle_schema("Resume a held initiative where it was (sponsor or CoE)", s.ResumeSerializer)
    def post(self, request, key):
        data = validated(s.ResumeSerializer, request)
        lifecycle.initiative_resume(
            actor=request.user, initiative=self.initiative(), note=data.get("note", ""), auth=auth_proof(request)
        )
        return initiative_response(request, self.initiative().key)


class RetireView(InitiativeMixin, ApiView):
    pagination_class = None

    @_lifecycle_schema("Retire a production initiative (sponsor or CoE), with a reason", s.RetireSerializer)
    def post(self, request, key):
        data = validated(s.RetireSerializer, request)
        lifecycle.initiative_retire(actor=request.user, initiative=self.initiative(), reason=data["reason"])
        return initiative_response(request, self.initiative().key)


# --- Risk tier --------------------------------------------------------------------------------------------------


class InitiativeRiskTierChangesView(InitiativeMixin, ApiView):
    cursor_ordering = ("-proposed_at", "-pk")

    @extend_schema(
        tags=["risk tier"],
        summary="An initiative's risk-tier changes, newest first",
        parameters=[KEY],
        responses={200: s.RiskTierChangeSerializer(many=True), **error_responses(400, 404)},
    )
    def get(self, request, key):
        changes = risk_tier_changes_for(user=request.user, initiative=self.initiative())
        return self.paginated(changes, s.RiskTierChangeSerializer)

    @extend_schema(
        tags=["risk tier"],
        summary="Propose a new risk tier; it takes effect when a compliance officer in scope confirms it",
        parameters=[KEY],
        request=s.RiskTierProposeSerializer,
        responses={201: s.RiskTierChangeSerializer, **error_responses(400, 403, 404, 409)},
        examples=[OpenApiExample("Propose", value={"to_tier": "limited", "reason": "Customer-facing chat."})],
    )
    def post(self, request, key):
        data = validated(s.RiskTierProposeSerializer, request)
        change = compliance.risk_tier_propose(actor=request.user, initiative=self.initiative(), **data)
        shown = risk_tier_change_get(user=request.user, pk=change.pk)
        return Response(s.RiskTierChangeSerializer(shown).data, status=status.HTTP_201_CREATED)


class RiskTierChangeListView(ApiView):
    cursor_ordering = ("proposed_at", "pk")

    @extend_schema(
        tags=["risk tier"],
        summary="Proposed risk-tier changes you could decide (compliance officers in scope), oldest first",
        responses={200: s.RiskTierChangeSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        return self.paginated(risk_tier_changes_pending(user=request.user), s.RiskTierChangeSerializer)


class RiskTierChangeDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["risk tier"],
        summary="One risk-tier change",
        parameters=[CHANGE_ID],
        responses={200: s.RiskTierChangeSerializer, **error_responses(404)},
    )
    def get(self, request, change_id):
        change = risk_tier_change_get(user=request.user, pk=parse_id(change_id, what=_("Change")))
        return Response(s.RiskTierChangeSerializer(change).data)


class _RiskTierDecideView(ApiView):
    pagination_class = None
    confirm = True

    def post(self, request, change_id):
        pk = parse_id(change_id, what=_("Change"))
        change = risk_tier_change_get(user=request.user, pk=pk)
        data = validated(s.RiskTierDecideSerializer, request)
        compliance.risk_tier_decide(
            actor=request.user,
            change=change,
            confirm=self.confirm,
            note=data.get("note", ""),
            auth=auth_proof(request),
        )
        return Response(s.RiskTierChangeSerializer(risk_tier_change_get(user=request.user, pk=pk)).data)


def _decide_schema(summary: str):
    return extend_schema(
        tags=["risk tier"],
        summary=summary,
        parameters=[CHANGE_ID],
        request=s.RiskTierDecideSerializer,
        responses={200: s.RiskTierChangeSerializer, **error_responses(400, 403, 404, 409)},
    )


class RiskTierConfirmView(_RiskTierDecideView):
    confirm = True

    @_decide_schema("Confirm a proposed risk tier (a compliance officer in scope, not its proposer)")
    def post(self, request, change_id):
        return super().post(request, change_id)


class RiskTierRejectView(_RiskTierDecideView):
    confirm = False

    @_decide_schema("Reject a proposed risk tier, with a note (a compliance officer in scope)")
    def post(self, request, change_id):
        return super().post(request, change_id)


# --- Compliance reviews -----------------------------------------------------------------------------------------


class ComplianceReviewListView(ApiView):
    cursor_ordering = ("due_on", "pk")

    @extend_schema(
        tags=["compliance reviews"],
        summary="Compliance reviews of the initiatives you may see, soonest due first",
        parameters=[s.ComplianceQuerySerializer],
        responses={200: s.ComplianceReviewSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        reviews_ = compliance_reviews_visible(user=request.user, **query(s.ComplianceQuerySerializer, request))
        return self.paginated(reviews_, s.ComplianceReviewSerializer)


class ComplianceReviewDetailView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["compliance reviews"],
        summary="One compliance review",
        parameters=[id_param("review_id", "compliance review")],
        responses={200: s.ComplianceReviewSerializer, **error_responses(404)},
    )
    def get(self, request, review_id):
        review = compliance_review_get(user=request.user, pk=parse_id(review_id, what=_("Compliance review")))
        return Response(s.ComplianceReviewSerializer(review).data)


class ComplianceReviewCompleteView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["compliance reviews"],
        summary="Complete a review with findings and an outcome (a compliance officer in scope); fail puts the "
        "initiative on hold",
        parameters=[id_param("review_id", "compliance review")],
        request=s.ComplianceCompleteSerializer,
        responses={200: s.ComplianceReviewSerializer, **error_responses(400, 403, 404, 409)},
        examples=[OpenApiExample("Pass", value={"findings": "Logs and model card in order.", "outcome": "pass"})],
    )
    def post(self, request, review_id):
        pk = parse_id(review_id, what=_("Compliance review"))
        review = compliance_review_get(user=request.user, pk=pk)
        data = validated(s.ComplianceCompleteSerializer, request)
        compliance.compliance_review_complete(actor=request.user, review=review, **data)
        return Response(s.ComplianceReviewSerializer(compliance_review_get(user=request.user, pk=pk)).data)


# --- Notifications ----------------------------------------------------------------------------------------------


class NotificationListView(ApiView):
    cursor_ordering = ("-created_at", "-pk")

    @extend_schema(
        tags=["notifications"],
        summary="Your notifications, newest first",
        parameters=[s.NotificationQuerySerializer],
        responses={200: s.NotificationSerializer(many=True), **error_responses(400)},
    )
    def get(self, request):
        unread = query(s.NotificationQuerySerializer, request)["unread"]
        return self.paginated(notifications_mine(user=request.user, unread_only=unread), s.NotificationSerializer)


class NotificationReadView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["notifications"],
        summary="Mark one of your notifications read",
        parameters=[id_param("notification_id", "notification")],
        request=None,
        responses={200: s.NotificationSerializer, **error_responses(404)},
    )
    def post(self, request, notification_id):
        pk = parse_id(notification_id, what=_("Notification"))
        notification = notifications.notification_mark_read(actor=request.user, notification_id=pk)
        return Response(s.NotificationSerializer(notification).data)


class NotificationReadAllView(ApiView):
    pagination_class = None

    @extend_schema(
        tags=["notifications"],
        summary="Mark all your notifications read",
        request=None,
        responses={200: s.MarkedReadSerializer, **error_responses()},
    )
    def post(self, request):
        return Response({"marked": notifications.notifications_mark_all_read(actor=request.user)})


# --- Audit log --------------------------------------------------------------------------------------------------


class AuditEventListView(ApiView):
    cursor_ordering = ("-at", "-pk")

    @extend_schema(
        tags=["audit"],
        summary="The audit log, newest first (auditors and the CoE)",
        parameters=[s.AuditQuerySerializer],
        responses={200: s.AuditEventSerializer(many=True), **error_responses(400, 403)},
    )
    def get(self, request):
        filters = {name: value for name, value in query(s.AuditQuerySerializer, request).items() if value != ""}
        key = filters.pop("initiative", None)
        if key:
            try:
                filters["initiative"] = initiative_get(user=request.user, key=check_key(key))
            except NotFound:
                raise InvalidInput(
                    _("Unknown initiative."), fields={"initiative": [_("No such initiative.")]}
                ) from None
        return self.paginated(audit_events_visible(user=request.user, **filters), s.AuditEventSerializer)
