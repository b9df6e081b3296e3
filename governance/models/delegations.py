"""Delegation of signing: a signer lends one signing role they hold to a named person for a fixed period."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from adoption.choices import Role
from adoption.models import BusinessUnit, Initiative
from adoption.models.fields import person_field
from core.inputs import TEXT_LIMIT
from governance.choices import Scope
from governance.models.roles import RoleAssignment

# The longest a delegation may last, first day and last day included (a bank's leave cover, not a standing grant).
DELEGATION_MAX_DAYS = 90


class Delegation(models.Model):
    """The delegate may sign the slots of ``role`` "on behalf of" the delegator, in the scope of the delegator's
    assignment (``assignment``: the role and scope are copied from it), from ``starts_on`` to ``ends_on``
    (inclusive, the deployment's local dates). It ends by itself after ``ends_on``, when the delegator's
    assignment ends, or when revoked (by the delegator or the CoE). Rows are never deleted."""

    delegator = person_field(related_name="delegations_given")
    delegate = person_field(related_name="delegations_received")
    assignment = models.ForeignKey(RoleAssignment, on_delete=models.PROTECT, related_name="delegations")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices)
    business_unit = models.ForeignKey(BusinessUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=TEXT_LIMIT, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = person_field(optional=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(condition=~Q(delegate=models.F("delegator")), name="delegation_not_self"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_period"),
            models.CheckConstraint(
                condition=(
                    Q(scope="global", business_unit__isnull=True, initiative__isnull=True)
                    | Q(scope="business_unit", business_unit__isnull=False, initiative__isnull=True)
                    | Q(scope="initiative", business_unit__isnull=True, initiative__isnull=False)
                ),
                name="delegation_scope_target",
            ),
        ]
        indexes = [models.Index(fields=["delegate", "role"], name="delegation_delegate_role")]

    def __str__(self) -> str:
        return f"{self.delegator_id}→{self.delegate_id} {self.role} {self.starts_on}..{self.ends_on}"

    @property
    def scope_label(self) -> str:
        if self.scope == Scope.BUSINESS_UNIT:
            return str(self.business_unit)
        if self.scope == Scope.INITIATIVE:
            return self.initiative.key
        return str(_("Global"))

    @property
    def state(self) -> str:
        """revoked, ended, upcoming or in_force (today, in the deployment's zone)."""
        today = timezone.localdate()
        if self.revoked_at is not None:
            return "revoked"
        if self.ends_on < today:
            return "ended"
        if self.starts_on > today:
            return "upcoming"
        return "in_force"
