"""Intake's writes: a proposal submitted, its screening answered, and the CoE's triage (accept into exploration
with an owner and a track, merge, decline). Each write locks the proposal, checks ``intake.rules``, is audited in its
transaction, and tells the people concerned (the CoE of a new proposal; the proposer of the decision)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import BusinessUnit, Initiative, Track
from adoption.services.initiatives import initiative_create
from core.db import lock_one
from core.exceptions import InvalidInput, Refused
from core.web import person_name
from governance import access
from governance.audit import audit_record, snapshot
from governance.choices import NotificationKind, Scope
from governance.services.delivery import Draft, notifications_create
from intake import rules, screening
from intake.choices import ProposalStatus
from intake.inputs import DeclineInput, ProposalInput
from intake.models import Proposal
from intake.selectors import proposals_visible
from regimes.services.applicability import applicability_answer, questionnaire

FIELDS = ["title", "pain_point", "value_driver", "data_involved", "users", "audience", "business_unit", "status"]


def _url(proposal: Proposal) -> str:
    return f"/intake/{proposal.pk}/"


def _lock(actor, proposal: Proposal | int) -> Proposal:
    pk = proposal.pk if isinstance(proposal, Proposal) else proposal
    return lock_one(proposals_visible(user=actor).select_related(None).filter(pk=pk), _("No such proposal."))


def _context(proposal: Proposal, **more) -> dict:
    return {"proposal": proposal.key, "title": proposal.title, **more}


def _notify_coe(proposal: Proposal, actor) -> None:
    coe = (
        access.active_assignments()
        .filter(role=Role.COE_ADMIN, scope=Scope.GLOBAL, user__is_active=True)
        .exclude(user=actor)
        .values_list("user_id", flat=True)
        .distinct()
    )
    unit = BusinessUnit.objects.only("name").get(pk=proposal.business_unit_id).name
    context = _context(proposal, actor=person_name(actor), unit=unit)
    notifications_create(
        Draft(
            recipient_id=user_id,
            kind=NotificationKind.PROPOSAL_SUBMITTED,
            dedupe_key=f"proposal:{proposal.pk}:submitted:u{user_id}",
            context=context,
            url=_url(proposal),
            target_type="proposal",
            target_id=str(proposal.pk),
        )
        for user_id in coe
    )


def _notify_proposer(proposal: Proposal, actor, **more) -> None:
    if proposal.proposer_id == actor.pk:
        return
    notifications_create(
        [
            Draft(
                recipient_id=proposal.proposer_id,
                kind=NotificationKind.PROPOSAL_DECIDED,
                dedupe_key=f"proposal:{proposal.pk}:decided:u{proposal.proposer_id}",
                context=_context(proposal, actor=person_name(actor), outcome=proposal.status, **more),
                url=_url(proposal),
                initiative_id=proposal.initiative_id,
                target_type="proposal",
                target_id=str(proposal.pk),
            )
        ]
    )


def proposal_submit(
    *,
    actor,
    title: str,
    pain_point: str,
    value_driver: str,
    data_involved: str,
    users: str,
    audience: str,
    business_unit: BusinessUnit,
) -> Proposal:
    """Put an idea to the CoE (anyone with a role in ``business_unit`` or above it, or the CoE); the CoE is told."""
    data = ProposalInput.clean_arguments(locals())
    rules.require_propose(actor, business_unit)
    with transaction.atomic():
        proposal = Proposal.objects.create(proposer=actor, business_unit=business_unit, **data)
        audit_record(actor=actor, verb="proposal.submitted", target=proposal, after=snapshot(proposal, FIELDS))
        _notify_coe(proposal, actor)
    return proposal


def proposal_screen(*, actor, proposal: Proposal | int, answers: dict) -> Proposal:
    """Record the early screening's answers (the proposer or the CoE, before triage), every question answered."""
    cleaned, errors = screening.clean_answers(answers)
    if errors:
        raise InvalidInput(_("The screening was not recorded."), fields=errors)
    with transaction.atomic():
        proposal = _lock(actor, proposal)
        rules.require_screen(actor, proposal)
        before = dict(proposal.screening)
        proposal.screening = cleaned
        proposal.screened_at = timezone.now()
        proposal.screened_by = actor
        proposal.save(update_fields=["screening", "screened_at", "screened_by", "updated_at"])
        result = screening.verdict(cleaned)
        audit_record(
            actor=actor,
            verb="proposal.screened",
            target=proposal,
            before={"screening": before} if before else None,
            after={"screening": cleaned, "prohibited": result.prohibited, "fast_track": result.fast_track},
        )
    return proposal


def _decided(proposal: Proposal, actor, status: str) -> None:
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()


def proposal_accept(
    *, actor, proposal: Proposal | int, owner, sponsor=None, track: Track | str | None = None
) -> Proposal:
    """Accept into exploration (the CoE): the initiative is registered through the registration service with
    ``owner`` (and ``sponsor``) on ``track`` (the standard one when none); a track for low-risk proposals only when
    the screening allows the fast track. A proposal with a prohibited use, or unscreened, is refused."""
    if isinstance(track, str):
        track = Track.objects.filter(code=track).first()
        if track is None:
            raise InvalidInput(_("The proposal was not accepted."), fields={"track": [_("There is no such track.")]})
    with transaction.atomic():
        proposal = _lock(actor, proposal)
        rules.require_triage(actor, proposal)
        result = screening.verdict(proposal.screening)
        refused = _("%(key)s cannot be accepted.") % {"key": proposal.key}
        if not result.complete:
            raise Refused(refused, reasons=[_("Answer the screening first.")])
        if result.prohibited:
            raise Refused(refused, reasons=[_("The screening declares a prohibited practice.")])
        if track is not None and track.low_risk_only and not result.fast_track:
            reasons = [_("The screening does not allow the fast track."), *result.reasons]
            raise Refused(refused, reasons=reasons)
        initiative = initiative_create(
            actor=actor,
            title=proposal.title,
            business_unit=proposal.business_unit,
            owner=owner,
            sponsor=sponsor,
            pain_point=proposal.pain_point,
            value_driver=proposal.value_driver,
            track=track,
        )
        # The screening's answers start the initiative's applicability questionnaire (the same question codes):
        # its regulatory classifications are proposed from the first day, for a compliance officer to confirm.
        asked = {question["code"] for question in questionnaire()}
        seed = {code: value for code, value in (proposal.screening or {}).items() if code in asked}
        if seed:
            applicability_answer(initiative=initiative, answers=seed, actor=actor)
        _decided(proposal, actor, ProposalStatus.ACCEPTED)
        proposal.initiative = initiative
        proposal.track = track
        proposal.save()
        audit_record(
            actor=actor,
            verb="proposal.accepted",
            target=proposal,
            initiative=initiative,
            after={"status": proposal.status, "initiative": initiative.key, "track": track.code if track else None},
        )
        _notify_proposer(proposal, actor, initiative=initiative.key)
    return proposal


def proposal_merge(
    *, actor, proposal: Proposal | int, into_initiative: str | None = None, into_proposal: int | None = None
) -> Proposal:
    """Merge a proposal into an existing initiative (by key) or another proposal (the CoE); the proposer is told."""
    refused = _("The proposal was not merged.")
    if (into_initiative is None) == (into_proposal is None):
        raise InvalidInput(refused, fields={"into": [_("Name either an initiative or a proposal to merge into.")]})
    with transaction.atomic():
        proposal = _lock(actor, proposal)
        rules.require_triage(actor, proposal)
        if into_initiative is not None:
            target = Initiative.objects.restrict(actor).filter(key=str(into_initiative).strip().upper()).first()
            if target is None or target.voided_at is not None:
                raise InvalidInput(refused, fields={"into_initiative": [_("No such initiative.")]})
            proposal.initiative = target
            after = {"into_initiative": target.key}
        else:
            target = proposals_visible(user=actor).filter(pk=into_proposal).first()
            if target is None or target.pk == proposal.pk:
                raise InvalidInput(refused, fields={"into_proposal": [_("No such other proposal.")]})
            if target.status in (ProposalStatus.DECLINED, ProposalStatus.MERGED):
                raise Refused(refused, reasons=[_("%(key)s was declined or merged itself.") % {"key": target.key}])
            proposal.merged_into = target
            after = {"into_proposal": target.pk}
        _decided(proposal, actor, ProposalStatus.MERGED)
        proposal.save()
        audit_record(actor=actor, verb="proposal.merged", target=proposal, after={"status": proposal.status, **after})
        into = after.get("into_initiative") or f"P-{after.get('into_proposal')}"
        _notify_proposer(proposal, actor, into=into)
    return proposal


def proposal_decline(*, actor, proposal: Proposal | int, reason: str) -> Proposal:
    """Decline with a reason (the CoE); the proposer is told why."""
    data = DeclineInput.clean_arguments(locals())
    with transaction.atomic():
        proposal = _lock(actor, proposal)
        rules.require_triage(actor, proposal)
        _decided(proposal, actor, ProposalStatus.DECLINED)
        proposal.decline_reason = data["reason"]
        proposal.save()
        audit_record(
            actor=actor,
            verb="proposal.declined",
            target=proposal,
            after={"status": proposal.status, "reason": proposal.decline_reason},
        )
        _notify_proposer(proposal, actor, reason=proposal.decline_reason)
    return proposal
