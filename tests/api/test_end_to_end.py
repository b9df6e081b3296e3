"""One initiative from registration to production driven only through the HTTP API, each step by the person whose
job it is: the CoE registers it and grants the signers, the owner records evidence, ROI and requests each gate, a
compliance officer confirms the risk tier, and the signers sign every slot."""

from decimal import Decimal

from rest_framework.test import APIClient

from tests.factories import BusinessUnitFactory, UserFactory, grant

PASSWORD = "pw-test-2026"
API = "/api/v1/"


def login(username: str) -> APIClient:
    """A client holding the token the API hands out for ``username``'s password."""
    client = APIClient()
    response = client.post(API + "auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 201, response.json()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, (response.status_code, response.json())
    return response.json()


def record_the_data(owner: APIClient, key: str, criteria: list[dict]) -> None:
    """What the criteria backed by data are judged from: classification, scored options, a testing period."""
    initiative = ok(owner.get(f"{API}initiatives/{key}/"))
    if initiative["data_classification"] == "unclassified":
        changes = {"data_classification": "internal", "version": initiative["version"]}
        ok(owner.patch(f"{API}initiatives/{key}/", changes, format="json"))
    if not ok(owner.get(f"{API}initiatives/{key}/model-options/"))["options"]:
        scores = {f"score_{d}": 4 for d in ("quality", "total_cost", "data_security", "control", "vendor_risk")}
        first = ok(
            owner.post(
                f"{API}initiatives/{key}/model-options/",
                {"name": "Hosted", "sourcing": "closed_api", **scores},
                format="json",
            ),
            201,
        )
        option = {"name": "Open weights", "sourcing": "open_source_self_hosted", **scores}
        ok(owner.post(f"{API}initiatives/{key}/model-options/", option, format="json"), 201)
        choice = {"rationale": "Best for the task."}
        ok(owner.post(f"{API}initiatives/{key}/model-options/{first['id']}/choose/", choice, format="json"))
    for criterion in criteria:
        if criterion["derived"] == "testing_days":
            period = {"period_start": "2026-01-01", "period_end": "2026-01-28"}
            url = f"{API}initiatives/{key}/criteria/{criterion['id']}/"
            assert ok(owner.patch(url, period, format="json"))["metric_value"] == "28.0000"


def record_every_criterion(owner: APIClient, key: str) -> None:
    criteria = ok(owner.get(f"{API}initiatives/{key}/criteria/"))
    record_the_data(owner, key, criteria)
    for index, criterion in enumerate(criteria):
        url = f"{API}initiatives/{key}/criteria/{criterion['id']}/"
        if criterion["derived"]:
            # Judged from the data, never marked by hand.
            refused = owner.patch(url, {"status": "met"}, format="json")
            assert refused.status_code == 409, refused.json()
            assert ok(owner.get(url))["status"] == "met", criterion["code"]
            continue
        if criterion["kind"] in ("metric", "duration"):
            threshold = Decimal(criterion["threshold"])
            value = threshold if criterion["comparator"] == "gte" else threshold - 1
            body = {"metric_value": str(value), "evidence_text": "Measured on the pilot.", "status": "met"}
        elif criterion["kind"] == "evidence" and index % 2:
            # Half of the evidence goes up as a file, the other half as a link.
            upload = owner.post(
                url + "evidence/",
                {"file": _file(criterion["code"]), "text": "Signed report."},
                format="multipart",
            )
            ok(upload, 201)
            body = {"status": "met"}
        elif criterion["kind"] == "evidence":
            body = {"evidence_url": f"https://wiki.example/{criterion['code']}", "status": "met"}
        else:
            body = {"status": "met"}
        assert ok(owner.patch(url, body, format="json"))["status"] == "met"


def _file(code: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(f"{code}.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n", content_type="application/pdf")


def test_exploration_to_production_over_http(db):
    retail = BusinessUnitFactory(code="retail", name="Retail Banking")
    names = ["coe", "owner", "sponsor", "compliance", "compliance2", "security", "steward"]
    users = {name: UserFactory(username=name) for name in names}
    grant(users["coe"], "coe_admin")  # the first CoE member is bootstrapped, as `grant_role --bootstrap` does

    coe = login("coe")
    for name, role in (
        ("compliance", "compliance_officer"),
        ("compliance2", "compliance_officer"),
        ("security", "security_reviewer"),
        ("steward", "data_steward"),
    ):
        ok(coe.post(API + "role-assignments/", {"user": name, "role": role, "business_unit": "retail"}), 201)
    created = ok(
        coe.post(
            API + "initiatives/",
            {"title": "Claims triage assistant", "business_unit": retail.code, "owner": "owner", "sponsor": "sponsor"},
        ),
        201,
    )
    key = created["key"]
    assert created["phase"] == "exploration"

    owner = login("owner")
    signers = {
        "coe_admin": coe,
        "business_sponsor": login("sponsor"),
        "compliance_officer": login("compliance"),
        "compliance_officer_2": login("compliance2"),
        "security_reviewer": login("security"),
        "data_steward": login("steward"),
    }

    # The risk tier takes effect only when a compliance officer confirms it.
    change = ok(owner.post(f"{API}initiatives/{key}/risk-tier-changes/", {"to_tier": "high", "reason": "Claims."}), 201)
    ok(signers["compliance_officer"].post(f"{API}risk-tier-changes/{change['id']}/confirm/", {}))
    current = ok(owner.get(f"{API}initiatives/{key}/"))
    assert current["risk_tier"] == "high"
    ok(owner.patch(f"{API}initiatives/{key}/", {"pain_point": "Claims wait days.", "version": current["version"]}))

    expected_slots = {
        "exploration": ["business_sponsor", "coe_admin", "compliance_officer", "compliance_officer_2"],
        "validation": [
            "coe_admin",
            "compliance_officer",
            "security_reviewer",
            "data_steward",
            "business_sponsor",
            "compliance_officer_2",
        ],
        "scaling": ["coe_admin", "compliance_officer", "security_reviewer", "business_sponsor", "compliance_officer_2"],
    }
    for phase in ("exploration", "validation", "scaling"):
        assert ok(owner.get(f"{API}initiatives/{key}/"))["phase"] == phase
        refused = owner.post(f"{API}initiatives/{key}/gate-reviews/")
        assert refused.status_code == 409
        assert any("must be met or waived" in reason for reason in refused.json()["reasons"])

        estimate = {
            "currency": "EUR",
            "rate_to_reporting": "1",
            "rate_date": "2026-01-01",
            "confidence": "medium",
            "benefit_cash_saving": "250000.00",
            "one_off_cost": "80000.00",
            "run_cost_model": "30000.00",
        }
        assert ok(owner.post(f"{API}initiatives/{key}/roi/", estimate), 201)["figures"]["net_annual_value"] == (
            "220000.00"
        )
        record_every_criterion(owner, key)

        review = ok(owner.post(f"{API}initiatives/{key}/gate-reviews/"), 201)
        assert [slot["key"] for slot in review["slots"]] == expected_slots[phase]
        assert all(slot["state"] == "waiting" for slot in review["slots"])
        for slot in expected_slots[phase]:
            signer = signers[slot]
            assert slot in ok(signer.get(f"{API}gate-reviews/{review['id']}/"))["my_slots"]
            signed = ok(signer.post(f"{API}gate-reviews/{review['id']}/sign/", {"slot": slot, "decision": "approve"}))
        assert signed["status"] == "approved"

    final = ok(owner.get(f"{API}initiatives/{key}/"))
    assert final["status"] == "in_production"
    assert final["production_entered_at"] is not None
    reviews = ok(owner.get(f"{API}initiatives/{key}/gate-reviews/"))["results"]
    assert [r["status"] for r in reviews] == ["approved"] * 3
    # Production opens the first periodic compliance review, assigned to a compliance officer in scope.
    scheduled = ok(signers["compliance_officer"].get(f"{API}compliance-reviews/"))["results"]
    assert [r["initiative"] for r in scheduled] == [key]
    audit = ok(coe.get(f"{API}audit-events/", {"initiative": key, "verb": "initiative."}))["results"]
    assert [event["verb"] for event in audit][:1] == ["initiative.entered_production"]
