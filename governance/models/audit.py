"""The append-only, hash-chained audit trail."""

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models import Initiative
from adoption.models.fields import append_only, person_field
from adoption.models.scoping import InitiativeRecord


def no_truncate(name: str) -> pgtrigger.Trigger:
    """A statement trigger that refuses TRUNCATE (row triggers never see one). Only a session that says
    ``SET audit.allow_truncate = 'on'`` gets through: the test suite's database flush. The application's runtime role
    holds no TRUNCATE privilege at all, and a TRUNCATE by the owner shows against the signed checkpoints."""
    return pgtrigger.Trigger(
        name=name,
        operation=pgtrigger.Truncate,
        level=pgtrigger.Statement,
        when=pgtrigger.Before,
        func=(
            "IF coalesce(current_setting('audit.allow_truncate', true), '') = 'on' THEN RETURN NULL; END IF; "
            "RAISE EXCEPTION 'The audit trail is append-only: TRUNCATE of % refused', TG_TABLE_NAME;"
        ),
    )


class AuditChainHead(models.Model):
    """The last link of one chain. Each initiative has its own chain, so writers on different ones never wait.
    PostgreSQL refuses deleting a head, moving it backwards and TRUNCATE, as for the events."""

    chain = models.CharField(max_length=60, primary_key=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        triggers = [
            pgtrigger.Protect(name="audit_head_no_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="audit_head_forward_only",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(new__seq__lt=pgtrigger.F("old__seq"))
                | pgtrigger.Q(new__chain__df=pgtrigger.F("old__chain")),
            ),
            no_truncate("audit_head_no_truncate"),
        ]

    def __str__(self) -> str:
        return f"{self.chain}@{self.seq}"


class AuditEvent(InitiativeRecord):
    """Who did what to what, with before/after, chained by hash. PostgreSQL refuses UPDATE and DELETE."""

    chain = models.CharField(max_length=60)
    seq = models.PositiveBigIntegerField()
    actor = person_field(optional=True)
    actor_repr = models.CharField(max_length=300)
    verb = models.CharField(max_length=80)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=60)
    target_repr = models.CharField(max_length=300)
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    request_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # "sha256" (events recorded before keyed hashing) or "hmac-sha256" (keyed with AUDIT_HMAC_KEY, which the
    # database does not hold: whoever can write rows cannot forge a hash).
    hash_scheme = models.CharField(max_length=20, default="sha256")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq_unique")]
        indexes = [
            models.Index(fields=["initiative", "at"], name="audit_initiative_at"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["at"], name="audit_at"),
            models.Index(fields=["verb", "at"], name="audit_verb_at"),
            # The notification outbox's search for unhandled events reads their ids from the index alone.
            models.Index(fields=["verb", "at"], include=["id"], name="audit_verb_at_id"),
        ]
        triggers = [
            append_only("audit_append_only"),
            no_truncate("audit_no_truncate"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_repr} {self.verb} {self.target_repr}"
