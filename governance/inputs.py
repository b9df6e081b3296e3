"""The inputs of the governance services, each defined once from the model fields (``core.inputs``): the pages'
forms and the API's request serializers are built from these, and the services check what they are given with
them."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from adoption.choices import FailureMode, RiskTier, Role
from adoption.models import BusinessUnit, Initiative
from core.inputs import TEXT_LIMIT, ServiceInput, model_field
from governance.choices import ComplianceOutcome, Decision
from governance.locale import time_zone_names
from governance.models import (
    ApiToken,
    ClaimRoleRule,
    ComplianceActionItem,
    ComplianceAttachment,
    ComplianceFinding,
    ComplianceQuestionnaire,
    ComplianceReview,
    DateStyle,
    Delegation,
    GateReview,
    ReviewAnswer,
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

    flags = forms.JSONField(
        label=_("Criteria that need change"),
        required=False,
        help_text=_("With “request changes”: the criteria to change, each with a note."),
    )

    def check(self, cleaned):
        if cleaned.get("decision") not in (None, Decision.APPROVE) and not cleaned.get("comment"):
            self.add_error("comment", _("A comment is required to reject or request changes."))
        flags = cleaned.get("flags") or []
        problem = flags_problem(flags)
        if problem:
            self.add_error("flags", problem)
        elif flags and cleaned.get("decision") != Decision.REQUEST_CHANGES:
            self.add_error("flags", _("Criteria are flagged only when requesting changes."))
        cleaned["flags"] = (
            [{"criterion": str(flag["criterion"]), "note": str(flag["note"]).strip()} for flag in flags]
            if not problem
            else []
        )


# At most this many criteria flagged in one sign-off (a phase has about ten).
FLAGS_LIMIT = 50


def flags_problem(flags) -> str:
    """Why ``flags`` (criteria flagged as needing change) cannot be taken, or "": a list of at most ``FLAGS_LIMIT``
    objects, each naming a different criterion (its code) with a note of at most ``TEXT_LIMIT`` characters."""
    if not isinstance(flags, list) or len(flags) > FLAGS_LIMIT:
        return str(_("Send a list of at most %(n)d criteria, each with a note.") % {"n": FLAGS_LIMIT})
    codes = set()
    for flag in flags:
        if (
            not isinstance(flag, dict)
            or set(flag) - {"criterion", "note"}
            or not isinstance(flag.get("criterion"), str)
        ):
            return str(_("Each flagged criterion is an object with “criterion” (its code) and “note”."))
        note = flag.get("note")
        if not isinstance(note, str) or not note.strip():
            return str(_("Say what must change on each flagged criterion."))
        if len(note) > TEXT_LIMIT:
            return str(_("A note is at most %(n)d characters.") % {"n": TEXT_LIMIT})
        if flag["criterion"] in codes:
            return str(_("A criterion is flagged once."))
        codes.add(flag["criterion"])
    return ""


class AnswerInput(ServiceInput):
    """The owner's answer to requested changes."""

    refused = _("The answer was not recorded.")
    comment = model_field(
        ReviewAnswer,
        "comment",
        label=_("Your answer to the signers"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you changed, for the signers to read before they sign again."),
    )


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
        ComplianceReview,
        "findings",
        label=_("Summary of the review"),
        required=True,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class QuestionnaireReviseInput(ServiceInput):
    """What goes with a new version of a questionnaire besides its questions (checked by
    ``governance.questionnaire.clean_questions``)."""

    refused = _("The questionnaire was not saved.")
    risk_tier = model_field(ComplianceQuestionnaire, "risk_tier", label=_("Risk tier"))
    note = model_field(
        ComplianceQuestionnaire, "note", label=_("What changed"), required=False, widget=forms.Textarea(ROWS)
    )


class AttachmentInput(ServiceInput):
    refused = _("The file was not attached.")
    description = model_field(
        ComplianceAttachment,
        "description",
        label=_("Description (optional)"),
        required=False,
        widget=forms.Textarea(ROWS),
    )


class FindingInput(ServiceInput):
    refused = _("The finding was not recorded.")
    text = model_field(ComplianceFinding, "text", label=_("Finding"), widget=forms.Textarea(ROWS))


class FindingCloseInput(ServiceInput):
    refused = _("The finding was not closed.")
    note = model_field(
        ComplianceFinding, "closing_note", label=_("How it was resolved"), required=True, widget=forms.Textarea(ROWS)
    )


class ActionItemInput(ServiceInput):
    refused = _("The action item was not recorded.")
    title = model_field(ComplianceActionItem, "title", label=_("Action"))
    due_on = model_field(
        ComplianceActionItem, "due_on", label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ActionItemDoneInput(ServiceInput):
    refused = _("The action item was not closed.")
    note = model_field(
        ComplianceActionItem, "done_note", label=_("Note (optional)"), required=False, widget=forms.Textarea(ROWS)
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


def _codes(choices) -> str:
    return ", ".join(code for code, _label in choices)


class LocaleInput(ServiceInput):
    """A person's own language, time zone (an IANA name; empty for the deployment's) and date style."""

    refused = _("Your preferences were not changed.")
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        required=False,
        error_messages={
            "invalid_choice": lazy(
                lambda: _("Choose one of: %(codes)s.") % {"codes": _codes(settings.LANGUAGES)}, str
            )()
        },
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=lambda: (
            [("", _("The organisation's (%(zone)s)") % {"zone": settings.TIME_ZONE})]
            + [(name, name) for name in time_zone_names()]
        ),
        required=False,
        help_text=_("Times are shown in this zone, with its offset from UTC."),
        error_messages={"invalid_choice": _("Choose a time zone such as Asia/Taipei, Asia/Shanghai or Europe/Berlin.")},
    )
    date_style = forms.ChoiceField(
        label=_("Dates"),
        choices=DateStyle.choices,
        required=False,
        error_messages={
            "invalid_choice": lazy(lambda: _("Choose one of: %(codes)s.") % {"codes": _codes(DateStyle.choices)}, str)()
        },
    )


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


class DelegationInput(ServiceInput):
    """A delegation of signing: which of one's signing assignments, to whom (a login name), from when to when."""

    refused = _("The delegation was not recorded.")
    assignment = forms.IntegerField(label=_("Signing role to delegate"), min_value=1, max_value=2**31 - 1)
    delegate = forms.CharField(
        label=_("Delegate (login name)"), max_length=150, help_text=_("Someone who holds a role in the same scope.")
    )
    starts_on = model_field(Delegation, "starts_on", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = model_field(Delegation, "ends_on", widget=forms.DateInput(attrs={"type": "date"}))
    reason = model_field(Delegation, "reason", label=_("Reason (optional)"), required=False)

    def check(self, cleaned):
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day cannot be before the first."))
