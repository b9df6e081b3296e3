"""Compliance reviews: the list (mine, due, overdue, completed), one review, and completing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from core.web import form_submit, page
from governance import actions
from governance.choices import ComplianceReviewStatus
from governance.forms import ComplianceCompleteForm, ComplianceFilterForm
from governance.selectors.compliance import compliance_review_get, compliance_reviews_visible, risk_tier_changes_pending
from governance.selectors.roles import nav_roles
from governance.services import compliance as compliance_services

PAGE_SIZE = 50


@page()
def compliance(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ComplianceFilterForm(request.GET or None)
    view = form.cleaned_data.get("view") if form.is_valid() else ""
    if not view:
        view = "mine" if Role.COMPLIANCE_OFFICER in nav_roles(user=user)["any"] else "open"
    if view == "mine":
        queryset = compliance_reviews_visible(user=user, mine=True, status=ComplianceReviewStatus.OPEN)
    elif view == "due":
        queryset = compliance_reviews_visible(user=user, due_within_days=30)
    elif view == "overdue":
        queryset = compliance_reviews_visible(user=user, overdue=True)
    elif view == "completed":
        queryset = compliance_reviews_visible(user=user, status=ComplianceReviewStatus.COMPLETED).order_by(
            "-completed_at", "-pk"
        )
    else:
        queryset = compliance_reviews_visible(user=user, status=ComplianceReviewStatus.OPEN)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    for item in page:
        item.is_overdue = item.status == ComplianceReviewStatus.OPEN and item.due_on < today
    return render(
        request,
        "governance/compliance.html",
        {
            "page": page,
            "view": view,
            "views": ComplianceFilterForm.VIEWS,
            "changes": list(risk_tier_changes_pending(user=user)[:50]),
        },
    )


def _compliance_review_context(request: HttpRequest, pk, form=None) -> dict:
    item = compliance_review_get(user=request.user, pk=pk)
    facts = actions.InitiativeFacts(user=request.user, initiative=item.initiative, compliance_review=item)
    can_complete = actions.action_state(
        "complete_compliance_review", user=request.user, initiative=item.initiative, facts=facts
    ).allowed
    return {
        "item": item,
        "initiative": item.initiative,
        "form": (form or ComplianceCompleteForm(prefix="complete")) if can_complete else None,
        "is_overdue": item.status == ComplianceReviewStatus.OPEN and item.due_on < timezone.localdate(),
    }


@page()
def compliance_review(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "governance/compliance_review.html", _compliance_review_context(request, pk))


@page("POST")
def compliance_review_complete(request: HttpRequest, pk: int) -> HttpResponse:
    context = _compliance_review_context(request, pk)
    item = context["item"]
    form = ComplianceCompleteForm(request.POST, prefix="complete")
    done, status = form_submit(
        form, lambda data: compliance_services.compliance_review_complete(actor=request.user, review=item, **data)
    )
    if done:
        messages.success(request, _("The compliance review of %(key)s was completed.") % {"key": item.initiative.key})
        return redirect("governance:compliance")
    context = _compliance_review_context(request, pk, form=form)
    return render(request, "governance/compliance_review.html", context, status=status)
