"""Pages that bring both apps together: the portfolio board and its CSV export, the initiative page with its
lifecycle, gate-review and risk-tier actions, the sign-off inbox and review page, compliance reviews, notifications
and the audit log. Views call selectors and services only; what a role cannot do is not offered.
"""

from __future__ import annotations

import contextlib
import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from adoption import transitions
from adoption.charts import roi_ledger_chart
from adoption.choices import PHASE_ORDER, CriterionStatus, Phase, RiskTier, Role, Status
from adoption.display import choice_labels
from adoption.filters import BoardFilterForm
from adoption.forms import (
    ChooseOptionForm,
    InitiativeEditForm,
    ModelOptionForm,
    PhaseExtendForm,
    RealisedValueForm,
    RoiVersionForm,
    SpendForm,
    WaiveForm,
    money_arguments,
)
from adoption.selectors.criteria import criteria_for
from adoption.selectors.initiatives import initiative_detail
from adoption.selectors.pages import (
    criterion_titles,
    gate_progress,
    latest_evidence,
    owners_matching,
    page_with_total,
    phase_clock,
    phase_stints,
    units_for_registration,
)
from adoption.selectors.roi import model_options_for, roi_ledger
from adoption.services import configuration, initiatives, selection
from adoption.services import roi as roi_services
from core.exceptions import DomainError, InvalidInput, NotFound, Refused
from core.web import add_domain_error, http_errors
from governance import access
from governance.choices import ComplianceReviewStatus, Decision, ReviewStatus
from governance.forms import (
    AuditFilterForm,
    ComplianceCompleteForm,
    ComplianceFilterForm,
    OptionalNoteForm,
    ReasonForm,
    RequestReviewForm,
    RiskDecideForm,
    RiskProposeForm,
    RoleGrantForm,
    SignForm,
    StopForm,
    WithdrawForm,
)
from governance.permissions import act_as
from governance.selectors import pages
from governance.selectors.audit import audit_events_visible, initiative_timeline
from governance.selectors.compliance import compliance_reviews_visible, risk_tier_changes_pending
from governance.selectors.notifications import notifications_mine
from governance.selectors.reviews import days_waiting, gate_review_detail, gate_reviews_for, signoff_inbox
from governance.selectors.roles import role_assignments_visible
from governance.services import compliance as compliance_services
from governance.services import lifecycle, preferences
from governance.services import notifications as notification_services
from governance.services import reviews as review_services
from governance.services import roles as role_services

PAGE_SIZE = 50


def _htmx_aware(response: HttpResponse) -> HttpResponse:
    # The same URL answers a whole page or an htmx fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


# --- Language ---------------------------------------------------------------------------------------------------


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """Switch the pages' language, and remember it as the signed-in user's language for notifications and email."""
    if request.user.is_authenticated:
        # An unknown code changes nothing here; Django's view below ignores it too.
        with contextlib.suppress(DomainError):
            preferences.user_language_set(actor=request.user, language=request.POST.get("language", ""))
    return set_language(request)


# --- Portfolio board ------------------------------------------------------------------------------------------------


@require_GET
@login_required
def board(request: HttpRequest) -> HttpResponse:
    form = BoardFilterForm(request.GET or None, user=request.user)
    cards = pages.filter_board(pages.board_cards(user=request.user), **form.filters())
    columns = pages.board_columns(cards)
    context = {
        "form": form,
        "columns": columns,
        "total": sum(column.total for column in columns),
        "query": request.GET.urlencode(),
        "can_create": access.holds_global_role(user=request.user, role=Role.COE_ADMIN),
    }
    template = "governance/board.html#board-results" if request.htmx else "governance/board.html"
    return _htmx_aware(render(request, template, context))


@require_GET
@login_required
def board_owners(request: HttpRequest) -> HttpResponse:
    """Suggestions for the board's owner filter: the options of its datalist, for what has been typed so far."""
    owners = owners_matching(user=request.user, text=request.GET.get("owner", "")[:150])
    return render(request, "governance/board.html#owner-choices", {"owners": owners})


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


@require_GET
@login_required
def board_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered portfolio as CSV, streamed row by row (the whole list, not only the board's first cards)."""
    form = BoardFilterForm(request.GET or None, user=request.user)
    now = timezone.now()
    cards = (
        pages.with_health_flags(
            pages.filter_board(pages.board_cards(user=request.user, now=now), now=now, **form.filters()), now=now
        )
        .select_related("sponsor")
        .order_by("number")
    )
    header = [
        _("Key"),
        _("Title"),
        _("Business unit"),
        _("Phase"),
        _("Status"),
        _("Risk tier"),
        _("Owner"),
        _("Business sponsor"),
        _("Phase entered"),
        _("Planned phase end"),
        _("Days left"),
        _("Overdue"),
        _("Stale criterion"),
        _("No ROI estimate in this phase"),
        _("Review waiting over 7 days"),
        _("Primary failure mode"),
    ]
    yes, no = _("yes"), _("no")

    def person(user) -> str:
        return (user.get_full_name() or user.get_username()) if user else ""

    def rows():
        writer = csv.writer(_Echo())
        # A byte-order mark lets spreadsheet programs read the Chinese labels as UTF-8.
        yield "\ufeff" + writer.writerow(header)
        for initiative in cards.iterator(chunk_size=1000):
            clock = phase_clock(initiative, now)
            yield writer.writerow(
                [
                    initiative.key,
                    initiative.title,
                    initiative.business_unit.name,
                    initiative.get_phase_display(),
                    initiative.get_status_display(),
                    initiative.get_risk_tier_display(),
                    person(initiative.owner),
                    person(initiative.sponsor),
                    timezone.localdate(initiative.phase_entered_at).isoformat(),
                    timezone.localdate(initiative.planned_phase_end).isoformat(),
                    clock.days_left if clock else "",
                    yes if initiative.flag_overdue else no,
                    yes if initiative.flag_stale else no,
                    yes if initiative.flag_no_roi else no,
                    yes if initiative.flag_review_waiting else no,
                    initiative.get_stop_primary_failure_mode_display() if initiative.stop_primary_failure_mode else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"portfolio-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Initiative page ------------------------------------------------------------------------------------------------

ACTION_FORMS = {
    "request": RequestReviewForm,
    "withdraw": WithdrawForm,
    "hold": ReasonForm,
    "resume": OptionalNoteForm,
    "stop": StopForm,
    "retire": ReasonForm,
    "extend": PhaseExtendForm,
    "propose": RiskProposeForm,
    "decide": RiskDecideForm,
    "roi": RoiVersionForm,
    "realised": RealisedValueForm,
    "spend": SpendForm,
    "edit": InitiativeEditForm,
    "option": ModelOptionForm,
    "choose": ChooseOptionForm,
}


def _edge_open(edge: str, initiative) -> bool:
    return transitions.edge_refusal(edge_name=edge, initiative=initiative) is None


def _annotate_criteria(*, user, initiative, criteria, perms: set[str]) -> None:
    """Attach evidence and what ``user`` may do to each criterion (no queries per criterion)."""
    evidence = latest_evidence(user=user, initiative=initiative, criteria=criteria)
    editable = "record_evidence" in perms and initiative.status == Status.ACTIVE
    for criterion in criteria:
        criterion.versions = evidence[criterion.pk]
        criterion.latest = criterion.versions[0] if criterion.versions else None
        criterion.can_edit = editable and criterion.phase == initiative.phase
        role = criterion.template.waivable_by_role
        criterion.can_waive = bool(
            role
            and act_as(role) in perms
            and user.pk != initiative.owner_id
            and initiative.status == Status.ACTIVE
            and criterion.phase == initiative.phase
            and criterion.effective != CriterionStatus.MET
        )
        if criterion.can_waive:
            criterion.waive_form = WaiveForm(prefix=f"w{criterion.pk}")


def _phase_steps(initiative, stints) -> list[dict]:
    """The phase timeline: each phase with its stay, then production."""
    steps = []
    for phase in PHASE_ORDER:
        stint = stints.get(phase)
        state = "future"
        if stint is not None:
            state = "done" if stint.exited_at else "current"
            if stint.outcome == "stopped":
                state = "stopped"
        steps.append({"phase": phase, "stint": stint, "state": state})
    production = initiative.production_entered_at
    steps.append(
        {
            "phase": "production",
            "entered": production,
            "state": "current" if initiative.status == Status.IN_PRODUCTION else ("done" if production else "future"),
        }
    )
    return steps


def _initiative_context(request: HttpRequest, initiative, *, forms: dict | None = None, open_action: str = "") -> dict:
    user = request.user
    perms = access.initiative_permissions(user=user, initiative=initiative)
    criteria = criteria_for(user=user, initiative=initiative)
    _annotate_criteria(user=user, initiative=initiative, criteria=criteria, perms=perms)
    ledger = roi_ledger(user=user, initiative=initiative)
    reviews = list(gate_reviews_for(user=user, initiative=initiative)[:20])
    open_review = next((r for r in reviews if r.status == ReviewStatus.OPEN), None)
    detail = gate_review_detail(user=user, review_id=open_review.pk) if open_review else None
    if detail is not None:
        for state in detail.slots:
            state.eligible = detail.signers.get(state.slot.pk, []) if state.state == "waiting" else []
    pending_change = pages.pending_risk_change_of(user=user, initiative=initiative)
    weights, options = model_options_for(user=user, initiative=initiative)
    status = initiative.status
    offered = {
        "request": "request_gate_review" in perms and _edge_open("request_review", initiative) and not open_review,
        "withdraw": bool(open_review and open_review.requested_by_id == user.pk),
        "hold": "hold_initiative" in perms and _edge_open("hold", initiative),
        "resume": "hold_initiative" in perms and _edge_open("resume", initiative),
        "stop": "stop_initiative" in perms and _edge_open("stop", initiative),
        "retire": "retire_initiative" in perms and _edge_open("retire", initiative),
        "extend": "extend_phase" in perms and status in (Status.ACTIVE, Status.ON_HOLD),
        "propose": "propose_risk_tier" in perms
        and status not in (Status.STOPPED, Status.RETIRED)
        and pending_change is None,
        "decide": bool(pending_change and "confirm_risk_tier" in perms and pending_change.proposed_by_id != user.pk),
        "roi": "record_roi" in perms and initiative.is_open,
        "realised": "record_roi" in perms and initiative.is_open,
        "spend": "record_roi" in perms and initiative.is_open,
        "edit": "change_initiative" in perms and initiative.is_open,
        "option": "change_initiative" in perms and initiative.is_open,
        "choose": "change_initiative" in perms and initiative.is_open and bool(options),
    }
    forms = forms or {}
    action_forms = {
        name: forms.get(name) or form_class(prefix=name, initial=_initial(name, initiative))
        for name, form_class in ACTION_FORMS.items()
        # A refused action's form stays on the page with its reasons, even once it is no longer on offer.
        if offered[name] or name in forms
    }
    timeline = initiative_timeline(user=user, initiative=initiative, limit=40)
    return {
        "initiative": initiative,
        "perms": perms,
        "clock": phase_clock(initiative),
        "steps": _phase_steps(initiative, phase_stints(user=user, initiative=initiative)),
        "criteria": criteria,
        "summary": gate_progress(criteria),
        "ledger": ledger,
        "roi_chart": roi_ledger_chart(ledger),
        "reviews": reviews,
        "review": detail,
        "days_waiting": days_waiting(open_review) if open_review else None,
        "compliance_reviews": list(pages.compliance_reviews_of(user=user, initiative=initiative)[:10]),
        "pending_change": pending_change,
        "timeline": timeline,
        "titles": criterion_titles() if timeline else {},
        "offered": offered,
        "action_forms": action_forms,
        "open_action": open_action,
        "weights": weights,
        "options": options,
    }


def _initial(name: str, initiative) -> dict:
    if name == "edit":
        return InitiativeEditForm.initial_for(initiative)
    if name == "roi":
        return {"rate_date": timezone.localdate()}
    if name == "extend":
        return {"new_end": timezone.localdate(initiative.planned_phase_end) + datetime.timedelta(days=14)}
    return {}


def _initiative_url(initiative, anchor: str = "") -> str:
    url = reverse("governance:initiative", args=[initiative.key])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@login_required
@http_errors
def initiative(request: HttpRequest, key: str) -> HttpResponse:
    item = initiative_detail(user=request.user, key=key)
    return render(request, "governance/initiative.html", _initiative_context(request, item))


def _initiative_action(request: HttpRequest, key: str, name: str, perform, success: str, anchor: str = "actions"):
    """Run one action of the initiative page. Success: back to the page with a message. Otherwise the page again,
    the action's form open with its errors (400 for bad input, 409 with the reasons when refused)."""
    item = initiative_detail(user=request.user, key=key)
    form = ACTION_FORMS[name](request.POST, prefix=name)
    status = 400
    if form.is_valid():
        try:
            perform(item, form.cleaned_data)
        except DomainError as error:
            status = add_domain_error(form, error)
        else:
            messages.success(request, success % {"key": item.key})
            return redirect(_initiative_url(item, anchor))
    item = initiative_detail(user=request.user, key=key)
    context = _initiative_context(request, item, forms={name: form}, open_action=name)
    return render(request, "governance/initiative.html", context, status=status)


@require_POST
@login_required
@http_errors
def request_review(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "request",
        lambda item, data: review_services.gate_review_request(actor=request.user, initiative=item),
        _("The gate review of %(key)s was requested; the signers have been notified."),
        anchor="review",
    )


@require_POST
@login_required
@http_errors
def withdraw_review(request: HttpRequest, key: str) -> HttpResponse:
    def perform(item, data):
        review = pages.open_review_of(user=request.user, initiative=item)
        if review is None:
            raise Refused(_("The review was not withdrawn."), reasons=[_("There is no open review.")])
        review_services.gate_review_withdraw(actor=request.user, review=review, reason=data["reason"])

    return _initiative_action(request, key, "withdraw", perform, _("The gate review of %(key)s was withdrawn."))


@require_POST
@login_required
@http_errors
def hold(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "hold",
        lambda item, data: lifecycle.initiative_hold(actor=request.user, initiative=item, reason=data["reason"]),
        _("%(key)s is on hold."),
    )


@require_POST
@login_required
@http_errors
def resume(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "resume",
        lambda item, data: lifecycle.initiative_resume(actor=request.user, initiative=item, note=data["note"]),
        _("%(key)s has resumed."),
    )


@require_POST
@login_required
@http_errors
def stop(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "stop",
        lambda item, data: lifecycle.initiative_stop(
            actor=request.user,
            initiative=item,
            reason=data["reason"],
            primary_failure_mode=data["primary_failure_mode"],
            contributing_modes=data["contributing_modes"],
            not_a_failure=data["not_a_failure"],
        ),
        _("%(key)s was stopped."),
    )


@require_POST
@login_required
@http_errors
def retire(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "retire",
        lambda item, data: lifecycle.initiative_retire(actor=request.user, initiative=item, reason=data["reason"]),
        _("%(key)s was retired."),
    )


@require_POST
@login_required
@http_errors
def propose_risk_tier(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "propose",
        lambda item, data: compliance_services.risk_tier_propose(
            actor=request.user, initiative=item, to_tier=data["to_tier"], reason=data["reason"]
        ),
        _("The risk-tier change of %(key)s was proposed; a compliance officer must confirm it."),
    )


@require_POST
@login_required
@http_errors
def decide_risk_tier(request: HttpRequest, key: str) -> HttpResponse:
    def perform(item, data):
        change = pages.pending_risk_change_of(user=request.user, initiative=item)
        if change is None:
            raise Refused(_("The risk-tier change was not decided."), reasons=[_("No change awaits confirmation.")])
        compliance_services.risk_tier_decide(
            actor=request.user, change=change, confirm=data["decision"] == "confirm", note=data["note"]
        )

    return _initiative_action(request, key, "decide", perform, _("The risk-tier change of %(key)s was decided."))


@require_POST
@login_required
@http_errors
def extend_phase(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "extend",
        lambda item, data: configuration.phase_extend(
            actor=request.user, initiative=item, new_end=data["new_end"], reason=data["reason"]
        ),
        _("The phase of %(key)s was extended."),
        anchor="timeline",
    )


@require_POST
@login_required
@http_errors
def record_roi(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "roi",
        lambda item, data: roi_services.roi_version_append(
            actor=request.user, initiative=item, **money_arguments(data)
        ),
        _("A new ROI estimate of %(key)s was recorded."),
        anchor="roi",
    )


@require_POST
@login_required
@http_errors
def record_realised(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "realised",
        lambda item, data: roi_services.realised_value_record(
            actor=request.user, initiative=item, **money_arguments(data)
        ),
        _("Realised value of %(key)s was recorded."),
        anchor="roi",
    )


@require_POST
@login_required
@http_errors
def record_spend(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "spend",
        lambda item, data: roi_services.spend_record(actor=request.user, initiative=item, **money_arguments(data)),
        _("Spend on %(key)s was recorded."),
        anchor="roi",
    )


@require_POST
@login_required
@http_errors
def edit_initiative(request: HttpRequest, key: str) -> HttpResponse:
    def perform(item, data):
        changes = {name: value for name, value in data.items() if name != "version"}
        initiatives.initiative_update(actor=request.user, initiative=item, expected_version=data["version"], **changes)

    return _initiative_action(request, key, "edit", perform, _("%(key)s was saved."), anchor="about")


@require_POST
@login_required
@http_errors
def score_option(request: HttpRequest, key: str) -> HttpResponse:
    return _initiative_action(
        request,
        key,
        "option",
        lambda item, data: selection.model_option_record(actor=request.user, initiative=item, **data),
        _("The option was scored for %(key)s."),
        anchor="selection",
    )


@require_POST
@login_required
@http_errors
def choose_option(request: HttpRequest, key: str) -> HttpResponse:
    def perform(item, data):
        _weights, options = model_options_for(user=request.user, initiative=item)
        option = next((o for o in options if o.pk == data["option"]), None)
        if option is None:
            raise InvalidInput(_("The option was not chosen."), fields={"option": [_("Choose one of the options.")]})
        selection.model_option_choose(actor=request.user, initiative=item, option=option, rationale=data["rationale"])

    return _initiative_action(
        request, key, "choose", perform, _("The model option of %(key)s was chosen."), "selection"
    )


# --- Gate reviews: inbox, review page, signing ------------------------------------------------------------------------


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


@require_GET
@login_required
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
        "snapshot_roi": pages.frozen_roi(review),
        "days_waiting": days_waiting(review) if review.status == ReviewStatus.OPEN else None,
        "form": form if choices else None,
        "can_withdraw": review.status == ReviewStatus.OPEN and review.requested_by_id == request.user.pk,
    }


@require_GET
@login_required
@http_errors
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    return render(request, "governance/review.html", _review_context(request, review_id))


@require_POST
@login_required
@http_errors
def sign(request: HttpRequest, review_id: int) -> HttpResponse:
    context = _review_context(request, review_id)
    detail = context["detail"]
    slots = {state.slot.key: state.slot for state in detail.slots}
    choices = [(key, slots[key].get_role_display()) for key in detail.my_slots if key in slots]
    form = SignForm(request.POST, slots=choices or [(key, key) for key in slots], prefix="sign")
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            review_services.signoff_record(
                actor=request.user,
                review=detail.review,
                slot_key=data["slot"],
                decision=data["decision"],
                comment=data["comment"],
            )
        except DomainError as error:
            status = add_domain_error(form, error, field_map={"slot_key": "slot"})
        else:
            initiative = detail.review.initiative
            messages.success(
                request,
                _("You signed the %(slot)s slot of %(key)s: %(decision)s.")
                % {
                    "slot": slots[data["slot"]].get_role_display(),
                    "key": initiative.key,
                    "decision": Decision(data["decision"]).label,
                },
            )
            return redirect("governance:inbox")
    context = _review_context(request, review_id, form=form)
    context["form"] = form
    return render(request, "governance/review.html", context, status=status)


# --- Compliance reviews -----------------------------------------------------------------------------------------------


@require_GET
@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ComplianceFilterForm(request.GET or None)
    view = form.cleaned_data.get("view") if form.is_valid() else ""
    if not view:
        view = "mine" if Role.COMPLIANCE_OFFICER in pages.nav_roles(user=user)["any"] else "open"
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
    item = pages.compliance_review_visible(user=request.user, pk=pk)
    if item is None:
        raise NotFound(_("Compliance review not found."))
    can_complete = item.status == ComplianceReviewStatus.OPEN and access.can(
        user=request.user, action="complete_compliance_review", initiative=item.initiative
    )
    return {
        "item": item,
        "initiative": item.initiative,
        "form": (form or ComplianceCompleteForm(prefix="complete")) if can_complete else None,
        "is_overdue": item.status == ComplianceReviewStatus.OPEN and item.due_on < timezone.localdate(),
    }


@require_GET
@login_required
@http_errors
def compliance_review(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "governance/compliance_review.html", _compliance_review_context(request, pk))


@require_POST
@login_required
@http_errors
def compliance_review_complete(request: HttpRequest, pk: int) -> HttpResponse:
    context = _compliance_review_context(request, pk)
    item = context["item"]
    form = ComplianceCompleteForm(request.POST, prefix="complete")
    status = 400
    if form.is_valid():
        try:
            compliance_services.compliance_review_complete(
                actor=request.user,
                review=item,
                findings=form.cleaned_data["findings"],
                outcome=form.cleaned_data["outcome"],
            )
        except DomainError as error:
            status = add_domain_error(form, error)
        else:
            messages.success(
                request, _("The compliance review of %(key)s was completed.") % {"key": item.initiative.key}
            )
            return redirect("governance:compliance")
    context = _compliance_review_context(request, pk, form=form)
    return render(request, "governance/compliance_review.html", context, status=status)


# --- Notifications --------------------------------------------------------------------------------------------------


@require_GET
@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page = Paginator(notifications_mine(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "governance/notifications.html", {"page": page, "unread_only": unread_only})


@require_POST
@login_required
@http_errors
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    item = notification_services.notification_mark_read(actor=request.user, notification_id=pk)
    if request.htmx:
        return render(request, "governance/notifications.html#notification", {"item": item, "oob_count": True})
    return redirect("governance:notifications")


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notification_services.notifications_mark_all_read(actor=request.user)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("governance:notifications")


# --- Audit log ------------------------------------------------------------------------------------------------------


@require_GET
@login_required
@http_errors
def audit(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters: dict = {}
    initiative = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["initiative"]:
            key = data["initiative"].strip().upper()
            try:
                initiative = initiative_detail(user=request.user, key=key)
            except NotFound as error:
                form.add_error("initiative", error.message)
                events = audit_events_visible(user=request.user).none()
                page = Paginator(events, PAGE_SIZE).get_page(1)
                return render(request, "governance/audit.html", {"form": form, "page": page})
        tz = timezone.get_current_timezone()
        filters = {
            "initiative": initiative,
            "verb": data["verb"] or None,
            "since": datetime.datetime.combine(data["since"], datetime.time.min, tzinfo=tz) if data["since"] else None,
            "until": (
                datetime.datetime.combine(data["until"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
                if data["until"]
                else None
            ),
        }
    events = audit_events_visible(user=request.user, **filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "governance/audit.html", {"form": form, "page": page})


# --- Role assignments (the CoE grants and revokes; auditors read) -------------------------------------------------


def _roles_page(request: HttpRequest, *, form: RoleGrantForm | None = None, status: int = 200) -> HttpResponse:
    user = request.user
    is_coe = access.holds_global_role(user=user, role=Role.COE_ADMIN)
    if is_coe and form is None:
        form = RoleGrantForm(
            prefix="grant", people=pages.people_to_grant(user=user), units=units_for_registration(user=user)
        )
    page = Paginator(role_assignments_visible(user), PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for assignment in page:
        assignment.in_force = assignment.revoked_at is None and (
            assignment.expires_at is None or assignment.expires_at > now
        )
    context = {"page": page, "form": form if is_coe else None, "is_coe": is_coe}
    return render(request, "governance/roles.html", context, status=status)


@require_GET
@login_required
def roles(request: HttpRequest) -> HttpResponse:
    return _roles_page(request)


@require_POST
@login_required
@http_errors
def role_grant(request: HttpRequest) -> HttpResponse:
    if not access.holds_global_role(user=request.user, role=Role.COE_ADMIN):
        raise PermissionDenied(_("Only the CoE manages role assignments."))
    form = RoleGrantForm(
        request.POST,
        prefix="grant",
        people=pages.people_to_grant(user=request.user),
        units=units_for_registration(user=request.user),
    )
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            initiative = None
            if data["initiative"]:
                initiative = initiative_detail(user=request.user, key=data["initiative"].strip().upper())
            expires = (
                datetime.datetime.combine(
                    data["expires_on"], datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone()
                )
                if data["expires_on"]
                else None
            )
            role_services.role_grant(
                actor=request.user,
                user=data["user"],
                role=data["role"],
                business_unit=data["business_unit"],
                initiative=initiative,
                expires_at=expires,
            )
        except NotFound as error:
            form.add_error("initiative", error.message)
        except DomainError as error:
            status = add_domain_error(form, error, field_map={"scope": "business_unit", "expires_at": "expires_on"})
        else:
            messages.success(
                request,
                _("%(person)s now holds the role %(role)s.")
                % {
                    "person": data["user"].get_full_name() or data["user"].get_username(),
                    "role": Role(data["role"]).label,
                },
            )
            return redirect("governance:roles")
    return _roles_page(request, form=form, status=status)


@require_POST
@login_required
@http_errors
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = pages.role_assignment_visible(user=request.user, pk=pk)
    if assignment is None:
        raise NotFound(_("Role assignment not found."))
    try:
        role_services.role_revoke(actor=request.user, assignment=assignment, reason=request.POST.get("reason", ""))
    except Refused as error:
        messages.error(request, "\n".join([error.message, *error.reasons]))
    else:
        messages.success(request, _("The role was revoked."))
    return redirect("governance:roles")
