"""The sign-off inbox, the review page with its frozen snapshot, and signing a slot."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from adoption.choices import Phase, RiskTier
from adoption.display import choice_labels
from core.pagination import page_with_total
from core.web import form_submit, page
from governance.choices import Decision, ReviewStatus
from governance.forms import SignForm
from governance.selectors.reviews import days_waiting, frozen_roi, gate_review_detail, signoff_inbox
from governance.services import reviews as review_services
from governance.stepup import auth_proof

PAGE_SIZE = 50


# What a row of the inbox shows: not the frozen snapshot (for the review page), nor whole initiatives and users.
INBOX_FIELDS = (
    "phase",
    "attempt",
    "round",
    "risk_tier",
    "requested_at",
    "initiative__key",
    "initiative__title",
    "initiative__business_unit__name",
    "requested_by__username",
    "requested_by__first_name",
    "requested_by__last_name",
)


@page()
def inbox(request: HttpRequest) -> HttpResponse:
    # A page at a time, oldest first, like every other list: a signer over many units may have hundreds waiting.
    inbox_rows = signoff_inbox(user=request.user).only(*INBOX_FIELDS)
    page = page_with_total(inbox_rows, request.GET.get("page"), per_page=PAGE_SIZE)
    phases, risk_tiers = choice_labels(Phase), choice_labels(RiskTier)
    for review in page:
        review.waiting_days = days_waiting(review)
        review.phase_label = phases.get(review.phase, review.phase)
        review.risk_label = risk_tiers.get(review.risk_tier, review.risk_tier)
    return render(request, "governance/inbox.html", {"page": page})


def _review_context(request: HttpRequest, review_id, *, form: SignForm | None = None) -> dict:
    detail = gate_review_detail(user=request.user, review_id=review_id)
    review = detail.review
    for state in detail.slots:
        state.eligible = detail.signers.get(state.slot.pk, []) if state.state == "waiting" else []
    slot_labels = {state.slot.key: state.slot for state in detail.slots}
    choices = [(key, slot_labels[key].get_role_display()) for key in detail.my_slots if key in slot_labels]
    if form is None and choices:
        form = SignForm(slots=choices, prefix="sign")
    return {
        "detail": detail,
        "review": review,
        "initiative": review.initiative,
        "snapshot": review.snapshot,
        "snapshot_roi": frozen_roi(review),
        "days_waiting": days_waiting(review) if review.status == ReviewStatus.OPEN else None,
        "form": form if choices else None,
        "can_withdraw": review.status == ReviewStatus.OPEN and review.requested_by_id == request.user.pk,
    }


@page()
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    return render(request, "governance/review.html", _review_context(request, review_id))


@page("POST")
def sign(request: HttpRequest, review_id: int) -> HttpResponse:
    context = _review_context(request, review_id)
    detail = context["detail"]
    slots = {state.slot.key: state.slot for state in detail.slots}
    choices = [(key, slots[key].get_role_display()) for key in detail.my_slots if key in slots]
    form = SignForm(request.POST, slots=choices or [(key, key) for key in slots], prefix="sign")
    signed, status = form_submit(
        form,
        lambda data: review_services.signoff_record(
            actor=request.user,
            review=detail.review,
            slot_key=data["slot"],
            decision=data["decision"],
            comment=data["comment"],
            auth=auth_proof(request),
        ),
        field_map={"slot_key": "slot"},
    )
    if signed:
        data = form.cleaned_data
        words = {"slot": slots[data["slot"]].get_role_display(), "key": detail.review.initiative.key}
        messages.success(
            request,
            _("You signed the %(slot)s slot of %(key)s: %(decision)s.")
            % {**words, "decision": Decision(data["decision"]).label},
        )
        return redirect("governance:inbox")
    context = _review_context(request, review_id, form=form)
    context["form"] = form
    return render(request, "governance/review.html", context, status=status)
