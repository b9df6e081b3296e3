"""The triage forms of the intake pages (the services check the same values again)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from adoption.forms import PersonChoiceField
from adoption.selectors.people import people_for_registration
from intake.selectors import tracks_list
from intake.tracks import track_name


class TrackChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return track_name(obj)


class AcceptForm(forms.Form):
    owner = PersonChoiceField(label=_("Initiative owner"), queryset=None)
    sponsor = PersonChoiceField(label=_("Business sponsor"), queryset=None, required=False)
    track = TrackChoiceField(label=_("Track"), queryset=None, to_field_name="code", empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        people = people_for_registration()
        self.fields["owner"].queryset = people
        self.fields["sponsor"].queryset = people
        self.fields["track"].queryset = tracks_list()


class MergeForm(forms.Form):
    into_initiative = forms.CharField(label=_("Initiative key (e.g. AI-0012)"), max_length=20, required=False)
    into_proposal = forms.IntegerField(label=_("or proposal number"), min_value=1, required=False)
