"""The CoE's integrations page: single sign-on's claim rules and the outbound webhooks, with each webhook's
delivery log. Every change goes through its service (CoE only, audited); a new signing secret is shown once."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput
from core.web import form_submit, page, page_of
from governance.inputs import ClaimRuleInput, WebhookEndpointInput
from governance.selectors.sso import claim_rules_list
from governance.selectors.webhooks import webhook_deliveries_list, webhook_endpoint_get, webhook_endpoints_list
from governance.services import sso
from governance.services import webhooks as services
from governance.webhooks import PLATFORM_SECRET

# A new secret travels to the next page in the session (never in a URL) and is dropped once shown.
NEW_SECRET = "new_webhook_secret"  # noqa: S105 (a session key)
LIST_SIZE = 200
PAGE_SIZE = 50


def _page(request: HttpRequest, *, rule_form=None, hook_form=None, status: int = 200) -> HttpResponse:
    context = {
        "rules": claim_rules_list(user=request.user)[:LIST_SIZE],
        "hooks": webhook_endpoints_list(user=request.user)[:LIST_SIZE],
        "rule_form": rule_form or ClaimRuleInput(prefix="rule", initial={"claim": "groups"}),
        "hook_form": hook_form or WebhookEndpointInput(prefix="hook"),
        "secret": request.session.pop(NEW_SECRET, None),
        "platform_formats": sorted(PLATFORM_SECRET),
    }
    return render(request, "governance/integrations.html", context, status=status)


integrations = page_of(_page)


def _create(request: HttpRequest, form, perform: Callable[[dict], object], done: str, keyword: str) -> HttpResponse:
    created, result = form_submit(form, perform)
    if not created:
        return _page(request, **{keyword: form}, status=result)
    messages.success(request, done)
    return redirect("governance:integrations")


@page("POST")
def claim_rule_create(request: HttpRequest) -> HttpResponse:
    form = ClaimRuleInput(request.POST, prefix="rule")
    perform = lambda data: sso.claim_rule_create(actor=request.user, **data)  # noqa: E731
    return _create(
        request, form, perform, _("The rule was added; it applies at each person's next sign-in."), "rule_form"
    )


@page("POST")
def claim_rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sso.claim_rule_delete(actor=request.user, rule_id=pk)
    messages.success(request, _("The rule was deleted; its roles go at each person's next sign-in."))
    return redirect("governance:integrations")


@page("POST")
def webhook_create(request: HttpRequest) -> HttpResponse:
    form = WebhookEndpointInput(request.POST, prefix="hook")

    def perform(data):
        endpoint, secret = services.webhook_endpoint_create(actor=request.user, **data)
        if secret:
            request.session[NEW_SECRET] = {"name": endpoint.name, "secret": secret}

    return _create(request, form, perform, _("The webhook was added."), "hook_form")


@page("POST")
def webhook_switch(request: HttpRequest, pk: int) -> HttpResponse:
    enabled = request.POST.get("enabled") == "on"
    endpoint = services.webhook_endpoint_switch(actor=request.user, endpoint_id=pk, enabled=enabled)
    done = _("“%(name)s” is on.") if endpoint.enabled else _("“%(name)s” is off.")
    messages.success(request, done % {"name": endpoint.name})
    return redirect("governance:integrations")


@page("POST")
def webhook_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = webhook_endpoint_get(user=request.user, pk=pk)
    try:
        endpoint, secret = services.webhook_secret_rotate(
            actor=request.user, endpoint_id=endpoint.pk, secret=str(request.POST.get("secret", ""))
        )
    except InvalidInput as error:
        messages.error(request, " ".join([error.message, *(m for ms in error.fields.values() for m in ms)]))
        return redirect("governance:integrations")
    if secret:
        request.session[NEW_SECRET] = {"name": endpoint.name, "secret": secret}
    messages.success(request, _("The secret of “%(name)s” was changed.") % {"name": endpoint.name})
    return redirect("governance:integrations")


@page("POST")
def webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.webhook_endpoint_delete(actor=request.user, endpoint_id=pk)
    messages.success(request, _("The webhook was deleted."))
    return redirect("governance:integrations")


@page()
def webhook_log(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = webhook_endpoint_get(user=request.user, pk=pk)
    deliveries = webhook_deliveries_list(user=request.user, endpoint=endpoint)
    log = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "governance/webhook_log.html", {"endpoint": endpoint, "page": log})


@page("POST")
def webhook_redeliver(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = services.webhook_redeliver(actor=request.user, delivery_id=pk)
    messages.success(request, _("%(message)s will be sent again.") % {"message": delivery.message_id})
    return redirect("governance:webhook_log", pk=delivery.endpoint_id)
