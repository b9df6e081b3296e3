"""The import API: a dry run by default, apply with dry_run=false, 400 with each row's errors and nothing written,
the batch listed and undone; the CoE only (others: 403 on the collection, 404 on a batch)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from adoption.models import Initiative, RealisedValueEntry
from imports.models import ImportBatch

API = "/api/v1/imports/"
GOOD = (
    "external_id,title,business_unit,owner,sponsor,phase\n"
    "API-1,From the API,retail,owner,sponsor,production\n"
    "API-2,Another,insurance,owner,,\n"
)


def upload(client, text: str, *, dry_run: bool | None = None, name: str = "api.csv"):
    data = {"file": SimpleUploadedFile(name, text.encode(), "text/csv")}
    if dry_run is not None:
        data["dry_run"] = "true" if dry_run else "false"
    return client.post(API, data, format="multipart")


def test_dry_run_apply_list_and_undo(api, people):
    coe = api(people["coe"])
    dry = upload(coe, GOOD)
    assert dry.status_code == 200, dry.json()
    assert dry.json()["applied"] is False
    assert dry.json()["counts"]["create"] == 2
    assert not Initiative.objects.filter(external_id__startswith="API-").exists()
    applied = upload(coe, GOOD, dry_run=False)
    assert applied.status_code == 201, applied.json()
    batch = applied.json()["batch"]
    first = Initiative.objects.get(external_id="API-1")
    assert first.imported_at_phase == "production"
    assert first.status == "in_production"
    detail = api(people["coe"]).get(f"/api/v1/initiatives/{first.key}/").json()
    assert detail["imported_at_phase"] == "production"
    assert detail["external_id"] == "API-1"
    listed = coe.get(API).json()["results"]
    assert [row["id"] for row in listed] == [batch]
    assert listed[0]["undo_refusal"] == []
    assert listed[0]["rows"][0]["action"] == "create"
    undone = coe.post(f"{API}{batch}/undo/")
    assert undone.status_code == 200, undone.json()
    assert undone.json()["undone_at"]
    assert coe.post(f"{API}{batch}/undo/").status_code == 409
    assert not Initiative.objects.exclude(status="voided").filter(title="From the API").exists()


def test_row_errors_are_a_400_naming_each_row_and_nothing_is_written(api, people):
    bad = GOOD + "API-3,,nowhere,ghost,,someday\n"
    response = upload(api(people["coe"]), bad, dry_run=False)
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert list(fields) == ["initiatives.4"]
    assert any("nowhere" in message for message in fields["initiatives.4"])
    assert not ImportBatch.objects.exists()
    assert not Initiative.objects.filter(external_id__startswith="API-").exists()


def test_realised_value_on_an_initiative_that_existed_makes_the_batch_final(api, people):
    coe = api(people["coe"])
    assert upload(coe, GOOD, dry_run=False).status_code == 201
    values = (
        "external_id,period_start,period_end,currency,rate_to_reporting,benefit_cash_saving\n"
        "API-1,2026-01-01,2026-03-31,EUR,1,5000\n"
    )
    response = upload(coe, values, dry_run=False, name="values.csv")
    assert response.status_code == 201, response.json()
    assert RealisedValueEntry.objects.filter(initiative__external_id="API-1").count() == 1
    undo = coe.post(f"{API}{response.json()['batch']}/undo/")
    assert undo.status_code == 409
    assert "ledger" in " ".join(undo.json()["reasons"])


def test_only_the_coe(api, people):
    batch = upload(api(people["coe"]), GOOD, dry_run=False).json()["batch"]
    for who in ("owner", "executive", "outsider", "nobody"):
        client = api(people[who])
        assert upload(client, GOOD).status_code == 403, who
        assert client.get(API).status_code == 403, who
        assert client.get(f"{API}{batch}/").status_code == 404, who
        assert client.post(f"{API}{batch}/undo/").status_code == 404, who
    assert ImportBatch.objects.get().undone_at is None
    big = upload(api(people["coe"]), "external_id,title\n" + "X,Y\n" * 10, name="a.txt")
    assert big.status_code == 400
    assert "file" in big.json()["fields"]
