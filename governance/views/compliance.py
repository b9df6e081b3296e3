"""Compliance reviews: the list (mine, due, overdue, completed), one review, and completing it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import RiskTier, Role
from core.web import form_submit, page
from governance import access, actions, questionnaire
from governance.choices import ActionItemStatus, ComplianceReviewStatus
from governance.forms import (
    ActionItemDoneForm,
    ActionItemForm,
    AnswersForm,
    AttachmentForm,
    ComplianceCompleteForm,
    ComplianceFilterForm,
    FindingCloseForm,
    FindingForm,
    QuestionnaireForm,
)
from governance.selectors.compliance import (
    action_item_owners,
    compliance_action_item_get,
    compliance_action_items_of,
    compliance_action_items_visible,
    compliance_attachment_get,
    compliance_attachments_of,
    compliance_finding_get,
    compliance_findings_of,
    compliance_questionnaires_current,
    compliance_review_get,
    compliance_reviews_visible,
    review_questions,
    risk_tier_changes_pending,
)
from governance.selectors.roles import nav_roles
from governance.services import compliance as compliance_services
from governance.services import compliance_items as items_services
from governance.services.compliance_items import action_item_refusal

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
            # Open action items of reviews, soonest due first (the first 50).
            "action_items": list(compliance_action_items_visible(user=user, status=ActionItemStatus.OPEN)[:50]),
            "today": today,
        },
    )


def _compliance_review_context(request: HttpRequest, pk, form=None) -> dict:
    item = compliance_review_get(user=request.user, pk=pk)
    facts = actions.InitiativeFacts(user=request.user, initiative=item.initiative, compliance_review=item)
    can_complete = actions.action_state(
        "complete_compliance_review", user=request.user, initiative=item.initiative, facts=facts
    ).allowed
    can_work = can_complete and item.status == ComplianceReviewStatus.OPEN
    version, questions = review_questions(review=item)
    findings = list(compliance_findings_of(review=item))
    items = list(compliance_action_items_of(review=item))
    for finding in findings:
        finding.close_form = (
            FindingCloseForm(prefix=f"close{finding.pk}") if can_work and finding.status == "open" else None
        )
    for action in items:
        refusal = action_item_refusal(user=request.user, item=action, perms=facts.perms)
        action.done_form = ActionItemDoneForm(prefix=f"done{action.pk}") if refusal is None else None
    open_findings = [f for f in findings if f.status == "open"]
    return {
        "item": item,
        "initiative": item.initiative,
        "form": (form or ComplianceCompleteForm(prefix="complete")) if can_complete else None,
        "is_overdue": item.status == ComplianceReviewStatus.OPEN and item.due_on < timezone.localdate(),
        "today": timezone.localdate(),
        "can_work": can_work,
        "questionnaire": version,
        "questions": questions,
        "unanswered": questionnaire.unanswered(version.questions, item.answers) if version and can_work else [],
        "answers_form": AnswersForm(prefix="answers", questions=questions) if can_work else None,
        "attachments": list(compliance_attachments_of(review=item)),
        "attachment_form": AttachmentForm(prefix="attach") if can_work else None,
        "findings": findings,
        "finding_form": FindingForm(prefix="finding") if can_work else None,
        "action_items": items,
        "action_form": ActionItemForm(
            prefix="action", people=action_item_owners(initiative=item.initiative), findings=open_findings
        )
        if can_work
        else None,
    }


@page()
def compliance_review(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "governance/compliance_review.html", _compliance_review_context(request, pk))


def _review_post(request: HttpRequest, pk: int, *, name: str, form_of, perform, success: str, anchor: str):
    """One form of the review page: done, back to the page at ``anchor``; refused, the page again with the form
    as it was typed and its messages (400 or 409)."""
    context = _compliance_review_context(request, pk)
    form = form_of(context)
    done, status = form_submit(form, lambda data: perform(context["item"], data))
    if done:
        messages.success(request, success)
        return redirect(reverse("governance:compliance_review", args=[pk]) + anchor)
    if name.startswith("item:"):
        # A form of one row (close a finding, mark an action done): put it back on its row.
        kind, row_pk = name.split(":", 2)[1:]
        for row in context["findings" if kind == "close" else "action_items"]:
            if row.pk == int(row_pk):
                setattr(row, "close_form" if kind == "close" else "done_form", form)
    else:
        context[name] = form
    return render(request, "governance/compliance_review.html", context, status=status)


@page("POST")
def compliance_review_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_post(
        request,
        pk,
        name="answers_form",
        form_of=lambda c: AnswersForm(request.POST, prefix="answers", questions=c["questions"]),
        perform=lambda review, data: items_services.compliance_review_answer(
            actor=request.user, review=review, answers={k.removeprefix("q_"): v for k, v in data.items()}
        ),
        success=_("The answers were saved."),
        anchor="#questionnaire",
    )


@page("POST")
def compliance_review_attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_post(
        request,
        pk,
        name="attachment_form",
        form_of=lambda c: AttachmentForm(request.POST, request.FILES, prefix="attach"),
        perform=lambda review, data: items_services.compliance_attachment_add(
            actor=request.user, review=review, **data
        ),
        success=_("The file was attached."),
        anchor="#evidence",
    )


@page("POST")
def compliance_finding_raise(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_post(
        request,
        pk,
        name="finding_form",
        form_of=lambda c: FindingForm(request.POST, prefix="finding"),
        perform=lambda review, data: items_services.compliance_finding_raise(actor=request.user, review=review, **data),
        success=_("The finding was recorded."),
        anchor="#findings",
    )


def _row_of(rows: list, row_pk: int):
    row = next((r for r in rows if r.pk == row_pk), None)
    if row is None:
        raise Http404(_("Not found."))
    return row


@page("POST")
def compliance_finding_close(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    return _review_post(
        request,
        pk,
        name=f"item:close:{finding_pk}",
        form_of=lambda c: (
            _row_of(c["findings"], finding_pk),
            FindingCloseForm(request.POST, prefix=f"close{finding_pk}"),
        )[1],
        perform=lambda review, data: items_services.compliance_finding_close(
            actor=request.user, finding=compliance_finding_get(user=request.user, pk=finding_pk), **data
        ),
        success=_("The finding was closed."),
        anchor="#findings",
    )


@page("POST")
def compliance_action_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    def form_of(context):
        return ActionItemForm(
            request.POST,
            prefix="action",
            people=action_item_owners(initiative=context["initiative"]),
            findings=[f for f in context["findings"] if f.status == "open"],
        )

    def perform(review, data):
        finding = data.pop("finding", None)
        finding = compliance_finding_get(user=request.user, pk=finding) if finding else None
        return items_services.compliance_action_item_add(actor=request.user, review=review, finding=finding, **data)

    return _review_post(
        request,
        pk,
        name="action_form",
        form_of=form_of,
        perform=perform,
        success=_("The action item was recorded; its owner will be reminded of it."),
        anchor="#actions",
    )


@page("POST")
def compliance_action_item_done(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    return _review_post(
        request,
        pk,
        name=f"item:done:{item_pk}",
        form_of=lambda c: (
            _row_of(c["action_items"], item_pk),
            ActionItemDoneForm(request.POST, prefix=f"done{item_pk}"),
        )[1],
        perform=lambda review, data: items_services.compliance_action_item_done(
            actor=request.user, item=compliance_action_item_get(user=request.user, pk=item_pk), **data
        ),
        success=_("The action item was marked done."),
        anchor="#actions",
    )


@page()
def compliance_action_item(request: HttpRequest, item_pk: int) -> HttpResponse:
    """Where a reminder links: the action item on its review's page."""
    action = compliance_action_item_get(user=request.user, pk=item_pk)
    return redirect(reverse("governance:compliance_review", args=[action.review_id]) + f"#action-{action.pk}")


@page()
def compliance_attachment(request: HttpRequest, attachment_pk: int) -> FileResponse:
    """Download a review's evidence file, for anyone who may see its initiative (others: 404)."""
    attachment = compliance_attachment_get(user=request.user, pk=attachment_pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.file_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@page("GET", "POST")
def compliance_questionnaires(request: HttpRequest) -> HttpResponse:
    """The questionnaire of each risk tier; the compliance lead saves a new version."""
    is_lead = access.holds_global_role(user=request.user, role=Role.COMPLIANCE_OFFICER)
    current = {q.risk_tier: q for q in compliance_questionnaires_current()}
    status = 200
    form = None
    if request.method == "POST":
        if not is_lead:
            raise PermissionDenied(
                _("Only the compliance lead (a global compliance officer) edits the questionnaires.")
            )
        form = QuestionnaireForm(request.POST, prefix="revise")
        done, outcome = form_submit(
            form, lambda data: items_services.compliance_questionnaire_revise(actor=request.user, **data)
        )
        if done:
            messages.success(request, _("A new version of the questionnaire was saved."))
            return redirect(reverse("governance:compliance_questionnaires") + f"#tier-{outcome.risk_tier}")
        status = outcome
    tiers = []
    for tier in questionnaire.TIERS:
        version = current.get(tier)
        editing = form if form is not None and form.data.get("revise-risk_tier") == tier else None
        tiers.append(
            {
                "tier": tier,
                "label": RiskTier(tier).label,
                "version": version,
                "questions": questionnaire.shown(version.questions, {}) if version else [],
                "form": (
                    editing
                    or QuestionnaireForm(
                        prefix="revise",
                        initial={"risk_tier": tier, "questions": version.questions if version else []},
                    )
                )
                if is_lead
                else None,
            }
        )
    return render(request, "governance/compliance_questionnaires.html", {"tiers": tiers}, status=status)


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
