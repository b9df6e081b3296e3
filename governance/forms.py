"""Forms of the governance pages: lifecycle actions, risk-tier changes, sign-offs, compliance reviews, audit filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from adoption.choices import Role
from adoption.forms import DateInput, PersonChoiceField
from governance import inputs

# The pages' forms of the services' inputs (governance.inputs): one definition each.
HoldForm = inputs.HoldInput
RetireForm = inputs.RetireInput
ResumeForm = inputs.ResumeInput
StopForm = inputs.StopInput
VoidForm = inputs.VoidInput
MergeForm = inputs.MergeInput
WithdrawForm = inputs.WithdrawInput
RiskProposeForm = inputs.RiskProposeInput
RiskDecideForm = inputs.RiskDecideInput
ComplianceCompleteForm = inputs.ComplianceCompleteInput


class RequestReviewForm(forms.Form):
    """Nothing to fill in: the gate decides. The form exists for CSRF and confirmation."""


class SignForm(inputs.SignInput):
    """The sign-off's input, with the slot to sign (hidden when the signer may sign only one)."""

    slot = forms.ChoiceField(label=_("Slot"))
    field_order = ["slot", "decision", "comment"]

    def __init__(self, *args, slots: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = slots
        if len(slots) == 1:
            self.fields["slot"].initial = slots[0][0]
            self.fields["slot"].widget = forms.HiddenInput()


class AnswerForm(inputs.AnswerInput):
    """The owner's answer to requested changes."""


VERB_GROUPS = [
    ("", _("Any event")),
    ("initiative.", _("Initiatives")),
    ("criterion.", _("Gate criteria")),
    ("gate_review.", _("Gate reviews")),
    ("signoff.", _("Sign-offs")),
    ("risk_tier.", _("Risk tiers")),
    ("compliance_review.", _("Compliance reviews")),
    ("roi.", _("ROI ledger")),
    ("model_option.", _("Model selection")),
    ("role.", _("Roles")),
]


class AuditFilterForm(forms.Form):
    initiative = forms.CharField(label=_("Initiative key"), required=False, max_length=20)
    verb = forms.ChoiceField(label=_("Event"), required=False, choices=VERB_GROUPS)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput)
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput)


class ComplianceFilterForm(forms.Form):
    VIEWS = [
        ("mine", _("Assigned to me")),
        ("due", _("Due within 30 days")),
        ("overdue", _("Overdue")),
        ("open", _("All open")),
        ("completed", _("Completed")),
    ]
    view = forms.ChoiceField(label=_("Show"), choices=VIEWS, required=False)


class RoleFilterForm(forms.Form):
    person = forms.CharField(label=_("Person"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False)
    business_unit = forms.ModelChoiceField(label=_("Business unit"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("Any role")), *Role.choices]
        self.fields["business_unit"].queryset = units
        self.fields["business_unit"].empty_label = _("Any unit")


class RoleGrantForm(forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    business_unit = forms.ModelChoiceField(label=_("Business unit (and its sub-units)"), queryset=None, required=False)
    initiative = forms.CharField(label=_("or one initiative (key)"), required=False, max_length=20)
    expires_on = forms.DateField(label=_("Expires on (optional)"), required=False, widget=DateInput)

    def __init__(self, *args, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people
        self.fields["business_unit"].queryset = units
        self.fields["business_unit"].empty_label = _("The whole organisation")


# --- What a compliance review holds -----------------------------------------------------------------------------


class AnswersForm(forms.Form):
    """The questionnaire of a review, one field per question (``q_<code>``), in the reader's language."""

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from governance.choices import AnswerType
        from governance.questionnaire import NO, YES

        for question in questions:
            label = question.text + ("" if question.required else " " + str(_("(optional)")))
            initial = question.answer or ""
            if question.answer_type == AnswerType.TEXT:
                field = forms.CharField(
                    label=label, required=False, max_length=5000, widget=forms.Textarea({"rows": 2}), initial=initial
                )
            else:
                choices = (
                    [(YES, _("Yes")), (NO, _("No"))] if question.answer_type == AnswerType.YES_NO else question.choices
                )
                field = forms.ChoiceField(
                    label=label, required=False, choices=choices, widget=forms.RadioSelect, initial=initial
                )
            self.fields[f"q_{question.code}"] = field

    def answers(self) -> dict[str, str]:
        return {name.removeprefix("q_"): value for name, value in self.cleaned_data.items()}


class AttachmentForm(inputs.AttachmentInput):
    file = forms.FileField(label=_("File"), max_length=255)


FindingForm = inputs.FindingInput
FindingCloseForm = inputs.FindingCloseInput
ActionItemDoneForm = inputs.ActionItemDoneInput


class ActionItemForm(inputs.ActionItemInput):
    owner = PersonChoiceField(label=_("Owner"), queryset=None)
    finding = forms.TypedChoiceField(label=_("Answers the finding"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, people=None, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people
        self.fields["finding"].choices = [("", "—"), *((f.pk, f.text[:80]) for f in findings)]


class QuestionnaireForm(inputs.QuestionnaireReviseInput):
    questions = forms.JSONField(
        label=_("Questions (JSON)"),
        widget=forms.Textarea({"rows": 18, "spellcheck": "false", "class": "mono"}),
        help_text=_(
            'A list of questions: code, answer_type (yes_no, text or choice), required, text in "en", "zh-hant" '
            'and "zh-hans", and for a choice question its choices (code and text).'
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk_tier"].widget = forms.HiddenInput()
