"""model_option_record, model_option_choose, selection_weights_set: scored options, one choice, the CoE's weights."""

import pytest

from adoption.models import Initiative, ModelOption, SelectionWeights
from adoption.services.selection import model_option_choose, model_option_record, selection_weights_set
from core.exceptions import Forbidden, InvalidInput, NotFound
from governance.models import AuditEvent
from tests.factories import UserFactory, make_initiative
from tests.factories.adoption import contributor_for

SCORES = {
    "score_quality": 5,
    "score_total_cost": 3,
    "score_data_security": 4,
    "score_control": 2,
    "score_vendor_risk": 1,
}


def option(initiative, actor, name="GPT-class API", sourcing="closed_api", **overrides):
    return model_option_record(
        actor=actor,
        initiative=initiative,
        name=name,
        sourcing=sourcing,
        **{**SCORES, "vendor": "Vendor A", **overrides},
    )


def test_an_option_is_recorded_with_its_weighted_score_in_the_audit_trail(initiative, owner):
    recorded = option(initiative, owner)
    assert (recorded.name, recorded.sourcing, recorded.score_quality, recorded.is_chosen) == (
        "GPT-class API",
        "closed_api",
        5,
        False,
    )
    event = AuditEvent.objects.get(initiative=initiative, verb="model_option.recorded")
    assert event.after["weighted_score"] == "3.35"  # default weights 30/20/20/15/15


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"score_quality": 0}, "score_quality"),
        ({"score_control": 6}, "score_control"),
        ({"score_total_cost": "3"}, "score_total_cost"),
        ({"score_vendor_risk": True}, "score_vendor_risk"),
        ({"sourcing": "undecided"}, "sourcing"),
        ({"name": " "}, "name"),
        ({"vendor": "v" * 201}, "vendor"),
    ],
)
def test_bad_options_are_refused(initiative, owner, override, field):
    with pytest.raises(InvalidInput) as err:
        option(initiative, owner, **override)
    assert list(err.value.fields) == [field]
    assert not ModelOption.objects.exists()


def test_option_names_are_unique_per_initiative(initiative, owner):
    option(initiative, owner, name="Llama self-hosted", sourcing="open_source_self_hosted")
    with pytest.raises(InvalidInput) as err:
        option(initiative, owner, name="llama SELF-hosted", sourcing="open_source_self_hosted")
    assert "already has an option" in err.value.fields["name"][0]


def test_exactly_one_option_is_chosen_and_sets_the_sourcing(initiative, owner):
    api = option(initiative, owner)
    local = option(initiative, owner, name="Qwen self-hosted", sourcing="open_source_self_hosted")
    model_option_choose(actor=owner, initiative=initiative, option=api, rationale="Best quality now.")
    chosen = model_option_choose(
        actor=owner, initiative=initiative, option=local, rationale="Customer data must stay on premises."
    )
    assert chosen.is_chosen
    assert list(ModelOption.objects.filter(is_chosen=True).values_list("name", flat=True)) == ["Qwen self-hosted"]
    stored = Initiative.objects.get(pk=initiative.pk)
    assert stored.sourcing == "open_source_self_hosted"
    assert stored.selection_rationale == "Customer data must stay on premises."
    assert stored.version == initiative.version + 2
    last = AuditEvent.objects.filter(initiative=initiative, verb="model_option.chosen").order_by("-seq").first()
    assert last.before["chosen_option"] == api.pk
    assert last.after["chosen_option"] == local.pk


def test_choosing_needs_a_rationale_and_an_option_of_this_initiative(initiative, owner, coe, units):
    api = option(initiative, owner)
    with pytest.raises(InvalidInput) as err:
        model_option_choose(actor=owner, initiative=initiative, option=api, rationale="  ")
    assert list(err.value.fields) == ["rationale"]
    other = make_initiative(coe=coe, business_unit=units["insurance"], owner=UserFactory(username="other-owner"))
    foreign = option(other, coe)
    with pytest.raises(NotFound):
        model_option_choose(actor=owner, initiative=initiative, option=foreign, rationale="Cheaper")
    assert not ModelOption.objects.filter(is_chosen=True).exists()


def test_contributors_and_sponsors_do_not_choose(initiative, owner, sponsor):
    api = option(initiative, owner)
    with pytest.raises(Forbidden):
        model_option_choose(actor=contributor_for(initiative), initiative=initiative, option=api, rationale="x")
    with pytest.raises(Forbidden):
        model_option_record(actor=sponsor, initiative=initiative, name="x", sourcing="hybrid", **SCORES)


def test_the_coe_sets_new_weights_as_a_new_version(coe):
    weights = selection_weights_set(actor=coe, quality=40, total_cost=20, data_security=20, control=10, vendor_risk=10)
    assert (weights.version, weights.is_current, weights.created_by) == (2, True, coe)
    assert list(SelectionWeights.objects.order_by("version").values_list("version", "is_current")) == [
        (1, False),
        (2, True),
    ]
    event = AuditEvent.objects.get(verb="selection_weights.set")
    assert event.before["quality"] == 30
    assert event.after == {
        "version": 2,
        "quality": 40,
        "total_cost": 20,
        "data_security": 20,
        "control": 10,
        "vendor_risk": 10,
    }


def test_weights_must_add_up_to_100_and_only_the_coe_sets_them(coe, owner):
    with pytest.raises(InvalidInput) as err:
        selection_weights_set(actor=coe, quality=30, total_cost=20, data_security=20, control=10, vendor_risk=10)
    assert "add up to 90" in err.value.fields["__all__"][0]
    with pytest.raises(InvalidInput):
        selection_weights_set(actor=coe, quality=110, total_cost=-10, data_security=0, control=0, vendor_risk=0)
    with pytest.raises(Forbidden):
        selection_weights_set(actor=owner, quality=40, total_cost=20, data_security=20, control=10, vendor_risk=10)
    assert SelectionWeights.objects.get(is_current=True).version == 1
