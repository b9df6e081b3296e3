"""Serializers of the governance API: people and roles, gate reviews and sign-offs, lifecycle actions, risk-tier
changes, compliance reviews, notifications and the audit log.

Input serializers check shape and type only; the services hold the rules and say what is wrong.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from adoption.choices import Phase, RiskTier, Role
from core.api.base import Bool, Int, QueryBool, QueryInt, QueryStr, Ref, Str, Text
from core.api.inputs import serializer_for
from core.inputs import TEXT_LIMIT
from core.web import person_name
from governance import inputs
from governance.choices import (
    AssignmentSource,
    ComplianceReviewStatus,
    Decision,
    GrantRequestStatus,
    ReviewStatus,
    RiskChangeStatus,
    Scope,
)
from governance.messages import shown_texts
from governance.models import DateStyle, TokenScope

# --- Authentication and people ----------------------------------------------------------------------------------


TokenInputSerializer = serializer_for(inputs.TokenInput)


class NewTokenSerializer(TokenInputSerializer):
    evaluations_for = serializers.ListField(
        child=Str(max_length=20),
        required=False,
        max_length=50,
        help_text="Initiative keys: a CI token that may push evaluation runs of these initiatives and nothing else.",
    )


class TokenRequestSerializer(TokenInputSerializer):
    username = Str(max_length=150)
    password = Str(max_length=1024, trim_whitespace=False, style={"input_type": "password"})
    name = Str(max_length=100, required=False, help_text="What uses the token; defaults to “API”.")
    code = Str(max_length=10, required=False, help_text="The authenticator code of a person who has set one up.")


class ApiTokenSerializer(serializers.Serializer):
    id = Int(read_only=True)
    name = Str(read_only=True)
    prefix = Str(read_only=True, help_text="The secret's first characters, to recognise it.")
    scope = serializers.ChoiceField(choices=TokenScope.choices, read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True)
    last_used_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    in_force = Bool(read_only=True)
    initiatives = serializers.SerializerMethodField(help_text="A CI token's initiatives (scope evaluations).")

    def get_initiatives(self, token) -> list[str]:
        return [initiative.key for initiative in token.initiatives.all()]


class TokenSerializer(ApiTokenSerializer):
    token = Str(read_only=True, help_text="The secret, shown this once: send as `Authorization: Token <token>`.")


class UserSerializer(serializers.Serializer):
    id = Int(read_only=True)
    username = Str(read_only=True)
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, obj) -> str:
        return person_name(obj)


class RoleAssignmentSerializer(serializers.Serializer):
    id = Int(read_only=True)
    user = Str(source="user.username", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    scope = serializers.ChoiceField(choices=Scope.choices, read_only=True)
    business_unit = Str(source="business_unit.code", read_only=True, allow_null=True)
    initiative = Str(source="initiative.key", read_only=True, allow_null=True)
    scope_label = Str(read_only=True)
    source = serializers.ChoiceField(choices=AssignmentSource.choices, read_only=True)
    granted_by = Str(source="granted_by.username", read_only=True, allow_null=True)
    granted_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revoked_by = Str(source="revoked_by.username", read_only=True, allow_null=True)
    revoke_reason = Str(read_only=True)


class LocaleSerializer(serializers.Serializer):
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, required=False, help_text="Pages, notifications, email."
    )
    time_zone = Str(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="An IANA time zone (Asia/Taipei, Asia/Shanghai, Europe/Berlin, UTC); empty for the deployment's.",
    )
    date_style = serializers.ChoiceField(
        choices=DateStyle.choices,
        required=False,
        help_text="`language`: as the language writes dates; `iso`: ISO 8601.",
    )


class MeSerializer(UserSerializer):
    email = Str(read_only=True)
    roles = RoleAssignmentSerializer(many=True, read_only=True, help_text="Assignments in force now.")
    unread_notifications = Int(read_only=True)
    language = Str(read_only=True, help_text="Empty until chosen: the pages follow the browser.")
    time_zone = Str(read_only=True, help_text="Empty: the deployment's TIME_ZONE.")
    date_style = serializers.ChoiceField(choices=DateStyle.choices, read_only=True)


class RoleGrantSerializer(serializers.Serializer):
    user = Ref(help_text="Username.")
    role = serializers.ChoiceField(choices=Role.choices)
    business_unit = Ref(max_length=40, required=False, allow_null=True, help_text="Unit code (unit scope).")
    initiative = Ref(max_length=20, required=False, allow_null=True, help_text="Initiative key (initiative scope).")
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class ReasonSerializer(serializers.Serializer):
    reason = Text(max_length=500, required=False)


class NoteSerializer(serializers.Serializer):
    note = Text(max_length=500, required=False)


class GrantRequestQuerySerializer(serializers.Serializer):
    pending = QueryBool(required=False, help_text="Only the grants still waiting for a decision.")


class GrantRequestSerializer(serializers.Serializer):
    id = Int(read_only=True)
    user = Str(source="user.username", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    requested_by = Str(source="requested_by.username", read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)
    lapses_at = serializers.DateTimeField(read_only=True)
    status = serializers.ChoiceField(choices=GrantRequestStatus.choices, read_only=True)
    decided_by = Str(source="decided_by.username", read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decision_note = Str(read_only=True)
    assignment = Int(source="assignment_id", read_only=True, allow_null=True)


# --- Gate reviews -----------------------------------------------------------------------------------------------


class ActionSerializer(serializers.Serializer):
    """One action of an initiative for the person asking: allowed, or refused as the service would refuse it."""

    action = serializers.CharField(source="name", help_text="The action, e.g. request_review, hold, sign.")
    allowed = serializers.BooleanField()
    refusal = serializers.CharField(
        source="code", help_text="When refused, as the action's endpoint would answer: not_found, forbidden, refused."
    )
    detail = serializers.CharField(source="message", help_text="The refusal's message (empty when allowed).")
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why it is refused, one sentence each.")


class GateReviewSerializer(serializers.Serializer):
    id = Int(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    initiative_title = Str(source="initiative.title", read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    attempt = Int(read_only=True)
    status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    requested_by = Str(source="requested_by.username", read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)
    risk_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    round = Int(read_only=True, help_text="Raised each time evidence or risk changes.")
    evidence_hash = Str(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decided_by = Str(source="decided_by.username", read_only=True, allow_null=True)
    note = Str(read_only=True)


class SignOffSerializer(serializers.Serializer):
    signer = Str(source="signer.username", read_only=True)
    signer_name = Str(read_only=True)
    decision = serializers.ChoiceField(choices=Decision.choices, read_only=True)
    comment = Str(read_only=True)
    round = Int(read_only=True)
    signed_at = serializers.DateTimeField(read_only=True)
    evidence_hash = Str(read_only=True)
    grant = serializers.JSONField(read_only=True, help_text="The role assignment that entitled the signer.")
    flags = serializers.ListField(
        child=serializers.DictField(child=Str()),
        read_only=True,
        help_text="With request_changes: the criteria flagged as needing change (code, title, note).",
    )
    on_behalf_of_name = Str(
        read_only=True, help_text="Signed by a delegate: whose authority (their name); empty when signed in person."
    )


class SlotSerializer(serializers.Serializer):
    key = Str(source="slot.key", read_only=True, help_text="Send it as `slot` to sign.")
    role = serializers.ChoiceField(source="slot.role", choices=Role.choices, read_only=True)
    ordinal = Int(source="slot.ordinal", read_only=True)
    state = serializers.ChoiceField(
        choices=["waiting", *Decision.values], read_only=True, help_text="In the current round."
    )
    signoff = SignOffSerializer(read_only=True, allow_null=True)
    superseded = SignOffSerializer(many=True, read_only=True, help_text="Sign-offs of earlier rounds.")


class ReviewAnswerSerializer(serializers.Serializer):
    author_name = Str(read_only=True)
    comment = Str(read_only=True)
    round = Int(read_only=True, help_text="The signing round the answer opened.")
    answered_at = serializers.DateTimeField(read_only=True)


class GateReviewDetailSerializer(GateReviewSerializer):
    snapshot = serializers.JSONField(source="review.snapshot", read_only=True, help_text="Frozen at request time.")
    slots = SlotSerializer(many=True, read_only=True)
    stale = Bool(read_only=True, help_text="Evidence changed since the snapshot.")
    my_slots = serializers.ListField(child=Str(), read_only=True, help_text="Slots you could sign now.")
    waiting_for_owner = Bool(
        read_only=True, help_text="Changes were requested: nobody signs until the owner answers (POST …/answer/)."
    )
    answers = ReviewAnswerSerializer(many=True, read_only=True, help_text="The owner's answers to requested changes.")

    def to_representation(self, instance):
        data = GateReviewSerializer(instance.review).data
        data.update(
            snapshot=instance.review.snapshot,
            slots=SlotSerializer(instance.slots, many=True).data,
            stale=instance.stale,
            my_slots=list(instance.my_slots),
            waiting_for_owner=instance.review.waiting_for_owner,
            answers=ReviewAnswerSerializer(instance.review.answers.all(), many=True).data,
        )
        return data


class SignResultSerializer(GateReviewDetailSerializer):
    message = Str(
        read_only=True,
        help_text="What the sign-off led to: the initiative advanced (and to which phase), the review waits for the "
        "owner, or it is closed; empty otherwise.",
    )


class FlagSerializer(serializers.Serializer):
    criterion = Str(max_length=60, help_text="The criterion's code, as in the review's snapshot.")
    note = Text(max_length=TEXT_LIMIT, help_text="What must change.")


class SignSerializer(serializer_for(inputs.SignInput)):
    slot = Str(max_length=60, help_text="The slot key, e.g. compliance_officer_2.")
    flags = FlagSerializer(
        many=True,
        required=False,
        max_length=inputs.FLAGS_LIMIT,
        help_text="With request_changes: the criteria that need change, each with a note.",
    )


AnswerSerializer = serializer_for(inputs.AnswerInput)


# --- Lifecycle --------------------------------------------------------------------------------------------------


StopSerializer = serializer_for(inputs.StopInput)
HoldSerializer = serializer_for(inputs.HoldInput)
ResumeSerializer = serializer_for(inputs.ResumeInput)
RetireSerializer = serializer_for(inputs.RetireInput)
VoidSerializer = serializer_for(inputs.VoidInput)
MergeSerializer = serializer_for(inputs.MergeInput)
WithdrawSerializer = serializer_for(inputs.WithdrawInput)


# --- Risk tier and compliance -----------------------------------------------------------------------------------


class RiskTierChangeSerializer(serializers.Serializer):
    id = Int(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    from_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    to_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    reason = Str(read_only=True)
    status = serializers.ChoiceField(choices=RiskChangeStatus.choices, read_only=True)
    proposed_by = Str(source="proposed_by.username", read_only=True)
    proposed_at = serializers.DateTimeField(read_only=True)
    decided_by = Str(source="decided_by.username", read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decision_note = Str(read_only=True)


RiskTierProposeSerializer = serializer_for(inputs.RiskProposeInput)
# The endpoint says the decision (confirm/ or reject/); the body carries the note.
RiskTierDecideSerializer = serializer_for(inputs.RiskDecideInput, exclude=("decision",))


class ComplianceReviewSerializer(serializers.Serializer):
    id = Int(read_only=True)
    initiative = Str(source="initiative.key", read_only=True)
    initiative_title = Str(source="initiative.title", read_only=True)
    business_unit = Str(source="initiative.business_unit.code", read_only=True)
    due_on = serializers.DateField(read_only=True)
    risk_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    assignee = Str(source="assignee.username", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=ComplianceReviewStatus.choices, read_only=True)
    findings = Str(read_only=True)
    outcome = Str(read_only=True, help_text="pass, pass_with_actions, fail; empty while open.")
    completed_by = Str(source="completed_by.username", read_only=True, allow_null=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class ComplianceQuerySerializer(serializers.Serializer):
    mine = QueryBool(default=False, help_text="Only those assigned to you.")
    overdue = QueryBool(default=False, help_text="Only open ones past their due date.")
    due_within_days = QueryInt(
        required=False, min_value=0, max_value=3650, help_text="Only open ones due within N days."
    )
    status = serializers.ChoiceField(choices=ComplianceReviewStatus.choices, required=False)


class ComplianceCompleteSerializer(serializer_for(inputs.ComplianceCompleteInput)):
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=5000),
        required=False,
        help_text="Answers to the questionnaire by question code (`yes`/`no`, a choice's code, or text), merged with "
        "those given before; every required question must be answered to complete.",
    )


# --- Notifications and audit ------------------------------------------------------------------------------------


class NotificationSerializer(serializers.Serializer):
    id = Int(read_only=True)
    kind = Str(read_only=True)
    initiative = Str(source="initiative.key", read_only=True, allow_null=True)
    target_type = Str(read_only=True)
    target_id = Str(read_only=True)
    subject = serializers.SerializerMethodField(help_text="In the reader's language (Accept-Language, else theirs).")
    message = serializers.SerializerMethodField()
    url = Str(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    read_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_subject(self, notification) -> str:
        return shown_texts(notification)[0]

    def get_message(self, notification) -> str:
        return shown_texts(notification)[1]


class MarkedReadSerializer(serializers.Serializer):
    marked = Int(help_text="How many notifications changed to read.")


class AuditEventSerializer(serializers.Serializer):
    id = Int(read_only=True)
    at = serializers.DateTimeField(read_only=True)
    actor = Str(source="actor.username", read_only=True, allow_null=True)
    actor_repr = Str(read_only=True)
    verb = Str(read_only=True)
    target_type = Str(read_only=True)
    target_id = Str(read_only=True)
    target_repr = Str(read_only=True)
    initiative = Str(source="initiative.key", read_only=True, allow_null=True)
    before = serializers.JSONField(read_only=True)
    after = serializers.JSONField(read_only=True)
    request_id = Str(read_only=True)
    chain = Str(read_only=True)
    seq = Int(read_only=True)
    prev_hash = Str(read_only=True)
    hash = Str(read_only=True)


class AuditQuerySerializer(serializers.Serializer):
    initiative = QueryStr(max_length=20, help_text="Initiative key.")
    target_type = QueryStr(max_length=60, help_text="E.g. adoption.initiative, governance.gatereview.")
    target_id = QueryStr(max_length=60)
    verb = QueryStr(max_length=80, help_text="Verb prefix, e.g. gate_review.")
    since = serializers.DateTimeField(required=False, help_text="At or after.")
    until = serializers.DateTimeField(required=False, help_text="Before.")


class GateReviewQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ReviewStatus.choices, required=False)
    awaiting_me = QueryBool(default=False, help_text="Open reviews with a slot you can sign now (your inbox).")


class NotificationQuerySerializer(serializers.Serializer):
    unread = QueryBool(default=False, help_text="Only unread ones.")


class RoleAssignmentQuerySerializer(serializers.Serializer):
    user = QueryStr(max_length=150, help_text="Username.")
    active = QueryBool(default=False, help_text="Only those in force now.")


class UserQuerySerializer(serializers.Serializer):
    search = QueryStr(max_length=150, help_text="Part of the username or name.")


class SignInFailureSerializer(serializers.Serializer):
    id = Int(read_only=True)
    username = Str(read_only=True, allow_null=True)
    address = Str(read_only=True, source="ip_address", allow_null=True)
    entrance = Str(read_only=True, source="path_info", help_text="The path signed in at: page, admin or API token.")
    user_agent = Str(read_only=True)
    at = serializers.DateTimeField(read_only=True, source="attempt_time")
    locked_out = Bool(read_only=True, help_text="True when the lockout refused it before the password was checked.")


class UnlockSerializer(serializers.Serializer):
    username = Str(max_length=150, required=False, allow_blank=True)
    address = Str(max_length=45, required=False, allow_blank=True)


class UnlockedSerializer(serializers.Serializer):
    cleared = Int(help_text="How many attempt records were cleared.")
