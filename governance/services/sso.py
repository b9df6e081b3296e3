"""Single sign-on: a person from the provider's claims (created, linked, updated or deactivated), and the roles the
CoE's claim rules give them. Assignments made by rules carry the source ``claim_rule`` and go when the claim goes;
hand-made grants are never touched."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption.models import BusinessUnit
from core.db import lock_one
from core.exceptions import InvalidInput, Refused
from governance import access, inputs, locale
from governance.audit import audit_record, snapshot
from governance.choices import AssignmentSource, Scope
from governance.models import ClaimRoleRule, ExternalIdentity, RoleAssignment, UserPreference
from governance.permissions import GLOBAL_ONLY_ROLES

User = get_user_model()

# The provider's language tags, as the tracker's languages (zh-TW, zh-Hant-TW → 繁體中文; zh-CN, zh-Hans → 简体中文).
LANGUAGE_TAGS = (
    (re.compile(r"^zh[-_](hant|tw|hk|mo)", re.IGNORECASE), "zh-hant"),
    (re.compile(r"^zh([-_](hans|cn|sg))?$|^zh[-_](hans|cn|sg)", re.IGNORECASE), "zh-hans"),
    (re.compile(r"^en", re.IGNORECASE), "en"),
)


class SignInRefused(Exception):
    """The provider's answer does not let this person in (deactivated, or no usable identity)."""


def claim_values(claims: dict, claim: str) -> set[str]:
    value = claims.get(claim)
    if isinstance(value, str):
        return {value}
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return set()


def language_of(tag: object) -> str | None:
    if not isinstance(tag, str):
        return None
    for pattern, language in LANGUAGE_TAGS:
        if pattern.match(tag.strip()):
            return language
    return None


def _username_for(claims: dict) -> str:
    base = str(claims.get("preferred_username") or str(claims.get("email", "")).split("@")[0] or "user")
    base = re.sub(r"[^\w.@+-]", "", base)[:140] or "user"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


@dataclass(frozen=True)
class SignedIn:
    user: object
    created: bool


def person_from_claims(*, issuer: str, claims: dict) -> SignedIn:
    """The person these verified claims name: linked by (issuer, sub); on a first sign-in linked to the local
    account with the same verified email, or created. Deactivated (and refused) when ``active`` is false."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInRefused("no subject")
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update().select_related("user").filter(issuer=issuer, subject=subject)
        ).first()
        created = False
        if identity is None:
            email = str(claims.get("email") or "")
            user = None
            if email and claims.get("email_verified") is True:
                matches = list(User.objects.filter(email__iexact=email)[:2])
                if len(matches) == 1 and not matches[0].external_identities.filter(issuer=issuer).exists():
                    user = matches[0]
            if user is None:
                if claims.get(settings.OIDC_ACTIVE_CLAIM) is False:
                    raise SignInRefused("inactive")
                user = User.objects.create_user(_username_for(claims), email=email)
                user.set_unusable_password()
                user.save(update_fields=["password"])
                created = True
            identity = ExternalIdentity.objects.create(user=user, issuer=issuer, subject=subject)
            audit_record(
                actor=None,
                verb="sso.linked",
                target=identity,
                after={"user": user.pk, "issuer": issuer, "created": created},
            )
        user = identity.user
        switched_off = claims.get(settings.OIDC_ACTIVE_CLAIM) is False
        if switched_off and user.is_active:
            # Deactivated here too (which revokes their API tokens), and kept so when the sign-in is refused.
            user.is_active = False
            user.save(update_fields=["is_active"])
            audit_record(actor=None, verb="sso.deactivated", target=identity, after={"user": user.pk})
        if user.is_active:
            _update_profile(user, claims)
            identity.last_sign_in_at = timezone.now()
            identity.save(update_fields=["last_sign_in_at"])
            roles_sync(user=user, claims=claims)
    if not user.is_active:
        raise SignInRefused("inactive")
    return SignedIn(user, created)


def _update_profile(user, claims: dict) -> None:
    changed = []
    for field, claim, limit in (("first_name", "given_name", 150), ("last_name", "family_name", 150)):
        value = str(claims.get(claim) or "")[:limit]
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if not user.first_name and not user.last_name and claims.get("name"):
        user.first_name = str(claims["name"])[:150]
        changed.append("first_name")
    email = str(claims.get("email") or "")[:254]
    if email and claims.get("email_verified") is True and user.email != email:
        user.email = email
        changed.append("email")
    if changed:
        user.save(update_fields=changed)
    language = language_of(claims.get("locale"))
    zone = claims.get("zoneinfo")
    # The zones a person may choose on their account page (governance.locale), no other.
    zone = zone if isinstance(zone, str) and locale.zone_of(zone) is not None else None
    if language or zone:
        preference, _created = UserPreference.objects.select_for_update().get_or_create(user=user)
        updates = {"language": language, "time_zone": zone}
        fields = [name for name, value in updates.items() if value and getattr(preference, name) != value]
        for name in fields:
            setattr(preference, name, updates[name])
        if fields:
            preference.save(update_fields=[*fields, "updated_at"])


def roles_sync(*, user, claims: dict) -> None:
    """Make the claim-rule assignments of ``user`` match the claims: add what a rule now gives, revoke (audited)
    what no rule gives any more. Hand-made grants stay as they are."""
    wanted = set()
    for rule in ClaimRoleRule.objects.all():
        if rule.value in claim_values(claims, rule.claim):
            wanted.add((rule.role, rule.business_unit_id))
    held = {
        (assignment.role, assignment.business_unit_id): assignment
        for assignment in access.active_assignments()
        .select_for_update(of=("self",))
        .filter(user=user, source=AssignmentSource.CLAIM_RULE)
    }
    now = timezone.now()
    for key, assignment in held.items():
        if key not in wanted:
            assignment.revoked_at = now
            assignment.revoke_reason = "claim removed"
            assignment.save(update_fields=["revoked_at", "revoke_reason"])
            access.remove_object_permissions(assignment)
            audit_record(actor=None, verb="role.revoked", target=assignment, after={"reason": "claim removed"})
    for role, unit_id in wanted - set(held):
        scope = Scope.BUSINESS_UNIT if unit_id else Scope.GLOBAL
        existing = access.active_assignments().filter(
            user=user, role=role, scope=scope, business_unit_id=unit_id, initiative__isnull=True
        )
        if existing.exists():
            continue  # a hand-made grant already gives it
        try:
            with transaction.atomic():
                assignment = RoleAssignment.objects.create(
                    user=user, role=role, scope=scope, business_unit_id=unit_id, source=AssignmentSource.CLAIM_RULE
                )
        except IntegrityError:
            continue  # granted concurrently
        access.write_object_permissions(assignment)
        audit_record(
            actor=None,
            verb="role.granted",
            target=assignment,
            after={"user": user.pk, "role": role, "scope": scope, "business_unit": unit_id, "source": "claim_rule"},
        )


# --- The CoE's rules ------------------------------------------------------------------------------------------


COE_ONLY = gettext_lazy("Only the CoE manages single sign-on rules.")
# What the audit trail records of a rule.
RULE_FIELDS = ["claim", "value", "role", "business_unit"]


def claim_rule_create(*, actor, value: str, role: str, business_unit: str = "", claim: str = "groups") -> ClaimRoleRule:
    """A new rule turning a claim's value into a role (``business_unit``: the unit's code, empty for the whole
    organisation); it takes effect at each person's next sign-in."""
    access.require_coe(actor, COE_ONLY)
    data = inputs.ClaimRuleInput.clean_input(claim=claim, value=value, role=role, business_unit=business_unit)
    claim, value, role = data["claim"] or "groups", data["value"], data["role"]
    unit = None
    if data["business_unit"]:
        unit = BusinessUnit.objects.filter(code=data["business_unit"]).first()
        if unit is None:
            fields = {"business_unit": [_("No business unit has this code.")]}
            raise InvalidInput(inputs.ClaimRuleInput.refused, fields=fields)
        if role in GLOBAL_ONLY_ROLES:
            fields = {"business_unit": [_("This role is held for the whole organisation only.")]}
            raise InvalidInput(inputs.ClaimRuleInput.refused, fields=fields)
    business_unit = unit
    with transaction.atomic():
        if ClaimRoleRule.objects.filter(claim=claim, value=value, role=role, business_unit=business_unit).exists():
            raise Refused(_("This rule exists already."))
        rule = ClaimRoleRule.objects.create(
            claim=claim, value=value, role=role, business_unit=business_unit, created_by=actor
        )
        audit_record(actor=actor, verb="sso.rule_created", target=rule, after=snapshot(rule, RULE_FIELDS))
    return rule


def claim_rule_delete(*, actor, rule_id: int) -> None:
    """Delete a rule; the assignments it made go at each person's next sign-in."""
    access.require_coe(actor, COE_ONLY)
    with transaction.atomic():
        rule = lock_one(ClaimRoleRule.objects.filter(pk=rule_id), _("No such rule."))
        audit_record(actor=actor, verb="sso.rule_deleted", target=rule, before=snapshot(rule, RULE_FIELDS))
        rule.delete()
