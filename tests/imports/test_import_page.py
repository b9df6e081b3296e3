"""The import page: the CoE checks a file, reads every row, applies it, sees the batch and undoes it; templates in
each language; anyone else is refused."""

import io
from pathlib import Path

from openpyxl import load_workbook

from adoption.models import Initiative
from imports.models import ImportBatch
from tests.factories import UserFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def _upload(client, name: str, content: bytes):
    return client.post(
        "/portfolio/import/check",
        {"file": __import__("django.core.files.uploadedfile", fromlist=["x"]).SimpleUploadedFile(name, content)},
    )


def test_check_apply_and_undo_on_the_page(client, coe, units, owner):
    client.force_login(coe)
    csv = b"external_id,title,business_unit,owner,phase\nPG-1,Page import,retail,owner,validation\n"
    response = _upload(client, "page.csv", csv)
    html = response.content.decode()
    assert response.status_code == 200
    assert "PG-1" in html
    assert "Apply this file" in html
    assert not Initiative.objects.filter(external_id="PG-1").exists()
    pending = client.session["import_pending"]["sha256"]
    response = client.post("/portfolio/import/apply", {"sha256": pending})
    assert response.status_code == 302
    imported = Initiative.objects.get(external_id="PG-1")
    assert imported.imported_at_phase == "validation"
    page = client.get("/portfolio/import/").content.decode()
    assert "page.csv" in page
    # The initiative's own page, the board and the table mark it.
    assert "earlier gates not recorded here" in client.get(f"/initiatives/{imported.key}/").content.decode()
    assert "earlier gates not recorded here" in client.get("/").content.decode()
    assert "earlier gates not recorded here" in client.get("/portfolio/table/").content.decode()
    batch = ImportBatch.objects.get()
    assert client.post(f"/portfolio/import/{batch.pk}/undo").status_code == 302
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert Initiative.objects.get(pk=imported.pk).status == "voided"


def test_a_file_with_errors_shows_them_and_offers_no_apply(client, coe, units, owner):
    client.force_login(coe)
    response = _upload(client, "bad.csv", b"external_id,title,business_unit,owner\nPG-2,X,nowhere,owner\n")
    html = response.content.decode()
    assert response.status_code == 400
    assert "nowhere" in html
    assert "Apply this file" not in html
    assert "import_pending" not in client.session


def test_templates_in_each_language_carry_localised_headers(client, coe):
    client.force_login(coe)
    for language, header in (("en", "External id *"), ("zh-hant", "外部編號 *"), ("zh-hans", "外部编号 *")):
        response = client.get(f"/portfolio/import/template-{language}.xlsx")
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        assert next(book.worksheets[0].iter_rows(max_row=1, values_only=True))[0] == header
        csv = b"".join(client.get(f"/portfolio/import/template-{language}-roles.csv").streaming_content)
        assert "角色" in csv.decode("utf-8-sig") or language == "en"
    assert client.get("/portfolio/import/template-fr.xlsx").status_code == 404


def test_only_the_coe_has_the_page(client, owner):
    client.force_login(owner)
    assert client.get("/portfolio/import/").status_code == 403
    assert client.post("/portfolio/import/check", {}).status_code == 403
    assert client.post("/portfolio/import/1/undo").status_code == 403
    stranger = UserFactory(username="stranger")
    client.force_login(stranger)
    assert client.get("/portfolio/import/template-en.xlsx").status_code == 403


def test_the_review_and_criterion_pages_mark_an_imported_initiative_too(client, coe, units, owner):
    from imports.services import import_run

    csv = b"external_id,title,business_unit,owner,phase\nPG-9,Marked everywhere,retail,owner,validation\n"
    assert import_run(actor=coe, file_name="m.csv", content=csv, dry_run=False).applied
    imported = Initiative.objects.get(external_id="PG-9")
    criterion = imported.criteria.filter(phase="validation").first()
    client.force_login(owner)  # the criterion's page is its owner's
    html = client.get(f"/initiatives/{imported.key}/criteria/{criterion.pk}/edit").content.decode()
    assert "earlier gates not recorded here" in html
