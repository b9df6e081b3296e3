"""Single sign-on: the identity a person has at the OpenID Connect provider, and the CoE's rules that turn the
provider's group claims into role assignments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.choices import Role
from adoption.models import BusinessUnit
from adoption.models.fields import person_field


class ExternalIdentity(models.Model):
    """A person as the provider knows them: its issuer and subject (``sub``), which never change, unlike email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities")
    issuer = models.CharField(max_length=300)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")]

    def __str__(self) -> str:
        return f"{self.subject} @ {self.issuer}"


class ClaimRoleRule(models.Model):
    """Whoever signs in with ``value`` in the claim ``claim`` (e.g. groups = "compliance-retail") holds ``role``,
    globally or in ``business_unit``, for as long as the claim says so."""

    claim = models.CharField(_("claim"), max_length=100, default="groups")
    value = models.CharField(_("value"), max_length=200)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    business_unit = models.ForeignKey(
        BusinessUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("business unit")
    )
    created_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim", "value", "role"]
        verbose_name = _("claim rule")
        verbose_name_plural = _("claim rules")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "value", "role", "business_unit"], nulls_distinct=False, name="claim_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim}={self.value} → {self.role}"
