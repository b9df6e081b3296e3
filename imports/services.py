"""Importing the portfolio as it already is (the CoE only): initiatives upserted by their external id, role
assignments and realised value, each row through the service that does the same by hand (registration, edit, tag,
role grant, realised value), so each row is checked by that service's own input form and rules, and audited.

A file is applied whole or not at all: every row runs in its own savepoint so that every row's errors are found,
and the batch is kept only when no row failed. A dry run is the same run, rolled back: what it reports is what the
services would do. ``import_undo`` reverses a batch while none of its initiatives has changed since.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.choices import ImportedStage, Phase, RiskTier, Status
from adoption.models import BusinessUnit, GateCriterion, Initiative, PhaseStint, RealisedValueEntry
from adoption.services import initiatives as initiative_services
from adoption.services import roi as roi_services
from adoption.services import tags as tag_services
from adoption.services.criteria import criteria_derive
from adoption.services.phases import phase_enter
from core.db import lock_one
from core.exceptions import DomainError, InvalidInput, Refused
from governance import access
from governance.audit import audit_record
from governance.models import AuditEvent, RoleAssignment
from governance.services import lifecycle, roles
from imports import columns, reader
from imports.columns import Kind
from imports.models import ImportBatch, ImportChange

User = get_user_model()

# The fields an initiative row sets (beyond its unit, owner and sponsor), compared on an update.
TEXT_FIELDS = ("title", "pain_point", "value_driver", "kpi", "kpi_baseline", "kpi_target", "models_used")
CHOICE_FIELDS = ("data_classification", "sourcing")
PEOPLE = ("owner", "sponsor")
MONEY = (
    "benefit_cash_saving",
    "benefit_cost_avoidance",
    "benefit_revenue",
    "productivity_hours",
    "productivity_hourly_rate",
    "measured_cost",
)


class Action:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    GRANT = "grant"
    RECORD = "record"
    ERROR = "error"


@dataclass
class RowResult:
    """What one row did (or would do): its action, the initiative, the fields it changes (old and new), errors."""

    kind: str
    row: int
    external_id: str = ""
    action: str = ""
    key: str = ""
    changes: dict[str, list[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "row": self.row,
            "external_id": self.external_id,
            "action": self.action,
            "key": self.key,
            "changes": self.changes,
            "errors": self.errors,
        }


@dataclass
class ImportReport:
    """The outcome of a run: each row's result, the counts, and the batch when it was applied."""

    file_name: str
    sha256: str
    dry_run: bool
    rows: list[RowResult] = field(default_factory=list)
    batch: ImportBatch | None = None

    @property
    def errors(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((Action.CREATE, Action.UPDATE, Action.UNCHANGED, Action.GRANT, Action.RECORD), 0)
        for row in self.rows:
            if not row.errors:
                counts[row.action] += 1
        counts[Action.ERROR] = self.errors
        return counts

    @property
    def applied(self) -> bool:
        return self.batch is not None


class _Rollback(Exception):
    """Raised to roll a dry run (or a run with errors) back once its report is complete."""


def _messages(error: DomainError) -> list[str]:
    """Every sentence of a service's refusal, each field's messages under the column's header."""
    labels = {c.code: c.label for cols in columns.COLUMNS.values() for c in cols}
    details = [
        f"{labels[name]}: {message}" if name in labels else message
        for name, messages in error.fields.items()
        for message in messages
    ]
    return [error.message, *error.reasons, *details]


class _Run:
    """One pass over a file's sheets for ``actor``."""

    def __init__(self, *, actor, batch: ImportBatch):
        self.actor = actor
        self.batch = batch
        self.units: dict[str, BusinessUnit | None] = {}
        self.people: dict[str, Any] = {}
        self.seen: dict[tuple[str, str], int] = {}
        self.created: set[int] = set()
        self.blocked: list[str] = []

    # --- references -------------------------------------------------------------------------------------------

    def unit(self, code: str, errors: list[str], column: str = "business_unit") -> BusinessUnit | None:
        if code not in self.units:
            self.units[code] = BusinessUnit.objects.filter(code=code).first()
        if self.units[code] is None:
            errors.append(_("No business unit has the code “%(code)s”.") % {"code": code})
        return self.units[code]

    def person(self, username: str, errors: list[str]):
        if username not in self.people:
            self.people[username] = User.objects.filter(username=username).first()
        if self.people[username] is None:
            errors.append(_("Nobody has the login name “%(name)s”.") % {"name": username})
        return self.people[username]

    def initiative(self, external_id: str, errors: list[str]) -> Initiative | None:
        found = Initiative.objects.filter(external_id=external_id).first()
        if found is None:
            errors.append(_("No initiative has the external id “%(id)s”.") % {"id": external_id})
        return found

    def once(self, result: RowResult, kind: str, ident: str) -> bool:
        first = self.seen.setdefault((kind, ident), result.row)
        if first != result.row:
            result.errors.append(
                _("The external id “%(id)s” appears twice in this sheet (rows %(first)d and %(row)d).")
                % {"id": ident, "first": first, "row": result.row}
            )
            return False
        return True

    # --- rows -------------------------------------------------------------------------------------------------

    def run_row(self, kind: str, row: reader.Row) -> RowResult:
        result = RowResult(kind=kind, row=row.number, external_id=str(row.values.get("external_id", "")))
        handler = {Kind.INITIATIVES: self.initiative_row, Kind.ROLES: self.role_row, Kind.VALUES: self.value_row}
        try:
            with transaction.atomic():
                handler[kind](row.values, result)
                if result.errors:
                    raise _Rollback
        except _Rollback:
            pass
        except DomainError as error:
            result.errors.extend(_messages(error))
        if result.errors:
            result.action = Action.ERROR
        return result

    def initiative_row(self, values: dict[str, Any], result: RowResult) -> None:
        errors = result.errors
        external_id = result.external_id
        if not external_id:
            errors.append(_("Every initiative needs an external id."))
            return
        if len(external_id) > 100:
            errors.append(_("An external id has at most 100 characters."))
            return
        if not self.once(result, Kind.INITIATIVES, external_id):
            return
        fields: dict[str, Any] = {name: values[name] for name in TEXT_FIELDS if values.get(name, "") != ""}
        for name in CHOICE_FIELDS:
            if values.get(name):
                code = columns.choice_code(name, values[name])
                if code is None:
                    errors.append(_("“%(value)s” is not a valid choice.") % {"value": values[name]})
                fields[name] = code
        if values.get("business_unit"):
            fields["business_unit"] = self.unit(values["business_unit"], errors)
        for name in PEOPLE:
            if values.get(name):
                fields[name] = self.person(values[name], errors)
        risk_tier = ""
        if values.get("risk_tier"):
            risk_tier = columns.choice_code("risk_tier", values["risk_tier"]) or ""
            if not risk_tier:
                errors.append(_("“%(value)s” is not a valid risk tier.") % {"value": values["risk_tier"]})
        stage = columns.stage_code(values.get("phase", ""))
        if stage is None:
            errors.append(
                _("“%(value)s” is not a phase: use exploration, validation, scaling or production.")
                % {"value": values["phase"]}
            )
        tags = tag_services.tags_named(str(values.get("tags", "")).split(",")) if values.get("tags") else []
        if errors:
            return
        existing = Initiative.objects.filter(external_id=external_id).select_related("owner", "sponsor").first()
        if existing is None:
            self.create(fields, risk_tier=risk_tier, stage=stage, tags=tags, result=result)
        else:
            self.update(existing, fields, risk_tier=risk_tier, stage=stage, tags=tags, result=result)

    def create(self, fields, *, risk_tier: str, stage: str, tags, result: RowResult) -> None:
        missing = [c for c in ("title", "business_unit", "owner") if c not in fields]
        if missing:
            labels = {c.code: c.label for c in columns.COLUMNS[Kind.INITIATIVES]}
            result.errors.append(
                _("A new initiative needs %(names)s.") % {"names": ", ".join(labels[m] for m in missing)}
            )
            return
        initiative = initiative_services.initiative_create(
            actor=self.actor, risk_tier=risk_tier or RiskTier.UNASSESSED, **fields
        )
        initiative.external_id = result.external_id
        initiative.save(update_fields=["external_id"])
        audit_record(
            actor=self.actor,
            verb="initiative.imported",
            target=initiative,
            initiative=initiative,
            after={"external_id": result.external_id, "batch": self.batch.pk, "file": self.batch.file_name},
        )
        if stage:
            initiative = self.place(initiative, stage)
        if tags:
            tag_services.initiative_tag(actor=self.actor, initiative=initiative, add=tags)
        self.created.add(initiative.pk)
        ImportChange.objects.create(batch=self.batch, kind=ImportChange.Kind.CREATED, initiative=initiative)
        result.action, result.key = Action.CREATE, initiative.key
        result.changes = {"phase": ["", stage or Phase.EXPLORATION]}

    def place(self, initiative: Initiative, stage: str) -> Initiative:
        """Put a freshly registered initiative where it already stood: a later phase (its earlier phases' stays
        and criteria were never recorded here, so they are not made up) or production. Marked and audited."""
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        now = timezone.now()
        PhaseStint.objects.filter(initiative=locked).delete()
        GateCriterion.objects.filter(initiative=locked).delete()
        if stage == ImportedStage.PRODUCTION:
            locked.phase = Phase.SCALING
            locked.phase_entered_at = locked.planned_phase_end = now
            locked.status = Status.IN_PRODUCTION
            locked.production_entered_at = now
        else:
            phase_enter(initiative=locked, phase=stage, at=now)
        locked.imported_at_phase = stage
        locked.save()
        criteria_derive(actor=self.actor, initiative=locked)
        audit_record(
            actor=self.actor,
            verb="initiative.imported_later_phase",
            target=locked,
            initiative=locked,
            after={"imported_at_phase": stage, "phase": locked.phase, "status": locked.status},
        )
        return locked

    def update(self, initiative: Initiative, fields, *, risk_tier: str, stage: str, tags, result: RowResult) -> None:
        errors = result.errors
        if initiative.status == Status.VOIDED:
            errors.append(_("%(key)s is voided; it is not imported into again.") % {"key": initiative.key})
            return
        current_stage = initiative.imported_at_phase or (
            ImportedStage.PRODUCTION if initiative.production_entered_at else initiative.phase
        )
        if columns.stage_code(current_stage) is not None and stage and stage != columns.stage_code(current_stage):
            errors.append(
                _("%(key)s is in %(phase)s: its phase changes through its gates, not an import.")
                % {"key": initiative.key, "phase": initiative.get_phase_display().lower()}
            )
        if risk_tier and risk_tier != initiative.risk_tier:
            errors.append(
                _("%(key)s's risk tier changes through a risk-tier review, not an import.") % {"key": initiative.key}
            )
        if errors:
            return
        changes, before, shown = {}, {}, {}
        for name, value in fields.items():
            old = getattr(initiative, name)
            if name in ("business_unit", *PEOPLE):
                same = getattr(old, "pk", None) == getattr(value, "pk", None)
            else:
                same = str(old or "") == str(value or "")
            if not same:
                changes[name] = value
                before[name] = getattr(initiative, initiative._meta.get_field(name).attname)
                shown[name] = [str(old or ""), str(value or "")]
        result.key = initiative.key
        new_tags = [tag for tag in tags if not initiative.tags.filter(pk=tag.pk).exists()]
        if changes:
            initiative_services.initiative_update(actor=self.actor, initiative=initiative, **changes)
            audit_record(
                actor=self.actor,
                verb="initiative.import_updated",
                target=initiative,
                initiative=initiative,
                after={"batch": self.batch.pk, "fields": sorted(changes)},
            )
        if new_tags:
            tag_services.initiative_tag(actor=self.actor, initiative=initiative, add=new_tags)
            before["tags_added"] = [tag.pk for tag in new_tags]
            shown["tags"] = ["", ", ".join(tag.code for tag in new_tags)]
        if not shown:
            result.action = Action.UNCHANGED
            return
        ImportChange.objects.create(
            batch=self.batch, kind=ImportChange.Kind.UPDATED, initiative=initiative, before=before
        )
        result.action, result.changes = Action.UPDATE, shown

    def role_row(self, values: dict[str, Any], result: RowResult) -> None:
        errors = result.errors
        initiative = unit = None
        if result.external_id and values.get("business_unit"):
            errors.append(_("Name an initiative or a business unit, not both."))
        elif result.external_id:
            initiative = self.initiative(result.external_id, errors)
        elif values.get("business_unit"):
            unit = self.unit(values["business_unit"], errors)
        else:
            errors.append(_("Name the initiative (its external id) or the business unit the role is held in."))
        user = self.person(values.get("user", ""), errors)
        role = columns.choice_code("role", values.get("role", ""))
        if role is None:
            errors.append(_("“%(value)s” is not a role.") % {"value": values.get("role", "")})
        expires_at = None
        if values.get("expires_at"):
            expires_at = _moment(values["expires_at"], errors)
        if errors:
            return
        assignment = roles.role_grant(
            actor=self.actor, user=user, role=role, business_unit=unit, initiative=initiative, expires_at=expires_at
        )
        ImportChange.objects.create(
            batch=self.batch, kind=ImportChange.Kind.ROLE, initiative=initiative, object_id=assignment.pk
        )
        result.action = Action.GRANT
        result.key = initiative.key if initiative else unit.code
        result.changes = {"role": ["", f"{user.get_username()}: {role}"]}

    def value_row(self, values: dict[str, Any], result: RowResult) -> None:
        errors = result.errors
        initiative = self.initiative(result.external_id, errors) if result.external_id else None
        if not result.external_id:
            errors.append(_("Name the initiative by its external id."))
        if errors:
            return
        arguments = {
            name: values[name]
            for name in ("period_start", "period_end", "currency", "rate_to_reporting", *MONEY, "note")
            if values.get(name, "") != ""
        }
        if isinstance(arguments.get("currency"), str):
            arguments["currency"] = arguments["currency"].upper()
        entry = roi_services.realised_value_record(actor=self.actor, initiative=initiative, **arguments)
        if initiative.pk not in self.created:
            self.blocked.append(initiative.key)
        ImportChange.objects.create(
            batch=self.batch, kind=ImportChange.Kind.VALUE, initiative=initiative, object_id=entry.pk
        )
        result.action, result.key = Action.RECORD, initiative.key
        result.changes = {"realised_value": ["", f"{entry.period_start}–{entry.period_end}"]}


def _moment(value: Any, errors: list[str]) -> datetime.datetime | None:
    if isinstance(value, datetime.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, datetime.date):
        day = value
    else:
        try:
            day = datetime.date.fromisoformat(str(value))
        except ValueError:
            errors.append(_("Enter a date as YYYY-MM-DD."))
            return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def import_run(*, actor, file_name: str, content: bytes, dry_run: bool = True) -> ImportReport:
    """Read ``content`` (the file ``file_name``) and apply every row through the services; ``dry_run``: report
    what would happen and keep nothing. A run with any row in error keeps nothing either. The CoE only."""
    access.require_coe(actor, _("Only the CoE imports the portfolio."))
    file_name = str(file_name or "")[:255]
    sheets = reader.read_file(file_name, content)
    digest = hashlib.sha256(content).hexdigest()
    report = ImportReport(file_name=file_name, sha256=digest, dry_run=dry_run)
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(file_name=file_name, sha256=digest, size=len(content), created_by=actor)
            run = _Run(actor=actor, batch=batch)
            for sheet in sheets:
                for row in sheet.rows:
                    report.rows.append(run.run_row(sheet.kind, row))
            if dry_run or report.errors:
                raise _Rollback
            batch.counts = report.counts
            batch.rows = [row.as_dict() for row in report.rows]
            if run.blocked:
                batch.undo_blocked = (
                    _(
                        "It recorded realised value on initiatives that existed before (%(keys)s); ledger entries "
                        "are never deleted."
                    )
                    % {"keys": ", ".join(sorted(set(run.blocked))[:10])}
                )[:500]
            event = audit_record(
                actor=actor,
                verb="import.applied",
                target=batch,
                after={"file": file_name, "sha256": digest, "counts": batch.counts},
            )
            batch.last_event = event.pk
            batch.save()
            report.batch = batch
    except _Rollback:
        report.batch = None
    return report


def _changed_since(batch: ImportBatch) -> list[str]:
    """The keys of the batch's initiatives with an audit event after the batch's own."""
    ids = batch.changes.exclude(initiative=None).values("initiative")
    later = (
        AuditEvent.objects.filter(initiative__in=ids, pk__gt=batch.last_event)
        .values("initiative__key")
        .annotate(last=Max("pk"))
        .order_by("initiative__key")
    )
    return [row["initiative__key"] for row in later]


def import_undo_refusal(batch: ImportBatch) -> list[str]:
    """Why ``batch`` cannot be undone now (empty: it can)."""
    if batch.undone_at is not None:
        return [_("It was undone already.")]
    if batch.undo_blocked:
        return [batch.undo_blocked]
    changed = _changed_since(batch)
    if changed:
        return [
            _("%(keys)s changed after the import; undo those changes first or edit by hand.")
            % {"keys": ", ".join(changed[:20])}
        ]
    revoked = RoleAssignment.objects.filter(
        pk__in=batch.changes.filter(kind=ImportChange.Kind.ROLE).values("object_id"), revoked_at__isnull=False
    )
    if revoked.exists():
        return [_("A role the import granted was revoked since.")]
    return []


def import_undo(*, actor, batch_id: int) -> ImportBatch:
    """Reverse ``batch`` while nothing has changed since: the roles it granted are revoked, the fields it changed
    restored, the initiatives it created voided (with their realised value, criteria and roles; their external
    ids freed for a new import). Each step through its service, audited. The CoE only."""
    access.require_coe(actor, _("Only the CoE undoes an import."))
    with transaction.atomic():
        batch = lock_one(ImportBatch.objects.filter(pk=batch_id), _("No such import."))
        reasons = import_undo_refusal(batch)
        if reasons:
            raise Refused(_("The import %(name)s was not undone.") % {"name": str(batch)}, reasons=reasons)
        reason = _("Undoing the import %(name)s.") % {"name": str(batch)}
        changes = list(batch.changes.select_related("initiative").order_by("-pk"))
        for change in changes:
            if change.kind == ImportChange.Kind.ROLE:
                assignment = RoleAssignment.objects.get(pk=change.object_id)
                roles.role_revoke(actor=actor, assignment=assignment, reason=reason)
        for change in changes:
            if change.kind == ImportChange.Kind.UPDATED:
                _restore(actor=actor, change=change)
        for change in changes:
            if change.kind == ImportChange.Kind.CREATED:
                initiative = lifecycle.initiative_void(actor=actor, initiative=change.initiative, reason=reason)
                external_id = initiative.external_id
                initiative.external_id = None
                initiative.save(update_fields=["external_id"])
                audit_record(
                    actor=actor,
                    verb="initiative.import_removed",
                    target=initiative,
                    initiative=initiative,
                    before={"external_id": external_id},
                    after={"batch": batch.pk},
                )
        batch.undone_at = timezone.now()
        batch.undone_by = actor
        batch.save(update_fields=["undone_at", "undone_by"])
        audit_record(actor=actor, verb="import.undone", target=batch, after={"batch": batch.pk})
    return batch


def _restore(*, actor, change: ImportChange) -> None:
    before = dict(change.before)
    tags_added = before.pop("tags_added", [])
    restore: dict[str, Any] = {}
    for name, value in before.items():
        model_field = Initiative._meta.get_field(name)
        if model_field.is_relation:
            restore[name] = model_field.related_model.objects.filter(pk=value).first() if value else None
        else:
            restore[name] = value
    initiative = change.initiative
    if restore:
        initiative = initiative_services.initiative_update(actor=actor, initiative=initiative, **restore)
        audit_record(
            actor=actor,
            verb="initiative.import_restored",
            target=initiative,
            initiative=initiative,
            after={"batch": change.batch_id, "fields": sorted(restore)},
        )
    if tags_added:
        from adoption.models import Tag

        tag_services.initiative_tag(
            actor=actor, initiative=initiative, remove=list(Tag.objects.filter(pk__in=tags_added))
        )


def realised_values_of(batch: ImportBatch):
    """The realised value entries ``batch`` recorded."""
    return RealisedValueEntry.objects.filter(
        pk__in=batch.changes.filter(kind=ImportChange.Kind.VALUE).values("object_id")
    )


def _require_rows(report: ImportReport) -> None:
    if report.errors:
        raise InvalidInput(_("The import was not applied: %(n)d rows have errors.") % {"n": report.errors})
