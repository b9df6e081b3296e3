"""Role assignments: the CoE grants and revokes, auditors read."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.models import BusinessUnit
from adoption.selectors.initiatives import initiative_get
from adoption.selectors.units import units_for_registration
from core.exceptions import InvalidInput, NotFound, Refused
from core.web import form_submit, page, page_of, person_name
from governance import access
from governance.forms import RoleFilterForm, RoleGrantForm
from governance.gate import HIGH_RISK_SLOT
from governance.models import RoleGrantRequest
from governance.permissions import GRANT_REQUEST_DAYS
from governance.selectors.roles import (
    people_to_grant,
    role_assignment_get,
    role_assignments_visible,
    role_grant_requests,
    sees_every_assignment,
    signing_matrix,
)
from governance.services import roles as role_services

PAGE_SIZE = 50


def _roles_page(request: HttpRequest, *, form: RoleGrantForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    is_coe = access.holds_global_role(user=user, role=Role.COE_ADMIN)
    if is_coe and form is None:
        form = RoleGrantForm(prefix="grant", people=people_to_grant(user=user), units=units_for_registration(user=user))
    query = request.GET.copy()
    query.pop("page", None)
    filters = RoleFilterForm(query or None, units=BusinessUnit.objects.order_by("path"))
    chosen = filters.cleaned_data if filters.is_bound and filters.is_valid() else {}
    assignments = role_assignments_visible(
        user,
        person=(chosen.get("person") or "").strip(),
        role=chosen.get("role") or "",
        business_unit=chosen.get("business_unit"),
    )
    page = Paginator(assignments, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for assignment in page:
        assignment.in_force = assignment.revoked_at is None and (
            assignment.expires_at is None or assignment.expires_at > now
        )
    context = {
        "page": page,
        "form": form if is_coe else None,
        "is_coe": is_coe,
        "grant_requests": role_grant_requests(user=user, pending_only=True)[:PAGE_SIZE],
        "days": GRANT_REQUEST_DAYS,
        "filters": filters if sees_every_assignment(user) else None,
        "filtered": bool(chosen and any(chosen.values())),
        "matrix": signing_matrix(user=user),
        "high_risk_role": HIGH_RISK_SLOT[0],
    }
    return render(request, "governance/roles.html", context, status=status)


roles = page_of(_roles_page)


@page("POST")
def role_grant(request: HttpRequest) -> HttpResponse:
    if not access.holds_global_role(user=request.user, role=Role.COE_ADMIN):
        raise PermissionDenied(_("Only the CoE manages role assignments."))
    form = RoleGrantForm(
        request.POST,
        prefix="grant",
        people=people_to_grant(user=request.user),
        units=units_for_registration(user=request.user),
    )

    def grant(data):
        initiative = (
            initiative_get(user=request.user, key=data["initiative"].strip().upper()) if data["initiative"] else None
        )
        expires = data["expires_on"]
        if expires is not None:
            expires = datetime.datetime.combine(
                expires, datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone()
            )
        return role_services.role_grant(
            actor=request.user,
            user=data["user"],
            role=data["role"],
            business_unit=data["business_unit"],
            initiative=initiative,
            expires_at=expires,
        )

    try:
        granted, status = form_submit(form, grant, field_map={"scope": "business_unit", "expires_at": "expires_on"})
    except NotFound as error:
        granted, status = False, 400
        form.add_error("initiative", error.message)
    if granted:
        data = form.cleaned_data
        words = {"person": person_name(data["user"]), "role": Role(data["role"]).label}
        if isinstance(status, RoleGrantRequest):
            message = _("The grant of %(role)s to %(person)s waits for a second CoE member's approval.")
            messages.info(request, message % words)
        else:
            messages.success(request, _("%(person)s now holds the role %(role)s.") % words)
        return redirect("governance:roles")
    return _roles_page(request, form=form, status=status)


@page("POST")
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = role_assignment_get(user=request.user, pk=pk)
    try:
        role_services.role_revoke(actor=request.user, assignment=assignment, reason=request.POST.get("reason", ""))
    except (Refused, InvalidInput) as error:
        said = [message for field in error.fields.values() for message in field]
        messages.error(request, "\n".join([error.message, *error.reasons, *said]))
    else:
        words = {"person": person_name(assignment.user), "role": Role(assignment.role).label}
        messages.success(request, _("%(person)s no longer holds the role %(role)s.") % words)
    return _back_to_the_list(request)


def _back_to_the_list(request: HttpRequest) -> HttpResponse:
    """The roles page as the person left it: its filters and page (nothing else) from the form's ``back`` field."""
    back = QueryDict(str(request.POST.get("back", ""))[:500])
    kept = QueryDict(mutable=True)
    for name in ("person", "role", "business_unit", "page"):
        if back.get(name):
            kept[name] = back[name][:100]
    url = reverse("governance:roles")
    return redirect(f"{url}?{kept.urlencode()}" if kept else url)


@page("POST")
def role_grant_decide(request: HttpRequest, pk: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"
    try:
        decided = role_services.role_grant_decide(
            actor=request.user, request_id=pk, approve=approve, note=str(request.POST.get("note", ""))
        )
    except (Refused, InvalidInput) as error:
        messages.error(request, error.message)
    else:
        words = {"person": person_name(decided.user), "role": Role(decided.role).label}
        if approve:
            messages.success(request, _("%(person)s now holds the role %(role)s.") % words)
        else:
            messages.success(request, _("The grant of %(role)s to %(person)s was declined.") % words)
    return redirect("governance:roles")
