"""Page forms of portfolio analytics (the services' inputs, with the page's widgets)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.inputs import KillRuleInput, VendorScenarioInput


class KillRuleForm(KillRuleInput):
    pass


class ShockForm(VendorScenarioInput):
    """A shock to try (the name only matters when the CoE saves it)."""

    name = forms.CharField(label=_("Name (to save it)"), max_length=100, required=False)
