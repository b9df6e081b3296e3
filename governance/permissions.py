"""What each role may do: the initiative permissions a role grants (data only; imports no governance module).

A role grants a fixed set of initiative permissions. Business-unit and initiative grants are stored as
django-guardian object permissions on direct foreign-key tables (``BusinessUnitUserObjectPermission``,
``InitiativeUserObjectPermission``), each row tied to the assignment that granted it; global roles need no rows.
Services do not call ``user.has_perm`` (Django lets superusers pass every check there); they call
``governance.access``, which gives superusers nothing extra.
"""

from adoption.choices import Role

VIEW = "view_initiative"
CHANGE = "change_initiative"

_ALL_READ = {VIEW}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COE_ADMIN: frozenset(
        {
            VIEW,
            CHANGE,
            "record_roi",
            "request_gate_review",
            "hold_initiative",
            "stop_initiative",
            "retire_initiative",
            "extend_phase",
            "propose_risk_tier",
            "view_audit_trail",
            "act_as_coe_admin",
            "answer_applicability",
        }
    ),
    Role.INITIATIVE_OWNER: frozenset(
        {
            VIEW,
            CHANGE,
            "record_evidence",
            "record_roi",
            "request_gate_review",
            "propose_risk_tier",
            "act_as_initiative_owner",
            "answer_applicability",
        }
    ),
    Role.CONTRIBUTOR: frozenset({VIEW, "record_evidence", "act_as_contributor"}),
    Role.BUSINESS_SPONSOR: frozenset(
        {
            VIEW,
            "hold_initiative",
            "stop_initiative",
            "retire_initiative",
            "propose_risk_tier",
            "act_as_business_sponsor",
        }
    ),
    Role.COMPLIANCE_OFFICER: frozenset(
        {
            VIEW,
            "confirm_risk_tier",
            "propose_risk_tier",
            "complete_compliance_review",
            "act_as_compliance_officer",
            "answer_applicability",
        }
    ),
    Role.SECURITY_REVIEWER: frozenset({VIEW, "act_as_security_reviewer"}),
    Role.DATA_STEWARD: frozenset({VIEW, "act_as_data_steward"}),
    Role.EXECUTIVE: frozenset({VIEW, "act_as_executive"}),
    Role.AUDITOR: frozenset({VIEW, "view_audit_trail", "act_as_auditor"}),
    Role.INDEPENDENT_REVIEWER: frozenset({VIEW, "act_as_independent_reviewer"}),
}

# Roles that only make sense for the whole organisation.
GLOBAL_ONLY_ROLES = frozenset({Role.COE_ADMIN, Role.EXECUTIVE, Role.AUDITOR})
# Granted for the whole organisation, these roles take effect only once a second CoE member approves the grant
# (segregation of duties: nobody makes a new CoE member or a global compliance officer alone).
SECOND_APPROVAL_ROLES = frozenset({Role.COE_ADMIN, Role.COMPLIANCE_OFFICER})
# A grant nobody approved within this many days lapses; the CoE asks again if it still wants it.
GRANT_REQUEST_DAYS = 7
# Roles that follow the initiative's owner and sponsor fields rather than being granted by hand.
FIELD_ROLES = {Role.INITIATIVE_OWNER: "owner", Role.BUSINESS_SPONSOR: "sponsor"}


def act_as(role: str) -> str:
    """The permission that marks "holds ``role`` for this initiative" (signing a slot, waiving a criterion)."""
    return f"act_as_{role}"
