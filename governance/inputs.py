"""The inputs of the governance services, each defined once from the model fields (``core.inputs``): the pages'
forms and the API's request serializers are built from these, and the services check what they are given with
them."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from adoption.choices import FailureMode, RiskTier, Role
from adoption.models import BusinessUnit, Initiative
from core.inputs import ServiceInput, model_field
from governance.choices import ComplianceOutcome, Decision
from governance.models import (
    ApiToken,
    ClaimRoleRule,
    ComplianceReview,
    GateReview,
    RiskTierChange,
    SignOff,
    WebhookEndpoint,
)
from governance.permissions import FIELD_ROLES
from governance.webhooks import EVENTS

# The longest a token may be made to last, whatever it is asked for.
TOKEN_MAX_DAYS = 366

ROWS = {"rows": 2}


class HoldInput(ServiceInput):
    refused = _("%(key)s was not put on hold.")
    reason = model_field(Initiative, "hold_reason", label=_("Reason"), required=True, widget=forms.Textarea(ROWS))


class VoidInput(ServiceInput):
    """Why an initiative registered by mistake is voided."""

    refused = _("%(key)s was not voided.")
    reason = model_field(
        Initiative, "void_reason", label=_("Why is it voided?"), required=True, widget=forms.Textarea(ROWS)
    )


class MergeInput(ServiceInput):
    """A duplicate merged into the initiative that carries on (its key), and why."""

    refused = _("%(key)s was not merged.")
    into = forms.CharField(
        label=_("Merge into (key)"),
        max_length=20,
        help_text=_("The key of the initiative that carries on, e.g. AI-0012."),
    )
    reason = model_field(
        Initiative, "void_reason", label=_("Why is it merged?"), required=True, widget=forms.Textarea(ROWS)
    )


class ResumeInput(ServiceInput):
    refused = _("%(key)s was not resumed.")
    note = model_field(GateReview, "note", label=_("Note (optional)"), required=False, widget=forms.Textarea(ROWS))


class RetireInput(ServiceInput):
    refused = _("%(key)s was not retired.")
    reason = model_field(Initiative, "stop_reason", label=_("Reason"), required=True, widget=forms.Textarea(ROWS))


class StopInput(ServiceInput):
    """Why an initiative stops: the primary failure mode of the six and any contributing ones, or "not a
    failure" (a change of strategy) with none."""

    refused = _("%(key)s was not stopped.")
    reason = model_field(
        Initiative, "stop_reason", label=_("Why is it stopped?"), required=True, widget=forms.Textarea(ROWS)
    )
    primary_failure_mode = forms.ChoiceField(
        label=_("Primary failure mode"), required=False, choices=[("", _("— choose —")), *FailureMode.choices]
    )
    contributing_modes = forms.MultipleChoiceField(
        label=_("Contributing failure modes"),
        required=False,
        choices=FailureMode.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    not_a_failure = forms.BooleanField(
        label=_("Not a failure (for example a change of strategy)"),
        required=False,
        help_text=_("E.g. a strategy change."),
    )

    def check(self, cleaned):
        primary = cleaned.get("primary_failure_mode", "")
        contributing = list(dict.fromkeys(cleaned.get("contributing_modes") or []))
        if cleaned.get("not_a_failure"):
            if primary or contributing:
                self.add_error("primary_failure_mode", _("A stop that is not a failure has no failure modes."))
        elif not primary and "primary_failure_mode" not in self.errors:
            self.add_error(
                "primary_failure_mode",
                _("Choose the primary failure mode from the six, or mark the stop as not a failure."),
            )
        if primary in contributing:
            contributing.remove(primary)
        cleaned["contributing_modes"] = contributing


class WithdrawInput(ServiceInput):
    refused = _("The review was not withdrawn.")
    reason = model_field(GateReview, "note", label=_("Reason (optional)"), required=False, widget=forms.Textarea(ROWS))


class SignInput(ServiceInput):
    """A decision on one slot; a comment is required to reject or request changes."""

    refused = _("The sign-off was not recorded.")
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    comment = model_field(
        SignOff,
        "comment",
        label=_("Comment (required to reject or request changes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject or request changes."),
    )

    def check(self, cleaned):
        if cleaned.get("decision") not in (None, Decision.APPROVE) and not cleaned.get("comment"):
            self.add_error("comment", _("A comment is required to reject or request changes."))


class RiskProposeInput(ServiceInput):
    refused = _("The risk-tier change was not proposed.")
    to_tier = forms.ChoiceField(
        label=_("New risk tier"),
        choices=[(value, label) for value, label in RiskTier.choices if value != RiskTier.UNASSESSED],
    )
    reason = model_field(RiskTierChange, "reason", label=_("Reason"), widget=forms.Textarea(ROWS))


class RiskDecideInput(ServiceInput):
    """A compliance officer's decision on a proposed risk tier; a note is required to reject."""

    refused = _("The risk-tier change was not decided.")
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm the change")), ("reject", _("Reject the change"))],
        widget=forms.RadioSelect,
    )
    note = model_field(
        RiskTierChange,
        "decision_note",
        label=_("Note (required to reject)"),
        required=False,
        widget=forms.Textarea(ROWS),
        help_text=_("Required to reject."),
    )

    def check(self, cleaned):
        if cleaned.get("decision") == "reject" and not cleaned.get("note"):
            self.add_error("note", _("This field is required."))


class ComplianceCompleteInput(ServiceInput):
    refused = _("The compliance review was not completed.")
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ComplianceOutcome.choices, widget=forms.RadioSelect)
    findings = model_field(
        ComplianceReview, "findings", label=_("Findings"), required=True, widget=forms.Textarea(attrs={"rows": 5})
    )


class TokenInput(ServiceInput):
    """A new API token: a name to recognise it by, how long it lasts, and whether it may only read."""

    refused = _("The token was not created.")
    name = model_field(ApiToken, "name", label=_("Name"), help_text=_("E.g. the script or laptop that uses it."))
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=TOKEN_MAX_DAYS,
        required=False,
        help_text=_("Leave empty for the default."),
    )
    read_only = forms.BooleanField(label=_("Read only"), required=False)


def unit_code(help_text: str) -> forms.Field:
    """A business unit named by its code (optional: empty means the whole organisation)."""
    return model_field(BusinessUnit, "code", label=_("Business unit code"), required=False, help_text=help_text)


class ClaimRuleInput(ServiceInput):
    """A single sign-on rule: whoever signs in with ``value`` in the claim ``claim`` holds ``role``, in the unit whose
    code is ``business_unit`` (and its sub-units) or, left empty, for the whole organisation."""

    refused = _("The rule was not saved.")
    claim = model_field(
        ClaimRoleRule,
        "claim",
        label=_("Claim"),
        initial="groups",
        required=False,
        help_text=_("The ID token's claim, e.g. groups."),
    )
    value = model_field(ClaimRoleRule, "value", label=_("Value"), help_text=_("E.g. ai-coe or compliance-retail."))
    role = forms.ChoiceField(
        label=_("Role"), choices=[(value, label) for value, label in Role.choices if value not in FIELD_ROLES]
    )
    business_unit = unit_code(_("Leave empty for the whole organisation."))


class WebhookEndpointInput(ServiceInput):
    """An outbound webhook: where it goes, in which format, which events about which unit's initiatives."""

    refused = _("The webhook was not saved.")
    name = model_field(WebhookEndpoint, "name", label=_("Name"))
    format = model_field(WebhookEndpoint, "format", label=_("Format"))
    url = model_field(
        WebhookEndpoint,
        "url",
        label=_("Address"),
        required=False,
        assume_scheme="https",
        help_text=_("The receiver's https address (LINE: leave empty)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=list(EVENTS.items()), widget=forms.CheckboxSelectMultiple
    )
    business_unit = unit_code(_("Only initiatives of this unit and its sub-units; leave empty for all."))
    language = model_field(WebhookEndpoint, "language", label=_("Language of chat cards"), required=False)
    recipient = model_field(WebhookEndpoint, "recipient", label=_("LINE recipient"), required=False)
    secret = model_field(
        WebhookEndpoint,
        "secret",
        label=_("Platform secret or token"),
        required=False,
        widget=forms.PasswordInput,
        help_text=_("DingTalk and Feishu: the robot's signing secret; LINE: the channel access token."),
    )
