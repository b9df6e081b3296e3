"""In-app notifications, which are also the outbox of emails: one row per reminder or event, deduplicated."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from adoption.models import Initiative


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be emailed")
    SENDING = "sending", _("Being emailed")
    SENT = "sent", _("Emailed")
    FAILED = "failed", _("Email failed")
    IN_APP = "in_app", _("In-app only")


class Notification(models.Model):
    """A message to one person. ``dedupe_key`` (target, kind, threshold, period) makes every reminder exactly once."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.CharField(max_length=60, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    message = models.TextField(_("message"))
    url = models.CharField(max_length=500, blank=True)
    # Values the email templates render in the recipient's language.
    context = models.JSONField(default=dict, blank=True)
    dedupe_key = models.CharField(max_length=300, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=NotificationStatus.choices, default=NotificationStatus.PENDING)
    emailed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # When the resend sweep should email it if the send task has not (broker down, worker lost, SMTP failing).
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["status", "created_at"], name="notification_outbox"),
            models.Index(fields=["status", "next_attempt_at"], name="notification_resend"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.subject}"
