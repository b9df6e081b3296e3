"""The analytics pages through Django's client: what each person sees, and who may change what."""

from __future__ import annotations

import pytest

from adoption.choices import Role
from analytics.models import KillRule, VendorScenario
from tests.analytics.factories import overdue_by
from tests.factories import UserFactory, grant, make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_units(coe, units, owner):
    retail = make_initiative(coe=coe, business_unit=units["retail"], owner=owner, title="Retail late")
    insurance = make_initiative(
        coe=coe, business_unit=units["insurance"], owner=UserFactory(username="ins-owner"), title="Insurance late"
    )
    overdue_by(retail, 40)
    overdue_by(insurance, 40)
    return retail, insurance


def test_each_page_shows_only_the_viewers_initiatives(client, coe, units, two_units):
    retail, insurance = two_units
    steward = UserFactory(username="steward")
    grant(steward, Role.DATA_STEWARD, business_unit=units["retail"], by=coe)
    client.force_login(steward)
    for url in ("/portfolio/kill-list/", "/portfolio/radar/", "/portfolio/vendors/"):
        page = client.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        if url != "/portfolio/vendors/":
            assert retail.key in text
        assert insurance.key not in text
    # No CoE forms for a steward.
    assert 'data-action="kill-rule"' not in client.get("/portfolio/kill-list/").content.decode()


def test_only_the_coe_changes_a_rule_from_the_page(client, coe, owner):
    client.force_login(owner)
    answer = client.post("/portfolio/kill-list/rules/overdue", {"overdue-parameter": "5", "overdue-enabled": "on"})
    assert answer.status_code == 403
    assert KillRule.objects.get(kind="overdue").parameter == 30
    client.force_login(coe)
    answer = client.post("/portfolio/kill-list/rules/overdue", {"overdue-parameter": "0", "overdue-enabled": "on"})
    assert answer.status_code == 400
    assert KillRule.objects.get(kind="overdue").parameter == 30
    answer = client.post("/portfolio/kill-list/rules/overdue", {"overdue-parameter": "45", "overdue-enabled": "on"})
    assert answer.status_code == 302
    assert KillRule.objects.get(kind="overdue").parameter == 45


def test_only_the_coe_saves_and_deletes_scenarios_from_the_page(client, coe, owner):
    body = {
        "save-name": "Aurora +35%",
        "save-kind": "price_change",
        "save-target_type": "vendor",
        "save-target": "Aurora AI",
        "save-percent": "35",
    }
    client.force_login(owner)
    assert client.post("/portfolio/vendors/scenarios/save", body).status_code == 403
    client.force_login(coe)
    assert client.post("/portfolio/vendors/scenarios/save", {**body, "save-percent": "x"}).status_code == 400
    assert not VendorScenario.objects.exists()
    assert client.post("/portfolio/vendors/scenarios/save", body).status_code == 302
    scenario = VendorScenario.objects.get()
    client.force_login(owner)
    assert client.post(f"/portfolio/vendors/scenarios/{scenario.pk}/delete").status_code == 403
    client.force_login(coe)
    assert client.post(f"/portfolio/vendors/scenarios/{scenario.pk}/delete").status_code == 302
    assert not VendorScenario.objects.exists()


def test_a_bad_shock_on_the_page_shows_the_form_errors(client, owner):
    client.force_login(owner)
    page = client.get(
        "/portfolio/vendors/", {"kind": "disappears", "target_type": "vendor", "target": "X", "percent": "500"}
    )
    assert page.status_code == 200
    assert "lost for 1 to 100% of a year" in page.content.decode()
    assert 'id="shock-result"' not in page.content.decode()


def test_the_admin_lists_rules_and_scenarios_read_only(admin_client, coe):
    from analytics.services import vendor_scenario_create

    vendor_scenario_create(
        actor=coe, name="Aurora +35%", kind="price_change", target_type="vendor", target="Aurora AI", percent=35
    )
    assert "Overdue by more than N days" in admin_client.get("/admin/analytics/killrule/").content.decode()
    assert "Aurora +35%" in admin_client.get("/admin/analytics/vendorscenario/").content.decode()
    assert admin_client.get("/admin/analytics/killrule/add/").status_code == 403
