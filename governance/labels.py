"""How people, objects and audit events are named to a reader: the one home of an audit line's words.

A person is named by ``core.web.person_name()`` (full name, else login name). An object an event is about gets a
readable label ("AI-0016 · Exploration gate, attempt 2", "AI-0016 · First ROI estimate recorded"), loaded for a
whole page of events at once: one query per kind of object on the page, whatever the number of events. An event
reads as a sentence in the reader's language, from ``EVENT_SENTENCES`` (verb → sentence with the actor's name and
the object's label). Pages (the activity panel, the audit log) and the audit CSV all call ``describe_events()``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adoption import display
from adoption.choices import Phase, RiskTier, Role
from adoption.models import (
    BusinessUnit,
    EvidenceVersion,
    GateCriterion,
    GateCriterionTemplate,
    Initiative,
    ModelOption,
    RealisedValueEntry,
    RoiVersion,
    SpendEntry,
    Tag,
)
from core.web import person_name
from governance.choices import Scope
from governance.models import (
    ApiToken,
    AuditEvent,
    ClaimRoleRule,
    ComplianceReview,
    Delegation,
    GateReview,
    RiskTierChange,
    RoleAssignment,
    RoleGrantRequest,
    SignOff,
    WebhookEndpoint,
)
from governance.templatetags.governance_tags import SLOT_STATES

SEPARATOR = " · "

# --- Objects ------------------------------------------------------------------------------------------------------


def review_label(review: GateReview) -> str:
    """A gate review as a reader names it: "AI-0016 · Exploration gate, attempt 2"."""
    words = _("%(phase)s gate, attempt %(attempt)s") % {
        "phase": display.choice_label(Phase, review.phase),
        "attempt": review.attempt,
    }
    return f"{review.initiative.key}{SEPARATOR}{words}"


def assignment_scope(assignment) -> str:
    if assignment.scope == Scope.BUSINESS_UNIT:
        return assignment.business_unit.name
    if assignment.scope == Scope.INITIATIVE:
        return assignment.initiative.key
    return _("Whole organisation")


def _criterion(criterion: GateCriterion) -> str:
    return f"{criterion.initiative.key}{SEPARATOR}{display.data_text(criterion.template.title)}"


def _evidence(version: EvidenceVersion) -> str:
    return _("%(criterion)s, evidence version %(version)s") % {
        "criterion": _criterion(version.criterion),
        "version": version.version,
    }


def _signoff(signoff: SignOff) -> str:
    return f"{review_label(signoff.review)}{SEPARATOR}{display.role_label(signoff.slot.key)}"


def _assignment(assignment: RoleAssignment) -> str:
    return _("%(person)s as %(role)s (%(scope)s)") % {
        "person": person_name(assignment.user),
        "role": display.choice_label(Role, assignment.role),
        "scope": assignment_scope(assignment),
    }


def _grant_request(grant: RoleGrantRequest) -> str:
    return _("%(person)s as %(role)s (%(scope)s)") % {
        "person": person_name(grant.user),
        "role": display.choice_label(Role, grant.role),
        "scope": _("Whole organisation"),
    }


def _risk_change(change: RiskTierChange) -> str:
    words = _("risk tier %(from)s → %(to)s") % {
        "from": display.choice_label(RiskTier, change.from_tier),
        "to": display.choice_label(RiskTier, change.to_tier),
    }
    return f"{change.initiative.key}{SEPARATOR}{words}"


def _compliance(review: ComplianceReview) -> str:
    words = _("compliance review due %(date)s") % {"date": display.date(review.due_on)}
    return f"{review.initiative.key}{SEPARATOR}{words}"


def _roi(version: RoiVersion) -> str:
    return f"{version.initiative.key}{SEPARATOR}" + _("ROI estimate version %(version)s") % {"version": version.version}


def _spend(entry: SpendEntry) -> str:
    return f"{entry.initiative.key}{SEPARATOR}" + _("spend from %(date)s") % {"date": display.date(entry.period_start)}


def _realised(entry: RealisedValueEntry) -> str:
    words = _("realised value from %(date)s") % {"date": display.date(entry.period_start)}
    return f"{entry.initiative.key}{SEPARATOR}{words}"


def _delegation(delegation) -> str:
    return _("%(role)s of %(delegator)s to %(delegate)s, %(start)s–%(end)s") % {
        "role": display.role_label(delegation.role),
        "delegator": person_name(delegation.delegator),
        "delegate": person_name(delegation.delegate),
        "start": display.date(delegation.starts_on),
        "end": display.date(delegation.ends_on),
    }


@dataclass(frozen=True)
class Labeller:
    """How one kind of object is loaded (with what it names) and named."""

    model: type[models.Model]
    related: tuple[str, ...]
    label: Callable[[models.Model], str]


LABELLERS: dict[str, Labeller] = {
    labeller.model._meta.label_lower: labeller
    for labeller in (
        Labeller(Initiative, (), lambda initiative: f"{initiative.key}{SEPARATOR}{initiative.title}"),
        Labeller(GateReview, ("initiative",), review_label),
        Labeller(SignOff, ("review__initiative", "slot"), _signoff),
        Labeller(GateCriterion, ("initiative", "template"), _criterion),
        Labeller(EvidenceVersion, ("criterion__initiative", "criterion__template"), _evidence),
        Labeller(GateCriterionTemplate, (), lambda template: display.data_text(template.title)),
        Labeller(RoleAssignment, ("user", "business_unit", "initiative"), _assignment),
        Labeller(RoleGrantRequest, ("user",), _grant_request),
        Labeller(RiskTierChange, ("initiative",), _risk_change),
        Labeller(ComplianceReview, ("initiative",), _compliance),
        Labeller(RoiVersion, ("initiative",), _roi),
        Labeller(SpendEntry, ("initiative",), _spend),
        Labeller(RealisedValueEntry, ("initiative",), _realised),
        Labeller(ModelOption, ("initiative",), lambda option: f"{option.initiative.key}{SEPARATOR}{option.name}"),
        Labeller(BusinessUnit, (), lambda unit: unit.name),
        Labeller(ApiToken, ("user",), lambda token: f"{token.name} ({person_name(token.user)})"),
        Labeller(WebhookEndpoint, (), lambda endpoint: endpoint.name),
        Labeller(ClaimRoleRule, (), str),
        Labeller(Tag, (), lambda tag: tag.label()),
        Labeller(get_user_model(), (), person_name),
        Labeller(Delegation, ("delegator", "delegate"), _delegation),
    )
}


def object_labels(events: Iterable[AuditEvent]) -> dict[tuple[str, str], str]:
    """A readable label of what each event is about, keyed by (target_type, target_id): one query per kind of
    object among ``events``. An object that is gone, or of a kind without a labeller, keeps its recorded name."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for event in events:
        if event.target_type in LABELLERS:
            wanted[event.target_type].add(event.target_id)
    labels: dict[tuple[str, str], str] = {}
    for target_type, ids in wanted.items():
        labeller = LABELLERS[target_type]
        pks = [pk for pk in ids if pk.isdigit()]
        if not pks:
            continue
        queryset = labeller.model._default_manager.filter(pk__in=pks)
        if labeller.related:
            queryset = queryset.select_related(*labeller.related)
        for obj in queryset:
            labels[(target_type, str(obj.pk))] = labeller.label(obj)
    return labels


# --- Events -------------------------------------------------------------------------------------------------------

# verb → the sentence an event reads as: %(actor)s is the person's display name (or "The system"), %(object)s the
# label of what it is about; a sign-off also has %(slot)s and %(decision)s. A verb missing here reads
# "<actor>: <verb> — <object>" (still complete, never blank).
EVENT_SENTENCES = {
    "business_unit.created": gettext_lazy("%(actor)s added the business unit %(object)s"),
    "initiative.created": gettext_lazy("%(actor)s registered %(object)s"),
    "initiative.updated": gettext_lazy("%(actor)s edited %(object)s"),
    "initiative.advanced": gettext_lazy("%(actor)s moved %(object)s to the next phase"),
    "initiative.entered_production": gettext_lazy("%(actor)s took %(object)s into production"),
    "initiative.held": gettext_lazy("%(actor)s put %(object)s on hold"),
    "initiative.resumed": gettext_lazy("%(actor)s resumed %(object)s"),
    "initiative.stopped": gettext_lazy("%(actor)s stopped %(object)s"),
    "initiative.retired": gettext_lazy("%(actor)s retired %(object)s"),
    "initiative.voided": gettext_lazy("%(actor)s voided %(object)s"),
    "initiative.merged": gettext_lazy("%(actor)s merged %(object)s into another initiative"),
    "saved_view.created": gettext_lazy("%(actor)s saved the view %(object)s"),
    "saved_view.deleted": gettext_lazy("%(actor)s deleted the saved view %(object)s"),
    "webhook.disabled": gettext_lazy("%(object)s was switched off after repeated failed deliveries"),
    "initiative.phase_extended": gettext_lazy("%(actor)s extended the phase of %(object)s"),
    "criterion.updated": gettext_lazy("%(actor)s updated the criterion %(object)s"),
    "criterion.evidence_added": gettext_lazy("%(actor)s added evidence to %(object)s"),
    "criterion.waived": gettext_lazy("%(actor)s waived the criterion %(object)s"),
    "criterion.stale": gettext_lazy("The criterion %(object)s turned stale"),
    "criterion_template.added": gettext_lazy("%(actor)s added the criterion template %(object)s"),
    "criterion_template.revised": gettext_lazy("%(actor)s revised the criterion template %(object)s"),
    "gate_review.requested": gettext_lazy("%(actor)s requested %(object)s"),
    "gate_review.stale": gettext_lazy("%(object)s went stale: its slots must be signed again"),
    "gate_review.approved": gettext_lazy("%(object)s was approved; %(actor)s gave the last approval"),
    "gate_review.rejected": gettext_lazy("%(actor)s rejected %(object)s"),
    "gate_review.changes_requested": gettext_lazy("%(actor)s asked for changes in %(object)s"),
    "gate_review.withdrawn": gettext_lazy("%(actor)s withdrew %(object)s"),
    "signoff.recorded": gettext_lazy("%(actor)s signed the %(slot)s slot of %(object)s: %(decision)s"),
    "risk_tier.proposed": gettext_lazy("%(actor)s proposed a change of %(object)s"),
    "risk_tier.confirmed": gettext_lazy("%(actor)s confirmed a change of %(object)s"),
    "risk_tier.rejected": gettext_lazy("%(actor)s rejected a change of %(object)s"),
    "compliance_review.scheduled": gettext_lazy("%(actor)s scheduled %(object)s"),
    "compliance_review.rescheduled": gettext_lazy("%(actor)s rescheduled %(object)s"),
    "compliance_review.completed": gettext_lazy("%(actor)s completed %(object)s"),
    "compliance_review.cancelled": gettext_lazy("%(actor)s cancelled %(object)s"),
    "criterion.derived": gettext_lazy("The initiative's data decided %(object)s"),
    "gate_review.answered": gettext_lazy("%(actor)s answered the changes requested in %(object)s"),
    "compliance_review.answered": gettext_lazy("%(actor)s answered the questionnaire of %(object)s"),
    "compliance_review.evidence_attached": gettext_lazy("%(actor)s attached an evidence file to %(object)s"),
    "compliance_finding.raised": gettext_lazy("%(actor)s raised the finding %(object)s"),
    "compliance_finding.closed": gettext_lazy("%(actor)s closed the finding %(object)s"),
    "compliance_action.assigned": gettext_lazy("%(actor)s assigned the action item %(object)s"),
    "compliance_action.done": gettext_lazy("%(actor)s completed the action item %(object)s"),
    "compliance_questionnaire.revised": gettext_lazy("%(actor)s revised the compliance questionnaire %(object)s"),
    "roi.version_appended": gettext_lazy("%(actor)s recorded %(object)s"),
    "roi.spend_recorded": gettext_lazy("%(actor)s recorded %(object)s"),
    "roi.realised_recorded": gettext_lazy("%(actor)s recorded %(object)s"),
    "model_option.recorded": gettext_lazy("%(actor)s scored the model option %(object)s"),
    "model_option.chosen": gettext_lazy("%(actor)s chose the model option %(object)s"),
    "evaluation.recorded": gettext_lazy("%(actor)s recorded an evaluation run of %(object)s"),
    "evaluation.regression": gettext_lazy("An evaluation run of %(object)s fell below the approved value"),
    "receipt.issued": gettext_lazy("A decision receipt was issued for %(object)s"),
    "role.granted": gettext_lazy("%(actor)s granted a role: %(object)s"),
    "role.grant_requested": gettext_lazy("%(actor)s asked for a grant a second CoE member must approve: %(object)s"),
    "role.grant_approved": gettext_lazy("%(actor)s approved a role grant: %(object)s"),
    "role.grant_declined": gettext_lazy("%(actor)s declined a role grant: %(object)s"),
    "role.revoked": gettext_lazy("%(actor)s revoked a role: %(object)s"),
    "role.expired": gettext_lazy("A role expired: %(object)s"),
    "signin.unlocked": gettext_lazy("%(actor)s unlocked a sign-in lockout"),
    "sso.linked": gettext_lazy("%(actor)s linked a single sign-on identity"),
    "sso.deactivated": gettext_lazy("%(object)s was deactivated by the sign-in service"),
    "sso.rule_created": gettext_lazy("%(actor)s added the single sign-on role rule %(object)s"),
    "sso.rule_deleted": gettext_lazy("%(actor)s deleted the single sign-on role rule %(object)s"),
    "twofactor.enabled": gettext_lazy("%(actor)s set up a second factor"),
    "twofactor.removed": gettext_lazy("%(actor)s removed a second factor"),
    "audit.checkpoint": gettext_lazy("A signed audit checkpoint was written"),
    "token.created": gettext_lazy("%(actor)s created the API token %(object)s"),
    "token.revoked": gettext_lazy("%(actor)s revoked the API token %(object)s"),
    "webhook.created": gettext_lazy("%(actor)s added the webhook %(object)s"),
    "webhook.enabled": gettext_lazy("%(actor)s switched on the webhook %(object)s"),
    "webhook.deleted": gettext_lazy("%(actor)s deleted the webhook %(object)s"),
    "webhook.secret_rotated": gettext_lazy("%(actor)s rotated the secret of the webhook %(object)s"),
    "webhook.redelivered": gettext_lazy("%(actor)s sent a webhook message again to %(object)s"),
    "webhook.switched_off": gettext_lazy("The webhook %(object)s was switched off after repeated failures"),
    "phase.time_box_set": gettext_lazy("%(actor)s changed the time box of %(object)s"),
    "selection_weights.set": gettext_lazy("%(actor)s changed the model-selection weights"),
    "signoff_matrix.changed": gettext_lazy("%(actor)s changed the sign-off matrix"),
    "reminder_policy.updated": gettext_lazy("%(actor)s changed a reminder policy"),
    "proposal.submitted": gettext_lazy("%(actor)s proposed %(object)s"),
    "proposal.screened": gettext_lazy("%(actor)s answered the screening of %(object)s"),
    "proposal.accepted": gettext_lazy("%(actor)s accepted %(object)s into exploration"),
    "proposal.merged": gettext_lazy("%(actor)s merged %(object)s"),
    "proposal.declined": gettext_lazy("%(actor)s declined %(object)s"),
    "board_pack.created": gettext_lazy("%(actor)s froze the board pack %(object)s"),
    "evidence_pack.exported": gettext_lazy("%(actor)s exported the regulator evidence pack of %(object)s"),
    "kill_rule.updated": gettext_lazy("%(actor)s changed the kill rule %(object)s"),
    "vendor_scenario.created": gettext_lazy("%(actor)s saved the vendor-shock scenario %(object)s"),
    "vendor_scenario.deleted": gettext_lazy("%(actor)s deleted the vendor-shock scenario %(object)s"),
    "delegation.created": gettext_lazy("%(actor)s delegated signing: %(object)s"),
    "delegation.revoked": gettext_lazy("%(actor)s revoked the delegation %(object)s"),
    "value.confirmed": gettext_lazy("%(actor)s confirmed the %(object)s as finance"),
    "value.adjusted": gettext_lazy("%(actor)s adjusted the %(object)s as finance"),
    "tag.created": gettext_lazy("%(actor)s added the tag %(object)s"),
    "tag.deleted": gettext_lazy("%(actor)s removed the tag %(object)s"),
    "initiative.tagged": gettext_lazy("%(actor)s changed the tags of %(object)s"),
    "initiative.imported": gettext_lazy("%(actor)s imported %(object)s"),
    "initiative.import_updated": gettext_lazy("%(actor)s updated %(object)s from an import"),
    "initiative.imported_later_phase": gettext_lazy(
        "%(object)s was imported at a later phase: its earlier gates are not recorded here"
    ),
    "import.applied": gettext_lazy("%(actor)s applied the import %(object)s"),
    "import.undone": gettext_lazy("%(actor)s undid the import %(object)s"),
    "initiative.import_removed": gettext_lazy("%(actor)s removed %(object)s by undoing its import"),
    "initiative.import_restored": gettext_lazy("%(actor)s restored %(object)s by undoing an import"),
    "filing.created": gettext_lazy("A filing was opened as a draft: %(object)s"),
    "filing.synced": gettext_lazy("The catalogue updated the filing %(object)s"),
    "filing.submitted": gettext_lazy("%(actor)s recorded the submission of the filing %(object)s"),
    "filing.approved": gettext_lazy("%(actor)s recorded the approval of the filing %(object)s"),
    "filing.rejected": gettext_lazy("%(actor)s recorded the rejection of the filing %(object)s"),
    "filing.waived": gettext_lazy("%(actor)s waived the filing %(object)s"),
    "filing.refile_needed": gettext_lazy("%(actor)s marked the filing %(object)s to be made again"),
    "filing.document_attached": gettext_lazy("%(actor)s attached a document to the filing %(object)s"),
    "change_request.requested": gettext_lazy("%(actor)s requested the production change %(object)s"),
    "change_request.signed": gettext_lazy("%(actor)s signed the production change %(object)s"),
    "change_request.approved": gettext_lazy("%(actor)s approved and applied the production change %(object)s"),
    "change_request.rejected": gettext_lazy("%(actor)s rejected the production change %(object)s"),
    "change_request.withdrawn": gettext_lazy("%(actor)s withdrew the production change %(object)s"),
    "incident.recorded": gettext_lazy("%(actor)s recorded the incident %(object)s"),
    "incident.reported": gettext_lazy("%(actor)s recorded the report of the incident %(object)s to an authority"),
    "retirement_item.done": gettext_lazy("%(actor)s ticked an item of the retirement checklist of %(object)s"),
    "compliance_review.extra": gettext_lazy("%(actor)s brought about an extra compliance review: %(object)s"),
    "criterion.reopened_by_change": gettext_lazy("An approved production change reopened %(object)s"),
    "incident.contained": gettext_lazy("%(actor)s recorded that the incident %(object)s was contained"),
    "incident.closed": gettext_lazy("%(actor)s closed the incident %(object)s"),
    "applicability.answered": gettext_lazy("%(actor)s answered the applicability questionnaire of %(object)s"),
    "classification.proposed": gettext_lazy("%(actor)s's answers proposed a regulatory classification of %(object)s"),
    "classification.withdrawn": gettext_lazy("A regulatory classification of %(object)s no longer applies"),
    "classification.confirmed": gettext_lazy("%(actor)s confirmed a regulatory classification of %(object)s"),
    "obligations.changed": gettext_lazy("The regulatory obligations of %(object)s changed"),
    "criterion.added_by_obligation": gettext_lazy("A regulatory obligation added %(object)s"),
    "criterion.reopened_by_obligation": gettext_lazy("A changed regulatory obligation reopened %(object)s"),
    "criterion.not_required": gettext_lazy("%(object)s is no longer required by a regulatory obligation"),
    "regime.draft_created": gettext_lazy("%(actor)s started a draft of the regime %(object)s"),
    "regime.draft_saved": gettext_lazy("%(actor)s edited the draft of the regime %(object)s"),
    "regime.published": gettext_lazy("%(actor)s published the regime version %(object)s"),
    "regime.enabled": gettext_lazy("%(actor)s switched on the framework %(object)s"),
    "regime.disabled": gettext_lazy("%(actor)s switched off the framework %(object)s"),
}


def actor_name(event: AuditEvent) -> str:
    """Who did it: the person's display name (the login name recorded when the account is gone), or the system."""
    if event.actor_id is None:
        return _("The system")
    return person_name(event.actor) if event.actor is not None else event.actor_repr


def event_sentence(event: AuditEvent, object_label: str) -> str:
    """The event as one sentence in the active language."""
    words = {"actor": actor_name(event), "object": object_label}
    after = event.after if isinstance(event.after, dict) else {}
    words["slot"] = display.role_label(after.get("slot", ""))
    decision = after.get("decision")
    words["decision"] = str(SLOT_STATES.get(decision, decision or "")).lower()
    sentence = EVENT_SENTENCES.get(event.verb)
    if sentence is None:
        return _("%(actor)s: %(verb)s — %(object)s") % {**words, "verb": event.verb}
    return str(sentence) % words


def describe_events(events: Iterable[AuditEvent]) -> list[AuditEvent]:
    """``events`` (with ``actor`` selected) given ``actor_name``, ``object_label`` and ``sentence``, for a page or
    an export: one query per kind of object among them."""
    events = list(events)
    labels = object_labels(events)
    for event in events:
        event.actor_name = actor_name(event)
        event.object_label = labels.get((event.target_type, event.target_id)) or event.target_repr
        event.sentence = event_sentence(event, event.object_label)
    return events
