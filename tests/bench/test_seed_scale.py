"""The generated benchmark portfolio is consistent: chains verify, open reviews are fresh, scopes hold."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection

from adoption.choices import Role
from adoption.models import GateCriterion, Initiative, PhaseStint
from adoption.selectors.funnel import funnel_summary, funnel_summary_from_rows
from adoption.selectors.funnel_tally import funnel_tally_differences
from adoption.selectors.initiatives import initiative_list_visible
from adoption.transitions import current_criteria, evidence_set_hash, gate_unmet_reasons
from governance.audit import verify_chains
from governance.models import AuditEvent, GateReview, RoleAssignment
from governance.selectors.reviews import signoff_inbox
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db


def foreign_keys() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint"
            " WHERE contype = 'f' ORDER BY 1, 2"
        )
        return cursor.fetchall()


def test_seed_a_small_portfolio(django_user_model, monkeypatch):
    # Initiatives copied in several batches, as at full size, while the rest is still being generated.
    monkeypatch.setattr("bench.seed.INITIATIVE_BATCH", 70)
    keys = foreign_keys()
    out = io.StringIO()
    call_command("seed_scale", initiatives=300, users=400, business_units=30, seed=7, stdout=out)
    # The foreign keys taken off for the bulk load are back as they were, and were checked when added back.
    assert foreign_keys() == keys
    assert any(table == "governance_auditevent" for table, *_rest in keys)
    assert "foreign keys in" in out.getvalue()
    assert Initiative.objects.count() == 300
    assert set(Initiative.objects.values_list("status", flat=True)) == {
        "active",
        "on_hold",
        "stopped",
        "in_production",
        "retired",
    }
    # About 20 criteria an initiative (PRODUCT.md §9: 2,000,000 for 100,000), counting the generated controls.
    assert 17 <= GateCriterion.objects.count() / 300 <= 23
    assert GateCriterion.objects.filter(code__startswith="generated-control-").exists()
    # The added controls are on the record, as the configuration service would have left them.
    assert AuditEvent.objects.filter(verb="criterion_template.added").count() == 15
    assert (
        PhaseStint.objects.filter(exited_at__isnull=True).count()
        == Initiative.objects.filter(status__in=["active", "on_hold"]).count()
    )
    checked, broken = verify_chains()
    assert broken is None
    assert checked > 300 * 3
    for review in GateReview.objects.filter(status="open").select_related("initiative__business_unit"):
        criteria = current_criteria(review.initiative)
        assert evidence_set_hash(criteria) == review.evidence_hash
        assert (
            gate_unmet_reasons(
                initiative=review.initiative,
                criteria=criteria,
                today=review.requested_at.date(),
                pending_risk_change=False,
            )
            == []
        )
    officer_assignment = RoleAssignment.objects.filter(role=Role.COMPLIANCE_OFFICER, scope="business_unit").first()
    officer = officer_assignment.user
    visible = initiative_list_visible(user=officer)
    unit = officer_assignment.business_unit
    assert visible.count() == Initiative.objects.filter(business_unit__path__startswith=unit.path).count() > 0
    assert funnel_summary(user=officer).total == visible.count()
    # The running totals were counted after the bulk load and their triggers are back on.
    assert funnel_tally_differences() == []
    assert funnel_summary(user=officer) == funnel_summary_from_rows(user=officer)
    Initiative.objects.filter(pk=visible.filter(status="active").first().pk).update(status="on_hold")
    assert funnel_tally_differences() == []
    assert all(r.initiative.business_unit.path.startswith(unit.path) for r in signoff_inbox(user=officer))


def test_refuses_a_database_with_real_data(coe, units):
    make_initiative(coe=coe, business_unit=units["retail"])
    with pytest.raises(CommandError, match="not generated"):
        call_command("seed_scale", initiatives=5, users=200, business_units=2)


def test_a_row_without_its_parent_fails_the_seeding(monkeypatch):
    """The keys added back check every copied row: a dangling one is refused, and nothing is left behind."""
    from bench import seed

    restore = seed.foreign_keys_restored

    def with_a_dangling_row(keys):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE governance_compliancereview SET assignee_id = -1"
                " WHERE id = (SELECT min(id) FROM governance_compliancereview)"
            )
        restore(keys)

    monkeypatch.setattr(seed, "foreign_keys_restored", with_a_dangling_row)
    keys = foreign_keys()
    with pytest.raises(IntegrityError, match="foreign key"):
        call_command("seed_scale", initiatives=40, users=200, business_units=5, seed=3, stdout=io.StringIO())
    assert not Initiative.objects.exists()
    assert foreign_keys() == keys
