"""The board's and the table's bulk actions: the selected cards or rows, one action, each initiative through its own
service and rules (``governance.services.bulk``); the page says which were done and why the others were refused."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import InvalidInput
from core.web import page, return_address
from governance.services.bulk import BulkAction, initiatives_bulk


class BulkForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("With the selected"), choices=BulkAction.choices)
    owner = forms.CharField(label=gettext_lazy("Reassign to (login name)"), required=False, max_length=150)
    reason = forms.CharField(label=gettext_lazy("Reason for the hold"), required=False, max_length=5000)
    tag = forms.CharField(label=gettext_lazy("Tag"), required=False, max_length=40)


@page("POST")
def bulk(request: HttpRequest) -> HttpResponse:
    back = return_address(request, is_page=False)
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an action for the selected initiatives."))
        return redirect(back)
    try:
        outcomes = initiatives_bulk(actor=request.user, keys=request.POST.getlist("keys"), **form.cleaned_data)
    except InvalidInput as error:
        lines = [error.message, *(m for ms in error.fields.values() for m in ms)]
        messages.error(request, "\n".join(lines))
        return redirect(back)
    done = [outcome.key for outcome in outcomes if outcome.done]
    refused = [outcome for outcome in outcomes if not outcome.done]
    if done:
        messages.success(
            request,
            _("%(action)s: done for %(keys)s.")
            % {"action": BulkAction(form.cleaned_data["action"]).label, "keys": ", ".join(done)},
        )
    if refused:
        lines = [_("Refused for %(n)d:") % {"n": len(refused)}]
        lines += [" ".join([f"{o.key}:", o.detail, *o.reasons]) for o in refused]
        messages.warning(request, "\n".join(lines))
    return redirect(back)
