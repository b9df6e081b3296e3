"""The API's owner filter finds people by the name pages show, as the board's does, within what the caller sees."""

from adoption.models import Initiative
from tests.factories import UserFactory, make_initiative

API = "/api/v1/"


def keys(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["key"] for row in response.json()["results"]}


def test_owner_filter_takes_the_display_name_or_the_login_name(api, people, units, coe, initiative):
    olivia = UserFactory(username="o-login", first_name="Olivia", last_name="Ong")
    hers = make_initiative(coe=coe, business_unit=units["retail"], owner=olivia, title="Hers")
    hidden = make_initiative(coe=coe, business_unit=units["insurance"], owner=olivia, title="Elsewhere")
    client = api(people["coe"])
    for text in ("Olivia", "olivia ong", "o-login", "Ong"):
        assert keys(client.get(API + "initiatives/", {"owner": text})) == {hers.key, hidden.key}, text
    assert keys(client.get(API + "initiatives/", {"owner": "owner"})) == {initiative.key}
    assert keys(client.get(API + "initiatives/", {"owner": "Nobody Whatsoever"})) == set()
    # Someone scoped to Retail finds her Retail initiative only: the name reveals nothing beyond their scope.
    scoped = api(people["compliance"])
    assert keys(scoped.get(API + "initiatives/", {"owner": "Olivia"})) == {hers.key}
    assert Initiative.objects.filter(owner=olivia).count() == 2


def test_sponsor_filter_takes_names_too(api, people, initiative):
    sponsor = people["sponsor"]
    client = api(people["coe"])
    for text in (sponsor.username, sponsor.get_full_name(), sponsor.first_name):
        assert keys(client.get(API + "initiatives/", {"sponsor": text})) == {initiative.key}, text
    assert keys(client.get(API + "initiatives/", {"sponsor": "Nobody Whatsoever"})) == set()


def test_the_people_list_searches_every_word_of_a_name(api, people):
    UserFactory(username="o-login", first_name="Olivia", last_name="Ong")
    client = api(people["coe"])
    for term in ("Olivia Ong", "ong olivia", "o-login", "OLIV"):
        names = [row["username"] for row in client.get("/api/v1/users/", {"search": term}).json()["results"]]
        assert names == ["o-login"], (term, names)
