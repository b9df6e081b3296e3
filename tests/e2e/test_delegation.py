"""Delegation in a real browser: a compliance officer going on leave lends her Insurance compliance role (a
delegate outside the scope is refused with the reason), the delegate finds the review and signs the slot, and both
the review page and the database say "on behalf of"."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from adoption.choices import Role
from adoption.models import BusinessUnit, Initiative
from governance.choices import ReviewStatus
from governance.models import Delegation, GateReview, SignOff
from governance.services.roles import role_grant

pytestmark = pytest.mark.slow

KEY = "AI-0003"  # Insurance, exploration gate waiting for the compliance slot


def test_a_delegate_signs_on_behalf_of_the_compliance_officer(login, page, shoot, django_user_model):
    coe = django_user_model.objects.get(username="coe")
    newcomer = django_user_model.objects.get(username="newcomer")
    role_grant(
        actor=coe, user=newcomer, role=Role.CONTRIBUTOR, business_unit=BusinessUnit.objects.get(code="insurance")
    )
    review = GateReview.objects.get(initiative__key=KEY, status=ReviewStatus.OPEN)
    today = timezone.localdate().isoformat()

    login("compliance")
    page.goto("/account/delegations/")
    expect(page.get_by_role("heading", name="Delegations of signing", level=1)).to_be_visible()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Delegate"))
    form.get_by_label("Signing role to delegate").select_option(label="Compliance officer · Insurance")
    form.get_by_label("Delegate (login name)").fill("steward")
    form.get_by_label("First day").fill(today)
    form.get_by_label("Last day").fill(today)
    form.get_by_label("Reason (optional)").fill("Annual leave")
    form.get_by_role("button", name="Delegate").click()
    # Diana Tsai works in Retail Banking only: refused, nothing recorded.
    expect(page.locator("body")).to_contain_text("holds no role in Insurance")
    assert not Delegation.objects.exists()

    form = page.locator("form").filter(has=page.get_by_role("button", name="Delegate"))
    form.get_by_label("Signing role to delegate").select_option(label="Compliance officer · Insurance")
    form.get_by_label("Delegate (login name)").fill("newcomer")
    form.get_by_label("First day").fill(today)
    form.get_by_label("Last day").fill(today)
    form.get_by_role("button", name="Delegate").click()
    expect(page.get_by_role("status")).to_contain_text("Nina Ng may sign your Compliance officer slots on your behalf")
    row = page.locator("#h-delegations ~ div tr, section tr").filter(has_text="Nina Ng")
    expect(row.first).to_contain_text("In force")
    shoot("delegations")

    # The delegate finds the review in their inbox and signs the compliance slot.
    login("newcomer")
    page.goto(f"/reviews/{review.pk}/")
    expect(page.locator(".slots")).to_contain_text("Nina Ng on behalf of Clara Chou")
    page.get_by_role("radio", name="Approve").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"of {KEY}: Approve.")
    page.goto(f"/reviews/{review.pk}/")
    slot = page.locator(".slots li").filter(has_text="Compliance officer")
    expect(slot).to_contain_text(re.compile(r"Nina Ng on behalf of Clara Chou on "))
    shoot("review-signed-on-behalf")

    signoff = SignOff.objects.get(review=review, slot__role=Role.COMPLIANCE_OFFICER)
    assert signoff.signer == newcomer
    assert signoff.on_behalf_of.username == "compliance"
    assert signoff.on_behalf_of_name == "Clara Chou"
    assert Initiative.objects.get(key=KEY).phase == "validation"
