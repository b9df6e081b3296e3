"""The demo portfolio: loads once, every story is where it should be, and each demo user sees exactly their part."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from adoption.models import Initiative, WeeklySnapshot
from adoption.selectors.initiatives import initiative_list_visible
from adoption.selectors.weekly import monday_view
from adoption.services.weekly import last_complete_week, weekly_snapshot_take
from demo.loader import load_demo_data
from governance.audit import verify_chains
from governance.models import GateReview

# AI-0014 to AI-0016: the regulatory demo (demo/regimes_demo.py), registered in Retail.
ALL = {f"AI-{n:04d}" for n in range(1, 17)}
INSURANCE = {"AI-0003", "AI-0010", "AI-0012", "AI-0013"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # Earlier tests drew numbers from the key sequence (rollbacks do not return them); a fresh install has not.
        with connection.cursor() as cursor:
            cursor.execute("ALTER SEQUENCE adoption_initiative_number_seq RESTART WITH 1")
        load_demo_data()
        yield
        # Module-scoped data lives outside the per-test transactions; the next test module must not see it.
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.usefixtures("demo")
@pytest.mark.django_db
class TestDemoPortfolio:
    def test_every_phase_and_status_is_represented(self):
        states = set(Initiative.objects.values_list("phase", "status"))
        assert {s for _, s in states} == {"active", "on_hold", "stopped", "in_production", "retired"}
        assert {p for p, s in states if s == "active"} == {"exploration", "validation", "scaling"}

    def test_open_reviews_wait_for_the_compliance_officers(self):
        waiting = {r.initiative.key: r for r in GateReview.objects.filter(status="open").select_related("initiative")}
        assert set(waiting) == {"AI-0003", "AI-0005"}
        assert {s.slot.key for s in waiting["AI-0003"].signoffs.select_related("slot")} == {
            "business_sponsor",
            "coe_admin",
        }

    @pytest.mark.parametrize(
        ("username", "expected"),
        [
            ("coe", ALL),
            ("executive", ALL),
            ("auditor", ALL),
            ("compliance", ALL),
            ("compliance2", ALL),
            ("security", ALL - INSURANCE),
            ("steward", ALL - INSURANCE),
            ("owner", ALL),
            ("sponsor", ALL),
            ("newcomer", set()),
        ],
    )
    def test_each_user_sees_exactly_their_initiatives(self, username, expected, django_user_model):
        user = django_user_model.objects.get(username=username)
        assert set(initiative_list_visible(user=user).values_list("key", flat=True)) == expected

    def test_the_audit_chain_of_the_whole_demo_verifies(self):
        checked, broken = verify_chains()
        assert broken is None
        assert checked > 300

    def test_thirteen_weeks_are_recorded_for_the_monday_view(self, django_user_model):
        weeks = sorted(set(WeeklySnapshot.objects.values_list("week", flat=True)))
        assert len(weeks) == 13
        assert weeks[-1] == last_complete_week(timezone.now())
        assert WeeklySnapshot.objects.count() == 13 * 3  # Retail, Insurance and the whole portfolio
        view = monday_view(user=django_user_model.objects.get(username="executive"))
        assert len(view.weeks) == 13
        totals = [week.figures.total for week in view.weeks]
        assert totals == sorted(totals)
        assert 0 < totals[0] < totals[-1] <= 13
        # The history moves: registrations in some weeks, a realised value in the production initiative's unit.
        assert sum(week.figures.entered for week in view.weeks) >= 3
        assert view.latest.figures.realised_value_12m > 0
        retail = monday_view(user=django_user_model.objects.get(username="security"))
        assert [item.unit.code for item in retail.units] == ["retail"]
        assert retail.latest.figures.total < view.latest.figures.total
        # Taking the last complete week again (beat's Monday run) writes nothing.
        assert weekly_snapshot_take() == 0

    def test_a_second_load_changes_nothing(self):
        count = Initiative.objects.count()
        assert load_demo_data() is False
        assert Initiative.objects.count() == count


@pytest.mark.django_db
def test_the_command_refuses_without_debug():
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="Refusing"):
        call_command("load_demo_data")
