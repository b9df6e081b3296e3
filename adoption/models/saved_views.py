"""Saved views of the portfolio: a named set of the board's filters (and the table's sort)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import person_field


class SavedView(models.Model):
    """A named set of the portfolio's filters: its person's own, or shared by the CoE with everyone signed in.

    ``filters`` holds the query the board and the table read (``adoption.filters.BoardFilterForm``'s fields and
    ``sort``), as checked by ``adoption.services.saved_views.saved_view_create``."""

    name = models.CharField(_("name"), max_length=100)
    person = person_field(related_name="saved_views")
    shared = models.BooleanField(_("shared with everyone"), default=False)
    filters = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [models.UniqueConstraint(fields=["person", "name"], name="saved_view_one_name_per_person")]
        indexes = [models.Index(fields=["name"], condition=models.Q(shared=True), name="saved_view_shared")]

    def __str__(self) -> str:
        return self.name
