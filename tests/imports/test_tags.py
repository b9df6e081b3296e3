"""Tags for programmes and cohorts: the CoE names them and puts them on initiatives (audited); the board, the table,
saved views and the API filter by them."""

import pytest

from adoption.models import Initiative, Tag
from adoption.services import tags
from adoption.services.saved_views import saved_view_create
from core.exceptions import Forbidden, NotFound, Refused
from governance.models import AuditEvent
from governance.selectors.board import board_cards, filter_board
from tests.factories import make_initiative


@pytest.fixture
def wave(coe):
    return tags.tag_create(actor=coe, code="wave-1", name="Wave 1", kind="cohort", name_zh_hant="第一波")


def test_the_coe_names_a_tag_and_others_may_not(coe, owner, wave):
    assert Tag.objects.get(code="wave-1").label("zh-hant") == "第一波"
    assert Tag.objects.get(code="wave-1").label("zh-hans") == "Wave 1"
    assert AuditEvent.objects.filter(verb="tag.created", actor=coe).count() == 1
    with pytest.raises(Forbidden):
        tags.tag_create(actor=owner, code="x", name="X")
    with pytest.raises(Refused):
        tags.tag_create(actor=coe, code="wave-1", name="Again")
    assert Tag.objects.count() == 1


def test_tagging_is_the_coes_action_audited_per_initiative(coe, owner, initiative, wave):
    tags.initiative_tag(actor=coe, initiative=initiative, add=[wave])
    assert list(initiative.tags.values_list("code", flat=True)) == ["wave-1"]
    event = AuditEvent.objects.get(verb="initiative.tagged")
    assert event.before == {"tags": []}
    assert event.after == {"tags": ["wave-1"]}
    with pytest.raises(Forbidden):
        tags.initiative_tag(actor=owner, initiative=initiative, remove=[wave])
    with pytest.raises(Refused):
        tags.tag_delete(actor=coe, tag_id=wave.pk)
    tags.initiative_tag(actor=coe, initiative=initiative, remove=[wave])
    tags.tag_delete(actor=coe, tag_id=wave.pk)
    assert not Tag.objects.exists()
    with pytest.raises(NotFound):
        tags.tag_delete(actor=coe, tag_id=wave.pk)


def test_the_board_and_a_saved_view_filter_by_tag(coe, units, owner, sponsor, initiative, wave):
    other = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor, title="Other")
    tags.initiative_tag(actor=coe, initiative=initiative, add=[wave])
    keys = {card.key for card in filter_board(board_cards(user=coe), tag=wave)}
    assert keys == {initiative.key}
    assert other.key not in keys
    view = saved_view_create(actor=coe, name="Wave", filters={"tag": "wave-1"})
    assert view.filters == {"tag": "wave-1"}
    with pytest.raises(Exception, match="not saved"):
        saved_view_create(actor=coe, name="Bad", filters={"tag": "nope"})


def test_the_board_and_table_pages_filter_by_tag(client, coe, units, owner, sponsor, initiative, wave):
    other = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor, title="Other one")
    tags.initiative_tag(actor=coe, initiative=initiative, add=[wave])
    client.force_login(coe)
    for page in ("/", "/portfolio/table/"):
        html = client.get(page, {"tag": "wave-1"}).content.decode()
        assert initiative.key in html, page
        assert other.key not in html, page


def test_the_api_shows_and_filters_tags(api, people, initiative, wave):
    tags.initiative_tag(actor=people["coe"], initiative=initiative, add=[wave])
    body = api(people["coe"]).get("/api/v1/initiatives/", {"tag": "wave-1"}).json()
    assert [row["key"] for row in body["results"]] == [initiative.key]
    assert body["results"][0]["tags"] == ["wave-1"]
    assert body["results"][0]["imported_at_phase"] == ""
    assert api(people["coe"]).get("/api/v1/initiatives/", {"tag": "nope"}).json()["results"] == []
    assert Initiative.objects.count() == 1
