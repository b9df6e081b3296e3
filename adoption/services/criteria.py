"""Gate criteria: marking them met or not met, waiving them, and the sweep that turns expired ones stale.

Rules every change here follows: only the criteria of the initiative's current phase change, and only while the
initiative is active; measured criteria (metric, duration) are judged against their template's threshold by the
service, never on the user's word; evidence-kind criteria need evidence; evidence older than its validity, or a
waiver past its expiry, makes a criterion stale. The evidence service shares the checks defined here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption import derivations, display, inputs
from adoption.choices import Comparator, CriterionKind, CriterionStatus, Status
from adoption.models import GateCriterion, GateCriterionTemplate, Initiative
from adoption.services._input import Errors, add, clean_choice, clean_date, clean_decimal, clean_text
from core.exceptions import InvalidInput, Refused
from governance import actions
from governance.audit import AuditEntry, audit_record, audit_record_many, changed, snapshot

AUDITED_FIELDS = [
    "status",
    "metric_value",
    "offline_score",
    "real_success",
    "evaluation_metric",
    "evidence_date",
    "period_start",
    "period_end",
    "latest_evidence_sha256",
    "evidence_count",
    "stale_since",
    "waiver_reason",
    "waived_by",
    "waiver_expires_on",
]
SETTABLE_STATUSES = (CriterionStatus.OPEN, CriterionStatus.MET, CriterionStatus.NOT_MET)
STALE_BATCH_SIZE = 500


def number_text(value: Decimal) -> str:
    """A decimal as people write it: 15 rather than 15.0000."""
    return format(value.normalize(), "f")


# --- Checks shared with the evidence service --------------------------------------------------------------------


def clean_metric_value(errors: Errors, value, template: GateCriterionTemplate) -> Decimal | None:
    """The measured value of a metric or duration criterion (days for a duration, never negative)."""
    if value is None:
        return None
    if not template.is_measured:
        add(errors, "metric_value", _("“%(title)s” is not measured; it takes no value.") % {"title": template.title})
        return None
    if template.kind == CriterionKind.REALITY_GAP:
        add(errors, "metric_value", _("Give the offline score and the real task success: the gap is computed."))
        return None
    number = clean_decimal(errors, "metric_value", value, max_digits=14, decimal_places=4)
    if number is not None and template.kind == CriterionKind.DURATION and number < 0:
        add(errors, "metric_value", _("A duration is a number of days and cannot be negative."))
        return None
    return number


def clean_reality(errors: Errors, template: GateCriterionTemplate, metric_value, **scores) -> dict[str, Decimal]:
    """A benchmark against reality's two scores (non-negative, on one scale); only that kind takes them, and it takes
    no measured value of its own (the gap is computed)."""
    given = {name: value for name, value in scores.items() if value is not None}
    if template.kind != CriterionKind.REALITY_GAP:
        for name in given:
            add(errors, name, _("Only a benchmark against reality takes an offline score and a real task success."))
        return {}
    cleaned = {}
    for name, value in given.items():
        number = clean_decimal(errors, name, value, max_digits=14, decimal_places=4)
        if number is not None and number < 0:
            add(errors, name, _("A score cannot be negative."))
        elif number is not None:
            cleaned[name] = number
    return cleaned


def clean_evidence_date(errors: Errors, value, *, today: datetime.date) -> datetime.date | None:
    """The day the evidence speaks for; it cannot lie in the future."""
    return clean_date(errors, "evidence_date", value, required=False, not_after=today)


def title_of(template: GateCriterionTemplate) -> dict[str, str]:
    return {"title": template.title}


def clean_period(errors: Errors, start, end, *, today: datetime.date) -> dict[str, datetime.date]:
    """The first and last day of a measured period that has begun (each may be given alone)."""
    given = {"period_start": start, "period_end": end}
    cleaned = {}
    for name, value in given.items():
        if value is not None:
            day = clean_date(errors, name, value, required=False, not_after=today)
            if day is not None:
                cleaned[name] = day
    return cleaned


def threshold_problem(template: GateCriterionTemplate, value: Decimal | None) -> str | None:
    """Why ``value`` fails the template's threshold, or None when it passes (or nothing is measured)."""
    if value is None or not template.is_measured:
        return None
    passes = value >= template.threshold if template.comparator == Comparator.GTE else value <= template.threshold
    if passes:
        return None
    return _("“%(title)s” needs %(comparator)s %(threshold)s %(unit)s; the recorded value is %(value)s %(unit)s.") % {
        "title": template.title,
        "comparator": Comparator(template.comparator).label,
        "threshold": number_text(template.threshold),
        "value": number_text(value),
        "unit": template.unit,
    }


def met_problems(
    *,
    template: GateCriterionTemplate,
    metric_value: Decimal | None,
    evidence_date: datetime.date | None,
    evidence_count: int,
    today: datetime.date,
) -> list[str]:
    """Everything that keeps a criterion with these values from being met today, one sentence each."""
    problems: list[str] = []
    if template.is_measured and metric_value is None:
        problems.append(
            _("Record the measured value (%(unit)s) before marking “%(title)s” met.")
            % {"unit": template.unit or _("value"), "title": template.title}
        )
    problem = threshold_problem(template, metric_value)
    if problem:
        problems.append(problem)
    if template.kind == CriterionKind.EVIDENCE and evidence_count == 0:
        problems.append(
            _("Attach evidence (text, link or file) before marking “%(title)s” met.") % {"title": template.title}
        )
    if template.validity_days is not None and evidence_date is not None:
        expires = evidence_date + datetime.timedelta(days=template.validity_days)
        if today > expires:
            problems.append(
                _(
                    "The evidence of “%(title)s” dated %(date)s expired on %(expiry)s; record fresh evidence or a "
                    "newer evidence date."
                )
                % {"title": template.title, "date": display.date(evidence_date), "expiry": display.date(expires)}
            )
    return problems


def status_after_recording(criterion: GateCriterion, *, today: datetime.date) -> str:
    """The status once new values or evidence are recorded without an explicit status.

    A met criterion whose measured value now fails its threshold is no longer met. A criterion that went stale
    because its evidence aged becomes met again as soon as fresh evidence satisfies it; one whose waiver lapsed
    stays stale until someone marks it met or waives it again.
    """
    status = criterion.status
    lapsed_waiver = status == CriterionStatus.STALE and criterion.waiver_expires_on is not None
    if status not in (CriterionStatus.MET, CriterionStatus.STALE) or lapsed_waiver:
        return status
    if threshold_problem(criterion.template, criterion.metric_value):
        return CriterionStatus.NOT_MET
    problems = met_problems(
        template=criterion.template,
        metric_value=criterion.metric_value,
        evidence_date=criterion.evidence_date,
        evidence_count=criterion.evidence_count,
        today=today,
    )
    return CriterionStatus.MET if not problems else status


def require_met(criterion: GateCriterion, *, today: datetime.date) -> None:
    """Make ``criterion`` met (not saved), or raise Refused with everything that keeps it from being met."""
    template = criterion.template
    if criterion.evidence_date is None:
        # Confirming a criterion is itself its evidence: its validity runs from today.
        criterion.evidence_date = today
    problems = met_problems(
        template=template,
        metric_value=criterion.metric_value,
        evidence_date=criterion.evidence_date,
        evidence_count=criterion.evidence_count,
        today=today,
    )
    if problems:
        raise Refused(_("“%(title)s” cannot be marked met.") % {"title": template.title}, reasons=problems)
    set_status(criterion, CriterionStatus.MET)


def set_status(criterion: GateCriterion, status: str) -> None:
    """Move to ``status``, keeping the waiver bookkeeping straight."""
    if criterion.status in (CriterionStatus.WAIVED, CriterionStatus.STALE) and status not in (
        CriterionStatus.WAIVED,
        CriterionStatus.STALE,
    ):
        # The waiver no longer applies. Its reason, author and time stay on record (four-eyes rules read the
        # author); a lapsed waiver is recognisable by an expiry date on a non-waived criterion, so clear it.
        criterion.waiver_expires_on = None
    if status != CriterionStatus.STALE:
        criterion.stale_since = None
    criterion.status = status


def apply_judgement(criterion: GateCriterion, judgement: derivations.Judgement, *, today: datetime.date) -> None:
    """Bring a derived criterion in line with what the data says (not saved). A waiver stands while the data does
    not meet the criterion; once the data meets it, it is met."""
    if judgement.value is not None:
        criterion.metric_value = judgement.value
    waived = criterion.status == CriterionStatus.WAIVED or (
        criterion.status == CriterionStatus.STALE and criterion.waiver_expires_on is not None
    )
    if not judgement.met and waived:
        return
    if judgement.met and criterion.status != CriterionStatus.MET:
        criterion.evidence_date = criterion.evidence_date or today
    set_status(criterion, judgement.status)


def criteria_derive(*, actor, initiative: Initiative) -> list[GateCriterion]:
    """Judge the current phase's derived criteria again from the initiative's data; returns those that changed.

    Every service that changes what a derivation reads (the ROI ledger, the risk tier, the data classification, the
    model options, a phase entry) calls this inside its transaction, with the initiative locked; each change is
    audited with the sentence saying what the data shows. Criteria of a closed initiative no longer move.
    """
    if initiative.status not in (Status.ACTIVE, Status.ON_HOLD):
        return []
    today = timezone.localdate()
    now = timezone.now()
    changed_criteria = []
    candidates = (
        GateCriterion.objects.filter(
            initiative=initiative, phase=initiative.phase, template__derived__in=list(derivations.DERIVATIONS)
        )
        .select_related("template")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for criterion in candidates:
        judgement = derivations.judge(criterion, initiative)
        before = snapshot(criterion, AUDITED_FIELDS)
        apply_judgement(criterion, judgement, today=today)
        if snapshot(criterion, AUDITED_FIELDS) == before:
            continue
        criterion.updated_by = actor
        criterion.updated_at = now
        criterion.save()
        audit_change(
            actor=actor,
            verb="criterion.derived",
            criterion=criterion,
            initiative=initiative,
            before=before,
            extra={"derived": criterion.template.derived, "reason": judgement.reason},
        )
        changed_criteria.append(criterion)
    return changed_criteria


def criteria_derive_all() -> int:
    """Judge the derived criteria of every open initiative again (after a template starts naming a derivation, or
    an upgrade that introduced them); one transaction per initiative, locked like any writer. Returns how many
    criteria changed (each audited, by no person)."""
    changed_total = 0
    pks = (
        Initiative.objects.filter(status__in=[Status.ACTIVE, Status.ON_HOLD])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in pks.iterator():
        with transaction.atomic():
            initiative = actions.lock_initiative(pk, no_key=True)
            changed_total += len(criteria_derive(actor=None, initiative=initiative))
    return changed_total


def lock_criterion(*, criterion: GateCriterion) -> tuple[Initiative, GateCriterion]:
    """Lock the initiative, then the criterion (the order every writer uses, so none deadlock).

    The initiative's lock keeps its phase and status from changing under us: a phase transition holds the same
    lock while it closes the phase whose criteria we would change.
    """
    initiative = actions.lock_initiative(criterion.initiative_id, no_key=True)
    criterion = GateCriterion.objects.select_for_update(of=("self",)).select_related("template").get(pk=criterion.pk)
    return initiative, criterion


def audit_change(*, actor, verb: str, criterion: GateCriterion, initiative: Initiative, before: dict, extra=None):
    after = snapshot(criterion, AUDITED_FIELDS)
    old, new = changed(before, after)
    new.update(code=criterion.code, **(extra or {}))
    audit_record(actor=actor, verb=verb, target=criterion, initiative=initiative, before=old, after=new)


# --- Services ---------------------------------------------------------------------------------------------------


def criterion_update(
    *,
    actor,
    criterion: GateCriterion,
    status: str | None = None,
    metric_value: Decimal | None = None,
    evidence_date: datetime.date | None = None,
    offline_score: Decimal | None = None,
    real_success: Decimal | None = None,
    evaluation_metric: str | None = None,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
) -> GateCriterion:
    """Mark a criterion open, met or not met, and/or record its measured value and evidence date (owner, contributor).
    A benchmark against reality takes the offline score and the real users' task success instead of a value: its
    measured value is the gap between them. ``evaluation_metric`` binds a CI evaluation metric to this initiative's
    criterion (empty: the template's binding again).

    Marking met is refused, with the reasons, when a measured value is missing or on the wrong side of the
    threshold, when an evidence-kind criterion has no evidence, or when the evidence has expired.
    """
    today = timezone.localdate()
    errors: Errors = {}
    if status == CriterionStatus.WAIVED:
        add(errors, "status", _("A waiver needs a reason and an expiry date: use the waive action."))
    elif status == CriterionStatus.STALE:
        add(errors, "status", _("A criterion turns stale by itself when its evidence or waiver expires."))
    elif status is not None:
        clean_choice(errors, "status", status, CriterionStatus)
    date = clean_evidence_date(errors, evidence_date, today=today)
    period = clean_period(errors, period_start, period_end, today=today)
    if evaluation_metric is not None:
        evaluation_metric = clean_text(errors, "evaluation_metric", evaluation_metric, limit=100)
    untouched = offline_score is real_success is evaluation_metric is None and not period
    if status is None and metric_value is None and evidence_date is None and untouched:
        raise InvalidInput(_("Nothing to change: give a status, a measured value or an evidence date."))
    if errors:
        raise InvalidInput(_("The criterion was not changed."), fields=errors)

    with transaction.atomic():
        initiative, criterion = lock_criterion(criterion=criterion)
        marking = "mark_criterion" if status is not None else "record_evidence"
        actions.criterion_require(marking, user=actor, initiative=initiative, criterion=criterion)
        template = criterion.template
        judged = derivations.is_derived(criterion)
        if judged and metric_value is not None:
            add(
                errors,
                "metric_value",
                _("“%(title)s” takes its value from the initiative's data.") % title_of(template),
            )
        if period and template.kind != CriterionKind.DURATION:
            for name in period:
                add(errors, name, _("Only a duration takes the first and last day of a period."))
        value = clean_metric_value(errors, metric_value, template)
        scores = clean_reality(errors, template, metric_value, offline_score=offline_score, real_success=real_success)
        if errors:
            raise InvalidInput(_("The criterion was not changed."), fields=errors)

        before = snapshot(criterion, AUDITED_FIELDS)
        if value is not None:
            criterion.metric_value = value
        for name, score in scores.items():
            setattr(criterion, name, score)
        if evaluation_metric is not None:
            if evaluation_metric and not template.is_measured:
                raise InvalidInput(
                    _("The criterion was not changed."),
                    fields={
                        "evaluation_metric": [_("Only a measured criterion takes its value from an evaluation run.")]
                    },
                )
            criterion.evaluation_metric = evaluation_metric
        if scores and criterion.offline_score is not None and criterion.real_success is not None:
            criterion.metric_value = criterion.offline_score - criterion.real_success
        if date is not None:
            criterion.evidence_date = date
        for name, day in period.items():
            setattr(criterion, name, day)
        if criterion.period_start and criterion.period_end and criterion.period_end < criterion.period_start:
            raise InvalidInput(
                _("The criterion was not changed."),
                fields={"period_end": [_("The period cannot end before it starts.")]},
            )
        if period and not judged and criterion.period_start and criterion.period_end:
            criterion.metric_value = Decimal(derivations.period_days(criterion.period_start, criterion.period_end))
        if judged:
            apply_judgement(criterion, derivations.judge(criterion, initiative), today=today)
            new_status = criterion.status
        elif status is None:
            new_status = status_after_recording(criterion, today=today)
        elif status == CriterionStatus.MET:
            require_met(criterion, today=today)
            new_status = CriterionStatus.MET
        else:
            new_status = status
        set_status(criterion, new_status)
        if snapshot(criterion, AUDITED_FIELDS) == before:
            return criterion
        criterion.updated_by = actor
        criterion.updated_at = timezone.now()
        criterion.save()
        audit_change(actor=actor, verb="criterion.updated", criterion=criterion, initiative=initiative, before=before)
    return criterion


def criterion_waive(*, actor, criterion: GateCriterion, reason: str, expires_on: datetime.date) -> GateCriterion:
    """Waive a criterion until ``expires_on`` (at most a year ahead), with a reason.

    Only someone holding the template's ``waivable_by_role`` for the initiative may waive, never its owner; a
    template without that role cannot be waived at all.
    """
    today = timezone.localdate()
    values = inputs.WaiveInput.clean_arguments(locals())
    reason, expires = values["reason"], values["expires_on"]

    with transaction.atomic():
        initiative, criterion = lock_criterion(criterion=criterion)
        actions.criterion_require("waive_criterion", user=actor, initiative=initiative, criterion=criterion)

        before = snapshot(criterion, AUDITED_FIELDS)
        now = timezone.now()
        set_status(criterion, CriterionStatus.WAIVED)
        criterion.waiver_reason = reason
        criterion.waived_by = actor
        criterion.waived_at = now
        criterion.waiver_expires_on = expires
        criterion.updated_by = actor
        criterion.updated_at = now
        criterion.save()
        audit_change(actor=actor, verb="criterion.waived", criterion=criterion, initiative=initiative, before=before)
    return criterion


def stale_candidates(*, today: datetime.date, validity: list[tuple[int, int]] | None = None):
    """Criteria of open initiatives' current phases whose evidence or waiver has expired but are not yet stale.

    Evidence expires by its template's validity (``validity``: (template, days) of the templates that have one, read
    here when not given), written per template so that PostgreSQL reads the few expired rows through the partial
    indexes ``criterion_met_evidence`` and ``criterion_status_waiver`` instead of every met criterion."""
    if validity is None:
        validity = templates_with_validity()
    expired = Q(status=CriterionStatus.WAIVED, waiver_expires_on__lt=today)
    for template_id, days in validity:
        expired |= Q(
            status=CriterionStatus.MET, template_id=template_id, evidence_date__lt=today - datetime.timedelta(days)
        )
    return GateCriterion.objects.filter(
        initiative__status__in=[Status.ACTIVE, Status.ON_HOLD], phase=F("initiative__phase")
    ).filter(expired)


def templates_with_validity() -> list[tuple[int, int]]:
    """(template, validity in days) of the criterion templates whose evidence expires."""
    return list(GateCriterionTemplate.objects.filter(validity_days__isnull=False).values_list("pk", "validity_days"))


def criteria_mark_stale(*, now: datetime.datetime | None = None, batch_size: int = STALE_BATCH_SIZE) -> int:
    """Turn met criteria with expired evidence and waived ones past expiry into ``stale``; returns how many.

    The candidates are read once (without order or limit, so through the partial indexes), then worked in batches,
    each its own transaction with a constant number of queries: the locked read (which checks each candidate again),
    one UPDATE and three for the audit events of the whole batch (one per criterion). Rows another transaction holds
    are skipped and found by the next sweep, so workers running side by side neither wait for each other nor mark a
    criterion twice.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    validity = templates_with_validity()
    # In the order the batches lock them: by initiative, then criterion.
    candidates = sorted(stale_candidates(today=today, validity=validity).order_by().values_list("initiative_id", "pk"))
    total = 0
    for start in range(0, len(candidates), batch_size):
        chunk = [pk for _initiative, pk in candidates[start : start + batch_size]]
        with transaction.atomic():
            batch = list(
                stale_candidates(today=today, validity=validity)
                .filter(pk__in=chunk)
                .select_for_update(skip_locked=True, of=("self",))
                .only("pk", "initiative_id", "phase", "code", "status", "evidence_date", "waiver_expires_on")
                .order_by("initiative_id", "pk")
            )
            if not batch:
                continue
            GateCriterion.objects.filter(pk__in=[c.pk for c in batch]).update(
                status=CriterionStatus.STALE, stale_since=now
            )
            audit_record_many(
                actor=None,
                verb="criterion.stale",
                entries=[
                    AuditEntry(
                        criterion,
                        initiative_id=criterion.initiative_id,
                        before={"status": criterion.status},
                        after={
                            "status": CriterionStatus.STALE,
                            "code": criterion.code,
                            "stale_since": now,
                            "evidence_date": criterion.evidence_date,
                            "waiver_expires_on": criterion.waiver_expires_on,
                        },
                    )
                    for criterion in batch
                ],
            )
            total += len(batch)
    return total
