"""The person's delegations of signing: lend one of their signing roles for a period, see those given and received
(the CoE: all), revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from adoption import display
from core.web import form_submit, page, page_of
from governance.inputs import DelegationInput
from governance.selectors.delegations import delegations_visible, signing_assignments
from governance.services import delegations as delegation_services

LIST_SIZE = 200


def delegation_form(user, data=None) -> DelegationInput:
    """The service's input, its assignment a choice among the person's own signing roles."""
    form = DelegationInput(data, prefix="delegation")
    choices = [(a.pk, f"{display.role_label(a.role)} · {a.scope_label}") for a in signing_assignments(user=user)]
    form.fields["assignment"] = forms.TypedChoiceField(
        label=form.fields["assignment"].label, choices=choices, coerce=int
    )
    return form


def _delegations_page(request: HttpRequest, *, form: DelegationInput | None = None, status: int = 200) -> HttpResponse:
    context = {
        "delegations": delegations_visible(user=request.user)[:LIST_SIZE],
        "form": form or delegation_form(request.user),
    }
    return render(request, "governance/delegations.html", context, status=status)


delegations = page_of(_delegations_page)


@page("POST")
def delegation_create(request: HttpRequest) -> HttpResponse:
    form = delegation_form(request.user, request.POST)
    created, result = form_submit(form, lambda data: delegation_services.delegation_create(actor=request.user, **data))
    if not created:
        return _delegations_page(request, form=form, status=result)
    messages.success(
        request,
        _("%(delegate)s may sign your %(role)s slots on your behalf from %(start)s to %(end)s.")
        % {
            "delegate": result.delegate.get_full_name() or result.delegate.get_username(),
            "role": display.role_label(result.role),
            "start": display.date(result.starts_on),
            "end": display.date(result.ends_on),
        },
    )
    return redirect("governance:delegations")


@page("POST")
def delegation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    delegation_services.delegation_revoke(actor=request.user, delegation_id=pk)
    messages.success(request, _("The delegation was revoked."))
    return redirect("governance:delegations")
