"""The funnel by programme and cohort tag and its data quality note on imported initiatives; the board, the table
and the API's initiative list keep a constant number of queries whatever the number of tagged initiatives."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from adoption.selectors.funnel_tags import funnel_by_tag, imported_later
from adoption.services.tags import initiative_tag, tag_create
from imports.services import import_run
from tests.api.conftest import client_for
from tests.factories import UserFactory, make_initiative


def _grow(coe, unit, tags, *, to: int, have: list) -> None:
    while len(have) < to:
        owner = UserFactory(username=f"tag-owner-{len(have)}")
        initiative = make_initiative(coe=coe, business_unit=unit, owner=owner, title=f"Tagged {len(have)}")
        initiative_tag(actor=coe, initiative=initiative, add=tags)
        have.append(initiative)


def test_the_funnel_counts_each_tag_and_notes_imported_initiatives(client, coe, units, owner):
    wave = tag_create(actor=coe, code="wave-1", name="Wave 1", kind="cohort", name_zh_hant="第一波")
    payments = tag_create(actor=coe, code="payments", name="Payments programme")
    have: list = []
    _grow(coe, units["retail"], [wave], to=2, have=have)
    initiative_tag(actor=coe, initiative=have[0], add=[payments])
    csv = b"external_id,title,business_unit,owner,phase,tags\nT-1,Imported,retail,owner,scaling,wave-1\n"
    assert import_run(actor=coe, file_name="t.csv", content=csv, dry_run=False).applied
    figures = {item.tag.code: item for item in funnel_by_tag(user=coe)}
    assert figures["wave-1"].total == 3
    assert figures["wave-1"].phases == [2, 0, 1]
    assert figures["payments"].total == 1
    assert imported_later(user=coe) == {"scaling": 1}
    client.force_login(coe)
    html = client.get("/funnel/").content.decode()
    assert "Payments programme" in html
    assert "1 initiative was imported at scaling" in html
    assert imported_later(user=UserFactory(username="nobody-here")) == {}
    body = client_for(coe).get("/api/v1/funnel/tags/").json()
    assert body["imported_later"] == {"scaling": 1}
    assert {row["tag"]: row["total"] for row in body["by_tag"]} == {"payments": 1, "wave-1": 3}
    assert client_for(coe).get("/api/v1/funnel/tags/?business_unit=nowhere").status_code == 400


def test_tagged_lists_cost_the_same_at_two_sizes(client, coe, units):
    wave = tag_create(actor=coe, code="wave-1", name="Wave 1", kind="cohort")
    api = client_for(coe)
    client.force_login(coe)
    have: list = []
    counts = []

    def read_all():
        assert api.get("/api/v1/initiatives/?tag=wave-1").status_code == 200
        assert client.get("/", {"tag": "wave-1"}).status_code == 200
        assert client.get("/portfolio/table/", {"tag": "wave-1"}).status_code == 200
        assert client.get("/funnel/").status_code == 200
        assert api.get("/api/v1/funnel/tags/").status_code == 200

    read_all()  # the session's and the caches' first reads
    for size in (3, 12):
        _grow(coe, units["retail"], [wave], to=size, have=have)
        with CaptureQueriesContext(connection) as queries:
            read_all()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
