"""The CoE lifts a sign-in lockout (audited): the failures counted against a username, or against an address."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import transaction
from django.utils.translation import gettext as _

from adoption.choices import Role
from core.exceptions import Forbidden, InvalidInput, NotFound
from governance import access
from governance.audit import audit_record


def signin_unlock(*, actor, username: str = "", address: str = "") -> int:
    """Clear the failed sign-ins counted against ``username`` (from every address) or from ``address`` (for every
    username); returns how many attempt records were cleared."""
    if not access.holds_global_role(user=actor, role=Role.COE_ADMIN):
        raise Forbidden(_("Only the CoE unlocks sign-ins."))
    username, address = username.strip()[:150], address.strip()[:45]
    if bool(username) == bool(address):
        raise InvalidInput(
            _("Nothing was unlocked."),
            fields={"username": [_("Name a username or an address, not both.")]},
        )
    if address:
        try:
            validate_ipv46_address(address)
        except ValidationError:
            raise InvalidInput(
                _("Nothing was unlocked."), fields={"address": [_("Enter a valid IPv4 or IPv6 address.")]}
            ) from None
    with transaction.atomic():
        attempts = AccessAttempt.objects.select_for_update()
        attempts = attempts.filter(username=username) if username else attempts.filter(ip_address=address)
        found = list(attempts.order_by("pk"))
        if not found:
            raise NotFound(_("No failed sign-ins are counted against this username or address."))
        audit_record(
            actor=actor,
            verb="signin.unlocked",
            target=found[0],
            after={"username": username, "address": address, "attempts": sum(a.failures_since_start for a in found)},
        )
        AccessAttempt.objects.filter(pk__in=[a.pk for a in found]).delete()
    return len(found)
