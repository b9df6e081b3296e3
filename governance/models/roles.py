"""Role assignments (who holds which role in which scope) and the guardian object-permission rows they grant."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase

from adoption.choices import Role
from adoption.models import BusinessUnit, Initiative
from adoption.models.fields import person_field
from governance.choices import AssignmentSource, GrantRequestStatus, Scope
from governance.permissions import GRANT_REQUEST_DAYS


class RoleAssignment(models.Model):
    """A person holds a role globally, in a business unit (and its sub-units) or on one initiative."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=AssignmentSource.choices, default=AssignmentSource.MANUAL)
    granted_by = person_field(optional=True)
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = person_field(optional=True)
    revoke_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(scope="global", business_unit__isnull=True, initiative__isnull=True)
                    | models.Q(scope="business_unit", business_unit__isnull=False, initiative__isnull=True)
                    | models.Q(scope="initiative", business_unit__isnull=True, initiative__isnull=False)
                ),
                name="assignment_scope_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(granted_by=models.F("user")), name="assignment_not_self_granted"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope", "business_unit", "initiative"],
                condition=models.Q(revoked_at__isnull=True),
                nulls_distinct=False,
                name="assignment_one_active",
            ),
        ]
        indexes = [models.Index(fields=["role", "scope"], name="assignment_role_scope")]

    def __str__(self) -> str:
        return f"{self.user} {self.role} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        if self.scope == Scope.BUSINESS_UNIT:
            return str(self.business_unit)
        if self.scope == Scope.INITIATIVE:
            return self.initiative.key
        return str(_("Global"))


class RoleGrantRequest(models.Model):
    """A CoE member's grant of a global privileged role, waiting for a second CoE member (four eyes)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    requested_by = person_field()
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=GrantRequestStatus.choices, default=GrantRequestStatus.PENDING)
    decided_by = person_field(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    assignment = models.OneToOneField(
        RoleAssignment, null=True, blank=True, on_delete=models.PROTECT, related_name="grant_request"
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("role grant request")
        verbose_name_plural = _("role grant requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(status="pending"), name="grant_request_one_pending"
            ),
            models.CheckConstraint(condition=~models.Q(requested_by=models.F("user")), name="grant_request_not_self"),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("requested_by")) & ~models.Q(decided_by=models.F("user")),
                name="grant_request_second_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} ({self.status})"

    @property
    def lapses_at(self):
        return self.requested_at + datetime.timedelta(days=GRANT_REQUEST_DAYS)

    @property
    def lapsed(self) -> bool:
        return self.status == GrantRequestStatus.PENDING and self.lapses_at <= timezone.now()


class InitiativeUserObjectPermission(UserObjectPermissionBase):
    """Permissions a user holds on one initiative (django-guardian direct foreign key), granted by an assignment."""

    content_object = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="user_permissions")
    assignment = models.ForeignKey(RoleAssignment, on_delete=models.CASCADE, related_name="initiative_grants")

    class Meta(UserObjectPermissionBase.Meta):
        unique_together = [("user", "permission", "content_object", "assignment")]
        indexes = [models.Index(fields=["user", "content_object"], name="initiative_perm_user_obj")]


class BusinessUnitUserObjectPermission(UserObjectPermissionBase):
    """Initiative permissions a user holds on every initiative of a business unit and its sub-units.

    One row per permission per unit, never one per initiative, so a unit of 10,000 initiatives costs the same.
    """

    content_object = models.ForeignKey(BusinessUnit, on_delete=models.CASCADE, related_name="user_permissions")
    assignment = models.ForeignKey(RoleAssignment, on_delete=models.CASCADE, related_name="unit_grants")

    class Meta(UserObjectPermissionBase.Meta):
        unique_together = [("user", "permission", "content_object", "assignment")]
        indexes = [models.Index(fields=["user", "content_object"], name="unit_perm_user_obj")]
