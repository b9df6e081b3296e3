"""Pages of the regimes app: an initiative's Regulatory page, and the catalogue (regimes, versions, obligations in
the reader's language; the compliance lead's drafts, preview and publishing; the CoE's switch for frameworks)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from adoption.choices import Role
from adoption.selectors.initiatives import initiative_get
from core.exceptions import InvalidInput
from core.web import form_submit, page
from governance import access, actions
from governance.stepup import auth_proof
from regimes.forms import ApplicabilityForm, DraftForm
from regimes.selectors.catalogue import draft_of, publish_preview, published_of, regime_get, regimes_list
from regimes.selectors.regulatory import classification_get, regulatory
from regimes.services import catalogue as catalogue_services
from regimes.services.applicability import applicability_answer, classification_confirm, questionnaire


def _regulatory_context(request: HttpRequest, initiative, form=None) -> dict:
    picture = regulatory(initiative)
    facts = actions.InitiativeFacts(user=request.user, initiative=initiative)
    can_answer = actions.action_state("answer_applicability", user=request.user, initiative=initiative, facts=facts)
    can_confirm = actions.action_state("confirm_classification", user=request.user, initiative=initiative, facts=facts)
    answers = picture.answers.answers if picture.answers else {}
    if form is None and can_answer.allowed:
        form = ApplicabilityForm(prefix="answers", questions=questionnaire(), answers=answers)
    for c in picture.classifications:
        c.can_confirm = (
            c.status == "proposed"
            and can_confirm.allowed
            and actions.confirm_classification(
                actions.InitiativeFacts(user=request.user, initiative=initiative, classification=c, perms=facts.perms)
            ).allowed
        )
    return {
        "initiative": initiative,
        "picture": picture,
        "form": form if can_answer.allowed else None,
        "asked_again": picture.answers is not None and picture.answers.phase != initiative.phase,
    }


@page("GET", "POST")
def regulatory_page(request: HttpRequest, key: str) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)
    status = 200
    form = None
    if request.method == "POST":
        form = ApplicabilityForm(request.POST, prefix="answers", questions=questionnaire())
        done, outcome = form_submit(
            form,
            lambda data: applicability_answer(initiative=initiative, answers=form.answers(), actor=request.user),
        )
        if done:
            messages.success(request, _("The answers were recorded; the classifications were proposed again."))
            return redirect(reverse("regimes:regulatory", args=[initiative.key]))
        status = outcome
        initiative.refresh_from_db()
    return render(request, "regimes/regulatory.html", _regulatory_context(request, initiative, form), status=status)


@page("POST")
def classification_confirm_page(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    initiative = initiative_get(user=request.user, key=key)
    classification = classification_get(user=request.user, initiative=initiative, pk=pk)
    classification_confirm(actor=request.user, classification=classification, auth=auth_proof(request))
    messages.success(request, _("The classification was confirmed."))
    return redirect(reverse("regimes:regulatory", args=[initiative.key]) + "#classifications")


@page()
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "regimes/catalogue.html",
        {
            "regimes": regimes_list(),
            "is_coe": access.holds_global_role(user=request.user, role=Role.COE_ADMIN),
        },
    )


def _regime_context(request: HttpRequest, regime, form=None) -> dict:
    is_lead = access.holds_global_role(user=request.user, role=Role.COMPLIANCE_OFFICER)
    draft = draft_of(regime) if is_lead else None
    version_number = request.GET.get("version")
    shown = published_of(regime)
    if version_number and version_number.isdigit():
        shown = regime.versions.filter(version=int(version_number)).exclude(status="draft").first() or shown
    return {
        "regime": regime,
        "shown": shown,
        "versions": list(regime.versions.order_by("-version")),
        "is_lead": is_lead,
        "draft": draft,
        "draft_form": (form or DraftForm(prefix="draft", initial={"content": draft.content, "note": draft.note}))
        if draft
        else None,
        "preview": publish_preview(draft, user=request.user) if draft else None,
    }


@page()
def regime_page(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "regimes/regime.html", _regime_context(request, regime_get(code)))


@page("POST")
def regime_draft_create(request: HttpRequest, code: str) -> HttpResponse:
    regime = regime_get(code)
    catalogue_services.regime_draft_create(actor=request.user, regime=regime)
    messages.success(request, _("A draft of the next version was created from the published one."))
    return redirect(reverse("regimes:regime", args=[regime.code]) + "#draft")


@page("POST")
def regime_draft_save(request: HttpRequest, code: str) -> HttpResponse:
    regime = regime_get(code)
    catalogue_services.require_compliance_lead(request.user)
    draft = draft_of(regime)
    form = DraftForm(request.POST, prefix="draft")
    if draft is None:
        raise InvalidInput(_("There is no draft to save."))
    done, outcome = form_submit(
        form,
        lambda data: catalogue_services.regime_draft_save(
            actor=request.user, draft=draft, content=data["content"], note=data["note"]
        ),
    )
    if done:
        messages.success(request, _("The draft was saved; the preview lists what publishing it would change."))
        return redirect(reverse("regimes:regime", args=[regime.code]) + "#preview")
    return render(request, "regimes/regime.html", _regime_context(request, regime, form), status=outcome)


@page("POST")
def regime_publish(request: HttpRequest, code: str) -> HttpResponse:
    regime = regime_get(code)
    catalogue_services.require_compliance_lead(request.user)
    draft = draft_of(regime)
    if draft is None:
        raise InvalidInput(_("There is no draft to publish."))
    affected = catalogue_services.regime_publish(actor=request.user, draft=draft)
    messages.success(
        request,
        _("Version %(version)d was published; %(count)d initiatives' obligations changed.")
        % {"version": draft.version, "count": len(affected)},
    )
    return redirect(reverse("regimes:regime", args=[regime.code]))


@page("POST")
def regime_switch(request: HttpRequest, code: str) -> HttpResponse:
    regime = regime_get(code)
    catalogue_services.regime_enable(actor=request.user, regime=regime, enabled=not regime.enabled)
    messages.success(
        request, _("The framework was switched on.") if regime.enabled else _("The framework was switched off.")
    )
    return redirect(reverse("regimes:catalogue"))
