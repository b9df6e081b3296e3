"""Admin for support staff; sign-offs, reviews and the audit trail are read-only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from adoption.admin import InitiativeRecordAdmin
from core.admin import ReadOnlyAdmin, ReadOnlyMixin
from governance.models import (
    AuditEvent,
    ComplianceActionItem,
    ComplianceAttachment,
    ComplianceFinding,
    ComplianceQuestionnaire,
    ComplianceReview,
    GateReview,
    Notification,
    ReminderPolicy,
    ReviewAnswer,
    ReviewSlot,
    RiskTierChange,
    RoleAssignment,
    SignOff,
    SignoffMatrixEntry,
)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyAdmin):
    list_display = [
        "user",
        "role",
        "scope",
        "scope_target",
        "source",
        "granted_by",
        "granted_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["role", "scope", "source"]
    search_fields = ["user__username", "user__email", "business_unit__code", "initiative__key"]
    list_select_related = ["user", "business_unit", "initiative", "granted_by"]
    raw_id_fields = ["user", "business_unit", "initiative", "granted_by", "revoked_by"]

    @admin.display(description=_("scope"))
    def scope_target(self, obj: RoleAssignment) -> str:
        return obj.scope_label


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_repr", "verb", "target_repr", "chain", "seq", "request_id"]
    list_filter = ["verb"]
    search_fields = ["target_repr", "actor_repr"]
    ordering = ["-at", "-id"]
    raw_id_fields = ["actor", "initiative"]


class SlotInline(ReadOnlyMixin, admin.TabularInline):
    model = ReviewSlot
    fields = ["role", "ordinal", "order", "active"]
    extra = 0


class SignOffInline(ReadOnlyMixin, admin.TabularInline):
    model = SignOff
    fields = ["slot", "round", "signer_name", "decision", "comment", "flags", "signed_at"]
    extra = 0


class ReviewAnswerInline(ReadOnlyMixin, admin.TabularInline):
    model = ReviewAnswer
    fields = ["round", "author_name", "comment", "answered_at"]
    extra = 0


@admin.register(GateReview)
class GateReviewAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "phase", "attempt", "status", "requested_by", "requested_at", "decided_at"]
    list_filter = ["status", "phase", "risk_tier"]
    search_fields = ["initiative__key", "initiative__title"]
    raw_id_fields = ["initiative", "requested_by", "decided_by", "roi_version"]
    inlines = [SlotInline, SignOffInline, ReviewAnswerInline]


@admin.register(ReviewSlot)
class ReviewSlotAdmin(ReadOnlyAdmin):
    list_display = ["review", "role", "ordinal", "active"]
    list_filter = ["role", "active"]
    search_fields = ["review__initiative__key"]
    raw_id_fields = ["review"]


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    list_display = ["review", "slot", "round", "signer_name", "decision", "signed_at"]
    list_filter = ["decision"]
    search_fields = ["review__initiative__key", "signer_name"]
    raw_id_fields = ["review", "slot", "signer"]


@admin.register(ComplianceReview)
class ComplianceReviewAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "due_on", "risk_tier", "assignee", "status", "outcome", "completed_at"]
    list_filter = ["status", "outcome", "risk_tier"]
    search_fields = ["initiative__key", "initiative__title"]
    raw_id_fields = ["initiative", "assignee", "completed_by"]


@admin.register(ComplianceQuestionnaire)
class ComplianceQuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["risk_tier", "version", "is_current", "created_by", "created_at"]
    list_filter = ["risk_tier", "is_current"]


@admin.register(ComplianceAttachment)
class ComplianceAttachmentAdmin(InitiativeRecordAdmin):
    list_display = ["review", "file_name", "size", "sha256", "created_by", "created_at"]
    search_fields = ["sha256", "initiative__key"]
    raw_id_fields = ["initiative", "review", "created_by"]


@admin.register(ComplianceFinding)
class ComplianceFindingAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "raised_in", "status", "closed_in", "created_at"]
    list_filter = ["status"]
    search_fields = ["initiative__key", "text"]
    raw_id_fields = ["initiative", "raised_in", "closed_in", "created_by", "closed_by"]


@admin.register(ComplianceActionItem)
class ComplianceActionItemAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "title", "owner", "due_on", "status", "done_at"]
    list_filter = ["status"]
    search_fields = ["initiative__key", "title"]
    raw_id_fields = ["initiative", "review", "finding", "owner", "created_by", "done_by"]


@admin.register(SignoffMatrixEntry)
class SignoffMatrixEntryAdmin(ReadOnlyAdmin):
    list_display = ["phase", "role", "order"]
    list_filter = ["phase"]


@admin.register(RiskTierChange)
class RiskTierChangeAdmin(InitiativeRecordAdmin):
    list_display = ["initiative", "from_tier", "to_tier", "status", "proposed_by", "proposed_at", "decided_by"]
    list_filter = ["status", "to_tier"]
    raw_id_fields = ["initiative", "proposed_by", "decided_by"]


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(ReadOnlyAdmin):
    list_display = ["kind", "enabled", "steps", "repeat_every_days", "version", "updated_by", "updated_at"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    # Support staff look here for emails that failed (status and last error) and why someone was told something.
    list_display = ["created_at", "recipient", "kind", "subject", "status", "attempts", "emailed_at", "read_at"]
    list_filter = ["status", "kind"]
    search_fields = ["recipient__username", "recipient__email", "dedupe_key", "initiative__key"]
    raw_id_fields = ["recipient", "initiative"]
    ordering = ["-created_at", "-id"]
