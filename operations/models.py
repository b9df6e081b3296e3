"""Life after production: the filings register, production change requests, incidents with their notification
deadlines, and the retirement checklist. Every row belongs to an initiative (``InitiativeRecord``: restricted by
``objects.restrict(user, action)``); regimes and obligations are named by their stable codes, not by foreign keys,
so a filing outlives the catalogue version that asked for it."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from adoption.choices import Phase
from adoption.models import Initiative
from adoption.models.fields import append_only, person_field
from adoption.models.scoping import InitiativeRecord, restricted
from core.inputs import TEXT_LIMIT
from operations.choices import ChangeKind, ChangeStatus, FilingKind, FilingStatus, IncidentStatus, Severity

CODE_LENGTH = 80


class Filing(InitiativeRecord):
    """A filing or registration with an authority that an obligation of a regime asks for."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="filings")
    regime = models.CharField(_("regime"), max_length=CODE_LENGTH)
    obligation = models.CharField(_("obligation"), max_length=CODE_LENGTH)
    kind = models.CharField(_("kind"), max_length=30, choices=FilingKind.choices)
    # The authority's name in each language ({"en", "zh-hant", "zh-hans"}), from the catalogue.
    authority = models.JSONField(_("authority"), default=dict)
    # The gate the filing keeps shut until it is approved or waived ("" blocks none).
    blocks_phase = models.CharField(_("blocks the gate of"), max_length=20, choices=Phase.choices, blank=True)
    # The change kinds after which the filing must be made again.
    refile_on = ArrayField(models.CharField(max_length=20, choices=ChangeKind.choices), default=list, blank=True)
    reference = models.CharField(_("reference number"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FilingStatus.choices, default=FilingStatus.DRAFT)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["initiative", "regime", "obligation"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "regime", "obligation"], name="filing_one_per_obligation")
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="filing_status_due")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.regime}/{self.obligation} ({self.status})"


def filing_upload_to(instance: "FilingDocument", filename: str) -> str:
    return f"filings/{instance.initiative_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class FilingDocument(InitiativeRecord):
    """A document of a filing (what was filed, the authority's answer), with its SHA-256; never changed."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="+")
    filing = models.ForeignKey(Filing, on_delete=models.PROTECT, related_name="documents")
    file = models.FileField(upload_to=filing_upload_to, max_length=500)
    file_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_LIMIT)
    created_by = person_field()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["filing", "created_at", "pk"]
        verbose_name = _("filing document")
        verbose_name_plural = _("filing documents")
        triggers = [append_only("filing_document_append_only")]

    def __str__(self) -> str:
        return f"{self.filing_id}: {self.file_name}"


class ChangeRequest(InitiativeRecord):
    """A change to an initiative in production; what must be redone is decided when it is requested
    (``operations.changes.change_requirements``) and kept with it, and it applies once every slot has signed."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="change_requests")
    kinds = ArrayField(models.CharField(max_length=20, choices=ChangeKind.choices), verbose_name=_("what changes"))
    description = models.TextField(_("description"), max_length=TEXT_LIMIT)
    from_value = models.CharField(_("from"), max_length=500, blank=True)
    to_value = models.CharField(_("to"), max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING)
    # What the change asks for (reopened criteria, a new ROI estimate, the questionnaire, filings to refile), and the
    # slots that sign it, as decided when it was requested.
    requirements = models.JSONField(default=dict)
    requested_by = person_field()
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = person_field(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative"], condition=models.Q(status="pending"), name="change_request_one_pending"
            ),
            models.CheckConstraint(condition=~models.Q(kinds=[]), name="change_request_names_a_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {', '.join(self.kinds)} ({self.status})"


class ChangeApproval(models.Model):
    """One slot's signature on a change request (four eyes: never its requester)."""

    change = models.ForeignKey(ChangeRequest, on_delete=models.PROTECT, related_name="approvals")
    role = models.CharField(max_length=30)
    signed_by = person_field()
    signed_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)

    objects = restricted("change__initiative").as_manager()

    class Meta:
        ordering = ["change", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["change", "role"], name="change_approval_one_per_slot"),
            models.UniqueConstraint(fields=["change", "signed_by"], name="change_approval_one_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.change_id}: {self.role}"


class Incident(InitiativeRecord):
    """Something that went wrong with an initiative's system."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="incidents")
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices)
    summary = models.TextField(_("what happened"), max_length=TEXT_LIMIT)
    people_affected = models.PositiveIntegerField(_("people affected"), default=0)
    detected_at = models.DateTimeField(_("detected at"))
    contained_at = models.DateTimeField(_("contained at"), null=True, blank=True)
    status = models.CharField(max_length=20, choices=IncidentStatus.choices, default=IncidentStatus.OPEN)
    recorded_by = person_field()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-detected_at", "-pk"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [models.Index(fields=["initiative", "status"], name="incident_initiative_status")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.severity} at {self.detected_at:%Y-%m-%d %H:%M}"


class IncidentDeadline(InitiativeRecord):
    """When an incident must be reported to an authority under one obligation; reporting it closes the deadline."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="deadlines")
    regime = models.CharField(_("regime"), max_length=CODE_LENGTH)
    obligation = models.CharField(_("obligation"), max_length=CODE_LENGTH)
    authority = models.JSONField(_("authority"), default=dict)
    hours = models.PositiveIntegerField(_("hours"))
    due_at = models.DateTimeField(_("report due at"))
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reference = models.CharField(_("report reference"), max_length=120, blank=True)
    reported_by = person_field(optional=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("incident report deadline")
        verbose_name_plural = _("incident report deadlines")
        constraints = [
            models.UniqueConstraint(fields=["incident", "regime", "obligation"], name="incident_deadline_unique")
        ]
        indexes = [models.Index(fields=["reported_at", "due_at"], name="incident_deadline_open_due")]

    def __str__(self) -> str:
        return f"{self.incident_id}: {self.regime}/{self.obligation} by {self.due_at:%Y-%m-%d %H:%M}"


class RetirementItem(InitiativeRecord):
    """A ticked item of an initiative's retirement checklist (the checklist itself comes from the catalogue and the
    defaults: ``operations.selectors.retirement.retirement_checklist``)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="retirement_items")
    code = models.CharField(max_length=CODE_LENGTH)
    note = models.TextField(_("note"), blank=True, max_length=TEXT_LIMIT)
    done_by = person_field()
    done_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["initiative", "code"]
        verbose_name = _("retirement checklist item")
        verbose_name_plural = _("retirement checklist items")
        constraints = [models.UniqueConstraint(fields=["initiative", "code"], name="retirement_item_once")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.code}"
