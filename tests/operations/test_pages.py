"""The registers' pages under an initiative: what a person sees, what their forms do, and 404 for another unit."""

from __future__ import annotations

import pytest
from django.test import Client

from operations.models import ChangeRequest, Filing, Incident, RetirementItem
from operations.services.filings import filings_sync

from .conftest import answer, to_production

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def live(regime, cast):
    initiative = to_production(cast["initiative"])
    answer(initiative, cast["owner"])
    filings_sync(initiative=initiative, actor=None)
    return initiative


def test_the_initiative_page_links_to_the_registers(live, cast):
    page = client_for(cast["owner"]).get(f"/initiatives/{live.key}/").content.decode()
    for address in ("filings", "changes", "incidents", "retirement"):
        assert f"/initiatives/{live.key}/{address}/" in page


def test_filings_page_shows_and_records(live, cast):
    owner = client_for(cast["owner"])
    page = owner.get(f"/initiatives/{live.key}/filings/").content.decode()
    assert "Provincial cyberspace administration" in page
    assert "Algorithm filing" in page
    filing = Filing.objects.get(initiative=live)
    response = owner.post(
        f"/initiatives/{live.key}/filings/record/",
        {"filing-filing": filing.pk, "filing-status": "submitted", "filing-reference": "GD-9"},
    )
    assert response.status_code == 302
    filing.refresh_from_db()
    assert (filing.status, filing.reference) == ("submitted", "GD-9")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = owner.post(
        f"/initiatives/{live.key}/filings/documents/",
        {"document-filing": filing.pk, "document-file": SimpleUploadedFile("receipt.txt", b"Filed.", "text/plain")},
    )
    assert response.status_code == 302
    assert "receipt.txt" in owner.get(f"/initiatives/{live.key}/filings/").content.decode()
    # Refused: the message is on the page, nothing changed.
    response = owner.post(
        f"/initiatives/{live.key}/filings/record/", {"filing-filing": filing.pk, "filing-status": "waived"}
    )
    assert response.status_code in (400, 403)
    filing.refresh_from_db()
    assert filing.status == "submitted"


def test_change_request_page_runs_the_four_eyes(live, cast):
    owner = client_for(cast["owner"])
    response = owner.post(
        f"/initiatives/{live.key}/changes/request/",
        {"change-kinds": ["model"], "change-description": "Newer model.", "change-to_value": "Model B"},
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get(initiative=live)
    page = owner.get(f"/initiatives/{live.key}/changes/").content.decode()
    assert "The filing for algorithm_filing (ops_test) must be made again." in page
    refused = owner.post(
        f"/initiatives/{live.key}/changes/decide/", {"decision-change": change.pk, "decision-decision": "approve"}
    )
    assert refused.status_code == 403
    for person in ("compliance", "coe"):
        done = client_for(cast[person]).post(
            f"/initiatives/{live.key}/changes/decide/", {"decision-change": change.pk, "decision-decision": "approve"}
        )
        assert done.status_code == 302
    change.refresh_from_db()
    assert change.status == "approved"


def test_incidents_and_retirement_pages(live, cast):
    owner = client_for(cast["owner"])
    response = owner.post(
        f"/initiatives/{live.key}/incidents/record/",
        {"incident-severity": "major", "incident-summary": "Wrong rates.", "incident-detected_at": "2026-12-05 08:00"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = owner.get(f"/initiatives/{live.key}/incidents/").content.decode()
    assert "Wrong rates." in page
    assert "due by" in page
    deadline = Incident.objects.get(initiative=live).deadlines.get()
    response = owner.post(
        f"/initiatives/{live.key}/incidents/report/", {"report-deadline": deadline.pk, "report-reference": "CAC-5"}
    )
    assert response.status_code == 302
    page = owner.get(f"/initiatives/{live.key}/retirement/").content.decode()
    assert "4 items left" in page
    response = owner.post(
        f"/initiatives/{live.key}/retirement/tick/", {"tick-code": "vendor_exit", "tick-note": "Ended."}
    )
    assert response.status_code == 302
    assert RetirementItem.objects.filter(initiative=live, code="vendor_exit").exists()


def test_another_unit_sees_none_of_it(live, cast):
    outsider = client_for(cast["outsider"])
    for address in ("filings", "changes", "incidents", "retirement"):
        assert outsider.get(f"/initiatives/{live.key}/{address}/").status_code == 404
    assert (
        outsider.post(
            f"/initiatives/{live.key}/retirement/tick/", {"tick-code": "vendor_exit", "tick-note": "x"}
        ).status_code
        == 404
    )
