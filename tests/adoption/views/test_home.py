"""The sign-in page and the first page after it: anonymous users are sent to sign in; users see their scope."""

from adoption.choices import Role
from tests.factories import UserFactory, grant, make_initiative


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/"
    page = client.get(response.url)
    assert page.status_code == 200
    assert b'name="username"' in page.content


def test_sign_in_shows_only_visible_initiatives(client, coe, units, owner):
    mine = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Retail helper")
    make_initiative(coe=coe, business_unit=units["insurance"], title="Insurance helper")
    steward = UserFactory(username="steward")
    grant(steward, Role.DATA_STEWARD, business_unit=units["retail"], by=coe)
    response = client.post("/accounts/login/", {"username": "steward", "password": "pw-test-2026"}, follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert mine.key in text
    assert "Retail helper" in text
    assert "Insurance helper" not in text


def test_a_wrong_password_is_said_plainly(client, db):
    UserFactory(username="someone")
    response = client.post("/accounts/login/", {"username": "someone", "password": "nope"})
    assert response.status_code == 200
    assert "Your username and password didn't match." in response.content.decode()


def test_password_change_page(client, db):
    user = UserFactory(username="someone")
    client.force_login(user)
    page = client.get("/accounts/password_change/")
    assert page.status_code == 200
    assert 'name="new_password1"' in page.content.decode()
    done = client.post(
        "/accounts/password_change/",
        {"old_password": "pw-test-2026", "new_password1": "a-new-pass-2026!", "new_password2": "a-new-pass-2026!"},
        follow=True,
    )
    assert "Your password was changed." in done.content.decode()


def test_health_endpoint_checks_the_database(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}
