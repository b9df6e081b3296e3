"""Bulk actions on the board and the table: each initiative through its own service and rules, audited one by one;
the refused ones reported with their reasons, the rest applied; another unit's initiatives are not found."""

import pytest

from adoption.models import Initiative
from adoption.services.tags import tag_create
from core.exceptions import InvalidInput
from governance.models import AuditEvent
from governance.services.bulk import initiatives_bulk
from governance.services.lifecycle import initiative_retire
from tests.factories import UserFactory, make_initiative
from tests.factories.operations import retirement_done

API = "/api/v1/initiatives/bulk/"


@pytest.fixture
def portfolio(people, units, initiative):
    coe = people["coe"]
    second = make_initiative(coe=coe, business_unit=units["retail"], owner=people["owner"], sponsor=people["sponsor"])
    elsewhere = make_initiative(coe=coe, business_unit=units["insurance"], owner=UserFactory(username="ins-owner"))
    return {"first": initiative, "second": second, "elsewhere": elsewhere}


def test_the_coe_reassigns_owners_each_audited(people, portfolio):
    newcomer = UserFactory(username="newcomer")
    keys = [portfolio["first"].key, portfolio["second"].key]
    outcomes = initiatives_bulk(actor=people["coe"], keys=keys, action="reassign_owner", owner="newcomer")
    assert [o.done for o in outcomes] == [True, True]
    assert set(Initiative.objects.filter(key__in=keys).values_list("owner", flat=True)) == {newcomer.pk}
    assert AuditEvent.objects.filter(verb="initiative.updated", initiative__key__in=keys).count() == 2


def test_a_sponsor_holds_what_the_rules_allow_and_reads_why_not_for_the_rest(people, portfolio):
    coe, sponsor = people["coe"], people["sponsor"]
    second = portfolio["second"]
    Initiative.objects.filter(pk=second.pk).update(status="in_production")
    retirement_done(Initiative.objects.get(pk=second.pk), actor=coe)
    initiative_retire(actor=coe, initiative=Initiative.objects.get(pk=second.pk), reason="Replaced.")
    keys = [portfolio["first"].key, second.key, portfolio["elsewhere"].key, "AI-9999"]
    outcomes = {o.key: o for o in initiatives_bulk(actor=sponsor, keys=keys, action="hold", reason="Budget freeze.")}
    assert outcomes[portfolio["first"].key].done
    assert not outcomes[second.key].done
    assert outcomes[second.key].reasons or outcomes[second.key].detail
    # Another unit's initiative reads exactly like one that does not exist.
    assert outcomes[portfolio["elsewhere"].key].detail.replace(portfolio["elsewhere"].key, "K") == outcomes[
        "AI-9999"
    ].detail.replace("AI-9999", "K")
    assert Initiative.objects.get(pk=portfolio["first"].pk).status == "on_hold"
    assert Initiative.objects.get(pk=portfolio["elsewhere"].pk).status == "active"
    assert AuditEvent.objects.filter(verb="initiative.held").count() == 1


def test_tagging_is_the_coes_and_bad_requests_change_nothing(people, portfolio):
    tag_create(actor=people["coe"], code="wave-2", name="Wave 2", kind="cohort")
    keys = [portfolio["first"].key, portfolio["second"].key]
    refused = initiatives_bulk(actor=people["owner"], keys=keys, action="tag", tag="wave-2")
    assert not any(o.done for o in refused)
    assert "CoE" in refused[0].detail
    done = initiatives_bulk(actor=people["coe"], keys=keys, action="tag", tag="wave-2")
    assert all(o.done for o in done)
    assert AuditEvent.objects.filter(verb="initiative.tagged").count() == 2
    for arguments in (
        {"action": "tag", "tag": "nope"},
        {"action": "hold", "reason": " "},
        {"action": "reassign_owner", "owner": "ghost"},
        {"action": "explode"},
    ):
        with pytest.raises(InvalidInput):
            initiatives_bulk(actor=people["coe"], keys=keys, **arguments)
    with pytest.raises(InvalidInput):
        initiatives_bulk(actor=people["coe"], keys=[], action="hold", reason="x")


def test_the_api_reports_each_initiative(api, people, portfolio):
    keys = [portfolio["first"].key, portfolio["elsewhere"].key]
    response = api(people["sponsor"]).post(API, {"keys": keys, "action": "hold", "reason": "Freeze."}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["done"] == 1
    assert body["refused"] == 1
    assert body["results"][1]["detail"].endswith("was not found.")
    bad = api(people["sponsor"]).post(API, {"keys": keys, "action": "hold"}, format="json")
    assert bad.status_code == 400
    assert "reason" in bad.json()["fields"]


def test_the_table_page_acts_on_the_selected_rows(client, people, portfolio):
    client.force_login(people["coe"])
    page = client.get("/portfolio/table/").content.decode()
    assert 'form="bulk-form"' in page
    assert 'name="keys"' in client.get("/").content.decode()
    keys = [portfolio["first"].key, portfolio["second"].key]
    response = client.post(
        "/portfolio/bulk",
        {"keys": keys, "action": "hold", "reason": "Freeze.", "owner": "", "tag": ""},
        HTTP_REFERER="http://testserver/portfolio/table/",
    )
    assert response.status_code == 302
    assert response["Location"] == "/portfolio/table/"
    assert Initiative.objects.filter(key__in=keys, status="on_hold").count() == 2
