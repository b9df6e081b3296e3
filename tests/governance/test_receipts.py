"""Signed decision receipts: issued when a gate is approved, verified offline by the command-line client with the
published key (one flipped byte fails it), and the deployment check that refuses a model without a receipt for
production and accepts it once the production gate is approved."""

import base64
import json

import pytest
from rest_framework.test import APIClient

from adoption.choices import Status
from governance.choices import Decision
from governance.models import AuditEvent, DecisionReceipt
from governance.receipts import published_keys, verify
from governance.services.reviews import gate_review_request, signoff_record
from governance.services.tokens import token_create
from tests.factories import satisfy_gate, signers_for
from tests.factories.adoption import move_to_phase
from tracker_cli.__main__ import main as cli

MODEL = "gpt-4o-mini"


def approve_gate(initiative, owner, cast):
    review = gate_review_request(actor=owner, initiative=satisfy_gate(initiative))
    for slot in review.slots.filter(active=True):
        signoff_record(actor=cast[slot.key], review=review, slot_key=slot.key, decision=Decision.APPROVE)
    return review


@pytest.fixture
def cast(coe, units, sponsor):
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    return people


@pytest.fixture
def scaling(initiative):
    type(initiative).objects.filter(pk=initiative.pk).update(models_used=f"{MODEL}; bge-m3")
    return move_to_phase(initiative, "scaling")


def flip(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]


def test_the_production_gate_issues_a_signed_receipt(scaling, owner, cast):
    review = approve_gate(scaling, owner, cast)
    scaling.refresh_from_db()
    assert scaling.status == Status.IN_PRODUCTION
    receipt = DecisionReceipt.objects.get(review=review)
    payload = verify(receipt.document, published_keys())
    assert payload["initiative"] == scaling.key
    assert (payload["phase"], payload["to_phase"]) == ("scaling", "production")
    assert payload["models"] == ["bge-m3", MODEL]
    assert payload["evidence_sha256"] == review.evidence_hash
    assert {s["slot"] for s in payload["signers"]} == {slot.key for slot in review.slots.filter(active=True)}
    assert AuditEvent.objects.filter(verb="receipt.issued", initiative=scaling).count() == 1


def test_one_flipped_byte_fails_the_offline_verifier(scaling, owner, cast, tmp_path):
    approve_gate(scaling, owner, cast)
    document = DecisionReceipt.objects.get().document
    keys = tmp_path / "keys.json"
    keys.write_text(json.dumps(published_keys()))
    good = tmp_path / "receipt.json"
    good.write_text(json.dumps(document))
    assert cli(["verify", str(good), "--keys", str(keys)]) == 0
    raw = base64.urlsafe_b64decode(document["payload"] + "=" * (-len(document["payload"]) % 4))
    for where in (0, len(raw) // 2, len(raw) - 1):
        changed = bytearray(raw)
        changed[where] ^= 0x01
        forged = {**document, "payload": base64.urlsafe_b64encode(bytes(changed)).rstrip(b"=").decode()}
        bad = tmp_path / f"forged-{where}.json"
        bad.write_text(json.dumps(forged))
        assert cli(["verify", str(bad), "--keys", str(keys)]) == 1
        with pytest.raises(ValueError, match=r"signature|receipt"):
            verify(forged, published_keys())
    signature = {**document, "signature": flip(document["signature"], 5)}
    with pytest.raises(ValueError, match=r"signature|receipt"):
        verify(signature, published_keys())
    other_key = {"keys": [{**published_keys()["keys"][0], "x": flip(published_keys()["keys"][0]["x"], 3)}]}
    with pytest.raises(ValueError, match=r"signature|receipt"):
        verify(document, other_key)


def test_the_deployment_check_refuses_without_a_receipt_and_allows_after_the_gate(scaling, owner, cast, people_token):
    client = people_token(owner)
    asked = {"initiative": scaling.key, "model": "GPT-4o-mini"}
    before = client.get("/api/v1/deployment-check/", asked).json()
    assert before["allowed"] is False
    assert any("not in production" in reason for reason in before["reasons"])
    assert any("no approved production gate" in reason for reason in before["reasons"])
    assert before["receipt"] is None
    approve_gate(scaling, owner, cast)
    after = client.get("/api/v1/deployment-check/", asked).json()
    assert after == {"allowed": True, "reasons": [], "receipt": DecisionReceipt.objects.get().document}
    other = client.get("/api/v1/deployment-check/", {"initiative": scaling.key, "model": "llama-3-70b"}).json()
    assert other["allowed"] is False
    assert "not llama-3-70b" in other["reasons"][0]
    # The keys are public; the receipt list is the initiative's.
    keys = APIClient().get("/.well-known/genai-tracker-keys.json")
    assert keys.status_code == 200
    assert keys.json() == published_keys()
    listed = client.get(f"/api/v1/initiatives/{scaling.key}/receipts/").json()["results"]
    assert [r["to_phase"] for r in listed] == ["production"]


def test_the_check_hides_initiatives_the_caller_cannot_see(scaling, people_token):
    from tests.factories import UserFactory

    stranger = people_token(UserFactory(username="stranger"))
    assert stranger.get("/api/v1/deployment-check/", {"initiative": scaling.key, "model": MODEL}).status_code == 404
    assert APIClient().get("/api/v1/deployment-check/", {"initiative": scaling.key, "model": MODEL}).status_code == 401
    bad = people_token(scaling.owner).get("/api/v1/deployment-check/", {"initiative": scaling.key})
    assert bad.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_the_ci_step_refuses_then_deploys(live_server, coe, units, owner, sponsor, capsys):
    from tests.factories import make_initiative

    initiative = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, sponsor=sponsor)
    type(initiative).objects.filter(pk=initiative.pk).update(models_used=MODEL)
    initiative = move_to_phase(initiative, "scaling")
    people = signers_for(units["retail"], coe=coe)
    people["business_sponsor"] = sponsor
    _token, secret = token_create(user=owner, name="deploy", read_only=True)
    step = ["--url", live_server.url, "--token", secret, "check", "--initiative", initiative.key, "--model", MODEL]
    assert cli(step) == 1
    assert "refused" in capsys.readouterr().err
    approve_gate(initiative, owner, people)
    assert cli(step) == 0
    assert "allowed" in capsys.readouterr().out


@pytest.fixture
def people_token():
    def client_for(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user, name='t')[1]}")
        return client

    return client_for
