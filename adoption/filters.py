"""The portfolio board's filters: business unit, risk tier, owner, overdue, failure mode and words in the title."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from adoption.choices import FailureMode, RiskTier
from adoption.models import Tag
from adoption.selectors.people import owners_named
from adoption.selectors.units import units_named

OWNER_CHOICES_ID = "owner-choices"
UNIT_CHOICES_ID = "unit-choices"
# The portfolio table's sortable columns (``governance.selectors.board.TABLE_SORTS`` says how each sorts); "-" in
# front sorts the other way.
SORT_NAMES = ("key", "title", "phase", "unit", "owner", "deadline", "risk", "net_value")
# What a saved view may hold: the filters below and the table's sort.
VIEW_KEYS = ("q", "business_unit", "risk_tier", "owner", "failure_mode", "overdue", "sort", "tag")


def type_ahead(choices_id: str, suggestions: str, *, placeholder) -> forms.TextInput:
    """A text input whose suggestions (a datalist, ``choices_id``) the server fills as one types (``suggestions``,
    a URL name answering with the options)."""
    return forms.TextInput(
        attrs={
            "list": choices_id,
            "autocomplete": "off",
            "placeholder": placeholder,
            "hx-get": reverse_lazy(suggestions),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": f"#{choices_id}",
            "hx-swap": "innerHTML",
            "hx-push-url": "false",
        }
    )


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Key or title"), required=False, max_length=200)
    # A unit typed (its code or name) with suggestions, like the owner: a list of every unit would be hundreds of
    # options on every page. The unit found is the unit and its sub-units.
    business_unit = forms.CharField(
        label=_("Business unit"),
        required=False,
        max_length=200,
        widget=type_ahead(UNIT_CHOICES_ID, "governance:board_units", placeholder=_("All units")),
    )
    risk_tier = forms.ChoiceField(label=_("Risk tier"), required=False)
    # A name typed with suggestions (a datalist the server fills as one types), not a list of every owner: that
    # list grows with the portfolio (thousands of people at 100,000 initiatives). The name pages show ("Olivia")
    # and the login name both find the owner (``adoption.selectors.people.people_named``).
    owner = forms.CharField(
        label=_("Owner"),
        required=False,
        max_length=150,
        widget=type_ahead(OWNER_CHOICES_ID, "governance:board_owners", placeholder=_("Anyone")),
    )
    failure_mode = forms.ChoiceField(label=_("Failure mode"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    tag = forms.ModelChoiceField(
        label=_("Programme or cohort"), queryset=Tag.objects.all(), required=False, to_field_name="code"
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("", "")] + [(f"{sign}{name}", f"{sign}{name}") for name in SORT_NAMES for sign in ("", "-")],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["risk_tier"].choices = [("", _("Any tier")), *RiskTier.choices]
        self.fields["failure_mode"].choices = [("", _("Any")), *FailureMode.choices]
        self.fields["tag"].empty_label = _("Any tag")
        self.fields["tag"].label_from_instance = lambda tag: tag.label()

    def clean_business_unit(self):
        text = " ".join(self.cleaned_data["business_unit"].split())
        if not text:
            return None
        units = units_named(user=self.user, text=text)
        if not units:
            raise forms.ValidationError(_("No business unit you see is called “%(name)s”."), params={"name": text})
        if len(units) > 1:
            raise forms.ValidationError(
                _("Several business units match “%(name)s”: choose one from the suggestions or type its code."),
                params={"name": text},
            )
        unit = units[0]
        if text == str(unit.pk) and text.lower() not in (unit.code.lower(), unit.name.lower()):
            # An id from an older link or saved view: the field shows the unit's code from now on.
            self.data = self.data.copy()
            self.data[self.add_prefix("business_unit")] = unit.code
        return unit

    def clean_owner(self):
        name = " ".join(self.cleaned_data["owner"].split())
        if not name:
            return None
        owners = owners_named(user=self.user, text=name)
        if not owners:
            raise forms.ValidationError(
                _("Nobody called “%(name)s” owns an initiative you see."), params={"name": name}
            )
        return owners

    def filters(self) -> dict:
        """Arguments for ``filter_board``; an invalid value is ignored rather than failing the whole board."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "text": data.get("q") or "",
            "business_unit": data.get("business_unit"),
            "risk_tier": data.get("risk_tier") or "",
            "owners": data.get("owner"),
            "failure_mode": data.get("failure_mode") or "",
            "overdue": bool(data.get("overdue")),
            "tag": data.get("tag"),
        }
