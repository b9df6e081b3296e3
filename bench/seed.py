"""A large, reproducible, generated portfolio for benchmarks: ``manage.py seed_scale``.

Rows go in with PostgreSQL COPY, ids reserved from the tables' own sequences, so 100,000 initiatives with their
criteria, evidence, ROI ledgers, gate reviews and sign-offs, compliance reviews, role assignments (and the
guardian rows they grant) and a hash-chained audit trail load in minutes on two cores. Everything is shaped the
way the services would have left it: the audit chains verify, open reviews are not stale, phase clocks add up.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from adoption.choices import PHASE_ORDER, CriterionKind, FailureMode, Role, next_phase
from adoption.models import BusinessUnit, GateCriterion, GateCriterionTemplate, Initiative, PhaseDefinition
from adoption.roi import roi_figures
from adoption.services.configuration import TEMPLATE_FIELDS
from adoption.services.funnel import funnel_tally_rebuild
from adoption.transitions import evidence_set_hash
from governance.audit import GENESIS, HASH_SCHEME, AuditEntry, audit_record_many, event_hash, snapshot
from governance.models import SignoffMatrixEntry
from governance.permissions import ROLE_PERMISSIONS
from governance.services.scheduling import cadence

GENERATED_PREFIX = "scale-"
BENCH_PASSWORD = "bench-pass-2026"  # noqa: S105 (generated benchmark data only)

# (phase, status, weight): a funnel where most initiatives never leave exploration.
STATES = [
    ("exploration", "active", 40),
    ("validation", "active", 14),
    ("scaling", "active", 7),
    ("scaling", "in_production", 10),
    ("scaling", "retired", 3),
    ("exploration", "stopped", 10),
    ("validation", "stopped", 6),
    ("scaling", "stopped", 2),
    ("exploration", "on_hold", 5),
    ("validation", "on_hold", 3),
]
TIERS = [("minimal", 35), ("limited", 45), ("high", 20)]
# The triggers that keep the funnel's running totals (adoption migration 0004).
TALLY_TRIGGERS = [
    ("adoption_initiative", "adoption_funneltally_initiative_rows"),
    ("adoption_initiative", "adoption_funneltally_initiative_update"),
    ("adoption_phasestint", "adoption_funneltally_stint_rows"),
    ("adoption_phasestint", "adoption_funneltally_stint_update"),
]
# Advisory controls added to each phase's gate (see Seeder.add_controls).
EXTRA_CONTROLS_PER_PHASE = 5
# Initiatives are copied in batches of this many while the rest of the portfolio is generated.
INITIATIVE_BATCH = 20_000
User = get_user_model()
SIGNER_USERNAME_ROLES = ("compliance_officer", "security_reviewer", "data_steward")


class Copier:
    """Buffers rows for one table and writes them with COPY."""

    def __init__(self, table: str, columns: list[str], *, flush_every: int = 50_000):
        self.table, self.columns, self.flush_every = table, columns, flush_every
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, *row) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.flush_every:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        cols = ", ".join(f'"{c}"' for c in self.columns)
        with connection.cursor() as cursor, cursor.copy(f"COPY {self.table} ({cols}) FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)
        self.count += len(self.rows)
        self.rows = []


def foreign_keys_dropped(tables: list[str]) -> list[tuple[str, str, str]]:
    """Drop the foreign keys of ``tables`` for the bulk load; returns (table, name, definition) to restore.

    Django's foreign keys are deferred: each row copied would queue a check run at commit, one index lookup per row
    and per key (tens of millions at a million initiatives: 16 of its 87 minutes). Added back after the load,
    each key is checked by one join over the whole table instead, the way ``pg_restore`` does it."""
    with connection.cursor() as cursor:
        # Checks queued by the rows written before (people, units, roles) run now: a table with pending checks
        # cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    return keys


def foreign_keys_restored(keys: list[tuple[str, str, str]]) -> None:
    """Add back the keys ``foreign_keys_dropped`` took off; each is checked over every row as it is added (a row
    without its parent fails the seeding)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what else the load queued, so that the tables can be altered
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def reserve_ids(table: str, n: int) -> int:
    """Take ``n`` consecutive ids from ``table``'s identity sequence; returns the first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s)", [sequence])
        first = cursor.fetchone()[0]
        if n > 1:
            cursor.execute("SELECT setval(%s, %s)", [sequence, first + n - 1])
    return first


class IdBlock:
    """Hands out ids from a reserved block, reserving another when it runs out."""

    def __init__(self, table: str, block: int = 100_000):
        self.table, self.block = table, block
        self.next = self.end = 0

    def take(self) -> int:
        if self.next >= self.end:
            self.next = reserve_ids(self.table, self.block)
            self.end = self.next + self.block
        self.next += 1
        return self.next - 1


@dataclass
class Chain:
    """An audit chain being written: events are hashed as they are added."""

    name: str
    initiative_id: int | None
    seq: int = 0
    last: str = GENESIS
    events: list[tuple] = field(default_factory=list)


class Seeder:
    def __init__(self, *, initiatives: int, users: int, business_units: int, seed: int, stdout=None):
        self.n_initiatives, self.n_users, self.n_units = initiatives, users, business_units
        self.rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
        self.stdout = stdout
        self.now = timezone.now().replace(microsecond=0)
        self.stats: dict[str, int] = {}

    def say(self, text: str) -> None:
        if self.stdout:
            self.stdout.write(text)

    # --- people and organisation -----------------------------------------------------------------------

    def make_users(self) -> None:
        first = reserve_ids("auth_user", self.n_users)
        password = make_password(BENCH_PASSWORD)
        users = Copier(
            "auth_user",
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
            ],
        )
        self.user_ids = list(range(first, first + self.n_users))
        self.usernames = {}
        for i, uid in enumerate(self.user_ids, start=1):
            username = f"{GENERATED_PREFIX}u{i:05d}"
            self.usernames[uid] = username
            users.add(
                uid,
                password,
                False,
                username,
                "User",
                f"{i:05d}",
                f"{username}@bench.example",
                False,
                True,
                self.now - datetime.timedelta(days=1200),
            )
        users.flush()
        # Named roles for the benchmark's logins; the rest are owners, sponsors and scoped reviewers.
        pool = iter(self.user_ids)
        self.coe = [next(pool) for _ in range(5)]
        self.executives = [next(pool) for _ in range(20)]
        self.auditors = [next(pool) for _ in range(5)]
        self.leads = [next(pool) for _ in range(3)]
        rest = list(pool)
        self.sponsors = rest[: max(10, len(rest) // 10)]
        self.owners = rest[len(self.sponsors) :]

    def make_units(self) -> None:
        first = reserve_ids("adoption_businessunit", self.n_units)
        units = Copier("adoption_businessunit", ["id", "code", "name", "parent_id", "path", "created_at"])
        tops = max(1, self.n_units // 25)
        self.unit_ids = list(range(first, first + self.n_units))
        self.unit_top: dict[int, int] = {}
        paths: dict[int, str] = {}
        for index, uid in enumerate(self.unit_ids):
            if index < tops:
                parent, path = None, f"/{uid}/"
                self.unit_top[uid] = uid
            else:
                parent = self.unit_ids[self.rng.randrange(0, min(index, tops * 5))]
                path = f"{paths[parent]}{uid}/"
                self.unit_top[uid] = self.unit_top[parent]
            paths[uid] = path
            units.add(
                uid,
                f"{GENERATED_PREFIX}bu{index + 1:04d}",
                f"Unit {index + 1:04d}",
                parent,
                path,
                self.now - datetime.timedelta(days=1500),
            )
        units.flush()
        self.tops = self.unit_ids[:tops]

    def make_roles(self) -> None:
        self.assignments = Copier(
            "governance_roleassignment",
            [
                "id",
                "user_id",
                "role",
                "scope",
                "business_unit_id",
                "initiative_id",
                "source",
                "granted_by_id",
                "granted_at",
                "revoke_reason",
            ],
        )
        self.assignment_ids = IdBlock("governance_roleassignment")
        self.unit_perms = Copier(
            "governance_businessunituserobjectpermission",
            ["permission_id", "user_id", "content_object_id", "assignment_id"],
        )
        self.initiative_perms = Copier(
            "governance_initiativeuserobjectpermission",
            ["permission_id", "user_id", "content_object_id", "assignment_id"],
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.codename, p.id FROM auth_permission p JOIN django_content_type c ON c.id = p.content_type_id"
                " WHERE c.app_label = 'adoption' AND c.model = 'initiative'"
            )
            self.perm_ids = dict(cursor.fetchall())
        granted = self.now - datetime.timedelta(days=1400)
        grantor = self.coe[0]
        for role, people in (
            (Role.COE_ADMIN, self.coe),
            (Role.EXECUTIVE, self.executives),
            (Role.AUDITOR, self.auditors),
            (Role.COMPLIANCE_OFFICER, self.leads),
        ):
            for uid in people:
                by = None if uid == grantor else grantor
                self.assignments.add(
                    self.assignment_ids.take(), uid, role, "global", None, None, "manual", by, granted, ""
                )
        # Each top-level unit: two compliance officers, a security reviewer and a data steward, drawn from owners
        # who then never own an initiative there (four eyes stay satisfiable).
        self.unit_signers: dict[int, dict[str, list[int]]] = {}
        pool = iter(self.owners[::-1])
        for top in self.tops:
            cast = {
                "compliance_officer": [next(pool), next(pool)],
                "security_reviewer": [next(pool)],
                "data_steward": [next(pool)],
            }
            self.unit_signers[top] = cast
            for role, people in cast.items():
                for uid in people:
                    self.grant_scoped(uid, role, unit=top, at=granted)
        reserved = {uid for cast in self.unit_signers.values() for people in cast.values() for uid in people}
        self.owners = [uid for uid in self.owners if uid not in reserved]

    def grant_scoped(
        self,
        uid: int,
        role: str,
        *,
        unit: int | None = None,
        initiative: int | None = None,
        at: datetime.datetime,
        source: str = "manual",
    ) -> None:
        aid = self.assignment_ids.take()
        scope = "initiative" if initiative else "business_unit"
        self.assignments.add(aid, uid, role, scope, unit, initiative, source, self.coe[0], at, "")
        target = self.initiative_perms if initiative else self.unit_perms
        for codename in sorted(ROLE_PERMISSIONS[role]):
            target.add(self.perm_ids[codename], uid, initiative or unit, aid)

    # --- the portfolio ---------------------------------------------------------------------------------------

    def add_controls(self) -> None:
        """Advisory checklist controls added to every gate, as a CoE with a longer control list would: with the
        default gates an initiative gathers about 12 criteria over the phases it reaches, with these about 20, the
        2,000,000 criteria of 100,000 initiatives that PRODUCT.md §9 plans for. Added once per database, with the
        audit events ``criterion_template_add`` records, by the first generated CoE admin (whose role is copied in
        with the rest of the portfolio, so the service's own check could not see it yet)."""
        added: list[GateCriterionTemplate] = []
        for phase in PHASE_ORDER:
            existing = GateCriterionTemplate.objects.filter(phase=phase)
            last = max(existing.values_list("order", flat=True), default=0)
            codes = set(existing.values_list("code", flat=True))
            added += GateCriterionTemplate.objects.bulk_create(
                GateCriterionTemplate(
                    phase=phase,
                    code=f"generated-control-{n}",
                    order=last + n,
                    title=f"Generated control {n}",
                    kind=CriterionKind.CHECKLIST,
                    mandatory=False,
                )
                for n in range(1, EXTRA_CONTROLS_PER_PHASE + 1)
                if f"generated-control-{n}" not in codes
            )
        if added:
            fields = ["phase", "code", "version", *TEMPLATE_FIELDS]
            audit_record_many(
                actor=User.objects.get(pk=self.coe[0]),
                verb="criterion_template.added",
                entries=[AuditEntry(template, after=snapshot(template, fields)) for template in added],
            )

    def load_config(self) -> None:
        self.time_box = {d.phase: d.time_box_days for d in PhaseDefinition.objects.all()}
        self.templates = {
            phase: list(GateCriterionTemplate.objects.filter(phase=phase, is_current=True).order_by("order", "code"))
            for phase in PHASE_ORDER
        }
        self.matrix = {
            phase: list(SignoffMatrixEntry.objects.filter(phase=phase).order_by("order").values_list("role", flat=True))
            for phase in PHASE_ORDER
        }

    def build(self) -> None:
        self.add_controls()
        self.load_config()
        rng = self.rng
        first_initiative = reserve_ids("adoption_initiative", self.n_initiatives)
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval('adoption_initiative_number_seq')")
            first_number = cursor.fetchone()[0]
            cursor.execute("SELECT setval('adoption_initiative_number_seq', %s)", [first_number + self.n_initiatives])
        initiative_columns = [
            "id",
            "number",
            "key",
            "title",
            "business_unit_id",
            "owner_id",
            "sponsor_id",
            "pain_point",
            "value_driver",
            "kpi",
            "kpi_baseline",
            "kpi_target",
            "phase",
            "status",
            "status_before_hold",
            "hold_reason",
            "hold_cause",
            "hold_started_at",
            "phase_entered_at",
            "planned_phase_end",
            "phase_held_seconds",
            "production_entered_at",
            "retired_at",
            "risk_tier",
            "data_classification",
            "sourcing",
            "models_used",
            "selection_rationale",
            "current_roi_id",
            "stopped_at",
            "stop_primary_failure_mode",
            "stop_contributing_modes",
            "stop_not_a_failure",
            "stop_reason",
            "created_by_id",
            "created_at",
            "updated_at",
            "version",
        ]
        self.initiatives = Copier("adoption_initiative", initiative_columns, flush_every=INITIATIVE_BATCH)
        self.stints = Copier(
            "adoption_phasestint", ["initiative_id", "phase", "entered_at", "exited_at", "held_seconds", "outcome"]
        )
        self.criteria = Copier(
            "adoption_gatecriterion",
            [
                "id",
                "initiative_id",
                "phase",
                "template_id",
                "code",
                "order",
                "status",
                "metric_value",
                "evidence_date",
                "latest_evidence_sha256",
                "evidence_count",
                "updated_by_id",
                "updated_at",
                "waiver_reason",
                "waived_by_id",
                "waived_at",
                "waiver_expires_on",
            ],
        )
        self.criterion_ids = IdBlock("adoption_gatecriterion", 500_000)
        self.evidence = Copier(
            "adoption_evidenceversion",
            [
                "criterion_id",
                "version",
                "kind",
                "text",
                "url",
                "file",
                "file_name",
                "content_type",
                "size",
                "sha256",
                "metric_value",
                "evidence_date",
                "created_by_id",
                "created_at",
            ],
        )
        self.rois = Copier(
            "adoption_roiversion",
            [
                "id",
                "initiative_id",
                "version",
                "phase",
                "currency",
                "rate_to_reporting",
                "rate_date",
                "benefit_cash_saving",
                "benefit_cost_avoidance",
                "benefit_revenue",
                "productivity_hours",
                "productivity_hourly_rate",
                "one_off_cost",
                "run_cost_model",
                "run_cost_infrastructure",
                "run_cost_people",
                "confidence",
                "assumptions",
                "reporting_annual_benefit",
                "reporting_net_annual_value",
                "recorded_by_id",
                "recorded_at",
            ],
        )
        self.roi_ids = IdBlock("adoption_roiversion")
        self.reviews = Copier(
            "governance_gatereview",
            [
                "id",
                "initiative_id",
                "phase",
                "attempt",
                "status",
                "requested_by_id",
                "requested_at",
                "risk_tier",
                "snapshot",
                "evidence_hash",
                "roi_version_id",
                "round",
                "decided_at",
                "decided_by_id",
                "note",
            ],
        )
        self.review_ids = IdBlock("governance_gatereview")
        self.slots = Copier("governance_reviewslot", ["id", "review_id", "role", "ordinal", "order", "active"])
        self.slot_ids = IdBlock("governance_reviewslot")
        # Held back until the end (see below): written after the tables its trigger reads are analysed.
        self.signoffs = Copier(
            "governance_signoff",
            [
                "review_id",
                "slot_id",
                "round",
                "signer_id",
                "signer_name",
                "grant",
                "decision",
                "comment",
                "evidence_hash",
                "signed_at",
            ],
            flush_every=10_000_000,
        )
        self.compliance = Copier(
            "governance_compliancereview",
            [
                "initiative_id",
                "due_on",
                "risk_tier",
                "assignee_id",
                "status",
                "findings",
                "outcome",
                "completed_by_id",
                "completed_at",
                "created_at",
                "answers",
            ],
        )
        self.events = Copier(
            "governance_auditevent",
            [
                "chain",
                "seq",
                "actor_id",
                "actor_repr",
                "verb",
                "target_type",
                "target_id",
                "target_repr",
                "initiative_id",
                "before",
                "after",
                "request_id",
                "at",
                "prev_hash",
                "hash",
                "hash_scheme",
            ],
        )
        self.heads = Copier("governance_auditchainhead", ["chain", "seq", "hash"])

        state_choices = [s[:2] for s in STATES]
        state_weights = [s[2] for s in STATES]
        tier_choices = [t[0] for t in TIERS]
        tier_weights = [t[1] for t in TIERS]
        # The funnel's running totals are counted once at the end rather than by their triggers row by row. The
        # triggers go off before the first row is copied: a copier flushes when its buffer fills, and a table with
        # pending (deferred foreign-key) trigger events cannot be altered.
        copied = sorted({copier.table for copier in (*self._copiers(), self.signoffs)})
        with connection.cursor() as cursor:
            for table, trigger in TALLY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        foreign_keys = foreign_keys_dropped(copied)
        for index in range(self.n_initiatives):
            phase, status = rng.choices(state_choices, state_weights)[0]
            tier = rng.choices(tier_choices, tier_weights)[0]
            self.one_initiative(first_initiative + index, first_number + index, phase, status, tier)
            if (index + 1) % 10_000 == 0:
                self.say(f"  {index + 1:,} initiatives generated")
        copiers = self._copiers()
        for copier in copiers:
            started = time.monotonic()
            copier.flush()
            self.say(f"  wrote {copier.table} in {time.monotonic() - started:.1f} s")
        # The four-eyes trigger on sign-offs costs a planned lookup per row; inside one bulk transaction the planner
        # does not know the fresh tables' sizes and scans them whole. The generated cast satisfies four eyes by
        # construction (tests/adoption/scale checks it), so the trigger is off for this COPY only.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'governance_signoff'::regclass"
                " AND tgname LIKE 'pgtrigger_signoff_four_eyes_%%'"
            )
            four_eyes = cursor.fetchone()[0]
            cursor.execute(f'ALTER TABLE governance_signoff DISABLE TRIGGER "{four_eyes}"')
        started = time.monotonic()
        self.signoffs.flush()
        self.say(f"  wrote {self.signoffs.table} ({self.signoffs.count:,} rows) in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        foreign_keys_restored(foreign_keys)
        self.say(f"  checked {len(foreign_keys)} foreign keys in {time.monotonic() - started:.1f} s")
        with connection.cursor() as cursor:
            # Constraints are checked at once from here on (``foreign_keys_restored`` ran what was queued): a table
            # cannot be altered while checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f'ALTER TABLE governance_signoff ENABLE TRIGGER "{four_eyes}"')
            for table, trigger in TALLY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        started = time.monotonic()
        self.stats["adoption_funneltally"] = funnel_tally_rebuild()
        self.say(f"  counted the funnel totals in {time.monotonic() - started:.1f} s")
        for copier in (*copiers, self.signoffs):
            self.stats[copier.table] = copier.count

    def _copiers(self) -> tuple[Copier, ...]:
        """The tables written by COPY, in the order they are flushed (sign-offs last, on their own)."""
        return (
            self.initiatives,
            self.stints,
            self.criteria,
            self.evidence,
            self.rois,
            self.reviews,
            self.slots,
            self.compliance,
            self.assignments,
            self.unit_perms,
            self.initiative_perms,
            self.events,
            self.heads,
        )

    def one_initiative(self, iid: int, number: int, final_phase: str, status: str, tier: str) -> None:
        rng = self.rng
        unit = rng.choice(self.unit_ids)
        top = self.unit_top[unit]
        owner = rng.choice(self.owners)
        sponsor = rng.choice(self.sponsors)
        passed = PHASE_ORDER[: PHASE_ORDER.index(final_phase)]
        if status in ("in_production", "retired"):
            passed = list(PHASE_ORDER)
        durations = [rng.randint(25, 110) for _ in passed]
        current_elapsed = rng.randint(0, 95) if status in ("active", "on_hold", "stopped") else 0
        production_days = rng.randint(10, 500) if status in ("in_production", "retired") else 0
        created = self.now - datetime.timedelta(
            days=sum(durations) + current_elapsed + production_days, hours=rng.randint(0, 23)
        )
        key = f"AI-{number:04d}"
        title = f"Generated initiative {number}"
        chain = Chain(name=f"initiative:{iid}", initiative_id=iid)
        coe = self.coe[number % len(self.coe)]
        self.event(
            chain,
            coe,
            "initiative.created",
            "adoption.initiative",
            iid,
            f"{key} {title}",
            created,
            after={"phase": "exploration", "status": "active", "risk_tier": tier},
        )
        for uid, role in ((owner, Role.INITIATIVE_OWNER), (sponsor, Role.BUSINESS_SPONSOR)):
            aid = self.assignment_ids.take()
            source = "owner_field" if role == Role.INITIATIVE_OWNER else "sponsor_field"
            self.assignments.add(aid, uid, role, "initiative", None, iid, source, coe, created, "")
            for codename in sorted(ROLE_PERMISSIONS[role]):
                self.initiative_perms.add(self.perm_ids[codename], uid, iid, aid)
            self.event(
                chain,
                coe,
                "role.granted",
                "governance.roleassignment",
                aid,
                f"{role}",
                created,
                after={"user": uid, "role": role, "scope": "initiative", "source": source},
            )
        moment = created
        roi_id = None
        roi_version = 0
        for phase, days in zip(passed, durations, strict=True):
            roi_version += 1
            roi_id = self.roi(iid, roi_version, phase, owner, moment + datetime.timedelta(days=2))
            self.criteria_for(iid, phase, owner, moment, moment + datetime.timedelta(days=days - 3), done=True)
            exit_at = moment + datetime.timedelta(days=days)
            self.gate_review(chain, iid, key, phase, owner, sponsor, top, tier, roi_id, exit_at, approved=True)
            self.stints.add(iid, phase, moment, exit_at, 0, "advanced")
            target = next_phase(phase)
            self.event(
                chain,
                self.coe[0],
                "initiative.advanced" if target else "initiative.entered_production",
                "adoption.initiative",
                iid,
                f"{key} {title}",
                exit_at,
                after={"phase": target or phase, "status": "active" if target else "in_production"},
            )
            moment = exit_at
        values = dict.fromkeys(("status_before_hold", "hold_reason", "stop_primary_failure_mode", "stop_reason"), "")
        hold_started = stopped_at = production_at = retired_at = None
        contributing: list[str] = []
        not_a_failure = False
        held_seconds = 0
        current_phase = final_phase
        phase_entered = moment
        planned_end = moment + datetime.timedelta(days=self.time_box[current_phase])
        if status in ("in_production", "retired"):
            production_at = moment
            if status == "retired":
                retired_at = moment + datetime.timedelta(days=production_days)
            else:
                self.compliance_reviews(iid, tier, top, production_at)
        else:
            roi_version += 1
            roi_id = self.roi(iid, roi_version, current_phase, owner, moment + datetime.timedelta(days=1))
            ready = status == "active" and rng.random() < 0.12
            criteria = self.criteria_for(
                iid, current_phase, owner, moment, self.now - datetime.timedelta(days=1), done=ready
            )
            if ready:
                requested = self.now - datetime.timedelta(days=rng.randint(0, 12), hours=rng.randint(0, 20))
                self.gate_review(
                    chain,
                    iid,
                    key,
                    current_phase,
                    owner,
                    sponsor,
                    top,
                    tier,
                    roi_id,
                    requested,
                    approved=False,
                    criteria=criteria,
                )
            end = None
            if status == "stopped":
                stopped_at = end = moment + datetime.timedelta(days=current_elapsed)
                if rng.random() < 0.15:
                    not_a_failure = True
                    values["stop_reason"] = "Strategy changed."
                else:
                    modes = rng.sample(FailureMode.values, k=rng.randint(1, 3))
                    values["stop_primary_failure_mode"], contributing = modes[0], modes[1:]
                    values["stop_reason"] = "Stopped after review."
                self.event(
                    chain,
                    sponsor,
                    "initiative.stopped",
                    "adoption.initiative",
                    iid,
                    f"{key} {title}",
                    stopped_at,
                    after={"status": "stopped", "primary_failure_mode": values["stop_primary_failure_mode"]},
                )
            elif status == "on_hold":
                hold_started = moment + datetime.timedelta(days=current_elapsed // 2)
                values["status_before_hold"] = "active"
                values["hold_reason"] = "Budget review."
                self.event(
                    chain,
                    sponsor,
                    "initiative.held",
                    "adoption.initiative",
                    iid,
                    f"{key} {title}",
                    hold_started,
                    after={"status": "on_hold"},
                )
            self.stints.add(iid, current_phase, moment, end, held_seconds, "stopped" if end else "")
        self.initiatives.add(
            iid,
            number,
            key,
            title,
            unit,
            owner,
            sponsor,
            "Manual work that takes too long.",
            "Time saved",
            "Hours per case",
            "3.5",
            "1.0",
            current_phase,
            status,
            values["status_before_hold"],
            values["hold_reason"],
            "decision" if status == "on_hold" else "",
            hold_started,
            phase_entered,
            planned_end,
            held_seconds,
            production_at,
            retired_at,
            tier,
            "internal",
            "closed_api",
            "",
            "",
            roi_id,
            stopped_at,
            values["stop_primary_failure_mode"],
            contributing,
            not_a_failure,
            values["stop_reason"],
            coe,
            created,
            self.now,
            1,
        )
        self.flush_chain(chain)

    # --- the parts of one initiative ---------------------------------------------------------------------

    def criteria_for(self, iid, phase, owner, entered, until, *, done: bool) -> list[GateCriterion]:
        rng = self.rng
        made = []
        for template in self.templates[phase]:
            cid = self.criterion_ids.take()
            status = "met" if done or rng.random() < 0.45 else rng.choice(["open", "open", "not_met"])
            waived = status == "met" and template.waivable_by_role and rng.random() < 0.04
            evidence_date = None
            sha = ""
            count = 0
            metric = None
            if template.kind in (CriterionKind.METRIC, CriterionKind.DURATION):
                metric = (
                    template.threshold
                    if status != "not_met"
                    else (template.threshold - 1 if template.comparator == "gte" else template.threshold + 1)
                )
            if status in ("met", "not_met") and not waived:
                evidence_date = (entered + (until - entered) * rng.random()).date()
                if template.validity_days:
                    # Keep met evidence inside its validity so the generated gates are satisfiable.
                    evidence_date = max(
                        evidence_date, (until - datetime.timedelta(days=template.validity_days - 2)).date()
                    )
                if template.kind != CriterionKind.CHECKLIST:
                    sha = hashlib.sha256(f"{cid}".encode()).hexdigest()
                    count = 1
                    self.evidence.add(
                        cid,
                        1,
                        "text",
                        "Generated evidence.",
                        "",
                        "",
                        "",
                        "",
                        0,
                        sha,
                        metric,
                        evidence_date,
                        owner,
                        datetime.datetime.combine(evidence_date, datetime.time(10), tzinfo=datetime.UTC),
                    )
            waiver = ("", None, None, None)
            if waived:
                status = "waived"
                waiver = ("Generated waiver.", self.leads[0], entered, (until + datetime.timedelta(days=90)).date())
            self.criteria.add(
                cid,
                iid,
                phase,
                template.pk,
                template.code,
                template.order,
                status,
                metric,
                evidence_date,
                sha,
                count,
                owner if status != "open" else None,
                until if status != "open" else None,
                *waiver,
            )
            made.append(
                GateCriterion(
                    code=template.code,
                    status=status,
                    metric_value=metric,
                    evidence_date=evidence_date,
                    latest_evidence_sha256=sha,
                    evidence_count=count,
                    waiver_expires_on=waiver[3],
                )
            )
        return made

    def roi(self, iid, version, phase, owner, at) -> int:
        rng = self.rng
        rid = self.roi_ids.take()
        values = {
            "currency": "EUR",
            "rate_to_reporting": Decimal("1"),
            "confidence": rng.choice(["low", "medium", "high"]),
            "benefit_cash_saving": Decimal(rng.randrange(20_000, 900_000, 1000)),
            "benefit_cost_avoidance": Decimal(rng.randrange(0, 200_000, 1000)),
            "benefit_revenue": Decimal(0),
            "productivity_hours": Decimal(rng.randrange(0, 5000, 10)),
            "productivity_hourly_rate": Decimal(55),
            "one_off_cost": Decimal(rng.randrange(10_000, 400_000, 1000)),
            "run_cost_model": Decimal(rng.randrange(5_000, 150_000, 1000)),
            "run_cost_infrastructure": Decimal(rng.randrange(1_000, 60_000, 1000)),
            "run_cost_people": Decimal(rng.randrange(10_000, 200_000, 1000)),
        }

        class Version:  # roi_figures reads attributes
            pass

        holder = Version()
        holder.__dict__.update(values)
        figures = roi_figures(holder)
        self.rois.add(
            rid,
            iid,
            version,
            phase,
            "EUR",
            values["rate_to_reporting"],
            at.date(),
            values["benefit_cash_saving"],
            values["benefit_cost_avoidance"],
            values["benefit_revenue"],
            values["productivity_hours"],
            values["productivity_hourly_rate"],
            values["one_off_cost"],
            values["run_cost_model"],
            values["run_cost_infrastructure"],
            values["run_cost_people"],
            values["confidence"],
            "Generated.",
            figures.reporting_annual_benefit,
            figures.reporting_net_annual_value,
            owner,
            at,
        )
        return rid

    def gate_review(
        self,
        chain,
        iid,
        key,
        phase,
        owner,
        sponsor,
        top,
        tier,
        roi_id,
        at,
        *,
        approved: bool,
        criteria: list[GateCriterion] | None = None,
    ) -> None:
        rng = self.rng
        rid = self.review_ids.take()
        digest = evidence_set_hash(criteria) if criteria else hashlib.sha256(f"review{rid}".encode()).hexdigest()
        requested = at - datetime.timedelta(days=3) if approved else at
        slots = [(role, 1) for role in self.matrix[phase]] + ([("compliance_officer", 2)] if tier == "high" else [])
        signers = self.unit_signers[top]
        who = {
            ("business_sponsor", 1): sponsor,
            ("coe_admin", 1): self.coe[0],
            ("compliance_officer", 1): signers["compliance_officer"][0],
            ("compliance_officer", 2): signers["compliance_officer"][1],
            ("security_reviewer", 1): signers["security_reviewer"][0],
            ("data_steward", 1): signers["data_steward"][0],
        }
        self.reviews.add(
            rid,
            iid,
            phase,
            1,
            "approved" if approved else "open",
            owner,
            requested,
            tier,
            json.dumps({"phase": phase, "risk_tier": tier, "evidence_hash": digest, "criteria": []}),
            digest,
            roi_id,
            1,
            at if approved else None,
            self.coe[0] if approved else None,
            "",
        )
        self.event(
            chain,
            owner,
            "gate_review.requested",
            "governance.gatereview",
            rid,
            f"{iid} {phase} #1",
            requested,
            after={"phase": phase, "attempt": 1, "evidence_hash": digest},
        )
        signed_count = len(slots) if approved else rng.randint(0, max(0, len(slots) - 1))
        for position, (role, ordinal) in enumerate(slots):
            sid = self.slot_ids.take()
            self.slots.add(sid, rid, role, ordinal, position, True)
            if position < signed_count:
                signer = who[(role, ordinal)]
                signed = requested + datetime.timedelta(hours=6 * (position + 1))
                self.signoffs.add(
                    rid,
                    sid,
                    1,
                    signer,
                    self.usernames[signer],
                    json.dumps({"role": role, "scope": "business_unit"}),
                    "approve",
                    "",
                    digest,
                    signed,
                )
                self.event(
                    chain,
                    signer,
                    "signoff.recorded",
                    "governance.gatereview",
                    rid,
                    f"{iid} {phase} #1",
                    signed,
                    after={"slot": role if ordinal == 1 else f"{role}_{ordinal}", "decision": "approve"},
                )
        if approved:
            self.event(
                chain,
                self.coe[0],
                "gate_review.approved",
                "governance.gatereview",
                rid,
                f"{iid} {phase} #1",
                at,
                after={"phase": phase, "round": 1},
            )

    def compliance_reviews(self, iid, tier, top, production_at) -> None:
        rng = self.rng
        officer = self.unit_signers[top]["compliance_officer"][0]
        step = cadence(tier)
        due = production_at.date() + step
        while due < self.now.date() - datetime.timedelta(days=30) and rng.random() < 0.9:
            done = datetime.datetime.combine(due - datetime.timedelta(days=2), datetime.time(14), tzinfo=datetime.UTC)
            self.compliance.add(
                iid, due, tier, officer, "completed", "All controls in place.", "pass", officer, done, done - step, "{}"
            )
            due = done.date() + step
        self.compliance.add(iid, due, tier, officer, "open", "", "", None, None, self.now, "{}")

    def event(self, chain: Chain, actor, verb, target_type, target_id, target_repr, at, *, after) -> None:
        chain.seq += 1
        actor_repr = self.usernames.get(actor, "system") if actor else "system"
        digest = event_hash(
            chain=chain.name,
            seq=chain.seq,
            prev_hash=chain.last,
            actor_id=actor,
            actor_repr=actor_repr,
            verb=verb,
            target_type=target_type,
            target_id=str(target_id),
            target_repr=target_repr,
            initiative_id=chain.initiative_id,
            before={},
            after=after,
            request_id="",
            at=at,
        )
        chain.events.append(
            (
                chain.name,
                chain.seq,
                actor,
                actor_repr,
                verb,
                target_type,
                str(target_id),
                target_repr,
                chain.initiative_id,
                "{}",
                json.dumps(after),
                "",
                at,
                chain.last,
                digest,
                HASH_SCHEME,
            )
        )
        chain.last = digest

    def flush_chain(self, chain: Chain) -> None:
        # Events of one initiative are hashed in sequence order; sorting by time would break the links.
        for row in chain.events:
            self.events.add(*row)
        self.heads.add(chain.name, chain.seq, chain.last)


def portfolio_is_generated() -> bool:
    """True when every business unit and initiative in the database came from this generator (or none exist)."""
    foreign_units = BusinessUnit.objects.exclude(code__startswith=GENERATED_PREFIX).exists()
    foreign_initiatives = Initiative.objects.exclude(title__startswith="Generated initiative").exists()
    return not (foreign_units or foreign_initiatives)


def seed_scale(*, initiatives: int, users: int, business_units: int, seed: int = 1, stdout=None) -> dict[str, int]:
    """Add a generated portfolio in one transaction; returns rows written per table."""
    if users < 200:
        raise ValueError("At least 200 users are needed for the generated cast.")
    seeder = Seeder(initiatives=initiatives, users=users, business_units=business_units, seed=seed, stdout=stdout)
    with transaction.atomic():
        seeder.make_users()
        seeder.make_units()
        seeder.make_roles()
        seeder.build()
        with connection.cursor() as cursor:
            for table in (
                "adoption_initiative",
                "adoption_gatecriterion",
                "governance_auditevent",
                "governance_roleassignment",
            ):
                cursor.execute(f"ANALYZE {table}")
    return seeder.stats
