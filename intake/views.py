"""The intake pages: propose an idea and follow one's proposals (/intake/), a proposal with its screening and, for
the CoE, its triage (/intake/<id>/), and the CoE's queue (/intake/triage/)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import Forbidden
from core.web import form_submit, page, page_of
from intake import rules, screening, services
from intake.forms import AcceptForm, MergeForm
from intake.inputs import DeclineInput, ProposalPageForm, ScreeningForm
from intake.selectors import proposal_get, proposals_mine, triage_queue
from intake.tracks import track_name

LIST_SIZE = 100


def _intake_page(request: HttpRequest, *, form: ProposalPageForm | None = None, status: int = 200) -> HttpResponse:
    units = rules.proposal_units(request.user).order_by("name")
    mine = list(proposals_mine(user=request.user)[:LIST_SIZE])
    for proposal in mine:
        proposal.verdict = screening.verdict(proposal.screening)
    context = {
        "form": form or (ProposalPageForm(prefix="proposal", units=units) if units.exists() else None),
        "proposals": mine,
        "coe": rules.is_coe(request.user),
    }
    return render(request, "intake/intake.html", context, status=status)


intake = page_of(_intake_page)


@page("POST")
def propose(request: HttpRequest) -> HttpResponse:
    units = rules.proposal_units(request.user).order_by("name")
    if not units.exists():
        raise Forbidden(_("You can only propose for a business unit where you hold a role."))
    form = ProposalPageForm(request.POST, prefix="proposal", units=units)
    done, result = form_submit(form, lambda data: services.proposal_submit(actor=request.user, **data))
    if not done:
        return _intake_page(request, form=form, status=result)
    messages.success(request, _("%(key)s was sent to the CoE. Answer the screening below.") % {"key": result.key})
    return redirect("intake:proposal", pk=result.pk)


def _proposal_page(request: HttpRequest, pk: int, *, forms: dict | None = None, status: int = 200) -> HttpResponse:
    proposal = proposal_get(user=request.user, pk=pk)
    forms = forms or {}
    may_screen = rules.may_screen(request.user, proposal)
    may_triage = rules.may_triage(request.user, proposal)
    verdict = screening.verdict(proposal.screening)
    context = {
        "proposal": proposal,
        "verdict": verdict,
        "answers": screening.answer_labels(proposal.screening) if proposal.screening else [],
        "screening_form": forms.get("screening")
        or (ScreeningForm(prefix="screening", initial_answers=proposal.screening) if may_screen else None),
        "accept_form": forms.get("accept")
        or (AcceptForm(prefix="accept", initial={"track": "standard"}) if may_triage else None),
        "merge_form": forms.get("merge") or (MergeForm(prefix="merge") if may_triage else None),
        "decline_form": forms.get("decline") or (DeclineInput(prefix="decline") if may_triage else None),
        "track": track_name(proposal.track) if proposal.track_id else "",
    }
    return render(request, "intake/proposal.html", context, status=status)


proposal = page()(_proposal_page)


@page("POST")
def proposal_screen(request: HttpRequest, pk: int) -> HttpResponse:
    form = ScreeningForm(request.POST, prefix="screening")
    done, result = form_submit(
        form, lambda data: services.proposal_screen(actor=request.user, proposal=pk, answers=form.answers())
    )
    if not done:
        return _proposal_page(request, pk, forms={"screening": form}, status=result)
    verdict = screening.verdict(result.screening)
    if verdict.prohibited:
        messages.warning(request, _("Screening recorded: a prohibited practice is declared, so it cannot be accepted."))
    elif verdict.fast_track:
        messages.success(request, _("Screening recorded: the fast track is allowed."))
    else:
        messages.success(request, _("Screening recorded: the standard track applies."))
    return redirect("intake:proposal", pk=pk)


@page("POST")
def proposal_accept(request: HttpRequest, pk: int) -> HttpResponse:
    form = AcceptForm(request.POST, prefix="accept")
    done, result = form_submit(form, lambda data: services.proposal_accept(actor=request.user, proposal=pk, **data))
    if not done:
        return _proposal_page(request, pk, forms={"accept": form}, status=result)
    messages.success(
        request,
        _("Accepted: %(key)s is in exploration on the %(track)s.")
        % {"key": result.initiative.key, "track": track_name(result.track) if result.track else _("standard track")},
    )
    return redirect("governance:initiative", key=result.initiative.key)


@page("POST")
def proposal_merge(request: HttpRequest, pk: int) -> HttpResponse:
    form = MergeForm(request.POST, prefix="merge")

    def merge(data):
        return services.proposal_merge(
            actor=request.user,
            proposal=pk,
            into_initiative=data.get("into_initiative") or None,
            into_proposal=data.get("into_proposal"),
        )

    done, result = form_submit(form, merge, field_map={"into": "into_initiative"})
    if not done:
        return _proposal_page(request, pk, forms={"merge": form}, status=result)
    messages.success(request, _("%(key)s was merged.") % {"key": result.key})
    return redirect("intake:triage")


@page("POST")
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    form = DeclineInput(request.POST, prefix="decline")
    done, result = form_submit(
        form, lambda data: services.proposal_decline(actor=request.user, proposal=pk, reason=data["reason"])
    )
    if not done:
        return _proposal_page(request, pk, forms={"decline": form}, status=result)
    messages.success(request, _("%(key)s was declined; the proposer is told why.") % {"key": result.key})
    return redirect("intake:triage")


@page()
def triage(request: HttpRequest) -> HttpResponse:
    if not rules.is_coe(request.user):
        raise Forbidden(_("Only the CoE triages proposals."))
    queue = list(triage_queue(user=request.user)[:LIST_SIZE])
    for item in queue:
        item.verdict = screening.verdict(item.screening)
    return render(request, "intake/triage.html", {"proposals": queue})
