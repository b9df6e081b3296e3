"""The operations registers in the admin: shown, never added or changed there (the services write them)."""

import pytest
from django.test import Client
from django.urls import reverse

from operations.models import ChangeRequest, Filing, Incident, IncidentDeadline, RetirementItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Filing, ChangeRequest, Incident, IncidentDeadline, RetirementItem])
def test_the_registers_are_read_only_in_the_admin(coe, model):
    coe.is_staff = coe.is_superuser = True
    coe.save()
    client = Client()
    client.force_login(coe)
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
