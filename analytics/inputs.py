"""The inputs of the analytics write services, built from the model fields (``core.inputs``): the page forms and
the API's request serializers are the same classes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from analytics.models import KillRule, VendorScenario
from core.inputs import ServiceInput, model_field


class KillRuleInput(ServiceInput):
    """A kill rule's N and whether it is switched on."""

    refused = _("The kill rule was not changed.")
    parameter = model_field(KillRule, "parameter", label=_("N"))
    enabled = forms.BooleanField(label=_("Switched on"), required=False)


class VendorScenarioInput(ServiceInput):
    """A vendor-shock scenario to save."""

    refused = _("The scenario was not saved.")
    name = model_field(VendorScenario, "name", label=_("Name of the scenario"))
    kind = model_field(VendorScenario, "kind", label=_("What happens"))
    target_type = model_field(VendorScenario, "target_type", label=_("To a"))
    target = model_field(VendorScenario, "target", label=_("Vendor or model (as recorded on the chosen option)"))
    percent = model_field(
        VendorScenario,
        "percent",
        label=_("Percent"),
        # xgettext:no-python-format
        help_text=_("A price change: +35 for 35% dearer, −20 for cheaper. Disappears: the share of a year lost."),
    )

    def check(self, cleaned):
        percent = cleaned.get("percent")
        if cleaned.get("kind") == "disappears" and percent is not None and not (0 < percent <= 100):
            # xgettext:no-python-format
            self.add_error("percent", _("A vendor or model that disappears is lost for 1 to 100% of a year."))
