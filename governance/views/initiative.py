"""The initiative page and its actions.

Every action of the page is a row of ``PAGE_ACTIONS`` (its form, the rule in ``governance.actions`` that decides
whether it is offered, the service it calls, what it says on success, where the page scrolls), served by one view:
adding an action is one row and one URL. The page offers an action exactly when ``available_actions`` allows it; an
action waiting on something the person can do (a gate not yet satisfied) is shown with its reasons and no button, so the
person sees what is missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from adoption.charts import roi_ledger_chart
from adoption.choices import PHASE_ORDER, Status
from adoption.display import date_style
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
from adoption.models import SelectionWeights
from adoption.selectors.criteria import criteria_for, gate_progress, latest_evidence
from adoption.selectors.initiatives import initiative_get, initiative_list_visible, phase_stints
from adoption.selectors.roi import model_options_for, model_weights, roi_ledger
from adoption.services import configuration, initiatives, selection
from adoption.services import roi as roi_services
from core.exceptions import InvalidInput, Refused
from core.web import form_submit, page
from governance import access, actions
from governance.audit import GLOBAL_CHAIN
from governance.forms import (
    HoldForm,
    MergeForm,
    RequestReviewForm,
    ResumeForm,
    RetireForm,
    RiskDecideForm,
    RiskProposeForm,
    StopForm,
    VoidForm,
    WithdrawForm,
)
from governance.models import AuditChainHead, ComplianceReview
from governance.selectors.audit import initiative_timeline
from governance.selectors.compliance import compliance_reviews_of, pending_risk_change_of
from governance.selectors.reviews import days_waiting, gate_review_detail, gate_reviews_for, open_review_of
from governance.selectors.whats_next import whats_next
from governance.services import compliance as compliance_services
from governance.services import lifecycle
from governance.services import reviews as review_services
from governance.stepup import auth_proof


@dataclass(frozen=True)
class PageAction:
    """One action of the initiative page."""

    form: type[forms.Form]
    rule: str  # the action's name in governance.actions
    perform: Callable[[HttpRequest, object, dict], object]
    success: str
    url: str  # the path after initiatives/<key>/
    anchor: str = "actions"
    url_name: str = ""  # the URL's name, when it is not the rule's

    @property
    def name(self) -> str:
        return self.url_name or self.rule


def _withdraw(request, item, data):
    review = open_review_of(user=request.user, initiative=item)
    if review is None:
        raise Refused(_("The review was not withdrawn."), reasons=[_("There is no open review.")])
    review_services.gate_review_withdraw(actor=request.user, review=review, reason=data["reason"])


def _decide(request, item, data):
    change = pending_risk_change_of(user=request.user, initiative=item)
    if change is None:
        raise Refused(_("The risk-tier change was not decided."), reasons=[_("No change awaits confirmation.")])
    compliance_services.risk_tier_decide(
        actor=request.user,
        change=change,
        confirm=data["decision"] == "confirm",
        note=data["note"],
        auth=auth_proof(request),
    )


def _edit(request, item, data):
    changes = {name: value for name, value in data.items() if name != "version"}
    initiatives.initiative_update(actor=request.user, initiative=item, expected_version=data["version"], **changes)


def _choose(request, item, data):
    _weights, options = model_options_for(user=request.user, initiative=item)
    option = next((o for o in options if o.pk == data["option"]), None)
    if option is None:
        raise InvalidInput(_("The option was not chosen."), fields={"option": [_("Choose one of the options.")]})
    selection.model_option_choose(actor=request.user, initiative=item, option=option, rationale=data["rationale"])


def _call(service, *, money: bool = False, auth: bool = False):
    """``service`` as the page calls it: the person, the initiative and the form's data (amounts as money; the
    sign-in's proof where the service asks for a fresh one)."""

    def perform(request, item, data):
        extra = {"auth": auth_proof(request)} if auth else {}
        return service(actor=request.user, initiative=item, **(money_arguments(data) if money else data), **extra)

    return perform


PAGE_ACTIONS: dict[str, PageAction] = {
    # name: PageAction(form, rule, perform, success message, path[, anchor][, url_name])
    "request": PageAction(
        RequestReviewForm,
        "request_review",
        _call(review_services.gate_review_request),
        _("The gate review of %(key)s was requested; the signers have been notified."),
        "request-review",
        "review",
    ),
    "withdraw": PageAction(
        WithdrawForm, "withdraw_review", _withdraw, _("The gate review of %(key)s was withdrawn."), "withdraw-review"
    ),
    "hold": PageAction(HoldForm, "hold", _call(lifecycle.initiative_hold), _("%(key)s is on hold."), "hold"),
    "resume": PageAction(
        ResumeForm, "resume", _call(lifecycle.initiative_resume, auth=True), _("%(key)s has resumed."), "resume"
    ),
    "stop": PageAction(StopForm, "stop", _call(lifecycle.initiative_stop), _("%(key)s was stopped."), "stop"),
    "retire": PageAction(RetireForm, "retire", _call(lifecycle.initiative_retire), _("%(key)s was retired."), "retire"),
    "void": PageAction(VoidForm, "void", _call(lifecycle.initiative_void), _("%(key)s was voided."), "void", "about"),
    "merge": PageAction(
        MergeForm, "merge", _call(lifecycle.initiative_merge), _("%(key)s was merged."), "merge", "about"
    ),
    "propose": PageAction(
        RiskProposeForm,
        "propose_risk_tier",
        _call(compliance_services.risk_tier_propose),
        _("The risk-tier change of %(key)s was proposed; a compliance officer must confirm it."),
        "risk-tier/propose",
    ),
    "decide": PageAction(
        RiskDecideForm,
        "decide_risk_tier",
        _decide,
        _("The risk-tier change of %(key)s was decided."),
        "risk-tier/decide",
    ),
    "extend": PageAction(
        PhaseExtendForm,
        "extend_phase",
        _call(configuration.phase_extend),
        _("The phase of %(key)s was extended."),
        "extend",
        "timeline",
    ),
    "roi": PageAction(
        RoiVersionForm,
        "record_roi",
        _call(roi_services.roi_version_append, money=True),
        _("A new ROI estimate of %(key)s was recorded."),
        "roi",
        "roi",
    ),
    "realised": PageAction(
        RealisedValueForm,
        "record_realised_value",
        _call(roi_services.realised_value_record, money=True),
        _("Realised value of %(key)s was recorded."),
        "realised",
        "roi",
        "record_realised",
    ),
    "spend": PageAction(
        SpendForm,
        "record_spend",
        _call(roi_services.spend_record, money=True),
        _("Spend on %(key)s was recorded."),
        "spend",
        "roi",
    ),
    "edit": PageAction(InitiativeEditForm, "edit", _edit, _("%(key)s was saved."), "edit", "about", "edit_initiative"),
    "option": PageAction(
        ModelOptionForm,
        "score_option",
        _call(selection.model_option_record),
        _("The option was scored for %(key)s."),
        "options",
        "selection",
    ),
    "choose": PageAction(
        ChooseOptionForm,
        "choose_option",
        _choose,
        _("The model option of %(key)s was chosen."),
        "options/choose",
        "selection",
    ),
}


def _annotate_criteria(*, user, initiative, criteria, facts: actions.InitiativeFacts) -> None:
    """Attach evidence and what ``user`` may do to each criterion (no queries per criterion)."""
    evidence = latest_evidence(user=user, initiative=initiative, criteria=criteria)
    for criterion in criteria:
        criterion.versions = evidence[criterion.pk]
        criterion.latest = criterion.versions[0] if criterion.versions else None
        annotate_criterion(criterion, facts)


def annotate_criterion(criterion, facts: actions.InitiativeFacts) -> None:
    """What the person may do to one criterion: record evidence or its status, waive it (``governance.actions``)."""
    criterion.can_edit = actions.criterion_evidence_state(facts, criterion).allowed
    criterion.can_waive = actions.criterion_waive_state(facts, criterion).allowed
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


def offered_actions(*, user, initiative, facts: actions.InitiativeFacts) -> dict[str, actions.ActionState]:
    """The page's actions the person may see: the allowed ones, and those waiting on something the person can do
    (a gate's criteria), shown with their reasons and no button. Actions the person has no right to, or that the
    initiative's status rules out, are left out."""
    states = actions.available_actions(user=user, initiative=initiative, facts=facts)
    shown = {}
    for name, action in PAGE_ACTIONS.items():
        state = states[action.rule]
        if state.allowed or state.waiting:
            shown[name] = state
    return shown


def _page_facts() -> dict:
    """What the page reads with the initiative's row, as sub-selects of that one query: the action rules' facts
    (``actions.fact_annotations``), whether the panels have anything to show, and what the cached panels' key is
    made of."""
    from regimes.models import RegimeClassification

    mine = {"initiative": OuterRef("pk")}
    return {
        **actions.fact_annotations(),
        "has_compliance_reviews": Exists(ComplianceReview.objects.filter(**mine)),
        "has_classifications": Exists(RegimeClassification.objects.filter(**mine, is_current=True)),
        # Every change to the initiative's records appends to its audit chain, every other change (a unit renamed,
        # a tag made) to the global one: their heads' positions say whether a cached panel is still true.
        "audit_seq": Subquery(
            AuditChainHead.objects.filter(chain=Concat(Value("initiative:"), Cast(OuterRef("pk"), CharField()))).values(
                "seq"
            )[:1]
        ),
        "global_audit_seq": Subquery(AuditChainHead.objects.filter(chain=GLOBAL_CHAIN).values("seq")[:1]),
        "weights_id": Subquery(SelectionWeights.objects.filter(is_current=True).values("pk")[:1]),
    }


# How long a panel that does not depend on the viewer stays cached at most: its key changes with every change to
# the initiative's records, so this only bounds what no audit event records (a name updated at single sign-on).
PANEL_SECONDS = 300


def _weights(initiative):
    """The current selection weights: a version's weights never change (a change is a new version), so they are
    cached by the version's id."""
    return cache.get_or_set(f"selection-weights:{initiative.weights_id}", model_weights, PANEL_SECONDS)


def panel_key(initiative) -> str:
    """The key of the panels every viewer of ``initiative`` sees alike (the ROI ledger, the phases, the model
    selection, the compliance reviews, the regulatory classifications, the activity, the tags): the initiative's
    version and its audit chain's head, the global chain's head, the current selection weights, and the reader's
    language, time zone and date style."""
    parts = (
        initiative.pk,
        initiative.version,
        initiative.audit_seq,
        initiative.global_audit_seq,
        initiative.weights_id,
        get_language(),
        timezone.get_current_timezone_name(),
        date_style(),
    )
    return ":".join(str(part) for part in parts)


def _initiative_context(request: HttpRequest, initiative, *, forms: dict | None = None, open_action: str = "") -> dict:
    """The page's context, inside ``access.answered_once``: the person's permissions are read once (with the
    initiative), what the panels need is read once and handed to the action rules, and what every viewer sees alike
    is read only when its cached panel is missing (``panel_key``). A fixed number of queries whatever the portfolio
    and whatever the initiative's criteria, reviews and slots."""
    user = request.user
    criteria = criteria_for(user=user, initiative=initiative)
    reviews = list(gate_reviews_for(user=user, initiative=initiative)[:20])
    open_review = next((r for r in reviews if r.is_live), None)
    if open_review is not None:
        open_review.initiative = initiative
    pending_change = pending_risk_change_of(user=user, initiative=initiative) if initiative.has_pending_change else None
    current = [c for c in criteria if c.phase == initiative.phase]
    detail = gate_review_detail(user=user, review=open_review, criteria=current) if open_review else None
    known = actions.known_facts(initiative)
    if detail is not None:
        for state in detail.slots:
            state.eligible = detail.signers.get(state.slot.pk, []) if state.state == "waiting" else []
        known.update(review_facts=detail.facts, signers=detail.signers, lent=detail.lent)
        # The newest sign-off is most often one of the live review's, read already.
        signoffs = {state.signoff.pk: state.signoff for state in detail.slots if state.signoff is not None}
        signoffs.update({s.pk: s for state in detail.slots for s in state.superseded})
        if initiative.last_signoff_id in signoffs:
            last = known["last_signoff"] = signoffs[initiative.last_signoff_id]
            last.review, last.slot = open_review, detail.facts.slots[last.slot_id]
    # What the page already reads is handed to the action rules, so they ask nothing twice.
    facts = actions.InitiativeFacts(
        user=user,
        initiative=initiative,
        criteria=current,
        open_review=open_review,
        **{**known, "pending_change": pending_change},
    )
    _annotate_criteria(user=user, initiative=initiative, criteria=criteria, facts=facts)
    offered = offered_actions(user=user, initiative=initiative, facts=facts)
    forms = forms or {}
    action_forms = {
        name: forms.get(name) or PAGE_ACTIONS[name].form(prefix=name, initial=_initial(name, initiative))
        for name in PAGE_ACTIONS
        # A refused action's form stays on the page with its reasons, even once it is no longer on offer.
        if name in offered or name in forms
    }
    # Read only if their cached panel is missing (or, for the options, if the choice is offered).
    ledger = SimpleLazyObject(lambda: roi_ledger(user=user, initiative=initiative))
    selection = SimpleLazyObject(
        lambda: (
            model_options_for(user=user, initiative=initiative, weights=_weights(initiative))
            if initiative.has_options
            else (_weights(initiative), [])
        )
    )
    return {
        "initiative": initiative,
        "perms": facts.perms,
        "panel_key": panel_key(initiative),
        "panel_seconds": PANEL_SECONDS,
        "clock": initiative.phase_clock(),
        "steps": SimpleLazyObject(lambda: _phase_steps(initiative, phase_stints(user=user, initiative=initiative))),
        "criteria": criteria,
        "summary": gate_progress(criteria),
        "ledger": ledger,
        "roi_chart": SimpleLazyObject(lambda: roi_ledger_chart(ledger)),
        "reviews": reviews,
        "review": detail,
        "days_waiting": days_waiting(open_review) if open_review else None,
        "compliance_reviews": SimpleLazyObject(
            lambda: (
                list(compliance_reviews_of(user=user, initiative=initiative)[:10])
                if initiative.has_compliance_reviews
                else []
            )
        ),
        "pending_change": pending_change,
        "timeline": SimpleLazyObject(lambda: initiative_timeline(user=user, initiative=initiative, limit=40)),
        "offered": offered,
        "action_forms": action_forms,
        "open_action": open_action,
        "weights": SimpleLazyObject(lambda: selection[0]),
        "options": SimpleLazyObject(lambda: selection[1]),
        "whats_next": whats_next(user=user, initiative=initiative, facts=facts),
        # A merged initiative links to the one that carries on, when the reader may see it.
        "survivor": initiative_list_visible(user=user).filter(pk=initiative.merged_into_id).first()
        if initiative.merged_into_id
        else None,
    }


def page_initiative(*, user, key: str):
    """The initiative of the page, with the facts the page reads along with its row (``_page_facts``)."""
    return initiative_get(user=user, key=key, **_page_facts())


def _initial(name: str, initiative) -> dict:
    if name == "edit":
        return InitiativeEditForm.initial_for(initiative)
    if name == "roi":
        return {"rate_date": timezone.localdate()}
    if name == "extend":
        return {"new_end": timezone.localdate(initiative.planned_phase_end) + datetime.timedelta(days=14)}
    return {}


def initiative_url(initiative, anchor: str = "") -> str:
    url = reverse("governance:initiative", args=[initiative.key])
    return f"{url}#{anchor}" if anchor else url


@page()
def initiative(request: HttpRequest, key: str) -> HttpResponse:
    with access.answered_once(request.user):
        item = page_initiative(user=request.user, key=key)
        return render(request, "governance/initiative.html", _initiative_context(request, item))


@page("POST")
def initiative_action(request: HttpRequest, key: str, name: str) -> HttpResponse:
    """Run one action of the initiative page. Success: back to the page with a message. Otherwise the page again,
    the action's form open with its errors (400 for bad input, 409 with the reasons when refused)."""
    action = PAGE_ACTIONS[name]
    item = initiative_get(user=request.user, key=key)
    form = action.form(request.POST, prefix=name)
    done, status = form_submit(form, lambda data: action.perform(request, item, data))
    if done:
        messages.success(request, action.success % {"key": item.key})
        return redirect(initiative_url(item, action.anchor))
    # The service ran (and checked) outside the block: the page shown again reads everything afresh.
    with access.answered_once(request.user):
        item = page_initiative(user=request.user, key=key)
        context = _initiative_context(request, item, forms={name: form}, open_action=name)
        return render(request, "governance/initiative.html", context, status=status)


def action_urls() -> list:
    """One URL per page action, named as the templates name them."""
    return [
        path(f"initiatives/<str:key>/{action.url}", initiative_action, {"name": name}, name=action.name)
        for name, action in PAGE_ACTIONS.items()
    ]
