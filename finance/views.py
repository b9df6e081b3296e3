"""Finance's pages: the claims of realised value (the overdue ones flagged) and one claim with finance's decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from adoption.models import RealisedValueEntry
from core.exceptions import NotFound
from core.web import form_submit, page
from finance.inputs import ValueConfirmationInput
from finance.models import ValueConfirmation
from finance.rules import confirmation_refusal
from finance.selectors import claims_to_confirm, unconfirmed_claims, value_side_by_side
from finance.services import value_confirm
from governance import access

LIST_SIZE = 200


@page()
def claims(request: HttpRequest) -> HttpResponse:
    overdue = list(unconfirmed_claims(user=request.user)[:LIST_SIZE])
    context = {
        "value": value_side_by_side(user=request.user),
        "overdue": overdue,
        "claims": claims_to_confirm(user=request.user)[:LIST_SIZE],
    }
    return render(request, "finance/claims.html", context)


def _claim(user, pk: int) -> RealisedValueEntry:
    entry = claims_to_confirm(user=user).filter(pk=pk).first()
    if entry is None:
        raise NotFound(_("Realised value not found."))
    return entry


def _claim_page(request, entry, *, form=None, status=200) -> HttpResponse:
    perms = access.initiative_permissions(user=request.user, initiative=entry.initiative)
    refusal = confirmation_refusal(user=request.user, initiative=entry.initiative, entry=entry, perms=perms)
    context = {
        "entry": entry,
        "decisions": ValueConfirmation.objects.filter(entry=entry).select_related("confirmed_by").order_by("-pk"),
        "form": form or ValueConfirmationInput(prefix="confirm"),
        "refusal": refusal,
    }
    return render(request, "finance/claim.html", context, status=status)


@page()
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    return _claim_page(request, _claim(request.user, pk))


@page("POST")
def claim_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _claim(request.user, pk)
    form = ValueConfirmationInput(request.POST, prefix="confirm")
    done, result = form_submit(form, lambda data: value_confirm(actor=request.user, entry=entry, **data))
    if not done:
        return _claim_page(request, entry, form=form, status=result)
    messages.success(request, _("Finance's decision on this claim was recorded."))
    return redirect("finance:claim", pk=entry.pk)
