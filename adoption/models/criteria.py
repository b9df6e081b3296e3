"""Gate criterion templates (versioned), the criteria an initiative must meet per phase, and their evidence."""

import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.choices import Comparator, CriterionKind, CriterionStatus, EvidenceKind, Phase, Role

from .fields import append_only, person_field
from .portfolio import Initiative
from .scoping import InitiativeRecord, restricted


class GateCriterionTemplate(models.Model):
    """What a phase's exit requires. Edits create a new version; instantiated criteria keep theirs."""

    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    code = models.SlugField(_("code"), max_length=60)
    version = models.PositiveIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices)
    comparator = models.CharField(_("comparator"), max_length=3, choices=Comparator.choices, blank=True)
    threshold = models.DecimalField(_("threshold"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    validity_days = models.PositiveIntegerField(
        _("evidence validity (days)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    waivable_by_role = models.CharField(_("may be waived by"), max_length=30, choices=Role.choices, blank=True)
    # The metric of a CI evaluation run that records this criterion's value (e.g. "faithfulness"), unless an
    # initiative's criterion names its own.
    evaluation_metric = models.CharField(_("evaluation metric"), max_length=100, blank=True, db_default="")
    # The initiative's data judges this criterion: the code of one function of ``adoption.derivations.DERIVATIONS``
    # (empty: people mark it). A derived criterion follows the data and is never marked by hand.
    derived = models.CharField(_("derived from"), max_length=40, blank=True, db_default="")
    # A regime's obligation produces this criterion (``regimes``): its regime and obligation codes, the citation
    # (``{"instrument": {language: text}, "article": "Art. 26"}``) and the obligation's title in each language. Such
    # templates are instantiated only for initiatives the obligation applies to, and their criteria are never deleted.
    regime = models.CharField(_("regime"), max_length=60, blank=True, db_default="")
    obligation = models.CharField(_("obligation"), max_length=100, blank=True, db_default="")
    citation = models.JSONField(_("citation"), default=dict, blank=True)
    texts = models.JSONField(_("title in each language"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phase", "order", "code", "-version"]
        verbose_name = _("gate criterion template")
        verbose_name_plural = _("gate criterion templates")
        constraints = [
            models.UniqueConstraint(fields=["phase", "code", "version"], name="template_version_unique"),
            models.UniqueConstraint(
                fields=["phase", "code"], condition=models.Q(is_current=True), name="template_one_current"
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["metric", "duration", "reality_gap"])
                | (models.Q(threshold__isnull=False) & ~models.Q(comparator="")),
                name="template_metric_has_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.phase}/{self.code} v{self.version}"

    @property
    def is_measured(self) -> bool:
        return self.kind in (CriterionKind.METRIC, CriterionKind.DURATION, CriterionKind.REALITY_GAP)


class GateCriterion(InitiativeRecord):
    """One criterion of one initiative in one phase, instantiated from a template version on phase entry."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="criteria")
    phase = models.CharField(max_length=20, choices=Phase.choices)
    template = models.ForeignKey(GateCriterionTemplate, on_delete=models.PROTECT, related_name="+")
    code = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=20, choices=CriterionStatus.choices, default=CriterionStatus.OPEN)
    metric_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    # Benchmark against reality: the offline evaluation score and the task success real users had (the same
    # scale); the measured value is the gap, offline minus real.
    offline_score = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    real_success = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    evidence_date = models.DateField(null=True, blank=True)
    # The period a duration criterion measures (e.g. the first and last day of real-user testing); a derived
    # duration counts its days from these.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    # Hash of the newest evidence version; the evidence-set hash of a gate review is built from these.
    latest_evidence_sha256 = models.CharField(max_length=64, blank=True)
    evidence_count = models.PositiveIntegerField(default=0)
    updated_by = person_field(optional=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    stale_since = models.DateTimeField(null=True, blank=True)
    waiver_reason = models.TextField(_("waiver reason"), blank=True, max_length=2000)
    waived_by = person_field(optional=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    waiver_expires_on = models.DateField(null=True, blank=True)
    # This initiative's binding of a CI evaluation metric to the criterion (the template's otherwise).
    evaluation_metric = models.CharField(max_length=100, blank=True, db_default="")
    # False once the obligation that produced the criterion no longer applies (a catalogue change, new answers):
    # kept with its evidence, no longer asked for at the gate.
    required = models.BooleanField(default=True, db_default=True)

    @property
    def bound_metric(self) -> str:
        """The CI evaluation metric that records this criterion's value: the initiative's own, else the template's."""
        return self.evaluation_metric or self.template.evaluation_metric

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("gate criterion")
        verbose_name_plural = _("gate criteria")
        constraints = [
            models.UniqueConstraint(fields=["initiative", "phase", "code"], name="criterion_unique_per_phase"),
            models.CheckConstraint(
                condition=~models.Q(status="waived")
                | (models.Q(waived_by__isnull=False) & models.Q(waiver_expires_on__isnull=False)),
                name="criterion_waiver_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "evidence_date"], name="criterion_status_date"),
            models.Index(fields=["status", "waiver_expires_on"], name="criterion_status_waiver"),
            # The stale-evidence sweep: met criteria by template and evidence date (``stale_candidates``), with what
            # it joins on, so that it reads the index alone.
            models.Index(
                fields=["template", "evidence_date"],
                include=["initiative", "phase"],
                name="criterion_met_evidence",
                condition=models.Q(status="met"),
            ),
            # Who waived what, per initiative (the eligibility of gate-review signers, reviews in batches).
            models.Index(
                fields=["initiative"], name="criterion_waived_by", condition=models.Q(waived_by__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}/{self.phase}/{self.code}"

    def evidence_expires_on(self) -> datetime.date | None:
        """The last day the recorded evidence counts, or None when it does not expire."""
        if self.evidence_date is None or self.template.validity_days is None:
            return None
        return self.evidence_date + datetime.timedelta(days=self.template.validity_days)

    def effective_status(self, today: datetime.date) -> str:
        """The status as of ``today``: met evidence past its validity or a waiver past its expiry is stale."""
        if self.status == CriterionStatus.MET:
            expires = self.evidence_expires_on()
            if expires is not None and today > expires:
                return CriterionStatus.STALE
        if self.status == CriterionStatus.WAIVED and self.waiver_expires_on and today > self.waiver_expires_on:
            return CriterionStatus.STALE
        return self.status


def evidence_upload_to(instance: "EvidenceVersion", filename: str) -> str:
    # The hash names the file: uploads never overwrite one another and identical files are recognisable.
    return f"evidence/{instance.criterion.initiative_id}/{instance.sha256[:2]}/{instance.sha256}/{filename}"


class EvidenceVersion(models.Model):
    """An append-only version of a criterion's evidence (text, link or file) with its SHA-256."""

    criterion = models.ForeignKey(GateCriterion, on_delete=models.CASCADE, related_name="evidence_versions")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    text = models.TextField(blank=True)
    url = models.URLField(max_length=1000, blank=True)
    file = models.FileField(upload_to=evidence_upload_to, max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    metric_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    evidence_date = models.DateField(null=True, blank=True)
    created_by = person_field()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = restricted("criterion__initiative").as_manager()

    class Meta:
        ordering = ["criterion", "version"]
        verbose_name = _("evidence version")
        verbose_name_plural = _("evidence versions")
        constraints = [models.UniqueConstraint(fields=["criterion", "version"], name="evidence_version_unique")]
        triggers = [append_only("evidence_append_only")]

    def __str__(self) -> str:
        return f"{self.criterion_id} v{self.version}"
