"""A person's own authenticator app: set up (shown once as a QR code and a key, confirmed with a first code) and
removed (with a current code). Each change is audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.db import lock_one
from core.exceptions import InvalidInput, Refused
from governance.audit import audit_record
from governance.twofactor import check_code, device_of


def totp_start(*, actor) -> TOTPDevice:
    """A new authenticator for ``actor``, not in force until confirmed with a code (one not yet confirmed is
    replaced)."""
    with transaction.atomic():
        if device_of(actor) is not None:
            raise Refused(_("You already use an authenticator; remove it before setting up another."))
        TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
        return TOTPDevice.objects.create(user=actor, name="authenticator", confirmed=False)


def _checked(device: TOTPDevice, code, refused: str) -> None:
    problem = check_code(device, code)
    if problem:
        raise InvalidInput(refused, fields={"code": [problem]})


def totp_confirm(*, actor, code) -> TOTPDevice:
    """Put the new authenticator in force: from now on every password sign-in wants its code."""
    with transaction.atomic():
        device = lock_one(TOTPDevice.objects.filter(user=actor, confirmed=False), _("Set up an authenticator first."))
        _checked(device, code, _("The authenticator was not set up."))
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(actor=actor, verb="twofactor.enabled", target=device, after={"user": actor.pk})
    return device


def totp_remove(*, actor, code) -> None:
    """Stop using the authenticator, proven with one of its codes."""
    with transaction.atomic():
        device = lock_one(TOTPDevice.objects.filter(user=actor, confirmed=True), _("You use no authenticator."))
        _checked(device, code, _("The authenticator was not removed."))
        audit_record(actor=actor, verb="twofactor.removed", target=device, before={"user": actor.pk})
        device.delete()
