"""Reminder policy (what is sent to whom and when), the outbox's record of handled audit events, and people's
locale (language, time zone, date style) for what they read and are sent."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models.fields import person_field
from governance.choices import Audience, ReminderKind

from .audit import AuditEvent


@pghistory.track()
class ReminderPolicy(models.Model):
    """When reminders of one kind fall due and who receives them; the CoE edits it (versioned and audited).

    ``steps`` is a list of ``{"at": n, "notify": [audience, ...], "escalation": bool}``. What ``at`` counts
    depends on the kind: percent of the phase time box used (hold excluded), days since a gate review was
    requested, days relative to a compliance review's due date (negative before it), days before a waiver expires.
    Each audience receives only the latest step it has reached, so a sweep that starts late sends one reminder,
    not a backlog. ``repeat_every_days`` repeats a compliance reminder after the due date.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    steps = models.JSONField(_("steps"), default=list)
    repeat_every_days = models.PositiveSmallIntegerField(_("repeat every (days)"), null=True, blank=True)
    repeat_audiences = ArrayField(
        models.CharField(max_length=30, choices=Audience.choices), default=list, blank=True, verbose_name=_("repeat to")
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = person_field(optional=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")

    def __str__(self) -> str:
        return self.get_kind_display()


class EventMark(models.Model):
    """An audit event a reader of the outbox has dealt with. The audit table is the outbox; a mark per event
    records what was handled, because audit ids do not commit in order and a high-water id would skip late
    commits."""

    event = models.OneToOneField(AuditEvent, primary_key=True, on_delete=models.PROTECT, related_name="+")
    handled_at = models.DateTimeField()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.event_id} @ {self.handled_at:%Y-%m-%d %H:%M}"


class HandledEvent(EventMark):
    """An audit event the notification outbox has turned into notifications."""

    notifications = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("handled audit event")
        verbose_name_plural = _("handled audit events")


class ReminderMark(models.Model):
    """Where a reminder sweep left one target: the basis it reminded on (what the target's clock and audience depend
    on, and the policy and global roles of that moment) and when its next step falls due (none: no later step).
    A sweep visits only the targets without a mark on their current basis or whose next step has come, so a repeat
    run reads what is due and nothing else; the dedupe keys still make each reminder once."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    target_id = models.BigIntegerField()
    basis = models.TextField()
    next_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reminder mark")
        verbose_name_plural = _("reminder marks")
        constraints = [models.UniqueConstraint(fields=["kind", "target_id"], name="reminder_mark_one_per_target")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.target_id}"


class DateStyle(models.TextChoices):
    """How a person's dates are written: as their language writes them (adoption.display), or ISO 8601."""

    LANGUAGE = "language", _("As my language writes them")
    ISO = "iso", _("ISO 8601 (2026-12-05)")


class UserPreference(models.Model):
    """A person's locale: the language of their pages, notifications and emails, their time zone and their date
    style (applied at sign-in and on every request, governance.middleware.PersonLocaleMiddleware)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="preference"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # The person's time zone (an IANA name such as Asia/Taipei), from single sign-on's ``zoneinfo`` claim.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    date_style = models.CharField(_("date style"), max_length=10, choices=DateStyle.choices, default=DateStyle.LANGUAGE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"
