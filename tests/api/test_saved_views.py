"""The saved views API: the attacks (another person's view, sharing without being the CoE, bad filters) and what
the answer holds."""

from adoption.models import SavedView
from governance.models import AuditEvent

API = "/api/v1/saved-views/"


def test_a_view_round_trips_with_its_query(api, people, initiative):
    client = api(people["owner"])
    response = client.post(API, {"name": "Overdue", "filters": {"overdue": "on", "sort": "-deadline"}}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["person"] == "owner"
    assert body["shared"] is False
    assert body["filters"] == {"overdue": "on", "sort": "-deadline"}
    assert sorted(body["query"].split("&")) == ["overdue=on", "sort=-deadline"]
    assert client.get(f"{API}{body['id']}/").json()["name"] == "Overdue"
    assert AuditEvent.objects.filter(verb="saved_view.created", actor=people["owner"]).count() == 1


def test_another_persons_view_is_404_for_everyone_else_even_the_coe(api, people, initiative):
    mine = api(people["owner"]).post(API, {"name": "Mine", "filters": {}}, format="json").json()
    for who in ("coe", "sponsor", "executive"):
        client = api(people[who])
        assert client.get(f"{API}{mine['id']}/").status_code == 404
        assert client.delete(f"{API}{mine['id']}/").status_code == 404
        assert "Mine" not in client.get(API).content.decode()
    assert SavedView.objects.filter(pk=mine["id"]).exists()
    assert api(people["owner"]).get(API + "9999999999999999999999/").status_code == 404


def test_sharing_takes_the_coe(api, people):
    response = api(people["owner"]).post(API, {"name": "All", "filters": {}, "shared": True}, format="json")
    assert response.status_code == 403
    assert not SavedView.objects.exists()
    shared = api(people["coe"]).post(API, {"name": "All", "filters": {}, "shared": True}, format="json").json()
    assert [v["name"] for v in api(people["outsider"]).get(API).json()["results"]] == ["All"]
    assert shared["shared"] is True


def test_bad_bodies_are_400_with_the_field(api, people):
    client = api(people["owner"])
    for body, field in (
        ({"name": "X", "filters": {"risk_tier": "extreme"}}, "filters"),
        ({"name": "X", "filters": {"nonsense": "1"}}, "filters"),
        ({"name": "X", "filters": {"q": 5}}, "filters.q"),
        ({"name": "X", "filters": "owner=x"}, "filters"),
        ({"name": "", "filters": {}}, "name"),
        ({"name": "X" * 101, "filters": {}}, "name"),
        ({"filters": {}}, "name"),
    ):
        response = client.post(API, body, format="json")
        assert response.status_code == 400, (body, response.json())
        assert field in response.json()["fields"], (body, response.json())
    assert not SavedView.objects.exists()
    client.post(API, {"name": "Twice", "filters": {}}, format="json")
    assert client.post(API, {"name": "Twice", "filters": {}}, format="json").status_code == 409
