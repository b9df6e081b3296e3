"""The model-selection record: options scored on five dimensions, the chosen one, and the CoE's weights.

Weights are the CoE's, not the initiative's, so every initiative's options are ranked the same way; changing them
writes a new version. The weighted score itself is computed in ``adoption.roi.weighted_score``.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from adoption import inputs, roi
from adoption.choices import Role
from adoption.models import Initiative, ModelOption, SelectionWeights
from adoption.services._input import Errors, add, clean_int
from adoption.services.criteria import criteria_derive
from core.exceptions import Forbidden, InvalidInput, NotFound
from governance import access, actions
from governance.audit import audit_record, audit_save, snapshot

SCORE_FIELDS = tuple(f"score_{name}" for name in roi.SELECTION_DIMENSIONS)
OPTION_FIELDS = ["name", "sourcing", "vendor", *SCORE_FIELDS, "notes", "is_chosen"]
WEIGHT_FIELDS = ["version", *roi.SELECTION_DIMENSIONS]
# Serialises weight changes across the whole deployment (any number 64-bit wide and unique in the project).
WEIGHTS_LOCK_KEY = 0x5E1EC7


def current_weights() -> SelectionWeights:
    """The weights in force (the data migration creates the first version, so there always is one)."""
    return SelectionWeights.objects.get(is_current=True)


def model_option_record(
    *,
    actor,
    initiative: Initiative,
    name: str,
    sourcing: str,
    score_quality: int,
    score_total_cost: int,
    score_data_security: int,
    score_control: int,
    score_vendor_risk: int,
    vendor: str = "",
    notes: str = "",
) -> ModelOption:
    """Add an option considered for the initiative, scored 1 (poor) to 5 (excellent) on each dimension."""
    values = inputs.ModelOptionInput.clean_arguments(locals())

    with transaction.atomic():
        initiative = actions.action_lock("score_option", user=actor, initiative=initiative)
        if ModelOption.objects.filter(initiative=initiative, name__iexact=values["name"]).exists():
            raise InvalidInput(
                _("The option was not recorded."),
                fields={
                    "name": [
                        _("%(key)s already has an option named “%(name)s”.")
                        % {"key": initiative.key, "name": values["name"]}
                    ]
                },
            )
        option = ModelOption.objects.create(initiative=initiative, recorded_by=actor, **values)
        after = {**snapshot(option, OPTION_FIELDS), "weighted_score": roi.weighted_score(option, current_weights())}
        audit_record(actor=actor, verb="model_option.recorded", target=option, initiative=initiative, after=after)
        criteria_derive(actor=actor, initiative=initiative)
    return option


def model_option_choose(*, actor, initiative: Initiative, option: ModelOption, rationale: str) -> ModelOption:
    """Make ``option`` the one chosen (exactly one per initiative), with the rationale; sets the sourcing."""
    rationale = inputs.ChooseOptionInput.clean_arguments(locals())["rationale"]

    with transaction.atomic():
        initiative = actions.action_lock("choose_option", user=actor, initiative=initiative)
        options = {o.pk: o for o in ModelOption.objects.select_for_update().filter(initiative=initiative)}
        chosen = options.get(option.pk)
        if chosen is None:
            raise NotFound(_("That option was not found among %(key)s's options.") % {"key": initiative.key})
        previous = next((o for o in options.values() if o.is_chosen), None)
        before = {
            "chosen_option": previous.pk if previous else None,
            **snapshot(initiative, ["sourcing", "selection_rationale"]),
        }
        if previous is not None and previous.pk != chosen.pk:
            # One chosen option per initiative is a partial unique index: release the old one first.
            previous.is_chosen = False
            previous.save(update_fields=["is_chosen"])
        chosen.is_chosen = True
        chosen.save(update_fields=["is_chosen"])
        initiative.sourcing = chosen.sourcing
        initiative.selection_rationale = rationale
        initiative.version += 1
        audit_save(
            initiative,
            ["sourcing", "selection_rationale", "version", "updated_at"],
            actor=actor,
            verb="model_option.chosen",
            target=chosen,
            initiative=initiative,
            before=before,
            after={
                "chosen_option": chosen.pk,
                "name": chosen.name,
                **snapshot(initiative, ["sourcing", "selection_rationale"]),
                "weighted_score": roi.weighted_score(chosen, current_weights()),
            },
        )
        criteria_derive(actor=actor, initiative=initiative)
    return chosen


def selection_weights_set(
    *, actor, quality: int, total_cost: int, data_security: int, control: int, vendor_risk: int
) -> SelectionWeights:
    """Set new selection weights in percent (CoE only); they must add up to 100. The old version is kept."""
    if not access.holds_global_role(user=actor, role=Role.COE_ADMIN):
        raise Forbidden(_("Only the CoE sets the model-selection weights."))
    errors: Errors = {}
    given = {
        "quality": quality,
        "total_cost": total_cost,
        "data_security": data_security,
        "control": control,
        "vendor_risk": vendor_risk,
    }
    weights = {name: clean_int(errors, name, value, minimum=0, maximum=100) for name, value in given.items()}
    if not errors and sum(weights.values()) != 100:
        add(
            errors,
            "__all__",
            _("The weights must add up to 100; these add up to %(sum)d.") % {"sum": sum(weights.values())},
        )
    if errors:
        raise InvalidInput(_("The weights were not changed."), fields=errors)

    with transaction.atomic():
        # Two CoE members saving at once must not both see the same "current" version.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [WEIGHTS_LOCK_KEY])
        old = SelectionWeights.objects.filter(is_current=True).first()
        last = SelectionWeights.objects.aggregate(last=Max("version"))["last"] or 0
        if old is not None:
            old.is_current = False
            old.save(update_fields=["is_current"])
        new = SelectionWeights.objects.create(version=last + 1, is_current=True, created_by=actor, **weights)
        after = snapshot(new, WEIGHT_FIELDS)
        before = snapshot(old, WEIGHT_FIELDS) if old else {}
        audit_record(actor=actor, verb="selection_weights.set", target=new, before=before, after=after)
    return new
