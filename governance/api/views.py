"""API views of the governance app: token, people and roles, gate reviews and sign-offs, lifecycle actions,
risk-tier changes, compliance reviews, notifications and the audit log.

Reads go through the selectors (an invisible object is a 404 on every method), writes through the services, which
authorise the actor; ``core.api.base`` turns their errors into responses.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from adoption.api.views import INITIATIVE, KEY, InitiativeView, id_param, unit_ref, user_ref
from adoption.selectors.initiatives import initiative_get
from adoption.selectors.people import person_condition, users_directory
from core.api.base import ApiView, check_key, error_responses, operation, parse_id, query, validated
from core.api.endpoints import Action, Target, decision, endpoint, read_by_id, shown_again
from core.exceptions import InvalidInput, NotFound
from governance import access, locale
from governance.actions import InitiativeFacts, available_actions, fact_annotations, known_facts
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
    decision_outcome,
    gate_review_detail,
    gate_review_get,
    gate_reviews_for,
    gate_reviews_visible,
    signoff_inbox,
)
from governance.selectors.roles import (
    role_assignment_get,
    role_assignments_visible,
    role_grant_requests,
    roles_in_force,
)
from governance.selectors.signin import signin_failures
from governance.selectors.tokens import api_tokens_mine
from governance.services import compliance, lifecycle, notifications, preferences, reviews, roles, tokens
from governance.services.signin import signin_unlock
from governance.stepup import auth_proof
from governance.twofactor import code_refusal

REVIEW_ID = id_param("review_id", "gate review")
CHANGE_ID = id_param("change_id", "risk-tier change")
ASSIGNMENT_ID = id_param("assignment_id", "role assignment")
COMPLIANCE_REVIEW_ID = id_param("review_id", "compliance review")


# --- What the actions apply to ----------------------------------------------------------------------------------


ROLE_ASSIGNMENT = Target.by_id(
    "role-assignment",
    ASSIGNMENT_ID,
    role_assignment_get,
    gettext_lazy("Role assignment"),
    s.RoleAssignmentSerializer,
    "roles",
)
ROLE_GRANT_REQUEST = Target(
    "role-grant-request",
    "role-grant-requests/<str:request_id>/",
    (id_param("request_id", "role grant request"),),
    lambda view: parse_id(view.kwargs["request_id"], what=_("Role grant request")),
    "request_id",
    lambda view, request_id, decided: Response(s.GrantRequestSerializer(decided).data),
    s.GrantRequestSerializer,
    tag="roles",
    body_first=True,
)
GATE_REVIEW = Target(
    "gate-review",
    "gate-reviews/<str:review_id>/",
    (REVIEW_ID,),
    read_by_id(gate_review_get, "review_id", gettext_lazy("Gate review")),
    "review",
    lambda view, review, result: review_response(view.request, review.pk),
    s.GateReviewDetailSerializer,
    tag="gate reviews",
)
RISK_TIER_CHANGE = Target.by_id(
    "risk-tier-change", CHANGE_ID, risk_tier_change_get, gettext_lazy("Change"), s.RiskTierChangeSerializer, "risk tier"
)
COMPLIANCE_REVIEW = Target.by_id(
    "compliance-review",
    COMPLIANCE_REVIEW_ID,
    compliance_review_get,
    gettext_lazy("Compliance review"),
    s.ComplianceReviewSerializer,
    "compliance reviews",
)

# What a POST under an initiative creates.
REQUEST_REVIEW = Action(
    INITIATIVE,
    "gate-reviews",
    reviews.gate_review_request,
    None,
    "Request a gate review of the current phase (owner or CoE)",
    description="Refused with 409 unless the gate is satisfied; `reasons` lists every unmet criterion.",
    tag="gate reviews",
    code=201,
    errors=(403, 404, 409),
    answer=lambda view, initiative, review: review_response(view.request, review.pk),
    shown=s.GateReviewDetailSerializer,
)
PROPOSE_RISK_TIER = Action(
    INITIATIVE,
    "risk-tier-changes",
    compliance.risk_tier_propose,
    s.RiskTierProposeSerializer,
    "Propose a new risk tier; it takes effect when a compliance officer in scope confirms it",
    tag="risk tier",
    code=201,
    answer=shown_again(risk_tier_change_get, s.RiskTierChangeSerializer, created=True),
    shown=s.RiskTierChangeSerializer,
    examples=(OpenApiExample("Propose", value={"to_tier": "limited", "reason": "Customer-facing chat."}),),
)


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
        refusal = code_refusal(user, data.get("code"))
        if refusal:
            raise InvalidInput(_("Unable to log in with these credentials."), fields={"code": [refusal]})
        return token_response(user, data, name=data.get("name") or "API")


def token_response(user, data: dict, *, name: str) -> Response:
    token, secret = tokens.token_create(
        user=user,
        name=name,
        days=data.get("days"),
        read_only=bool(data.get("read_only")),
        evaluations_for=data.get("evaluations_for"),
    )
    return Response({**s.ApiTokenSerializer(token).data, "token": secret}, status=status.HTTP_201_CREATED)


@operation("auth", s.ApiTokenSerializer(many=True), (400,))
def token_list_get(view, request):
    """Your API tokens (in force and revoked); never their secrets"""
    return view.paginated(api_tokens_mine(user=request.user), s.ApiTokenSerializer)


@operation("auth", s.TokenSerializer, (400, 403, 404), code=201, request=s.NewTokenSerializer)
def token_list_post(view, request):
    """Create another API token for yourself, or a CI token for initiatives you own (``evaluations_for``)"""
    data = validated(s.NewTokenSerializer, request)
    keys = data.get("evaluations_for") or []
    data["evaluations_for"] = [initiative_get(user=request.user, key=check_key(key)) for key in keys]
    return token_response(request.user, data, name=data["name"])


TokenListView = endpoint(get=token_list_get, post=token_list_post, cursor_ordering=("-created_at", "-pk"))


@operation("auth", s.ApiTokenSerializer, (403, 404), parameters=[id_param("token_id", "API token")])
def token_detail_delete(view, request, token_id):
    """Revoke one of your API tokens"""
    token = tokens.token_revoke(actor=request.user, token_id=parse_id(token_id, what=_("API token")))
    return Response(s.ApiTokenSerializer(token).data)


TokenDetailView = endpoint(delete=token_detail_delete)


@operation("security", s.SignInFailureSerializer(many=True), (400, 403))
def sign_in_failure_list_get(view, request):
    """Failed sign-ins through every entrance, newest first (CoE)"""
    return view.paginated(signin_failures(user=request.user), s.SignInFailureSerializer)


SignInFailureListView = endpoint(get=sign_in_failure_list_get, cursor_ordering=("-attempt_time", "-pk"))


@operation("security", s.UnlockedSerializer, (400, 403, 404), request=s.UnlockSerializer)
def unlock_post(view, request):
    """Lift a sign-in lockout of a username or an address (CoE; audited)"""
    data = validated(s.UnlockSerializer, request)
    cleared = signin_unlock(actor=request.user, username=data.get("username", ""), address=data.get("address", ""))
    return Response({"cleared": cleared})


UnlockView = endpoint(post=unlock_post)


@operation("people", s.UserSerializer(many=True), (400,), parameters=[s.UserQuerySerializer])
def user_list_get(view, request):
    """People to pick as owner, sponsor or assignee (for anyone holding a role)"""
    users = users_directory(user=request.user)
    term = query(s.UserQuerySerializer, request).get("search", "").strip()
    if term:
        users = users.filter(person_condition(term))
    return view.paginated(users, s.UserSerializer)


UserListView = endpoint(get=user_list_get, cursor_ordering=("username",))


@operation("people", s.MeSerializer)
def me_get(view, request):
    """Who am I: my account, the roles in force and my unread notifications"""
    user = request.user
    data = s.UserSerializer(user).data
    chosen = locale.person_locale(user)
    data.update(
        email=user.email,
        roles=s.RoleAssignmentSerializer(roles_in_force(user), many=True).data,
        unread_notifications=unread_count(user=user),
        language=chosen.language,
        time_zone=chosen.time_zone,
        date_style=chosen.date_style,
    )
    return Response(data)


@operation(
    "people",
    s.MeSerializer,
    (400,),
    request=s.LocaleSerializer,
    examples=[OpenApiExample("Shanghai", value={"language": "zh-hans", "time_zone": "Asia/Shanghai"})],
)
def me_patch(view, request):
    """Set my language, time zone and date style (what is not sent stays)"""
    data = validated(s.LocaleSerializer, request, partial=True)
    preference = preferences.user_locale_set(actor=request.user, **data)
    if getattr(request, "session", None) is not None and request.session.session_key:
        locale.remember(request.session, locale.preference_locale(preference))
    return me_get(view, request)


MeView = endpoint(get=me_get, patch=me_patch)


@operation("roles", s.RoleAssignmentSerializer(many=True), (400,), parameters=[s.RoleAssignmentQuerySerializer])
def role_assignment_list_get(view, request):
    """Role assignments: all of them for the CoE and auditors, your own for everyone else"""
    assignments = role_assignments_visible(request.user)
    params = query(s.RoleAssignmentQuerySerializer, request)
    if params.get("user"):
        assignments = assignments.filter(user__username=params["user"])
    if params["active"]:
        assignments = assignments.filter(pk__in=access.active_assignments().values("pk"))
    return view.paginated(assignments, s.RoleAssignmentSerializer)


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
def role_assignment_list_post(view, request):
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


RoleAssignmentListView = endpoint(
    get=role_assignment_list_get, post=role_assignment_list_post, cursor_ordering=("-granted_at", "-pk")
)


@operation("roles", s.GrantRequestSerializer(many=True), (400,), parameters=[s.GrantRequestQuerySerializer])
def role_grant_request_list_get(view, request):
    """Grants of global CoE and compliance roles, pending first (CoE and auditors)"""
    params = query(s.GrantRequestQuerySerializer, request)
    requests = role_grant_requests(user=request.user, pending_only=params.get("pending", False))
    return view.paginated(requests, s.GrantRequestSerializer)


RoleGrantRequestListView = endpoint(get=role_grant_request_list_get, cursor_ordering=("-requested_at", "-pk"))


RoleAssignmentDetailView = endpoint(get=ROLE_ASSIGNMENT.detail("One role assignment"))


# --- Gate reviews -----------------------------------------------------------------------------------------------


def _sign_answer(request, review) -> Response:
    """The review as it now stands, with what the sign-off led to (``decision_outcome``)."""
    detail = gate_review_detail(user=request.user, review_id=review.pk)
    data = s.GateReviewDetailSerializer(detail).data
    data["message"] = decision_outcome(review)
    return Response(data)


def review_response(request, review_id: int, code: int = status.HTTP_200_OK) -> Response:
    detail = gate_review_detail(user=request.user, review_id=review_id)
    return Response(s.GateReviewDetailSerializer(detail).data, status=code)


@operation(
    "initiatives",
    s.ActionSerializer(many=True),
    (400, 404),
    description="Every action of the initiative for the person asking, each allowed or refused with the message and "
    "reasons its endpoint would answer with. Pages offer exactly the allowed ones.",
    parameters=[KEY],
)
def initiative_actions_get(view, request, key):
    """What I may do to an initiative now, and why not"""
    with access.answered_once(request.user):
        initiative = initiative_get(user=request.user, key=check_key(key), **fact_annotations())
        facts = InitiativeFacts(user=request.user, initiative=initiative, **known_facts(initiative))
        states = available_actions(user=request.user, initiative=initiative, facts=facts).states.values()
        return Response(s.ActionSerializer(states, many=True).data)


InitiativeActionsView = endpoint(base=InitiativeView, get=initiative_actions_get)


@operation("gate reviews", s.GateReviewSerializer(many=True), (400, 404), parameters=[KEY])
def initiative_gate_reviews_get(view, request, key):
    """An initiative's gate reviews, newest first"""
    return view.paginated(gate_reviews_for(user=request.user, initiative=view.initiative()), s.GateReviewSerializer)


InitiativeGateReviewsView = endpoint(
    base=InitiativeView,
    get=initiative_gate_reviews_get,
    post=REQUEST_REVIEW.post(),
    cursor_ordering=("-requested_at", "-pk"),
)


@operation("gate reviews", s.GateReviewSerializer(many=True), (400,), parameters=[s.GateReviewQuerySerializer])
def gate_review_list_get(view, request):
    """Gate reviews you may see; `awaiting_me=true` for your sign-off inbox"""
    params = query(s.GateReviewQuerySerializer, request)
    queryset = signoff_inbox(user=request.user) if params["awaiting_me"] else gate_reviews_visible(user=request.user)
    if params.get("status"):
        queryset = queryset.filter(status=params["status"])
    return view.paginated(queryset, s.GateReviewSerializer)


GateReviewListView = endpoint(get=gate_review_list_get, cursor_ordering=("-requested_at", "-pk"))


@operation("gate reviews", s.GateReviewDetailSerializer, (404,), parameters=[REVIEW_ID])
def gate_review_detail_get(view, request, review_id):
    """One gate review with its frozen snapshot, slot states and the slots you may sign"""
    return review_response(request, parse_id(review_id, what=_("Gate review")))


GateReviewDetailView = endpoint(get=gate_review_detail_get)


# --- Risk tier --------------------------------------------------------------------------------------------------


@operation("risk tier", s.RiskTierChangeSerializer(many=True), (400, 404), parameters=[KEY])
def initiative_risk_tier_changes_get(view, request, key):
    """An initiative's risk-tier changes, newest first"""
    changes = risk_tier_changes_for(user=request.user, initiative=view.initiative())
    return view.paginated(changes, s.RiskTierChangeSerializer)


InitiativeRiskTierChangesView = endpoint(
    base=InitiativeView,
    get=initiative_risk_tier_changes_get,
    post=PROPOSE_RISK_TIER.post(),
    cursor_ordering=("-proposed_at", "-pk"),
)


@operation("risk tier", s.RiskTierChangeSerializer(many=True), (400,))
def risk_tier_change_list_get(view, request):
    """Proposed risk-tier changes you could decide (compliance officers in scope), oldest first"""
    return view.paginated(risk_tier_changes_pending(user=request.user), s.RiskTierChangeSerializer)


RiskTierChangeListView = endpoint(get=risk_tier_change_list_get, cursor_ordering=("proposed_at", "pk"))


RiskTierChangeDetailView = endpoint(get=RISK_TIER_CHANGE.detail("One risk-tier change"))


# --- Compliance reviews -----------------------------------------------------------------------------------------


@operation(
    "compliance reviews", s.ComplianceReviewSerializer(many=True), (400,), parameters=[s.ComplianceQuerySerializer]
)
def compliance_review_list_get(view, request):
    """Compliance reviews of the initiatives you may see, soonest due first"""
    reviews_ = compliance_reviews_visible(user=request.user, **query(s.ComplianceQuerySerializer, request))
    return view.paginated(reviews_, s.ComplianceReviewSerializer)


ComplianceReviewListView = endpoint(get=compliance_review_list_get, cursor_ordering=("due_on", "pk"))


ComplianceReviewDetailView = endpoint(get=COMPLIANCE_REVIEW.detail("One compliance review"))


# --- Notifications ----------------------------------------------------------------------------------------------


@operation("notifications", s.NotificationSerializer(many=True), (400,), parameters=[s.NotificationQuerySerializer])
def notification_list_get(view, request):
    """Your notifications, newest first"""
    unread = query(s.NotificationQuerySerializer, request)["unread"]
    return view.paginated(notifications_mine(user=request.user, unread_only=unread), s.NotificationSerializer)


NotificationListView = endpoint(get=notification_list_get, cursor_ordering=("-created_at", "-pk"))


@operation(
    "notifications",
    s.NotificationSerializer,
    (404,),
    parameters=[id_param("notification_id", "notification")],
    request=None,
)
def notification_read_post(view, request, notification_id):
    """Mark one of your notifications read"""
    pk = parse_id(notification_id, what=_("Notification"))
    notification = notifications.notification_mark_read(actor=request.user, notification_id=pk)
    return Response(s.NotificationSerializer(notification).data)


NotificationReadView = endpoint(post=notification_read_post)


@operation("notifications", s.MarkedReadSerializer, request=None)
def notification_read_all_post(view, request):
    """Mark all your notifications read"""
    return Response({"marked": notifications.notifications_mark_all_read(actor=request.user)})


NotificationReadAllView = endpoint(post=notification_read_all_post)


# --- Audit log --------------------------------------------------------------------------------------------------


@operation("audit", s.AuditEventSerializer(many=True), (400, 403), parameters=[s.AuditQuerySerializer])
def audit_event_list_get(view, request):
    """The audit log, newest first (auditors and the CoE)"""
    filters = {name: value for name, value in query(s.AuditQuerySerializer, request).items() if value != ""}
    key = filters.pop("initiative", None)
    if key:
        try:
            filters["initiative"] = initiative_get(user=request.user, key=check_key(key))
        except NotFound:
            raise InvalidInput(_("Unknown initiative."), fields={"initiative": [_("No such initiative.")]}) from None
    return view.paginated(audit_events_visible(user=request.user, **filters), s.AuditEventSerializer)


AuditEventListView = endpoint(get=audit_event_list_get, cursor_ordering=("-at", "-pk"))


# --- Actions on one object --------------------------------------------------------------------------------------


def _with_auth(request) -> dict:
    """How recent the sign-in is, for the services that require a fresh one."""
    return {"auth": auth_proof(request)}


ACTIONS = (
    Action(
        ROLE_ASSIGNMENT,
        "revoke",
        roles.role_revoke,
        s.ReasonSerializer,
        "Revoke a granted role (CoE; owner and sponsor follow the initiative's fields)",
    ),
    *decision(
        ROLE_GRANT_REQUEST,
        roles.role_grant_decide,
        s.NoteSerializer,
        "approve",
        ("approve", "Approve a pending grant: the role takes effect (a second CoE member, not the one who asked)"),
        ("decline", "Decline a pending grant (a second CoE member, not the one who asked)"),
    ),
    Action(
        INITIATIVE,
        "stop",
        lifecycle.initiative_stop,
        s.StopSerializer,
        "Stop for good (sponsor or CoE): the primary failure mode and contributing ones, or not a failure",
        tag="lifecycle",
    ),
    Action(
        INITIATIVE,
        "hold",
        lifecycle.initiative_hold,
        s.HoldSerializer,
        "Put on hold (sponsor or CoE), with a reason; the phase clock stops",
        tag="lifecycle",
    ),
    Action(
        INITIATIVE,
        "resume",
        lifecycle.initiative_resume,
        s.ResumeSerializer,
        "Resume a held initiative where it was (sponsor or CoE)",
        tag="lifecycle",
        from_request=_with_auth,
    ),
    Action(
        INITIATIVE,
        "retire",
        lifecycle.initiative_retire,
        s.RetireSerializer,
        "Retire a production initiative (sponsor or CoE), with a reason",
        tag="lifecycle",
    ),
    Action(
        INITIATIVE,
        "void",
        lifecycle.initiative_void,
        s.VoidSerializer,
        "Void an initiative registered by mistake (CoE), with a reason: it keeps its records and leaves the funnel, "
        "the board and the reminders",
        tag="lifecycle",
    ),
    Action(
        INITIATIVE,
        "merge",
        lifecycle.initiative_merge,
        s.MergeSerializer,
        "Merge a duplicate into the initiative that carries on (CoE): voided with a link to it; its evidence and ROI "
        "stay with it",
        tag="lifecycle",
        examples=(OpenApiExample("Duplicate", value={"into": "AI-0012", "reason": "Registered twice."}),),
    ),
    Action(
        GATE_REVIEW,
        "sign",
        reviews.signoff_record,
        s.SignSerializer,
        "Sign one slot: approve, reject or request changes (four eyes enforced)",
        description="The last approval moves the initiative to the next phase (or production) in the same "
        "transaction, and `message` says so. `request_changes` keeps the review live, waiting for the owner's answer "
        "(`flags`: the criteria that need change, each with a note); `reject` closes it.",
        renamed={"slot": "slot_key"},
        from_request=_with_auth,
        examples=(
            OpenApiExample("Approve", value={"slot": "compliance_officer", "decision": "approve"}),
            OpenApiExample(
                "Request changes",
                value={
                    "slot": "compliance_officer",
                    "decision": "request_changes",
                    "comment": "The spike report is missing.",
                    "flags": [{"criterion": "feasibility_spike", "note": "Attach the spike's report."}],
                },
            ),
        ),
        answer=lambda view, review, result: _sign_answer(view.request, result),
        shown=s.SignResultSerializer,
    ),
    Action(
        GATE_REVIEW,
        "answer",
        reviews.gate_review_answer,
        s.AnswerSerializer,
        "Answer requested changes (the owner or the requester): the review opens for signing again, every slot anew",
        description="Refused with 409 unless changes were requested and the gate is met again; `reasons` says what "
        "is missing.",
        examples=(OpenApiExample("Answer", value={"comment": "The spike report is attached."}),),
    ),
    Action(
        GATE_REVIEW,
        "withdraw",
        reviews.gate_review_withdraw,
        s.WithdrawSerializer,
        "Withdraw an open review (its requester)",
    ),
    *decision(
        RISK_TIER_CHANGE,
        compliance.risk_tier_decide,
        s.RiskTierDecideSerializer,
        "confirm",
        ("confirm", "Confirm a proposed risk tier (a compliance officer in scope, not its proposer)"),
        ("reject", "Reject a proposed risk tier, with a note (a compliance officer in scope)"),
        from_request=_with_auth,
    ),
    Action(
        COMPLIANCE_REVIEW,
        "complete",
        compliance.compliance_review_complete,
        s.ComplianceCompleteSerializer,
        "Complete a review with findings and an outcome (a compliance officer in scope); fail puts the "
        "initiative on hold",
        examples=(OpenApiExample("Pass", value={"findings": "Logs and model card in order.", "outcome": "pass"}),),
    ),
)
