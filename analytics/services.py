"""Writes of portfolio analytics: the CoE edits the kill rules and saves or deletes vendor-shock scenarios. Each
change is audited. Running a scenario writes nothing (``analytics.selectors.vendors``)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from analytics.inputs import KillRuleInput, VendorScenarioInput
from analytics.models import KillRule, VendorScenario
from core.db import lock_one
from core.exceptions import Refused
from governance import access
from governance.audit import audit_record, snapshot

RULE_FIELDS = ["kind", "parameter", "enabled"]
SCENARIO_FIELDS = ["name", "kind", "target_type", "target", "percent"]


def kill_rule_update(*, actor, kind: str, parameter: int, enabled: bool) -> KillRule:
    """Set a kill rule's N and switch it on or off (the CoE only)."""
    access.require_coe(actor, _("Only the CoE changes the kill rules."))
    values = KillRuleInput.clean_arguments(locals())
    with transaction.atomic():
        rule = lock_one(KillRule.objects.filter(kind=kind), _("No such kill rule."))
        before = snapshot(rule, RULE_FIELDS)
        if (rule.parameter, rule.enabled) == (values["parameter"], values["enabled"]):
            return rule
        rule.parameter = values["parameter"]
        rule.enabled = values["enabled"]
        rule.save(update_fields=["parameter", "enabled", "updated_at"])
        audit_record(
            actor=actor, verb="kill_rule.updated", target=rule, before=before, after=snapshot(rule, RULE_FIELDS)
        )
    return rule


def vendor_scenario_create(*, actor, name: str, kind: str, target_type: str, target: str, percent) -> VendorScenario:
    """Save a vendor-shock scenario under a name (the CoE only)."""
    access.require_coe(actor, _("Only the CoE saves vendor-shock scenarios."))
    values = VendorScenarioInput.clean_arguments(locals())
    try:
        with transaction.atomic():
            scenario = VendorScenario.objects.create(created_by=actor, **values)
            audit_record(
                actor=actor, verb="vendor_scenario.created", target=scenario, after=snapshot(scenario, SCENARIO_FIELDS)
            )
    except IntegrityError as error:
        raise Refused(
            VendorScenarioInput.refused,
            reasons=[_("A scenario called “%(name)s” exists already.") % {"name": values["name"]}],
        ) from error
    return scenario


def vendor_scenario_delete(*, actor, scenario_id: int) -> None:
    """Delete a saved scenario (the CoE only)."""
    access.require_coe(actor, _("Only the CoE deletes vendor-shock scenarios."))
    with transaction.atomic():
        scenario = lock_one(VendorScenario.objects.filter(pk=scenario_id), _("No such scenario."))
        audit_record(
            actor=actor, verb="vendor_scenario.deleted", target=scenario, before=snapshot(scenario, SCENARIO_FIELDS)
        )
        scenario.delete()
