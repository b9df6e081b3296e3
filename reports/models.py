"""Month-end board packs: the figures of a month, frozen once as a snapshot with its SHA-256, never changed.

A pack's PDFs are not stored: they are rendered again from the stored snapshot whenever they are read, and the
SHA-256 of each language's PDF recorded at creation says whether the bytes are the same (``reports.pdf``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models.fields import append_only, person_field


class BoardPack(models.Model):
    month = models.DateField(_("month"), unique=True, help_text="The first day of the month the pack reports on.")
    snapshot = models.JSONField(help_text="The sections' figures as frozen (reports.sections), canonical JSON.")
    snapshot_sha256 = models.CharField(max_length=64)
    # Language ("en", "zh-hant", "zh-hans") → SHA-256 of the PDF rendered from the snapshot at creation.
    pdf_sha256 = models.JSONField(default=dict)
    # Null: taken by the monthly task.
    created_by = person_field(optional=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-month"]
        triggers = [append_only("boardpack_append_only")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
