"""Saved views: anyone saves their own; only the CoE shares; everyone sees the shared ones and their own, nobody
another person's own; each change is audited; bad filters are refused with the field named."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from adoption.choices import Role
from adoption.models import SavedView
from adoption.selectors.saved_views import saved_view_get, saved_views_visible
from adoption.services.saved_views import saved_view_create, saved_view_delete
from core.exceptions import Forbidden, InvalidInput, NotFound, Refused
from governance.models import AuditEvent
from tests.factories import UserFactory, grant


@pytest.fixture
def alice(db):
    """Someone who sees the whole portfolio (an executive) and is not the CoE."""
    user = UserFactory(username="alice")
    grant(user, Role.EXECUTIVE)
    return user


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


def test_a_person_saves_a_view_and_it_is_audited(alice, initiative):
    view = saved_view_create(actor=alice, name="Mine", filters={"owner": "owner", "overdue": "on", "sort": "-title"})
    assert SavedView.objects.get().filters == {"owner": "owner", "overdue": "on", "sort": "-title"}
    event = AuditEvent.objects.get(verb="saved_view.created")
    assert event.actor == alice
    assert event.after["name"] == "Mine"
    assert event.after["filters"] == view.filters


def test_empty_filters_are_dropped(alice):
    view = saved_view_create(actor=alice, name="Everything", filters={"q": "  ", "risk_tier": ""})
    assert view.filters == {}


def test_only_the_coe_shares(alice, coe):
    with pytest.raises(Forbidden):
        saved_view_create(actor=alice, name="For all", filters={}, shared=True)
    assert not SavedView.objects.exists()
    assert not AuditEvent.objects.filter(verb="saved_view.created").exists()
    shared = saved_view_create(actor=coe, name="For all", filters={"risk_tier": "high"}, shared=True)
    assert shared.shared


def test_everyone_sees_shared_views_and_their_own_but_not_anyone_elses(alice, bob, coe):
    own = saved_view_create(actor=alice, name="Alice's", filters={})
    theirs = saved_view_create(actor=bob, name="Bob's", filters={})
    shared = saved_view_create(actor=coe, name="Portfolio review", filters={}, shared=True)
    coe_own = saved_view_create(actor=coe, name="CoE private", filters={})
    assert list(saved_views_visible(user=alice)) == [shared, own]
    assert set(saved_views_visible(user=coe)) == {shared, coe_own}
    assert saved_view_get(user=alice, pk=shared.pk) == shared
    # Another person's own view is not there, for the CoE as for anyone.
    with pytest.raises(NotFound):
        saved_view_get(user=alice, pk=theirs.pk)
    with pytest.raises(NotFound):
        saved_view_get(user=coe, pk=theirs.pk)


def test_delete_own_or_shared_by_the_coe_only(alice, bob, coe):
    theirs = saved_view_create(actor=bob, name="Bob's", filters={})
    shared = saved_view_create(actor=coe, name="Shared", filters={}, shared=True)
    with pytest.raises(NotFound):
        saved_view_delete(actor=alice, saved_view_id=theirs.pk)
    with pytest.raises(NotFound):
        saved_view_delete(actor=coe, saved_view_id=theirs.pk)
    with pytest.raises(Forbidden):
        saved_view_delete(actor=alice, saved_view_id=shared.pk)
    assert SavedView.objects.count() == 2
    saved_view_delete(actor=bob, saved_view_id=theirs.pk)
    second_coe = UserFactory(username="coe-two")
    grant(second_coe, "coe_admin")
    saved_view_delete(actor=second_coe, saved_view_id=shared.pk)
    assert not SavedView.objects.exists()
    assert list(AuditEvent.objects.filter(verb="saved_view.deleted").values_list("before__name", flat=True)) == [
        "Bob's",
        "Shared",
    ]


@pytest.mark.parametrize(
    ("name", "filters", "field"),
    [
        ("", {}, "name"),
        ("x" * 101, {}, "name"),
        ("Bad", {"password": "x"}, "filters"),
        ("Bad", {"risk_tier": "extreme"}, "filters"),
        ("Bad", {"sort": "-password"}, "filters"),
        ("Bad", {"business_unit": "999999"}, "filters"),
        ("Bad", {"owner": "Nobody Of That Name"}, "filters"),
        ("Bad", {"q": 3}, "filters"),
        ("Bad", ["q"], "filters"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(alice, initiative, name, filters, field):
    with pytest.raises(InvalidInput) as caught:
        saved_view_create(actor=alice, name=name, filters=filters)
    assert field in caught.value.fields
    assert not SavedView.objects.exists()


def test_a_name_is_used_once_per_person(alice, bob):
    saved_view_create(actor=alice, name="Mine", filters={})
    with pytest.raises(Refused) as caught:
        saved_view_create(actor=alice, name="Mine", filters={"risk_tier": "high"})
    assert "already" in caught.value.reasons[0]
    saved_view_create(actor=bob, name="Mine", filters={})
    assert SavedView.objects.count() == 2


def test_a_unit_outside_ones_scope_cannot_be_saved(units, coe, initiative):
    officer = UserFactory(username="scoped")
    grant(officer, Role.COMPLIANCE_OFFICER, business_unit=units["retail"], by=coe)
    with pytest.raises(InvalidInput):
        saved_view_create(actor=officer, name="Insurance", filters={"business_unit": str(units["insurance"].pk)})
    saved_view_create(actor=officer, name="Retail", filters={"business_unit": str(units["retail"].pk)})


def test_pages_save_list_apply_and_delete_views(client, coe, owner, initiative):
    client.force_login(coe)
    table = reverse("governance:portfolio_table")
    response = client.post(
        reverse("governance:saved_view_create"),
        {"view-name": "Olivia's", "view-shared": "on", "query": "owner=owner&sort=-title", "page": "table"},
    )
    assert response.status_code == 302
    assert response["Location"] == table + "?owner=owner&sort=-title"
    view = SavedView.objects.get()
    assert view.shared
    assert view.filters == {"owner": "owner", "sort": "-title"}
    html = client.get(reverse("governance:board")).content.decode()
    query = urlencode(view.filters).replace("&", "&amp;")
    assert f'href="{reverse("governance:board")}?{query}">Olivia&#x27;s</a>' in html
    # Someone else sees the shared view but cannot delete it; a forged delete is refused.
    client.force_login(owner)
    html = client.get(table).content.decode()
    assert "Olivia&#x27;s</a>" in html
    assert reverse("governance:saved_view_delete", args=[view.pk]) not in html
    assert client.post(reverse("governance:saved_view_delete", args=[view.pk])).status_code == 403
    # A shared view from someone who is not the CoE is refused, and nothing is saved.
    response = client.post(
        reverse("governance:saved_view_create"),
        {"view-name": "Sneaky", "view-shared": "on", "query": "", "page": "board"},
    )
    assert response.status_code == 403
    response = client.post(
        reverse("governance:saved_view_create"), {"view-name": "", "query": "risk_tier=high", "page": "board"}
    )
    assert response.status_code == 302
    assert "The view was not saved." in client.get(response["Location"]).content.decode()
    assert SavedView.objects.count() == 1
    client.force_login(coe)
    response = client.post(reverse("governance:saved_view_delete", args=[view.pk]), {"page": "table"})
    assert response["Location"] == table
    assert not SavedView.objects.exists()


def test_another_persons_view_is_404_on_the_page(client, alice, bob):
    theirs = saved_view_create(actor=bob, name="Bob's", filters={})
    client.force_login(alice)
    assert client.post(reverse("governance:saved_view_delete", args=[theirs.pk])).status_code == 404
    assert SavedView.objects.filter(pk=theirs.pk).exists()
