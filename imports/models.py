"""An import batch: who brought which file in, when, its SHA-256, its counts and what each row did; and each object
it created or changed, so that it can be undone while nothing has changed since."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models import Initiative
from adoption.models.fields import person_field
from adoption.models.scoping import restricted


class ImportBatch(models.Model):
    """One applied file. ``rows`` holds what each row did (``imports.services.RowResult.as_dict``); ``last_event``
    is the id of the batch's last audit event: an initiative with a later event has changed since."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("bytes"))
    created_by = person_field()
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    counts = models.JSONField(default=dict)
    rows = models.JSONField(default=list)
    last_event = models.BigIntegerField(default=0)
    # Why it can never be undone (realised value recorded on initiatives that existed before: a ledger row stays).
    undo_blocked = models.CharField(max_length=500, blank=True)
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = person_field(optional=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"


class ImportChange(models.Model):
    """One object a batch created or changed: an initiative created or updated (``before``: the fields it had), a
    role granted or a realised value recorded (``object_id``)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Initiative created")
        UPDATED = "updated", _("Initiative updated")
        ROLE = "role", _("Role granted")
        VALUE = "value", _("Realised value recorded")

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    initiative = models.ForeignKey(Initiative, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    before = models.JSONField(default=dict)

    objects = restricted("initiative").as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["initiative"], name="importchange_initiative")]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.kind} {self.initiative_id}"
