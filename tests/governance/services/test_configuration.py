"""The sign-off matrix is the CoE's to change, audited, and new reviews follow it while open ones keep theirs."""

import pytest

from core.exceptions import Forbidden, InvalidInput
from governance.gate import required_slots
from governance.models import AuditEvent
from governance.services.configuration import signoff_matrix_set
from governance.services.reviews import gate_review_request
from tests.factories import satisfy_gate


def test_coe_changes_the_matrix_and_new_reviews_follow(coe, initiative, owner):
    satisfy_gate(initiative)
    open_review = gate_review_request(actor=owner, initiative=initiative)
    signoff_matrix_set(actor=coe, phase="exploration", roles=["coe_admin", "compliance_officer", "data_steward"])
    assert required_slots(phase="exploration", risk_tier="high") == [
        ("coe_admin", 1),
        ("compliance_officer", 1),
        ("data_steward", 1),
        ("compliance_officer", 2),
    ]
    assert [s.key for s in open_review.slots.all()] == ["business_sponsor", "coe_admin", "compliance_officer"]
    event = AuditEvent.objects.get(verb="signoff_matrix.changed")
    assert event.before == {"roles": ["business_sponsor", "coe_admin", "compliance_officer"]}
    assert event.after == {"roles": ["coe_admin", "compliance_officer", "data_steward"]}


def test_only_the_coe_and_only_signer_roles(coe, owner, db):
    with pytest.raises(Forbidden):
        signoff_matrix_set(actor=owner, phase="exploration", roles=["coe_admin"])
    for roles in ([], ["executive"], ["coe_admin", "coe_admin"]):
        with pytest.raises(InvalidInput) as err:
            signoff_matrix_set(actor=coe, phase="exploration", roles=roles)
        assert "roles" in err.value.fields
    with pytest.raises(InvalidInput):
        signoff_matrix_set(actor=coe, phase="production", roles=["coe_admin"])
    assert required_slots(phase="exploration", risk_tier="limited")[0] == ("business_sponsor", 1)
