"""Serializers of the governance API: people and roles, gate reviews and sign-offs, lifecycle actions, risk-tier
changes, compliance reviews, notifications and the audit log.

Input serializers check shape and type only; the services hold the rules and say what is wrong.
"""

from __future__ import annotations

from rest_framework import serializers

from adoption.api.base import Ref, Text
from adoption.choices import FailureMode, Phase, RiskTier, Role
from governance.choices import (
    AssignmentSource,
    ComplianceOutcome,
    ComplianceReviewStatus,
    Decision,
    ReviewStatus,
    RiskChangeStatus,
    Scope,
)

# --- Authentication and people ----------------------------------------------------------------------------------


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=1024, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")


class UserSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    display_name = serializers.SerializerMethodField()

    def get_display_name(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class RoleAssignmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    user = serializers.CharField(source="user.username", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    scope = serializers.ChoiceField(choices=Scope.choices, read_only=True)
    business_unit = serializers.CharField(source="business_unit.code", read_only=True, allow_null=True)
    initiative = serializers.CharField(source="initiative.key", read_only=True, allow_null=True)
    scope_label = serializers.CharField(read_only=True)
    source = serializers.ChoiceField(choices=AssignmentSource.choices, read_only=True)
    granted_by = serializers.CharField(source="granted_by.username", read_only=True, allow_null=True)
    granted_at = serializers.DateTimeField(read_only=True)
    expires_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    revoked_by = serializers.CharField(source="revoked_by.username", read_only=True, allow_null=True)
    revoke_reason = serializers.CharField(read_only=True)


class MeSerializer(UserSerializer):
    email = serializers.CharField(read_only=True)
    roles = RoleAssignmentSerializer(many=True, read_only=True, help_text="Assignments in force now.")
    unread_notifications = serializers.IntegerField(read_only=True)


class RoleGrantSerializer(serializers.Serializer):
    user = Ref(help_text="Username.")
    role = serializers.ChoiceField(choices=Role.choices)
    business_unit = Ref(max_length=40, required=False, allow_null=True, help_text="Unit code (unit scope).")
    initiative = Ref(max_length=20, required=False, allow_null=True, help_text="Initiative key (initiative scope).")
    expires_at = serializers.DateTimeField(required=False, allow_null=True)


class ReasonSerializer(serializers.Serializer):
    reason = Text(max_length=500, required=False)


# --- Gate reviews -----------------------------------------------------------------------------------------------


class GateReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    initiative = serializers.CharField(source="initiative.key", read_only=True)
    initiative_title = serializers.CharField(source="initiative.title", read_only=True)
    phase = serializers.ChoiceField(choices=Phase.choices, read_only=True)
    attempt = serializers.IntegerField(read_only=True)
    status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)
    requested_at = serializers.DateTimeField(read_only=True)
    risk_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    round = serializers.IntegerField(read_only=True, help_text="Raised each time evidence or risk changes.")
    evidence_hash = serializers.CharField(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True)
    note = serializers.CharField(read_only=True)


class SignOffSerializer(serializers.Serializer):
    signer = serializers.CharField(source="signer.username", read_only=True)
    signer_name = serializers.CharField(read_only=True)
    decision = serializers.ChoiceField(choices=Decision.choices, read_only=True)
    comment = serializers.CharField(read_only=True)
    round = serializers.IntegerField(read_only=True)
    signed_at = serializers.DateTimeField(read_only=True)
    evidence_hash = serializers.CharField(read_only=True)
    grant = serializers.JSONField(read_only=True, help_text="The role assignment that entitled the signer.")


class SlotSerializer(serializers.Serializer):
    key = serializers.CharField(source="slot.key", read_only=True, help_text="Send it as `slot` to sign.")
    role = serializers.ChoiceField(source="slot.role", choices=Role.choices, read_only=True)
    ordinal = serializers.IntegerField(source="slot.ordinal", read_only=True)
    state = serializers.ChoiceField(
        choices=["waiting", *Decision.values], read_only=True, help_text="In the current round."
    )
    signoff = SignOffSerializer(read_only=True, allow_null=True)
    superseded = SignOffSerializer(many=True, read_only=True, help_text="Sign-offs of earlier rounds.")


class GateReviewDetailSerializer(GateReviewSerializer):
    snapshot = serializers.JSONField(source="review.snapshot", read_only=True, help_text="Frozen at request time.")
    slots = SlotSerializer(many=True, read_only=True)
    stale = serializers.BooleanField(read_only=True, help_text="Evidence changed since the snapshot.")
    my_slots = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text="Slots you could sign now."
    )

    def to_representation(self, instance):
        data = GateReviewSerializer(instance.review).data
        data.update(
            snapshot=instance.review.snapshot,
            slots=SlotSerializer(instance.slots, many=True).data,
            stale=instance.stale,
            my_slots=list(instance.my_slots),
        )
        return data


class SignSerializer(serializers.Serializer):
    slot = serializers.CharField(max_length=60, help_text="The slot key, e.g. compliance_officer_2.")
    decision = serializers.ChoiceField(choices=Decision.choices)
    comment = Text(max_length=5000, required=False, help_text="Required to reject or request changes.")


# --- Lifecycle --------------------------------------------------------------------------------------------------


class StopSerializer(serializers.Serializer):
    reason = Text(max_length=5000)
    primary_failure_mode = serializers.ChoiceField(choices=FailureMode.choices, required=False, allow_blank=True)
    contributing_modes = serializers.ListField(
        child=serializers.ChoiceField(choices=FailureMode.choices), required=False, max_length=6
    )
    not_a_failure = serializers.BooleanField(required=False, default=False, help_text="E.g. a strategy change.")


class HoldSerializer(serializers.Serializer):
    reason = Text(max_length=5000)


class ResumeSerializer(serializers.Serializer):
    note = Text(max_length=5000, required=False)


# --- Risk tier and compliance -----------------------------------------------------------------------------------


class RiskTierChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    initiative = serializers.CharField(source="initiative.key", read_only=True)
    from_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    to_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    reason = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=RiskChangeStatus.choices, read_only=True)
    proposed_by = serializers.CharField(source="proposed_by.username", read_only=True)
    proposed_at = serializers.DateTimeField(read_only=True)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)
    decision_note = serializers.CharField(read_only=True)


class RiskTierProposeSerializer(serializers.Serializer):
    to_tier = serializers.ChoiceField(choices=RiskTier.choices)
    reason = Text(max_length=5000)


class RiskTierDecideSerializer(serializers.Serializer):
    note = Text(max_length=5000, required=False, help_text="Required to reject.")


class ComplianceReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    initiative = serializers.CharField(source="initiative.key", read_only=True)
    initiative_title = serializers.CharField(source="initiative.title", read_only=True)
    business_unit = serializers.CharField(source="initiative.business_unit.code", read_only=True)
    due_on = serializers.DateField(read_only=True)
    risk_tier = serializers.ChoiceField(choices=RiskTier.choices, read_only=True)
    assignee = serializers.CharField(source="assignee.username", read_only=True, allow_null=True)
    status = serializers.ChoiceField(choices=ComplianceReviewStatus.choices, read_only=True)
    findings = serializers.CharField(read_only=True)
    outcome = serializers.CharField(read_only=True, help_text="pass, pass_with_actions, fail; empty while open.")
    completed_by = serializers.CharField(source="completed_by.username", read_only=True, allow_null=True)
    completed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)


class ComplianceQuerySerializer(serializers.Serializer):
    mine = serializers.BooleanField(required=False, default=False)
    overdue = serializers.BooleanField(required=False, default=False)
    due_within_days = serializers.IntegerField(required=False, min_value=0, max_value=3650)
    status = serializers.ChoiceField(choices=ComplianceReviewStatus.choices, required=False)


class ComplianceCompleteSerializer(serializers.Serializer):
    findings = Text(max_length=20000)
    outcome = serializers.ChoiceField(choices=ComplianceOutcome.choices)


# --- Notifications and audit ------------------------------------------------------------------------------------


class NotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    initiative = serializers.CharField(source="initiative.key", read_only=True, allow_null=True)
    target_type = serializers.CharField(read_only=True)
    target_id = serializers.CharField(read_only=True)
    subject = serializers.CharField(read_only=True)
    message = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    read_at = serializers.DateTimeField(read_only=True, allow_null=True)


class MarkedReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications changed to read.")


class AuditEventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    at = serializers.DateTimeField(read_only=True)
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    actor_repr = serializers.CharField(read_only=True)
    verb = serializers.CharField(read_only=True)
    target_type = serializers.CharField(read_only=True)
    target_id = serializers.CharField(read_only=True)
    target_repr = serializers.CharField(read_only=True)
    initiative = serializers.CharField(source="initiative.key", read_only=True, allow_null=True)
    before = serializers.JSONField(read_only=True)
    after = serializers.JSONField(read_only=True)
    request_id = serializers.CharField(read_only=True)
    chain = serializers.CharField(read_only=True)
    seq = serializers.IntegerField(read_only=True)
    prev_hash = serializers.CharField(read_only=True)
    hash = serializers.CharField(read_only=True)


class AuditQuerySerializer(serializers.Serializer):
    initiative = Ref(max_length=20, required=False, help_text="Initiative key.")
    target_type = serializers.CharField(max_length=60, required=False)
    target_id = serializers.CharField(max_length=60, required=False)
    verb = serializers.CharField(max_length=80, required=False, help_text="Prefix, e.g. gate_review.")
    since = serializers.DateTimeField(required=False)
    until = serializers.DateTimeField(required=False)
