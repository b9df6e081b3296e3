"""Reads of proposals and tracks, scoped by ``intake.rules``: the proposer's own, or every one for the CoE."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from adoption.models import Track
from core.exceptions import NotFound
from intake import rules
from intake.choices import ProposalStatus
from intake.models import Proposal

RELATED = ("business_unit", "proposer", "initiative", "merged_into", "track", "decided_by")


def proposals_visible(*, user) -> QuerySet[Proposal]:
    """The proposals ``user`` may read: their own; every one for the CoE; none for anyone signed out."""
    if not user.is_authenticated or not user.is_active:
        return Proposal.objects.none()
    queryset = Proposal.objects.select_related(*RELATED).order_by("-created_at", "-pk")
    return queryset if rules.is_coe(user) else queryset.filter(proposer=user)


def proposals_mine(*, user) -> QuerySet[Proposal]:
    """``user``'s own proposals, newest first."""
    return proposals_visible(user=user).filter(proposer=user)


def proposal_get(*, user, pk: int) -> Proposal:
    """The proposal ``pk`` if ``user`` may read it; NotFound otherwise (someone else's reads as missing)."""
    proposal = proposals_visible(user=user).filter(pk=pk).first()
    if proposal is None:
        raise NotFound(_("No such proposal."))
    return proposal


def triage_queue(*, user) -> QuerySet[Proposal]:
    """The proposals waiting for triage, oldest first (the CoE's queue; nothing for anyone else)."""
    if not rules.is_coe(user):
        return Proposal.objects.none()
    return proposals_visible(user=user).filter(status=ProposalStatus.SUBMITTED).order_by("created_at", "pk")


def tracks_list() -> QuerySet[Track]:
    return Track.objects.order_by("order", "code")


def track_get(*, code: str) -> Track:
    track = Track.objects.filter(code=code).first()
    if track is None:
        raise NotFound(_("No such track: %(code)s.") % {"code": code})
    return track
