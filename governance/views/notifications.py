"""The notification centre: my notifications, marking one or all read."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.web import page
from governance.messages import shown_texts
from governance.selectors.notifications import notifications_mine
from governance.services import notifications as notification_services

PAGE_SIZE = 50


@page()
def notifications(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(notifications_mine(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for item in page:
        item.subject, item.message = shown_texts(item)
    return render(request, "governance/notifications.html", {"page": page, "unread_only": unread_only})


@page("POST")
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    item = notification_services.notification_mark_read(actor=request.user, notification_id=pk)
    if request.htmx:
        item.subject, item.message = shown_texts(item)
        return render(request, "governance/notifications.html#notification", {"item": item, "oob_count": True})
    return redirect("governance:notifications")


@page("POST")
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notification_services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("governance:notifications")
