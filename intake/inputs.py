"""The inputs of intake's services (``core.inputs.ServiceInput``): the same classes check the page forms, the API's
request bodies and the services' arguments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.inputs import ServiceInput, model_field
from intake import screening
from intake.models import Proposal


class ProposalInput(ServiceInput):
    refused = _("The proposal was not submitted.")
    title = model_field(Proposal, "title", label=_("Title"))
    pain_point = model_field(
        Proposal,
        "pain_point",
        label=_("Pain point"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What hurts today, for whom, and how often."),
    )
    value_driver = model_field(
        Proposal,
        "value_driver",
        label=_("Value driver"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the value would come from: time saved, cost avoided, revenue, risk reduced."),
    )
    data_involved = model_field(
        Proposal, "data_involved", label=_("Data involved"), widget=forms.Textarea(attrs={"rows": 2})
    )
    users = model_field(Proposal, "users", label=_("Who will use it"))
    audience = model_field(Proposal, "audience", label=_("Public or internal"), widget=forms.RadioSelect)


class ProposalPageForm(ProposalInput):
    """The proposal form of the page: the fields of the input, and the business units the person may propose for
    (``intake.rules.proposal_units``, a queryset)."""

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        only = units.first() if units.count() == 1 else None
        self.fields["business_unit"] = forms.ModelChoiceField(
            queryset=units, label=_("Business unit"), initial=only.pk if only else None
        )


class DeclineInput(ServiceInput):
    refused = _("The proposal was not declined.")
    reason = model_field(
        Proposal, "decline_reason", label=_("Reason"), required=True, widget=forms.Textarea(attrs={"rows": 2})
    )


YES_NO_CHOICES = [("yes", screening.YES_NO[0][1]), ("no", screening.YES_NO[1][1])]


class ScreeningForm(forms.Form):
    """The screening as a page asks it: one field per question, and the checklist of prohibited practices.
    ``answers()`` gives what ``intake.screening.clean_answers`` checks."""

    def __init__(self, *args, initial_answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        given = initial_answers or {}
        for question in screening.QUESTIONS:
            if question.kind == screening.BOOL:
                value = given.get(question.code)
                field = forms.ChoiceField(
                    label=question.text,
                    choices=YES_NO_CHOICES,
                    widget=forms.RadioSelect,
                    initial=None if value is None else ("yes" if value else "no"),
                )
            elif question.kind == screening.CHOICE:
                field = forms.ChoiceField(
                    label=question.text,
                    choices=list(question.choices),
                    widget=forms.RadioSelect,
                    initial=given.get(question.code),
                )
            else:
                field = forms.MultipleChoiceField(
                    label=question.text,
                    choices=list(question.choices),
                    widget=forms.CheckboxSelectMultiple,
                    initial=given.get(question.code),
                )
            self.fields[question.code] = field
        self.fields["prohibited_uses"] = forms.MultipleChoiceField(
            label=_("Would it do any of these? (EU AI Act Art. 5 prohibited practices)"),
            choices=screening.PROHIBITED_USES,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=given.get("prohibited_uses"),
        )

    def answers(self) -> dict:
        answers = {}
        for question in screening.QUESTIONS:
            value = self.cleaned_data.get(question.code)
            answers[question.code] = (value == "yes") if question.kind == screening.BOOL else value
        answers["prohibited_uses"] = self.cleaned_data.get("prohibited_uses") or []
        return answers
