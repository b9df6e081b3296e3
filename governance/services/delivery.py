"""Notifications created exactly once and emailed in the recipient's language.

Every reminder and event notification is a ``Notification`` row with a unique ``dedupe_key``; rows are inserted
with ``ON CONFLICT DO NOTHING``, so a sweep that runs twice, overlaps another or is redelivered creates nothing
new. New rows that need an email are handed to the ``governance.send_notification`` task once the transaction
commits. The task locks the row, sends, and marks it sent; a row the task never reached (broker down, worker
lost) or that failed is picked up again by ``notifications_resend_due`` after ``RESEND_AFTER``. Email is
at-least-once: a process killed between the SMTP server accepting a message and the commit sends it again.
"""

from __future__ import annotations

import datetime
import enum
import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from kombu.exceptions import OperationalError as BrokerError

from governance.messages import action_label, display_data, notification_texts
from governance.models import Notification, NotificationStatus, UserPreference
from governance.recipients import recipients

logger = logging.getLogger(__name__)

SEND_TASK = "governance.send_notification"
# A row the send task has not delivered by then is the resend sweep's job.
RESEND_AFTER = datetime.timedelta(minutes=5)
RESEND_MAX_DELAY = datetime.timedelta(hours=6)
# After this many attempts a failed email stays failed (visible with its last error) until someone looks.
MAX_ATTEMPTS = 12
# Publishing happens after a commit, often in a request: give up quickly and leave the row to the resend sweep.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# PostgreSQL takes at most 65,535 parameters per statement.
INSERT_CHUNK = 1000


class SendOutcome(enum.StrEnum):
    SENT = "sent"
    IN_APP = "in_app"  # nobody to email: no address, or the account is deactivated
    SKIPPED = "skipped"  # already sent, or another worker holds it right now
    DEFERRED = "deferred"  # a transient error; try again soon
    FAILED = "failed"


@dataclass
class Draft:
    """A notification to create unless its dedupe key exists already."""

    recipient_id: int
    kind: str
    dedupe_key: str
    context: dict = field(default_factory=dict)
    url: str = ""
    initiative_id: int | None = None
    target_type: str = ""
    target_id: str = ""


def notifications_create(drafts: Iterable[Draft]) -> list[int]:
    """Insert the drafts whose dedupe key is new and queue their emails for after the commit; returns the new ids.

    Two queries (recipients, one INSERT per 1,000 rows), whatever the number of drafts. Subject and message are
    stored in each recipient's language for the notification centre; the email is rendered again when sent.
    """
    unique = {draft.dedupe_key: draft for draft in drafts}
    if not unique:
        return []
    people = recipients(draft.recipient_id for draft in unique.values())
    now = timezone.now()
    rows = []
    # One order for every writer, so concurrent sweeps inserting the same keys wait for each other, never deadlock.
    for key in sorted(unique):
        draft = unique[key]
        person = people.get(draft.recipient_id)
        if person is None:
            continue  # deactivated since the sweep read the target
        with translation.override(person.language):
            subject, message = notification_texts(draft.kind, draft.context)
        rows.append(
            Notification(
                recipient_id=draft.recipient_id,
                kind=draft.kind,
                initiative_id=draft.initiative_id,
                target_type=draft.target_type,
                target_id=draft.target_id,
                subject=subject,
                message=message,
                url=draft.url,
                context=draft.context,
                dedupe_key=draft.dedupe_key,
                status=NotificationStatus.PENDING if person.email else NotificationStatus.IN_APP,
                next_attempt_at=now + RESEND_AFTER if person.email else None,
            )
        )
    created: list[int] = []
    to_email: list[int] = []
    for start in range(0, len(rows), INSERT_CHUNK):
        for pk, status in _insert_new(rows[start : start + INSERT_CHUNK]):
            created.append(pk)
            if status == NotificationStatus.PENDING:
                to_email.append(pk)
    if to_email:
        # robust: the caller's work is committed by then; a publishing problem must not turn it into an error.
        transaction.on_commit(lambda: enqueue_sends(to_email), robust=True)
    return created


def _insert_new(rows: list[Notification]) -> list[tuple[int, str]]:
    """INSERT ... ON CONFLICT (dedupe_key) DO NOTHING RETURNING the rows actually inserted.

    ``bulk_create(ignore_conflicts=True)`` would not say which rows were new, and only those get an email.
    """
    if not rows:
        return []
    fields = [f for f in Notification._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [f.get_db_prep_save(f.pre_save(row, add=True), connection) for row in rows for f in fields]
    # Table and column names come from the model; every value is bound.
    values = ", ".join([row_sql] * len(rows))
    sql = f"INSERT INTO {quote(Notification._meta.db_table)} ({columns}) VALUES {values} "  # noqa: S608
    sql += "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, status"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def enqueue_sends(notification_ids: list[int]) -> int:
    """Hand each email to a worker; returns how many were queued. If the broker cannot be reached the rest stay
    pending, and the resend sweep delivers them: a broker outage delays email, it loses none."""
    for queued, pk in enumerate(notification_ids):
        try:
            current_app.send_task(SEND_TASK, args=[pk], retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        except (BrokerError, OSError) as exc:
            logger.warning(
                "Broker unreachable (%s); %d notification email(s) left for the resend sweep.",
                exc,
                len(notification_ids) - queued,
            )
            return queued
    return len(notification_ids)


# --- Sending ------------------------------------------------------------------------------------------------------


def is_transient(exc: BaseException) -> bool:
    """Worth retrying: the mail server or the network is unavailable, or answered with a 4xx (try later) code."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _message in exc.recipients.values())
    if isinstance(exc, smtplib.SMTPServerDisconnected | smtplib.SMTPConnectError):
        return True
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPException):
        return False
    return isinstance(exc, OSError)  # refused, reset, timed out, name not resolved


def _resend_delay(attempts: int) -> datetime.timedelta:
    # The task's own retries come first; after them the sweep waits longer each time, up to six hours.
    return min(RESEND_AFTER * 2 ** max(attempts - 6, 0), RESEND_MAX_DELAY)


def _language(user) -> str:
    try:
        return user.preference.language
    except UserPreference.DoesNotExist:
        return settings.LANGUAGE_CODE


def render_email(notification: Notification, *, language: str) -> EmailMultiAlternatives:
    """The email of ``notification`` in ``language``: plain text and HTML from templates/email/, with a link to the
    page that needs action."""
    user = notification.recipient
    with translation.override(language):
        subject, message = notification_texts(notification.kind, notification.context)
        context = {
            "name": user.get_full_name() or user.get_username(),
            "subject": subject,
            "message": message,
            "action_url": settings.SITE_URL.rstrip("/") + notification.url if notification.url else "",
            "action_label": action_label(notification.kind),
            "site_url": settings.SITE_URL,
            "data": display_data(notification.kind, notification.context),
        }
        text = render_to_string([f"email/{notification.kind}.txt", "email/notification.txt"], context)
        html = render_to_string([f"email/{notification.kind}.html", "email/notification.html"], context)
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    email.attach_alternative(html, "text/html")
    return email


def notification_send(*, notification_id: int, final_attempt: bool = True) -> SendOutcome:
    """Email one notification unless it is already sent or another worker is sending it.

    The row stays locked while the message goes out, so a redelivered task or the resend sweep waiting behind it
    finds it sent. A transient failure is recorded and answered ``DEFERRED`` (``FAILED`` on the final attempt,
    and the resend sweep tries again later); any other failure is ``FAILED`` at once.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient", "recipient__preference")
            .filter(pk=notification_id, status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED])
            .first()
        )
        if notification is None:
            return SendOutcome.SKIPPED
        user = notification.recipient
        now = timezone.now()
        if not user.is_active or not user.email:
            notification.status = NotificationStatus.IN_APP
            notification.next_attempt_at = None
            notification.save(update_fields=["status", "next_attempt_at"])
            return SendOutcome.IN_APP
        notification.attempts += 1
        try:
            render_email(notification, language=_language(user)).send()
        except Exception as exc:
            transient = is_transient(exc)
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if transient and not final_attempt:
                outcome = SendOutcome.DEFERRED
                notification.status = NotificationStatus.PENDING
                notification.next_attempt_at = now + RESEND_AFTER
            else:
                outcome = SendOutcome.FAILED
                notification.status = NotificationStatus.FAILED
                retry = transient and notification.attempts < MAX_ATTEMPTS
                notification.next_attempt_at = now + _resend_delay(notification.attempts) if retry else None
                logger.warning("Notification %s not emailed: %s", notification.pk, notification.last_error)
            notification.save(update_fields=["status", "attempts", "last_error", "next_attempt_at"])
            return outcome
        notification.status = NotificationStatus.SENT
        notification.emailed_at = now
        notification.last_error = ""
        notification.next_attempt_at = None
        notification.save(update_fields=["status", "attempts", "last_error", "next_attempt_at", "emailed_at"])
    return SendOutcome.SENT


def notifications_resend_due(
    *, now: datetime.datetime | None = None, batch_size: int = 100, everything_pending: bool = False
) -> int:
    """Email the pending and failed notifications whose send is overdue (the task never ran, or failed).

    ``everything_pending`` sends every unsent one now, in this process (``run_sweeps --send``, no worker needed).
    Returns how many were sent.
    """
    now = now or timezone.now()
    due = Notification.objects.filter(
        status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED], attempts__lt=MAX_ATTEMPTS
    )
    if not everything_pending:
        due = due.filter(next_attempt_at__lte=now)
    sent = 0
    last = 0
    while True:
        ids = list(due.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
        for pk in ids:
            if notification_send(notification_id=pk) == SendOutcome.SENT:
                sent += 1
        if len(ids) < batch_size:
            return sent
        last = ids[-1]
