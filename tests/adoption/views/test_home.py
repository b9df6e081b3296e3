"""The sign-in page and the first page after it: anonymous users are sent to sign in; users see their scope."""

import pytest

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


@pytest.mark.parametrize("size", [2, 12])
def test_home_query_count_does_not_grow(client, coe, units, django_assert_max_num_queries, size):
    for n in range(size):
        make_initiative(coe=coe, business_unit=units["cards"], title=f"Initiative {n}")
    client.force_login(coe)
    with django_assert_max_num_queries(8):
        assert client.get("/").status_code == 200


def test_health_endpoint_checks_the_database(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_the_beat_schedule_reaches_celery():
    from config.celery import app

    assert {"expire-role-assignments", "mark-stale-criteria", "schedule-compliance-reviews"} <= set(
        app.conf.beat_schedule
    )
    assert app.conf.task_acks_late is True
