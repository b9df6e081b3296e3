"""A second factor for local accounts: a time-based code from an authenticator app (django-otp's TOTP device).

Once a person has confirmed a device, every entrance that checks their password — the sign-in page, the admin's
sign-in, the API token endpoint and the fresh sign-in before signing — also wants the current code
(``code_refusal()``, the one rule). A session signed in with it records the method ``password+totp``.
``require_second_factor()`` is the rule for the compliance slot of a high-risk gate when
TOTP_REQUIRED_FOR_HIGH_RISK is on.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from adoption.choices import RiskTier, Role
from core.exceptions import FreshSignInRequired

WITH_CODE = "password+totp"
# Sign-ins that count as two factors: a password with a code, or the organisation's identity provider.
STRONG_METHODS = {WITH_CODE, "oidc"}


def device_of(user) -> TOTPDevice | None:
    """The person's confirmed authenticator, if any."""
    if user is None or not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def check_code(device: TOTPDevice, code) -> str | None:
    """Why ``code`` does not verify against ``device``, or None when it does (django-otp throttles guessing and
    refuses a code used once already)."""
    text = str(code or "").replace(" ", "").strip()
    if not text:
        return _("Enter the code from your authenticator app.")
    allowed, _extra = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes: wait a little, then try again.")
    if not (text.isdigit() and len(text) == device.digits and device.verify_token(text)):
        return _("That code is not right; a code lasts 30 seconds.")
    return None


def code_refusal(user, code) -> str | None:
    """The rule at every password entrance: None when the person has no authenticator or the code verifies."""
    device = device_of(user)
    return None if device is None else check_code(device, code)


def require_second_factor(auth, *, review, slot) -> None:
    """With TOTP_REQUIRED_FOR_HIGH_RISK, the compliance slot of a high-risk gate is signed only after a sign-in with
    two factors (None: a caller without a person at a keyboard, as for the fresh sign-in rule)."""
    if not settings.TOTP_REQUIRED_FOR_HIGH_RISK or auth is None:
        return
    if review.risk_tier == RiskTier.HIGH and slot.role == Role.COMPLIANCE_OFFICER and auth.method not in STRONG_METHODS:
        raise FreshSignInRequired(
            _("Sign in again with your authenticator code: the compliance slot of a high-risk gate needs two factors.")
        )


class _WithCode:
    """A sign-in form that also wants the authenticator code of a person who has one."""

    code_field = forms.CharField(
        label=gettext_lazy("Authenticator code"),
        required=False,
        max_length=10,
        help_text=gettext_lazy("Only if you have set up an authenticator app."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = self.code_field

    def clean(self):
        cleaned = super().clean()
        user = self.get_user()
        refusal = code_refusal(user, cleaned.get("code"))
        if refusal:
            raise forms.ValidationError(refusal, code="second_factor")
        if user is not None and device_of(user) is not None:
            user.signed_in_with_code = True
        return cleaned


class SignInForm(_WithCode, AuthenticationForm):
    pass


class AdminSignInForm(_WithCode, AdminAuthenticationForm):
    pass
