"""Per initiative: the applicability answers, the classifications proposed from them and confirmed by a compliance
officer, and the obligations they bring (criteria of the right phases, slots, cadence).

``obligations_sync()`` is the one place an initiative's applied obligations and their criteria change: after new
answers, a confirmation and a catalogue publication alike.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import CriterionKind, CriterionStatus, Role, Status
from adoption.models import GateCriterion, GateCriterionTemplate, Initiative
from core.exceptions import InvalidInput, NotFound
from governance import actions
from governance.audit import audit_record
from governance.models import RiskTierChange
from governance.services.compliance import risk_tier_take_effect
from governance.services.scheduling import compliance_review_reschedule
from regimes import engine
from regimes.choices import ClassificationStatus
from regimes.models import Applicability, AppliedObligation, RegimeClassification, RegimeVersion
from regimes.selectors import obligations as obligation_selectors
from regimes.selectors.obligations import evaluation, published_versions
from regimes.texts import words

MEASURED = {CriterionKind.METRIC, CriterionKind.DURATION, CriterionKind.REALITY_GAP}


# --- Answers ----------------------------------------------------------------------------------------------------


def questionnaire(versions: list[RegimeVersion] | None = None) -> list[dict]:
    """The questions to answer: the common ones, then each enabled regime's own (each code once)."""
    versions = published_versions() if versions is None else versions
    seen, questions = set(), []
    for question in [
        *obligation_selectors.common_questions(),
        *(q for v in versions for q in v.content.get("questions") or []),
    ]:
        if question.get("code") not in seen:
            seen.add(question.get("code"))
            questions.append(question)
    return questions


def answers_clean(answers, questions: list[dict]) -> dict:
    """The answers, checked against the questions: known codes, the right type, known choices (InvalidInput with a
    message per question otherwise). A question left out is not answered."""
    if not isinstance(answers, dict):
        raise InvalidInput(
            _("The applicability answers were not recorded."), reasons=[_("Send the answers as an object.")]
        )
    by_code = {q["code"]: q for q in questions}
    problems: dict[str, list[str]] = {}
    cleaned = {}
    for code, value in answers.items():
        question = by_code.get(code)
        if question is None:
            problems[code] = [_("There is no such question.")]
            continue
        if value is None or value == "" or value == []:
            continue
        kind = question.get("type")
        choices = {c["code"] for c in question.get("choices") or []}
        if kind == "bool":
            if not isinstance(value, bool):
                problems[code] = [_("Answer yes or no.")]
                continue
        elif kind == "choice":
            if not isinstance(value, str) or value not in choices:
                problems[code] = [_("Choose one of the answers offered.")]
                continue
        elif kind == "multi":
            if not isinstance(value, list) or not all(isinstance(v, str) and v in choices for v in value):
                problems[code] = [_("Choose among the answers offered.")]
                continue
            value = [c["code"] for c in question["choices"] if c["code"] in value]
        else:
            if not isinstance(value, str) or len(value) > 2000:
                problems[code] = [_("Enter text of at most 2,000 characters.")]
                continue
            value = value.strip()
        cleaned[code] = value
    if problems:
        raise InvalidInput(_("The applicability answers were not recorded."), fields=problems)
    return cleaned


def applicability_answer(*, initiative: Initiative, answers: dict, actor) -> Applicability:
    """Record a new version of the initiative's answers, propose one classification per applicable regime (a
    confirmed one stays when its class and version are unchanged) and apply the obligations they bring."""
    versions = published_versions()
    cleaned = answers_clean(answers, questionnaire(versions))
    with transaction.atomic():
        initiative = actions.action_lock("answer_applicability", user=actor, initiative=initiative)
        number = (Applicability.objects.filter(initiative=initiative).aggregate(n=Max("version"))["n"] or 0) + 1
        row = Applicability.objects.create(
            initiative=initiative,
            version=number,
            answers=cleaned,
            phase=initiative.phase,
            answered_by=actor,
            answered_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            verb="applicability.answered",
            target=row,
            initiative=initiative,
            after={"version": number, "phase": row.phase, "answers": cleaned},
        )
        result = evaluation(initiative, answers=cleaned, versions=versions)
        _classifications_propose(initiative=initiative, row=row, result=result, versions=versions, actor=actor)
        obligations_sync(initiative=initiative, actor=actor, result=result, versions=versions)
        risk_tier_follow(initiative=initiative, actor=actor)
    return row


def _classifications_propose(*, initiative, row, result, versions, actor) -> None:
    by_code = {v.regime.code: v for v in versions}
    current = {
        c.regime.code: c
        for c in RegimeClassification.objects.filter(initiative=initiative, is_current=True).select_related("regime")
    }
    now = timezone.now()
    for classified in result.classifications:
        version = by_code[classified.regime]
        old = current.pop(classified.regime, None)
        if (
            old is not None
            and old.class_code == classified.class_code
            and old.regime_version_id == version.pk
            and old.status == ClassificationStatus.CONFIRMED
        ):
            continue  # confirmed and unchanged: it stands
        if old is not None:
            old.is_current = False
            old.save(update_fields=["is_current"])
        proposed = RegimeClassification.objects.create(
            initiative=initiative,
            regime=version.regime,
            regime_version=version,
            answers=row,
            class_code=classified.class_code,
            tier=classified.tier,
            reasons=list(classified.reasons),
            proposed_by=actor,
            proposed_at=now,
        )
        audit_record(
            actor=actor,
            verb="classification.proposed",
            target=proposed,
            initiative=initiative,
            before={"class": old.class_code} if old else None,
            after={"regime": classified.regime, "class": classified.class_code, "tier": classified.tier},
        )
    for old in current.values():  # the regime no longer applies
        old.is_current = False
        old.save(update_fields=["is_current"])
        audit_record(
            actor=actor,
            verb="classification.withdrawn",
            target=old,
            initiative=initiative,
            before={"regime": old.regime.code, "class": old.class_code},
        )


# --- Confirmation and the risk tier --------------------------------------------------------------------------------


def classification_confirm(*, actor, classification: RegimeClassification, auth=None) -> RegimeClassification:
    """A compliance officer in scope confirms a proposed classification; the initiative's risk tier becomes the
    strictest confirmed tier (through the risk-tier one home). A confirmation needs a recent sign-in (``auth``)."""
    from governance.stepup import require_fresh

    require_fresh(auth)
    with transaction.atomic():
        initiative_id = (
            RegimeClassification.objects.filter(pk=classification.pk).values_list("initiative_id", flat=True).first()
        )
        if initiative_id is None:
            raise NotFound(_("Classification not found."))
        initiative = actions.lock_initiative(initiative_id)
        classification = (
            RegimeClassification.objects.select_for_update(of=("self",))
            .select_related("answers", "regime")
            .get(pk=classification.pk)
        )
        actions.action_require(
            "confirm_classification",
            user=actor,
            initiative=initiative,
            facts=actions.InitiativeFacts(user=actor, initiative=initiative, classification=classification),
        )
        classification.status = ClassificationStatus.CONFIRMED
        classification.confirmed_by = actor
        classification.confirmed_at = timezone.now()
        classification.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        audit_record(
            actor=actor,
            verb="classification.confirmed",
            target=classification,
            initiative=initiative,
            after={
                "regime": classification.regime.code,
                "class": classification.class_code,
                "tier": classification.tier,
            },
        )
        risk_tier_follow(initiative=initiative, actor=actor, proposer=classification.proposed_by)
    return classification


def strictest_confirmed(initiative: Initiative) -> str | None:
    tiers = RegimeClassification.objects.filter(
        initiative=initiative, is_current=True, status=ClassificationStatus.CONFIRMED
    ).values_list("tier", flat=True)
    return engine.strictest(tiers)


def risk_tier_follow(*, initiative: Initiative, actor, proposer=None) -> None:
    """The initiative's risk tier becomes the strictest confirmed classification's, as a confirmed risk-tier change
    taking effect through ``governance.services.compliance.risk_tier_take_effect`` (the one home)."""
    tier = strictest_confirmed(initiative)
    if tier is None or tier == initiative.risk_tier:
        return
    now = timezone.now()
    change = RiskTierChange.objects.create(
        initiative=initiative,
        from_tier=initiative.risk_tier,
        to_tier=tier,
        reason=_("The strictest confirmed regulatory classification."),
        status="confirmed",
        proposed_by=proposer or actor,
        proposed_at=now,
        decided_by=actor,
        decided_at=now,
    )
    risk_tier_take_effect(initiative=initiative, actor=actor, change=change, note=change.reason)


# --- Obligations → criteria, slots, cadence -------------------------------------------------------------------------


def template_code(regime: str, obligation: str, index: int) -> str:
    code = f"{regime}-{obligation}" + (f"-{index + 1}" if index else "")
    if len(code) <= 60:
        return code
    return code[:51] + "-" + hashlib.sha256(code.encode()).hexdigest()[:8]


def _template_fields(regime: dict, obligation: dict, criterion: dict) -> dict:
    kind = criterion.get("kind") or CriterionKind.EVIDENCE
    if kind in MEASURED:  # the catalogue sets no threshold: the obligation asks for evidence of the measurement
        kind = CriterionKind.EVIDENCE
    role = criterion.get("waivable_by_role") or ""
    return {
        "title": words(obligation.get("title"), "en")[:200],
        "guidance": words(obligation.get("guidance"), "en"),
        "kind": kind,
        "mandatory": bool(criterion.get("mandatory", True)),
        "validity_days": criterion.get("validity_days") or None,
        "waivable_by_role": role if role in Role.values else "",
        "regime": regime["code"],
        "obligation": obligation["code"],
        "citation": obligation.get("citation") or {},
        "texts": obligation.get("title") or {},
    }


def templates_ensure(content: dict, *, actor=None) -> dict[tuple[str, str], list[GateCriterionTemplate]]:
    """The current criterion templates of every obligation of a regime version, created or versioned when they
    differ; (obligation code, phase) → templates. Criteria keep the template version they were made from."""
    made: dict[tuple[str, str], list[GateCriterionTemplate]] = {}
    for obligation in content.get("obligations") or []:
        for index, criterion in enumerate(obligation.get("criteria") or []):
            phase = criterion.get("phase")
            code = template_code(content["code"], obligation["code"], index)
            wanted = _template_fields(content, obligation, criterion)
            current = GateCriterionTemplate.objects.filter(phase=phase, code=code, is_current=True).first()
            if current is None or any(getattr(current, k) != v for k, v in wanted.items()):
                version = 1
                if current is not None:
                    current.is_current = False
                    current.save(update_fields=["is_current"])
                    version = current.version + 1
                current = GateCriterionTemplate.objects.create(
                    phase=phase, code=code, version=version, order=900 + index, **wanted
                )
                audit_record(
                    actor=actor,
                    verb="criterion_template.added" if version == 1 else "criterion_template.revised",
                    target=current,
                    after={"phase": phase, "code": code, "version": version, "regime": content["code"]},
                )
            made.setdefault((obligation["code"], phase), []).append(current)
    return made


@dataclass
class ObligationChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


# What an obligation asks of an initiative it binds: a change of any of these changes the obligation for it (its
# wording and the condition it applies under do not: the condition decides *whether* it binds).
DEMANDS = (
    "criteria",
    "filing",
    "slots",
    "review_cadence_days",
    "incident",
    "retirement",
    "on_change",
    "effective",
    "informational",
)


def _demands(spec: dict) -> dict:
    return {key: spec.get(key) for key in DEMANDS}


def obligations_diff(before: dict[tuple, dict], after: dict[tuple, dict]) -> ObligationChanges:
    """What changes between two sets of binding obligations ((regime, code) → spec): added, removed, changed (what
    it demands, ``DEMANDS``)."""
    return ObligationChanges(
        added=sorted(f"{r}/{c}" for r, c in after.keys() - before.keys()),
        removed=sorted(f"{r}/{c}" for r, c in before.keys() - after.keys()),
        changed=sorted(
            f"{r}/{c}" for r, c in after.keys() & before.keys() if _demands(after[(r, c)]) != _demands(before[(r, c)])
        ),
    )


def applied_specs(initiative: Initiative) -> dict[tuple[str, str], dict]:
    """The binding obligations recorded for the initiative, (regime, code) → the spec of their version."""
    rows = AppliedObligation.objects.filter(initiative=initiative, binding=True).select_related("regime_version")
    return {(a.regime, a.obligation): _spec(a.regime_version.content, a.obligation) for a in rows}


def _spec(content: dict, code: str) -> dict:
    return next((o for o in content.get("obligations") or [] if o.get("code") == code), {})


def obligations_sync(
    *, initiative: Initiative, actor, result: engine.Evaluation | None = None, versions=None, reopen: bool = True
) -> ObligationChanges:
    """Record the obligations that apply to the (locked) initiative now and bring its current phase's criteria in
    line: an obligation added or changed adds or reopens its criteria, one removed marks them not required (never
    deleted). The open compliance review's date follows the cadence. Audited when anything changed."""
    versions = published_versions() if versions is None else versions
    result = result if result is not None else evaluation(initiative, versions=versions)
    by_code = {v.regime.code: v for v in versions}
    before = applied_specs(initiative)
    existing = {(a.regime, a.obligation): a for a in AppliedObligation.objects.filter(initiative=initiative)}
    wanted = {(a.regime, a.code): a for a in result.obligations}
    for key, applied in wanted.items():
        version = by_code[applied.regime]
        values = {
            "regime_version": version,
            "binding": applied.binding,
            "slots": [list(s) for s in applied.spec.get("slots") or []],
            "cadence_days": applied.spec.get("review_cadence_days") or None,
        }
        row = existing.pop(key, None)
        if row is None:
            AppliedObligation.objects.create(initiative=initiative, regime=key[0], obligation=key[1], **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
    if existing:
        AppliedObligation.objects.filter(pk__in=[row.pk for row in existing.values()]).delete()
    after = {key: a.spec for key, a in wanted.items() if a.binding}
    changes = obligations_diff(before, after)
    if not changes:
        return changes
    for version in {by_code[r] for r, _c in after}:
        templates_ensure(version.content, actor=actor)
    _criteria_follow(initiative=initiative, actor=actor, changes=changes, after=after, reopen=reopen)
    audit_record(
        actor=actor,
        verb="obligations.changed",
        target=initiative,
        initiative=initiative,
        after={"added": changes.added, "removed": changes.removed, "changed": changes.changed},
    )
    compliance_review_reschedule(initiative=initiative, actor=actor)
    # The filings register follows: a draft filing for each binding obligation that needs one (operations reads
    # the regimes, so it is imported here rather than when this module loads).
    from operations.services.filings import filings_sync

    filings_sync(initiative=initiative, actor=actor)
    return changes


def _criteria_follow(*, initiative, actor, changes: ObligationChanges, after: dict, reopen: bool) -> None:
    if initiative.status not in (Status.ACTIVE, Status.ON_HOLD):
        return  # criteria belong to a phase in progress
    phase = initiative.phase
    touched = {tuple(k.split("/", 1)) for k in changes.added + changes.changed}
    removed = {tuple(k.split("/", 1)) for k in changes.removed}
    criteria = {
        c.code: c
        for c in GateCriterion.objects.filter(initiative=initiative, phase=phase)
        .exclude(template__regime="")
        .select_related("template")
    }
    current_templates = {
        t.code: t
        for t in GateCriterionTemplate.objects.filter(phase=phase, is_current=True).exclude(regime="")
        if (t.regime, t.obligation) in touched
    }
    now = timezone.now()
    for code, template in current_templates.items():
        criterion = criteria.get(code)
        if criterion is None:
            criterion = GateCriterion.objects.create(
                initiative=initiative, phase=phase, template=template, code=code, order=template.order
            )
            audit_record(
                actor=actor,
                verb="criterion.added_by_obligation",
                target=criterion,
                initiative=initiative,
                after={"regime": template.regime, "obligation": template.obligation},
            )
            continue
        if criterion.template_id == template.pk and criterion.required:
            continue
        before = {"status": criterion.status, "template_version": criterion.template.version}
        criterion.template = template
        criterion.required = True
        if reopen:
            criterion.status = CriterionStatus.OPEN
            criterion.waived_by = None
            criterion.waived_at = None
            criterion.waiver_reason = ""
            criterion.waiver_expires_on = None
        criterion.updated_by = actor
        criterion.updated_at = now
        criterion.save()
        audit_record(
            actor=actor,
            verb="criterion.reopened_by_obligation",
            target=criterion,
            initiative=initiative,
            before=before,
            after={"status": criterion.status, "template_version": template.version},
        )
    for criterion in criteria.values():
        if (criterion.template.regime, criterion.template.obligation) in removed and criterion.required:
            criterion.required = False
            criterion.save(update_fields=["required"])
            audit_record(
                actor=actor,
                verb="criterion.not_required",
                target=criterion,
                initiative=initiative,
                after={"regime": criterion.template.regime, "obligation": criterion.template.obligation},
            )


def today() -> datetime.date:
    return timezone.localdate()
