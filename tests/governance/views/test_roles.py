"""The roles page: the CoE grants and revokes (never for itself), auditors read everything, others see their own."""

from django.urls import reverse
from django.utils.html import escape

from governance.models import RoleAssignment


def test_roles_page_scope(as_user, cast, initiative):
    officer = escape(cast["officer"].get_full_name())
    coe_page = as_user(cast["coe"]).get(reverse("governance:roles")).content.decode()
    assert officer in coe_page
    assert 'name="grant-user"' in coe_page
    auditor = as_user(cast["auditor"]).get(reverse("governance:roles")).content.decode()
    assert officer in auditor
    assert 'name="grant-user"' not in auditor
    mine = as_user(cast["security"]).get(reverse("governance:roles")).content.decode()
    assert "Security reviewer" in mine
    assert "Compliance officer" not in mine


def test_the_coe_grants_and_revokes(as_user, cast, units, initiative):
    client = as_user(cast["coe"])
    newcomer = cast["newcomer"]
    response = client.post(
        reverse("governance:role_grant"),
        {"grant-user": newcomer.pk, "grant-role": "contributor", "grant-initiative": initiative.key.lower()},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=newcomer, role="contributor")
    assert assignment.initiative == initiative

    global_only = client.post(
        reverse("governance:role_grant"),
        {"grant-user": newcomer.pk, "grant-role": "executive", "grant-business_unit": units["retail"].pk},
    )
    assert global_only.status_code == 400
    assert "This role is held for the whole organisation only." in global_only.content.decode()

    unknown = client.post(
        reverse("governance:role_grant"),
        {"grant-user": newcomer.pk, "grant-role": "contributor", "grant-initiative": "AI-9999"},
    )
    assert "AI-9999" in unknown.content.decode()

    client.post(reverse("governance:role_revoke", args=[assignment.pk]), {"reason": "Project finished"})
    assignment.refresh_from_db()
    assert assignment.revoked_at is not None
    assert assignment.revoke_reason == "Project finished"


def test_nobody_else_grants_and_the_coe_is_not_offered_itself(as_user, cast):
    page = as_user(cast["coe"]).get(reverse("governance:roles")).content.decode()
    assert f'<option value="{cast["coe"].pk}"' not in page
    response = as_user(cast["owner"]).post(
        reverse("governance:role_grant"), {"grant-user": cast["newcomer"].pk, "grant-role": "contributor"}
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=cast["newcomer"]).exists()
