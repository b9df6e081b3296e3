"""Month-end board packs over the demo portfolio: the PDF in each language shows the figures counted from the rows,
regenerating it gives the same bytes, later changes never reach a past pack, only readers see it, the monthly task
freezes a month once."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone, translation
from pypdf import PdfReader
from rest_framework.test import APIClient

from adoption.choices import PHASE_ORDER, Phase, Status
from adoption.models import BusinessUnit, Initiative, PhaseStint
from config.schedule import PERIODIC_TASKS
from core.exceptions import Forbidden, Refused
from core.web import person_name
from governance.labels import describe_events
from governance.models import AuditEvent
from reports.models import BoardPack
from reports.pdf import LANGUAGES, canonical_json
from reports.sections import SECTIONS
from reports.selectors import board_pack_pdf
from reports.services import board_pack_create, board_pack_snapshot, board_pack_take_monthly
from reports.tasks import take_board_pack
from tests.factories import make_initiative

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]


def person(username):
    return get_user_model().objects.get(username=username)


def pdf_text(data: bytes) -> str:
    """The PDF's text with every run of white space made one space (table cells wrap differently per language)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def percent(part: int, whole: int) -> str:
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('1'), ROUND_HALF_UP)}%"


def expected_lines(today: datetime.date, language: str) -> list[str]:
    """The phase and unit rows as the PDF must print them, counted here from the initiatives and their stays."""
    counted = Initiative.objects.exclude(status=Status.VOIDED)
    lines = []
    with translation.override(language):
        for phase in PHASE_ORDER:
            stays = PhaseStint.objects.filter(phase=phase, initiative__in=counted)
            entered, advanced = stays.count(), stays.filter(outcome="advanced").count()
            active = counted.filter(phase=phase, status=Status.ACTIVE).count()
            held = counted.filter(phase=phase, status=Status.ON_HOLD).count()
            conversion = percent(advanced, entered) if entered else "—"
            lines.append(f"{Phase(phase).label} {active} {held} {entered} {advanced} {conversion}")
    start = datetime.datetime.combine(
        (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1),
        datetime.time.min,
        tzinfo=timezone.get_default_timezone(),
    )
    end = datetime.datetime.combine(today.replace(day=1), datetime.time.min, tzinfo=timezone.get_default_timezone())
    for unit in BusinessUnit.objects.order_by("code"):
        mine = counted.filter(business_unit=unit)
        statuses = Counter(mine.values_list("status", flat=True))
        if not statuses:
            continue
        stopped_in_month = mine.filter(stopped_at__gte=start, stopped_at__lt=end).count()
        cells = [statuses[s] for s in ("active", "on_hold", "in_production", "stopped", "retired")]
        lines.append(f"{unit.name} ({unit.code}) {mine.count()} " + " ".join(map(str, [*cells, stopped_in_month])))
    return lines


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def pack(today):
    return board_pack_create(actor=person("coe"), today=today)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_in_each_language_shows_the_figures_counted_from_the_rows(pack, today, language):
    text = pdf_text(board_pack_pdf(pack, language))
    for line in expected_lines(today, language):
        assert line in text, (line, text)
    total = Initiative.objects.exclude(status=Status.VOIDED).count()
    assert pack.snapshot["sections"]["funnel"]["total"] == total
    assert pack.snapshot_sha256 in text


def test_regenerating_a_pack_gives_the_same_snapshot_hash_and_the_same_pdf_bytes(pack):
    stored = BoardPack.objects.get(pk=pack.pk)  # read back from jsonb: the hash is over its canonical JSON
    assert hashlib.sha256(canonical_json(stored.snapshot)).hexdigest() == stored.snapshot_sha256
    for language in LANGUAGES:
        again = board_pack_pdf(stored, language)
        assert hashlib.sha256(again).hexdigest() == stored.pdf_sha256[language], language
    assert len(set(stored.pdf_sha256.values())) == 3


def test_later_changes_in_the_portfolio_never_change_a_past_pack(pack, today):
    frozen_total = pack.snapshot["sections"]["funnel"]["total"]
    retail = BusinessUnit.objects.get(code="retail")
    make_initiative(coe=person("coe"), business_unit=retail, owner=person("owner"), title="Late arrival")
    Initiative.objects.filter(key="AI-0001").update(title="Renamed after the pack")
    # The portfolio now reads differently...
    assert board_pack_snapshot(today)["sections"]["funnel"]["total"] == frozen_total + 1
    # ...but the pack's figures, hash and PDFs do not.
    stored = BoardPack.objects.get(pk=pack.pk)
    assert stored.snapshot["sections"]["funnel"]["total"] == frozen_total
    for language in LANGUAGES:
        assert hashlib.sha256(board_pack_pdf(stored, language)).hexdigest() == pack.pdf_sha256[language]
    # And the database refuses to change or delete it.
    for change in (lambda: BoardPack.objects.filter(pk=pack.pk).update(snapshot={}), stored.delete):
        with pytest.raises(Exception, match=r"(?i)protect|cannot"), transaction.atomic():
            change()
    assert BoardPack.objects.get(pk=pack.pk).snapshot_sha256 == pack.snapshot_sha256


def test_a_frozen_month_is_refused_and_only_the_coe_freezes(pack, today):
    with pytest.raises(Refused):
        board_pack_create(actor=person("coe"), today=today)
    with pytest.raises(Forbidden):
        board_pack_create(actor=person("executive"), today=today + datetime.timedelta(days=40))
    event = AuditEvent.objects.get(verb="board_pack.created")
    assert event.after["snapshot_sha256"] == pack.snapshot_sha256
    assert event.actor.username == "coe"
    (described,) = describe_events([event])
    assert described.sentence == f"{person_name(event.actor)} froze the board pack {pack.month:%Y-%m}"


def test_the_monthly_task_freezes_last_month_once():
    assert PERIODIC_TASKS["reports.take_board_pack"].day_of_month == {1}
    first = timezone.localdate().replace(day=1)
    at = datetime.datetime.combine(first, datetime.time(5, 40), tzinfo=timezone.get_default_timezone())
    assert board_pack_take_monthly(now=at) == 1
    assert board_pack_take_monthly(now=at + datetime.timedelta(hours=1)) == 0
    assert take_board_pack.apply().get() == 0  # the task itself, later the same month
    (pack,) = BoardPack.objects.all()
    assert pack.created_by is None
    assert pack.month == (first - datetime.timedelta(days=1)).replace(day=1)
    assert pack.snapshot["month"] == f"{pack.month:%Y-%m}"


@pytest.mark.parametrize("username", ["coe", "executive", "auditor"])
def test_readers_see_the_list_and_download_each_language(pack, username):
    client = Client()
    client.force_login(person(username))
    page = client.get("/reports/packs/")
    assert page.status_code == 200
    body = page.content.decode()
    for language in LANGUAGES:
        assert f"/reports/packs/{pack.pk}/pdf/?lang={language}" in body
    assert ("Freeze the board pack" in body) == (username == "coe")
    response = client.get(f"/reports/packs/{pack.pk}/pdf/?lang=zh-hant")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-SHA256"] == response["X-Recorded-SHA256"] == pack.pdf_sha256["zh-hant"]
    assert hashlib.sha256(response.content).hexdigest() == pack.pdf_sha256["zh-hant"]
    assert client.get(f"/reports/packs/{pack.pk}/pdf/?lang=fr").status_code == 400


@pytest.mark.parametrize("username", ["owner", "security", "compliance"])
def test_others_see_no_pack_and_cannot_download_one(pack, username):
    client = Client()
    client.force_login(person(username))
    page = client.get("/reports/packs/")
    assert page.status_code == 200
    assert f"/reports/packs/{pack.pk}/pdf/" not in page.content.decode()
    assert client.get(f"/reports/packs/{pack.pk}/pdf/?lang=en").status_code == 404
    assert client.post("/reports/packs/").status_code == 403
    api = APIClient()
    api.force_authenticate(person(username))
    assert api.get("/api/v1/board-packs/").json()["results"] == []
    assert api.get(f"/api/v1/board-packs/{pack.pk}/pdf/?lang=en").status_code == 404
    assert api.post("/api/v1/board-packs/", {}, format="json").status_code == 403


def test_the_api_lists_freezes_and_serves_the_pdf(today):
    api = APIClient()
    api.force_authenticate(person("coe"))
    created = api.post("/api/v1/board-packs/", {}, format="json")
    assert created.status_code == 201, created.json()
    pack = created.json()
    assert pack["snapshot"]["sections"]["funnel"]["total"] == Initiative.objects.exclude(status=Status.VOIDED).count()
    again = api.post("/api/v1/board-packs/", {}, format="json")
    assert again.status_code == 409
    api.force_authenticate(person("executive"))
    (listed,) = api.get("/api/v1/board-packs/").json()["results"]
    assert listed["snapshot_sha256"] == pack["snapshot_sha256"]
    response = api.get(listed["pdf"]["zh-hans"], HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert hashlib.sha256(response.content).hexdigest() == listed["pdf_sha256"]["zh-hans"]
    bad = api.get(f"/api/v1/board-packs/{listed['id']}/pdf/?lang=de")
    assert bad.status_code == 400
    assert "lang" in bad.json()["fields"]


def test_the_command_freezes_once_and_checks_a_pack_against_its_hashes():
    out = io.StringIO()
    call_command("board_pack", stdout=out)
    call_command("board_pack", stdout=out)
    assert out.getvalue().splitlines() == ["Froze last month's board pack.", "Last month is frozen already."]
    pack = BoardPack.objects.get()
    out = io.StringIO()
    call_command("board_pack", check=f"{pack.month:%Y-%m}", stdout=out)
    assert "match" in out.getvalue()
    with pytest.raises(CommandError, match="No board pack"):
        call_command("board_pack", check="1999-01")


def _no_floats(value, where="section"):
    assert not isinstance(value, float), f"{where} is a float: write amounts and ratios as strings"
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str), f"{where} has a key that is not text"
            _no_floats(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _no_floats(item, f"{where}[{index}]")


@pytest.mark.parametrize("section", SECTIONS, ids=[section.key for section in SECTIONS])
def test_every_registered_section_is_json_ready_deterministic_and_has_its_partial(section, today):
    """Holds for the sections other parts register too: what is frozen is exactly what is read back."""
    data = section.freeze(today)
    _no_floats(data, section.key)
    assert json.loads(canonical_json(data)) == data
    assert section.freeze(today) == data
    get_template(section.template)
