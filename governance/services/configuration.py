"""The CoE's governance configuration: which roles must sign each phase's gate (the sign-off matrix)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from adoption.choices import Phase, Role
from adoption.models import PhaseDefinition
from core.exceptions import Forbidden, InvalidInput
from governance import access
from governance.audit import audit_record
from governance.choices import SIGNER_ROLES
from governance.models import SignoffMatrixEntry


def signoff_matrix_set(*, actor, phase: str, roles: list[str]) -> list[SignoffMatrixEntry]:
    """Replace the roles that sign ``phase``'s gate, in order. Reviews already open keep the slots they froze."""
    if not access.holds_global_role(user=actor, role=Role.COE_ADMIN):
        raise Forbidden(_("Only the CoE changes the sign-off matrix."))
    message = _("The sign-off matrix was not changed.")
    if phase not in Phase.values:
        raise InvalidInput(message, fields={"phase": [_("Choose exploration, validation or scaling.")]})
    roles = [str(role) for role in roles or []]
    errors = []
    if not roles:
        errors.append(_("A gate needs at least one signing role."))
    if len(set(roles)) != len(roles):
        errors.append(_("Each role signs once; a second compliance officer is added for high risk by itself."))
    unknown = [role for role in roles if role not in SIGNER_ROLES]
    if unknown:
        errors.append(
            _("These roles cannot sign a gate: %(roles)s.") % {"roles": ", ".join(r[:40] for r in unknown[:5])}
        )
    if errors:
        raise InvalidInput(message, fields={"roles": errors})
    with transaction.atomic():
        # The phase row serialises concurrent edits of the same phase's matrix.
        definition = PhaseDefinition.objects.select_for_update().get(phase=phase)
        before = list(SignoffMatrixEntry.objects.filter(phase=phase).order_by("order").values_list("role", flat=True))
        SignoffMatrixEntry.objects.filter(phase=phase).delete()
        entries = SignoffMatrixEntry.objects.bulk_create(
            SignoffMatrixEntry(phase=phase, role=role, order=position) for position, role in enumerate(roles, 1)
        )
        after = {"roles": roles}
        before = {"roles": before}
        audit_record(actor=actor, verb="signoff_matrix.changed", target=definition, before=before, after=after)
    return entries
