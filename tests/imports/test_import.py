"""Importing the portfolio: the 繁體中文 workbook of 40 initiatives in a dry run (nothing kept), with row errors
(nothing kept, every error shown), for real, and undone (nothing left live), and the undo refused after a change."""

from decimal import Decimal
from pathlib import Path

import pytest

from adoption.choices import Role, Status
from adoption.models import GateCriterion, Initiative, PhaseStint, RealisedValueEntry, Tag
from adoption.selectors.funnel import funnel_summary
from adoption.services import initiatives as initiative_services
from adoption.services.tags import tag_create
from core.exceptions import Forbidden, InvalidInput, Refused
from governance.models import AuditEvent, RoleAssignment
from governance.selectors.board import board_cards
from imports import reader
from imports.models import ImportBatch, ImportChange
from imports.services import import_run, import_undo
from tests.factories import UserFactory, grant

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
GOOD = FIXTURES / "portfolio-zh-hant.xlsx"
BAD = FIXTURES / "portfolio-zh-hant-errors.xlsx"


@pytest.fixture
def cast(coe, units, owner, sponsor):
    people = {"coe": coe, "owner": owner, "sponsor": sponsor}
    for name in ("olivia", "wei", "mei", "steward"):
        people[name] = UserFactory(username=name)
    tag_create(actor=coe, code="wave-1", name="Wave 1", kind="cohort", name_zh_hant="第一波")
    return people


def live_counts() -> dict[str, int]:
    """What the portfolio holds that anyone acts on: initiatives not voided, their stays, criteria, realised value
    and tags, and the roles in force."""
    live = Initiative.objects.exclude(status=Status.VOIDED)
    return {
        "initiatives": live.count(),
        "with_external_id": Initiative.objects.exclude(external_id=None).count(),
        "stints": PhaseStint.objects.filter(initiative__in=live).count(),
        "criteria": GateCriterion.objects.filter(initiative__in=live).count(),
        "realised": RealisedValueEntry.objects.filter(initiative__in=live).count(),
        "tagged": Initiative.tags.through.objects.filter(initiative__in=live).count(),
        "roles": RoleAssignment.objects.filter(revoked_at=None).exclude(initiative__status=Status.VOIDED).count(),
        "batches_live": ImportBatch.objects.filter(undone_at=None).count(),
    }


def run(actor, path: Path, *, dry_run: bool):
    return import_run(actor=actor, file_name=path.name, content=path.read_bytes(), dry_run=dry_run)


def test_a_dry_run_reports_every_row_and_keeps_nothing(cast):
    before = live_counts()
    events = AuditEvent.objects.count()
    report = run(cast["coe"], GOOD, dry_run=True)
    assert report.errors == 0, [r.errors for r in report.rows if r.errors]
    assert report.counts["create"] == 40
    assert report.counts["grant"] == 3
    assert report.counts["record"] == 6
    assert not report.applied
    assert live_counts() == before
    assert AuditEvent.objects.count() == events
    assert not ImportBatch.objects.exists()


def test_row_errors_are_all_shown_and_nothing_is_written(cast):
    before = live_counts()
    report = run(cast["coe"], BAD, dry_run=False)
    assert not report.applied
    wrong = {(row.kind, row.row): " ".join(row.errors) for row in report.rows if row.errors}
    assert "nowhere" in wrong[("initiatives", 4)]
    assert "Title" in wrong[("initiatives", 7)]
    assert "完成" in wrong[("initiatives", 10)]
    assert "twice" in wrong[("initiatives", 13)]
    assert "ghost" in wrong[("roles", 3)]
    assert ("values", 2) in wrong
    assert live_counts() == before


def test_the_workbook_imports_marks_later_phases_and_undo_leaves_nothing_live(cast):
    coe = cast["coe"]
    before = live_counts()
    funnel_before = funnel_summary(user=coe)
    report = run(coe, GOOD, dry_run=False)
    assert report.applied, [r.errors for r in report.rows if r.errors]
    batch = report.batch
    assert batch.sha256 == __import__("hashlib").sha256(GOOD.read_bytes()).hexdigest()
    assert batch.counts["create"] == 40
    imported = Initiative.objects.exclude(external_id=None)
    assert imported.count() == 40
    assert imported.filter(imported_at_phase="").count() == 16
    assert imported.filter(imported_at_phase="validation", phase="validation").count() == 10
    assert imported.filter(imported_at_phase="scaling", phase="scaling").count() == 8
    assert imported.filter(imported_at_phase="production", status=Status.IN_PRODUCTION).count() == 6
    # A later phase is entered without inventing the stays before it.
    later = imported.get(external_id="XL-020")
    assert list(PhaseStint.objects.filter(initiative=later).values_list("phase", flat=True)) == ["validation"]
    assert AuditEvent.objects.filter(verb="initiative.imported_later_phase").count() == 24
    assert AuditEvent.objects.filter(verb="initiative.imported").count() == 40
    assert Tag.objects.get(code="wave-1").initiatives.count() == 20
    assert RoleAssignment.objects.filter(role=Role.CONTRIBUTOR, revoked_at=None).count() == 2
    assert RealisedValueEntry.objects.filter(initiative__external_id="XL-035").get().benefit_cash_saving == Decimal(
        "12000"
    )
    assert board_cards(user=coe).count() == 40

    # Importing the same file again changes nothing.
    again = run(coe, GOOD, dry_run=True)
    assert again.counts["unchanged"] == 40

    import_undo(actor=coe, batch_id=batch.pk)
    assert live_counts() == {**before, "batches_live": 0}
    assert board_cards(user=coe).count() == 0
    funnel_after = funnel_summary(user=coe)
    assert funnel_after.total == funnel_before.total
    assert AuditEvent.objects.filter(verb="import.undone").count() == 1
    with pytest.raises(Refused):
        import_undo(actor=coe, batch_id=batch.pk)
    # The external ids are free again: the same file imports anew.
    assert run(coe, GOOD, dry_run=True).counts["create"] == 40


def test_an_update_is_restored_by_undo_and_a_later_change_refuses_it(cast, tmp_path):
    coe = cast["coe"]
    first = run(coe, GOOD, dry_run=False).batch
    assert first is not None
    # A second file changes one title (found by its external id) and leaves the rest as they are.
    csv = tmp_path / "titles.csv"
    csv.write_text("外部編號,名稱\nXL-002,改過的名稱\nXL-003,理賠文件擷取 03\n", encoding="utf-8")
    report = run(coe, csv, dry_run=True)
    actions = {row.external_id: row.action for row in report.rows}
    assert actions == {"XL-002": "update", "XL-003": "unchanged"}
    assert report.rows[0].changes["title"][1] == "改過的名稱"
    second = run(coe, csv, dry_run=False).batch
    assert Initiative.objects.get(external_id="XL-002").title == "改過的名稱"
    # The first batch cannot be undone now: XL-002 changed since.
    with pytest.raises(Refused, match=r"AI-"):
        import_undo(actor=coe, batch_id=first.pk)
    import_undo(actor=coe, batch_id=second.pk)
    assert Initiative.objects.get(external_id="XL-002").title == "信用卡爭議分類 02"
    # A change by hand after the import also refuses its undo.
    third = run(coe, csv, dry_run=False).batch
    changed = Initiative.objects.get(external_id="XL-002")
    initiative_services.initiative_update(actor=coe, initiative=changed, kpi="Minutes")
    with pytest.raises(Refused) as refused:
        import_undo(actor=coe, batch_id=third.pk)
    assert changed.key in " ".join(refused.value.reasons)
    assert ImportChange.objects.filter(batch=third).count() == 1


def test_only_the_coe_imports(cast, units):
    outsider = cast["owner"]
    grant(outsider, Role.COMPLIANCE_OFFICER, business_unit=units["retail"])
    with pytest.raises(Forbidden):
        run(outsider, GOOD, dry_run=True)
    batch = run(cast["coe"], GOOD, dry_run=False).batch
    with pytest.raises(Forbidden):
        import_undo(actor=outsider, batch_id=batch.pk)


def test_bounds_and_bad_files_are_clear_400s(cast, monkeypatch):
    coe = cast["coe"]
    for name, content, words in (
        ("a.txt", b"x", ".csv or .xlsx"),
        ("a.xlsx", b"not a zip", "XLSX"),
        ("a.csv", "名稱\n".encode("utf-16"), "UTF-8"),
        ("a.csv", b"nonsense,columns\n1,2\n", "no column"),
        ("a.csv", "外部編號,名稱,顏色\nX,Y,Z\n".encode(), "顏色"),
        ("a.csv", b"external_id,title\n", "no rows"),
    ):
        with pytest.raises(InvalidInput) as refused:
            import_run(actor=coe, file_name=name, content=content, dry_run=True)
        assert words in " ".join(refused.value.fields["file"]), (name, refused.value.fields)
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    with pytest.raises(InvalidInput) as refused:
        run(coe, GOOD, dry_run=True)
    assert "3" in refused.value.fields["file"][0]
    monkeypatch.setattr(reader, "MAX_BYTES", 100)
    with pytest.raises(InvalidInput) as refused:
        run(coe, GOOD, dry_run=True)
    assert "100" in refused.value.fields["file"][0]
