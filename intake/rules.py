"""Who may do what with a proposal: the one home of intake's rules, called by the services, the pages and the API.

- propose: anyone holding a role in a business unit (for that unit and its sub-units), and the CoE (any unit);
- read: the proposer reads their own proposals, the CoE reads every one; anyone else finds none;
- screen: the proposer or the CoE, while the proposal waits for triage;
- triage (accept, merge, decline): the CoE, while the proposal waits for triage.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import BusinessUnit
from core.exceptions import Forbidden, Refused
from governance import access
from governance.choices import Scope
from intake.choices import ProposalStatus


def is_coe(user) -> bool:
    return access.holds_global_role(user=user, role=Role.COE_ADMIN)


def proposal_units(user) -> QuerySet[BusinessUnit]:
    """The business units ``user`` may propose for: every unit for the CoE; else each unit where they hold a role,
    with its sub-units."""
    if not user.is_authenticated or not user.is_active:
        return BusinessUnit.objects.none()
    if is_coe(user):
        return BusinessUnit.objects.all()
    paths = list(
        access.active_assignments()
        .filter(user=user, scope=Scope.BUSINESS_UNIT)
        .values_list("business_unit__path", flat=True)
    )
    if not paths:
        return BusinessUnit.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return BusinessUnit.objects.filter(condition)


def may_propose(user) -> bool:
    return proposal_units(user).exists()


def require_propose(user, business_unit: BusinessUnit) -> None:
    """Forbidden unless ``user`` may propose for ``business_unit``."""
    if not proposal_units(user).filter(pk=business_unit.pk).exists():
        raise Forbidden(_("You can only propose for a business unit where you hold a role."))


def _waiting(proposal) -> None:
    if proposal.status != ProposalStatus.SUBMITTED:
        raise Refused(
            _("%(key)s has been triaged already.") % {"key": proposal.key},
            reasons=[_("Its status is “%(status)s”.") % {"status": proposal.get_status_display()}],
        )


def require_screen(user, proposal) -> None:
    """Forbidden unless ``user`` is the proposer or the CoE; Refused once the proposal has been triaged."""
    if proposal.proposer_id != user.pk and not is_coe(user):
        raise Forbidden(_("Only the proposer or the CoE answers the screening."))
    _waiting(proposal)


def require_triage(user, proposal) -> None:
    """Forbidden unless ``user`` is the CoE; Refused once the proposal has been triaged."""
    if not is_coe(user):
        raise Forbidden(_("Only the CoE triages proposals."))
    _waiting(proposal)


def may_screen(user, proposal) -> bool:
    return proposal.status == ProposalStatus.SUBMITTED and (proposal.proposer_id == user.pk or is_coe(user))


def may_triage(user, proposal) -> bool:
    return proposal.status == ProposalStatus.SUBMITTED and is_coe(user)
