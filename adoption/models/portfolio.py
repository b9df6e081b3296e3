"""Business units, initiatives, the three phase definitions and each initiative's stays in a phase."""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from adoption.choices import (
    DataClassification,
    FailureMode,
    HoldCause,
    ImportedStage,
    Phase,
    PhaseOutcome,
    RiskTier,
    Sourcing,
    Status,
)
from core.inputs import TEXT_LIMIT

from . import scoping
from .clock import PhaseClock, overdue_condition, phase_clock
from .fields import person_field
from .scoping import VIEW


class BusinessUnit(models.Model):
    """A node of the organisation tree; ``path`` ("/1/4/9/") makes "this unit and its sub-units" one index scan."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=500, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business unit")
        verbose_name_plural = _("business units")
        indexes = [models.Index(fields=["path"], name="bu_path_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.name

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit itself."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


@pghistory.track()
class PhaseDefinition(models.Model):
    """One of exactly three phases; the CoE edits the time box, never the number of phases."""

    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, unique=True)
    order = models.PositiveSmallIntegerField(unique=True)
    time_box_days = models.PositiveIntegerField(_("time box (days)"), default=60, validators=[MinValueValidator(1)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("phase definition")
        verbose_name_plural = _("phase definitions")

    def __str__(self) -> str:
        return self.get_phase_display()


class InitiativeQuerySet(models.QuerySet):
    def restrict(self, user, action: str = VIEW) -> InitiativeQuerySet:
        """Only the initiatives where ``user`` holds ``action`` (``adoption.models.scoping``)."""
        return self.filter(scoping._access().initiative_condition(user=user, action=action))

    def overdue(self, now: datetime.datetime | None = None) -> InitiativeQuerySet:
        """Active with their time box used up (``adoption.models.clock``)."""
        return self.filter(overdue_condition(now or timezone.now()))


class Initiative(models.Model):
    """A GenAI initiative moving through exploration, validation and scaling to production."""

    number = models.PositiveIntegerField(unique=True, editable=False)
    key = models.CharField(_("key"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    business_unit = models.ForeignKey(
        BusinessUnit,
        verbose_name=_("business unit"),
        on_delete=models.PROTECT,
        related_name="initiatives",
        db_index=False,  # initiative_unit_id below serves it, and answers "the ids in these units" from the index
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_initiatives"
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("business sponsor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsored_initiatives",
    )
    # The business-value hypothesis (seed 001, 3.1).
    pain_point = models.TextField(_("pain point"), blank=True)
    value_driver = models.TextField(_("value driver"), blank=True)
    kpi = models.CharField(_("KPI"), max_length=200, blank=True)
    kpi_baseline = models.CharField(_("KPI baseline"), max_length=100, blank=True)
    kpi_target = models.CharField(_("KPI target"), max_length=100, blank=True)

    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.EXPLORATION)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_before_hold = models.CharField(max_length=20, choices=Status.choices, blank=True)
    hold_reason = models.TextField(_("reason"), blank=True, max_length=TEXT_LIMIT)
    # Why it is on hold: a hold imposed by a failed compliance review is lifted by compliance alone.
    hold_cause = models.CharField(max_length=20, choices=HoldCause.choices, blank=True)
    hold_started_at = models.DateTimeField(null=True, blank=True)
    phase_entered_at = models.DateTimeField(_("phase entered at"))
    planned_phase_end = models.DateTimeField(_("planned phase end"))
    # Time on hold in the current phase; it does not count against the time box.
    phase_held_seconds = models.PositiveBigIntegerField(default=0)
    production_entered_at = models.DateTimeField(null=True, blank=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    risk_tier = models.CharField(_("risk tier"), max_length=20, choices=RiskTier.choices, default=RiskTier.UNASSESSED)
    data_classification = models.CharField(
        _("data classification"),
        max_length=20,
        choices=DataClassification.choices,
        default=DataClassification.UNCLASSIFIED,
    )
    sourcing = models.CharField(_("sourcing"), max_length=30, choices=Sourcing.choices, default=Sourcing.UNDECIDED)
    models_used = models.CharField(_("models and vendors used"), max_length=500, blank=True)
    selection_rationale = models.TextField(_("rationale for the chosen option"), blank=True, max_length=TEXT_LIMIT)
    # The latest ROI version, kept by roi_version_append so funnels sum hypotheses without a per-row lookup.
    current_roi = models.ForeignKey(
        "adoption.RoiVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_primary_failure_mode = models.CharField(max_length=40, choices=FailureMode.choices, blank=True)
    stop_contributing_modes = ArrayField(
        models.CharField(max_length=40, choices=FailureMode.choices), default=list, blank=True
    )
    stop_not_a_failure = models.BooleanField(default=False)
    stop_reason = models.TextField(_("why it was stopped"), blank=True, max_length=TEXT_LIMIT)

    # Voided: registered by mistake, or a duplicate merged into the initiative that carries on (``merged_into``).
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.TextField(_("why it was voided"), blank=True, db_default="", max_length=TEXT_LIMIT)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged", verbose_name=_("merged into")
    )

    # The route through the phases (``adoption.models.tracks``): which criteria and slots; none is the standard.
    track = models.ForeignKey(
        "adoption.Track", verbose_name=_("track"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Programmes and cohorts (``adoption.models.tags``).
    tags = models.ManyToManyField("adoption.Tag", verbose_name=_("tags"), blank=True, related_name="initiatives")
    # The id the initiative has in the spreadsheet or system it was imported from: imports upsert by it.
    external_id = models.CharField(_("external id"), max_length=100, null=True, blank=True, unique=True)
    # Imported straight into a later phase: the gates before it were passed elsewhere and are not recorded here.
    imported_at_phase = models.CharField(
        _("imported at"), max_length=20, choices=ImportedStage.choices, blank=True, db_default=""
    )

    created_by = person_field(optional=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: every service write increments it; a client sending an old one is refused.
    version = models.PositiveIntegerField(default=1)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            models.Index(fields=["business_unit", "status", "phase"], name="initiative_bu_status_phase"),
            models.Index(fields=["business_unit", "id"], name="initiative_unit_id"),
            models.Index(fields=["status", "phase"], name="initiative_status_phase"),
            models.Index(fields=["status", "planned_phase_end"], name="initiative_status_deadline"),
            # A board column (an active phase, or a status) in the board's order: its first cards are the index's
            # first entries, whatever the size of the column.
            models.Index(fields=["status", "phase", "planned_phase_end", "number"], name="initiative_board_column"),
            models.Index(fields=["owner"], name="initiative_owner"),
            # Cohorts: the quarters of creation (the funnel's filter choices) and a quarter's initiatives.
            models.Index(fields=["created_at"], name="initiative_created"),
            # The funnel's note on initiatives imported at a later stage: those few counted from the index alone.
            models.Index(
                fields=["imported_at_phase"],
                include=["status", "business_unit", "created_at", "id"],
                condition=~Q(imported_at_phase=""),
                name="initiative_imported_later",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="stopped") | models.Q(stopped_at__isnull=False),
                name="initiative_stopped_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="voided") | models.Q(voided_at__isnull=False),
                name="initiative_voided_has_time",
            ),
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("pk")), name="initiative_not_merged_into_itself"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_phase_end__gte=models.F("phase_entered_at")),
                name="initiative_phase_end_after_entry",
            ),
        ]
        # Object permissions granted through roles (see governance.permissions.ROLE_PERMISSIONS).
        permissions = [
            ("record_evidence", "Can record evidence on gate criteria"),
            ("record_roi", "Can record ROI versions, spend and realised value"),
            ("request_gate_review", "Can request a gate review"),
            ("hold_initiative", "Can put on hold and resume"),
            ("stop_initiative", "Can stop an initiative"),
            ("retire_initiative", "Can retire an initiative from production"),
            ("extend_phase", "Can extend the planned phase end"),
            ("propose_risk_tier", "Can propose a risk-tier change"),
            ("confirm_risk_tier", "Can confirm a risk-tier change"),
            ("complete_compliance_review", "Can complete compliance reviews"),
            ("view_audit_trail", "Can read the audit trail"),
            ("act_as_coe_admin", "Holds the CoE role"),
            ("act_as_initiative_owner", "Holds the initiative owner role"),
            ("act_as_contributor", "Holds the contributor role"),
            ("act_as_business_sponsor", "Holds the business sponsor role"),
            ("act_as_compliance_officer", "Holds the compliance officer role"),
            ("act_as_security_reviewer", "Holds the security reviewer role"),
            ("act_as_data_steward", "Holds the data steward role"),
            ("act_as_executive", "Holds the executive role"),
            ("act_as_auditor", "Holds the auditor role"),
            ("confirm_value", "Can confirm or adjust claimed realised value (finance)"),
            ("act_as_finance_controller", "Holds the finance controller role"),
            ("answer_applicability", "Can answer the regulatory applicability questionnaire"),
            ("act_as_independent_reviewer", "Holds the independent reviewer role"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    def phase_clock(self, now: datetime.datetime | None = None) -> PhaseClock | None:
        """Where the initiative stands in its phase's time box (``adoption.models.clock``)."""
        return phase_clock(self, now or timezone.now())

    def is_overdue(self, now: datetime.datetime | None = None) -> bool:
        """Active with its time box used up (``adoption.models.clock``)."""
        return self.status == Status.ACTIVE and (now or timezone.now()) >= self.planned_phase_end

    @property
    def is_open(self) -> bool:
        """Still moving: active in a phase or in production (not stopped or retired)."""
        return self.status in (Status.ACTIVE, Status.IN_PRODUCTION, Status.ON_HOLD)


class PhaseStint(models.Model):
    """One stay of an initiative in a phase: the funnel's durations and conversions are computed from these."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="stints")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    entered_at = models.DateTimeField()
    exited_at = models.DateTimeField(null=True, blank=True)
    held_seconds = models.PositiveBigIntegerField(default=0)
    outcome = models.CharField(max_length=20, choices=PhaseOutcome.choices, blank=True)
    # Days in the phase without the time on hold, once the stay has ended; the funnel's percentiles read it
    # through the index below in order instead of sorting every stay.
    days = models.GeneratedField(
        expression=(
            Func(F("exited_at") - F("entered_at"), template="EXTRACT(EPOCH FROM %(expressions)s)") - F("held_seconds")
        )
        / Value(86400.0),
        output_field=models.FloatField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["entered_at"]
        constraints = [models.UniqueConstraint(fields=["initiative", "phase"], name="stint_one_per_phase")]
        indexes = [
            models.Index(fields=["phase", "outcome"], name="stint_phase_outcome"),
            models.Index(fields=["phase", "days"], name="stint_finished_days", condition=Q(exited_at__isnull=False)),
            # A scope's finished stays (a user's units: the funnel's days per phase) read from the index alone.
            models.Index(
                fields=["initiative"],
                include=["phase", "days"],
                name="stint_finished_by_initiative",
                condition=Q(exited_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.phase}"
