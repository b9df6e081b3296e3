"""Intake's pages and API: what each person sees and may do, the attacks (another unit's people read nothing, the
proposer cannot triage), bad input answered 400 with the field named, and constant query counts for the triage
queue and the lists at two sizes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adoption.choices import Role
from intake.models import Proposal
from intake.services import proposal_accept, proposal_screen, proposal_submit
from tests.api.conftest import client_for
from tests.factories import BusinessUnitFactory, UserFactory, grant

from .conftest import IDEA, LOW_RISK

API = "/api/v1/"


@pytest.fixture
def proposal(member, units):
    made = proposal_submit(actor=member, business_unit=units["retail"], **IDEA)
    proposal_screen(actor=member, proposal=made, answers=LOW_RISK)
    return made


def test_the_proposer_sees_the_form_and_their_proposals(client, member, proposal):
    client.force_login(member)
    page = client.get(reverse("intake:intake")).content.decode()
    assert "Propose an idea" in page
    assert proposal.key in page
    assert "Fast track allowed" in page
    assert "Triage queue" not in page


def test_someone_without_a_unit_role_is_told_they_cannot_propose(client, db, proposal):
    client.force_login(UserFactory(username="newcomer"))
    page = client.get(reverse("intake:intake")).content.decode()
    assert "You can propose once you hold a role in a business unit." in page
    assert proposal.key not in page
    response = client.post(reverse("intake:propose"), {"proposal-title": "x"})
    assert response.status_code == 403


def test_another_units_member_cannot_open_or_screen_a_proposal(client, outsider, proposal):
    client.force_login(outsider)
    assert client.get(reverse("intake:proposal", args=[proposal.pk])).status_code == 404
    response = client.post(reverse("intake:screen", args=[proposal.pk]), {"screening-personal_data": "yes"})
    assert response.status_code in (400, 404)
    proposal.refresh_from_db()
    assert proposal.screening["personal_data"] is False


def test_only_the_coe_opens_the_triage_queue_and_triages(client, member, coe, owner, proposal):
    client.force_login(member)
    assert client.get(reverse("intake:triage")).status_code == 403
    track_fast = {"accept-owner": owner.pk, "accept-track": "fast"}
    assert client.post(reverse("intake:accept", args=[proposal.pk]), track_fast).status_code == 403
    assert client.post(reverse("intake:decline", args=[proposal.pk]), {"decline-reason": "no"}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    client.force_login(coe)
    queue = client.get(reverse("intake:triage")).content.decode()
    assert proposal.key in queue
    response = client.post(reverse("intake:accept", args=[proposal.pk]), track_fast)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.initiative.track.code == "fast"


def test_the_page_shows_a_refused_fast_track_with_its_reasons(client, member, coe, owner, units):
    risky = proposal_submit(actor=member, business_unit=units["retail"], **{**IDEA, "audience": "customers"})
    proposal_screen(actor=member, proposal=risky, answers={**LOW_RISK, "audience": ["customers"]})
    client.force_login(coe)
    response = client.post(
        reverse("intake:accept", args=[risky.pk]), {"accept-owner": owner.pk, "accept-track": "fast"}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "The screening does not allow the fast track." in page
    assert "It is not for internal staff only." in page
    risky.refresh_from_db()
    assert risky.status == "submitted"


def test_a_decline_without_a_reason_is_a_400_naming_the_field(client, coe, proposal):
    client.force_login(coe)
    response = client.post(reverse("intake:decline", args=[proposal.pk]), {"decline-reason": ""})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


# --- API ----------------------------------------------------------------------------------------------------------


def test_api_submit_screen_and_accept_on_the_fast_track(member, coe, owner, units):
    proposer = client_for(member)
    created = proposer.post(API + "proposals/", {**IDEA, "business_unit": "retail"}, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["verdict"]["complete"] is False
    screened = proposer.post(API + f"proposals/{pk}/screening/", {"answers": LOW_RISK}, format="json")
    assert screened.status_code == 200, screened.json()
    assert screened.json()["verdict"]["fast_track"] is True
    assert screened.json()["screening"]["prohibited_practice"] is False
    accepted = client_for(coe).post(
        API + f"proposals/{pk}/accept/", {"owner": owner.username, "track": "fast"}, format="json"
    )
    assert accepted.status_code == 200, accepted.json()
    body = accepted.json()
    assert body["status"] == "accepted"
    assert body["track"] == "fast"
    assert body["initiative"].startswith("AI-")
    tracks = client_for(member).get(API + "tracks/").json()
    assert [t["code"] for t in tracks] == ["standard", "fast"]
    assert tracks[1]["name"]["zh-hant"] == "快速流程"


def test_api_attacks_and_bad_input(member, outsider, coe, owner, proposal):
    assert client_for(outsider).get(API + f"proposals/{proposal.pk}/").status_code == 404
    assert proposal.key not in client_for(outsider).get(API + "proposals/").content.decode()
    response = client_for(outsider).post(
        API + f"proposals/{proposal.pk}/accept/", {"owner": owner.username}, format="json"
    )
    assert response.status_code == 404
    response = client_for(member).post(
        API + f"proposals/{proposal.pk}/accept/", {"owner": owner.username}, format="json"
    )
    assert response.status_code == 403
    response = client_for(outsider).post(API + "proposals/", {**IDEA, "business_unit": "retail"}, format="json")
    assert response.status_code == 403
    bad = client_for(member).post(
        API + "proposals/", {**IDEA, "title": "x" * 300, "audience": "mars", "business_unit": "retail"}, format="json"
    )
    assert bad.status_code == 400
    assert {"title", "audience"} <= set(bad.json()["fields"])
    bad = client_for(member).post(
        API + f"proposals/{proposal.pk}/screening/", {"answers": {"audience": "staff"}}, format="json"
    )
    assert bad.status_code == 400
    assert "audience" in bad.json()["fields"]
    bad = client_for(coe).post(
        API + f"proposals/{proposal.pk}/accept/", {"owner": owner.username, "track": "nope"}, format="json"
    )
    assert bad.status_code == 400
    assert "track" in bad.json()["fields"]
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"


# --- Query budgets ---------------------------------------------------------------------------------------------


def _grow(n: int, *, coe, have: list) -> None:
    """Proposals from different people and units, screened; every third accepted (so lists show initiatives)."""
    while len(have) < n:
        i = len(have) + 1
        unit = BusinessUnitFactory(code=f"budget-{i}", name=f"Budget unit {i}")
        person = UserFactory(username=f"budget-proposer-{i}")
        grant(person, Role.CONTRIBUTOR, business_unit=unit, by=coe)
        made = proposal_submit(actor=person, business_unit=unit, **{**IDEA, "title": f"Idea {i}"})
        proposal_screen(actor=person, proposal=made, answers=LOW_RISK)
        if i % 3 == 0:
            proposal_accept(actor=coe, proposal=made, owner=UserFactory(username=f"budget-owner-{i}"), track="fast")
        have.append(made)


def _count(call) -> int:
    call()  # warm: a token's first use of the minute is recorded once
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


def test_the_triage_queue_and_the_lists_cost_the_same_at_two_sizes(client, coe, db):
    client.force_login(coe)
    api = client_for(coe)
    have: list = []
    counts = {}
    for size in (3, 12):
        _grow(size, coe=coe, have=have)
        counts[size] = (
            _count(lambda: client.get(reverse("intake:triage"))),
            _count(lambda: api.get(API + "proposals/")),
            _count(lambda: client.get(reverse("intake:intake"))),
        )
    assert counts[3] == counts[12], counts
    page = client.get(reverse("intake:triage")).content.decode()
    assert page.count("Fast track allowed") == 8  # 12 screened, 4 accepted


def test_the_api_lists_the_queue_by_status(coe, member, units, proposal):
    declined = proposal_submit(actor=member, business_unit=units["retail"], **{**IDEA, "title": "Declined idea"})
    client_for(coe).post(API + f"proposals/{declined.pk}/decline/", {"reason": "Duplicate."}, format="json")
    queue = client_for(coe).get(API + "proposals/?status=submitted").json()["results"]
    assert [p["key"] for p in queue] == [proposal.key]
    assert client_for(coe).get(API + "proposals/?status=nonsense").status_code == 400


@pytest.mark.parametrize("who", ["member", "outsider", "coe"])
def test_what_the_page_offers_is_what_the_services_accept(client, who, request, proposal, owner):
    """The one rule of intake.rules behind the page's forms and the services: each person is offered the screening
    and the triage exactly when the service would take them."""
    from core.exceptions import DomainError
    from intake import rules
    from intake.services import proposal_decline

    person = request.getfixturevalue(who)
    client.force_login(person)
    response = client.get(reverse("intake:proposal", args=[proposal.pk]))
    offered = response.status_code == 200 and "Record the screening" in response.content.decode()
    triage_offered = response.status_code == 200 and 'data-action="accept"' in response.content.decode()
    try:
        proposal_screen(actor=person, proposal=proposal.pk, answers=LOW_RISK)
        screened = True
    except DomainError:
        screened = False
    assert offered == screened
    try:
        proposal_decline(actor=person, proposal=proposal.pk, reason="Checking the rule.")
        declined = True
    except DomainError:
        declined = False
    assert triage_offered == declined == (who == "coe")
    assert not rules.may_triage(person, Proposal.objects.get(pk=proposal.pk))
