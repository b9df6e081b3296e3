"""The pages' forms: the applicability questionnaire (one field per question, in the reader's language) and the
compliance lead's draft editor (the regime as JSON, checked by the engine in the service)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from regimes.texts import words

YES, NO = "yes", "no"


class ApplicabilityForm(forms.Form):
    """One field per question (``q_<code>``); a question left blank is not answered."""

    def __init__(self, *args, questions=(), answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.questions = list(questions)
        for question in self.questions:
            code, kind = question["code"], question.get("type")
            label = words(question.get("text")) or code
            help_text = words(question.get("help")) if question.get("help") else ""
            choices = [(c["code"], words(c.get("text")) or c["code"]) for c in question.get("choices") or []]
            value = answers.get(code)
            if kind == "bool":
                field = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[(YES, pgettext_lazy("an answer", "Yes")), (NO, pgettext_lazy("an answer", "No"))],
                    widget=forms.RadioSelect,
                    initial=YES if value is True else NO if value is False else "",
                )
            elif kind == "multi":
                field = forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                    initial=value or [],
                )
            elif kind == "choice":
                field = forms.ChoiceField(
                    label=label, required=False, choices=choices, widget=forms.RadioSelect, initial=value or ""
                )
            else:
                field = forms.CharField(label=label, required=False, max_length=2000, initial=value or "")
            field.help_text = help_text
            self.fields[f"q_{code}"] = field

    def answers(self) -> dict:
        """The answers as the service takes them (booleans for yes/no questions)."""
        kinds = {q["code"]: q.get("type") for q in self.questions}
        found = {}
        for name, value in self.cleaned_data.items():
            code = name.removeprefix("q_")
            if value in ("", [], None):
                continue
            found[code] = (value == YES) if kinds[code] == "bool" else value
        return found


class DraftForm(forms.Form):
    content = forms.JSONField(
        label=_("The regime (JSON)"),
        widget=forms.Textarea({"rows": 24, "spellcheck": "false", "class": "mono"}),
        help_text=_(
            "The regime in the catalogue's format: classes, obligations with their citation, effective date, the "
            "classes they apply to, criteria (phase, kind, waiver role), slots, cadence and incident deadline; "
            'texts in "en", "zh-hant" and "zh-hans".'
        ),
    )
    note = forms.CharField(label=_("What changed"), required=False, max_length=2000)
