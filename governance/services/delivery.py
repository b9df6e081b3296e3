"""Notifications created exactly once and emailed in the recipient's language.

Every reminder and event notification is a ``Notification`` row with a unique ``dedupe_key``; rows are inserted
with ``ON CONFLICT DO NOTHING``, so a sweep that runs twice, overlaps another or is redelivered creates nothing
new. New rows that need an email are handed to the workers once the transaction commits, a group to a
``governance.send_notifications`` task; for each row it locks the row, sends, and marks it sent, and hands one a
transient error deferred to the ``governance.send_notification`` task, which retries it with backoff. A row no
task reached (broker down, worker lost) or that failed is picked up again by ``notifications_resend_due`` after
``RESEND_AFTER``. A send is claimed first (status ``sending``, committed) and marked sent after the SMTP server
accepts the message, so a redelivered task never sends it twice; a claim whose worker died (older than
EMAIL_SEND_CLAIM_SECONDS) is marked failed, not sent again, because nobody knows whether the message left: every
email is sent at most once, and one whose fate is unknown says so.
"""

from __future__ import annotations

import datetime
import enum
import json
import logging
import smtplib
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.backends.postgresql.base import ServerBindingCursor
from django.template.loader import render_to_string
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from core.web import person_name
from governance import person_facts
from governance.locale import PersonLocale, applied, preference_locale
from governance.messages import NotificationTexts, action_label, as_of, display_data, notification_texts
from governance.models import Notification, NotificationStatus, UserPreference
from governance.recipients import recipients

logger = logging.getLogger(__name__)

SEND_TASK = "governance.send_notification"
# The emails one commit makes are queued SEND_GROUP_SIZE to a message: publishing costs about a quarter of a
# millisecond per message, and the first sweep over a large portfolio makes hundreds of thousands of reminders.
SEND_GROUP_TASK = "governance.send_notifications"
SEND_GROUP_SIZE = 50
# A row the send task has not delivered by then is the resend sweep's job.
RESEND_AFTER = datetime.timedelta(minutes=5)
RESEND_MAX_DELAY = datetime.timedelta(hours=6)
# After this many attempts a failed email stays failed (visible with its last error) until someone looks.
MAX_ATTEMPTS = 12
# Publishing happens after a commit, often in a request: give up quickly and leave the row to the resend sweep.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


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

    At most three queries whatever the number of drafts: the keys that exist already, the recipients of the new
    drafts and one INSERT; only the first when every key exists (a sweep's repeat run). Only new drafts are
    rendered, each text once per language, kind and context. Subject and message are stored in each recipient's
    language for the notification centre; the email is rendered again when sent.
    """
    unique = {draft.dedupe_key: draft for draft in drafts}
    if not unique:
        return []
    existing = _existing_keys(list(unique))
    # One order for every writer, so concurrent sweeps inserting the same keys wait for each other, never deadlock.
    new = [unique[key] for key in sorted(unique) if key not in existing]
    if not new:
        return []
    people = recipients(draft.recipient_id for draft in new)
    new = [draft for draft in new if draft.recipient_id in people]  # the others were deactivated meanwhile
    if not new:
        return []
    encode = Notification._meta.get_field("context").encoder
    contexts = [json.dumps(draft.context, cls=encode, sort_keys=True) for draft in new]
    texts = _texts(new, contexts, {pk: person.language for pk, person in people.items()})
    now = timezone.now()
    emailed = [bool(people[draft.recipient_id].email) for draft in new]
    columns = {
        "recipient": [draft.recipient_id for draft in new],
        "kind": [draft.kind for draft in new],
        "initiative": [draft.initiative_id for draft in new],
        "target_type": [draft.target_type for draft in new],
        "target_id": [draft.target_id for draft in new],
        "subject": [subject for subject, _message in texts],
        "message": [message for _subject, message in texts],
        "url": [draft.url for draft in new],
        "context": contexts,
        "dedupe_key": [draft.dedupe_key for draft in new],
        "status": [NotificationStatus.PENDING.value if e else NotificationStatus.IN_APP.value for e in emailed],
        "next_attempt_at": [now + RESEND_AFTER if e else None for e in emailed],
    }
    created: list[int] = []
    to_email: list[int] = []
    for pk, status in _insert_new(columns, now=now):
        created.append(pk)
        if status == NotificationStatus.PENDING:
            to_email.append(pk)
    person_facts.forget(person_facts.UNREAD, columns["recipient"])  # their badges count the new ones
    if to_email:
        # robust: the caller's work is committed by then; a publishing problem must not turn it into an error.
        transaction.on_commit(lambda: enqueue_sends(to_email), robust=True)
    return created


def _existing_keys(keys: list[str]) -> set[str]:
    """The dedupe keys among ``keys`` that a notification has already (one query, the keys bound as one array).

    Written as ``IN (SELECT unnest(...))`` so that PostgreSQL probes the unique index once per key: given
    ``= ANY(array)`` of a few thousand keys it prefers to scan the whole table.
    """
    table = connection.ops.quote_name(Notification._meta.db_table)
    with _bound_cursor() as cursor:
        cursor.execute(
            f"SELECT dedupe_key FROM {table} WHERE dedupe_key IN (SELECT unnest(%b::text[]))",  # noqa: S608
            [keys],
        )
        return {key for (key,) in cursor.fetchall()}


@contextmanager
def _bound_cursor():
    """A cursor that sends its values apart from the statement, in binary. Django's psycopg cursor writes them into
    the SQL text, quoting each element of an array in Python: for the thousands of long messages of a batch that
    costs more than the INSERT itself. Its queries are logged (and counted) like any other."""
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = ServerBindingCursor(connection.connection)
    with connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        yield cursor


# One for the process: each template is rendered once per language and shape, whatever the batch.
_RENDER = NotificationTexts()


def _texts(drafts: list[Draft], contexts: list[str], languages: dict[int, str]) -> list[tuple[str, str]]:
    """(subject, message) of each draft in its recipient's language. Drafts are rendered language by language,
    and drafts alike in kind and context (the CoE's copies of one reminder) share one rendering."""
    by_language: dict[str, list[int]] = defaultdict(list)
    for index, draft in enumerate(drafts):
        by_language[languages[draft.recipient_id]].append(index)
    texts: list[tuple[str, str]] = [("", "")] * len(drafts)
    for language, indexes in by_language.items():
        rendered: dict[tuple[str, str], tuple[str, str]] = {}
        for index in indexes:
            draft = drafts[index]
            key = (draft.kind, contexts[index])
            if key not in rendered:
                rendered[key] = _RENDER(draft.kind, draft.context, language)
            texts[index] = rendered[key]
    return texts


# The columns ``notifications_create`` fills, by field name; the others get the values of a new notification
# (``created_at`` now, nothing read, emailed or attempted yet).
_FILLED = (
    "recipient",
    "kind",
    "initiative",
    "target_type",
    "target_id",
    "subject",
    "message",
    "url",
    "context",
    "dedupe_key",
    "status",
    "next_attempt_at",
)


def _array_type(field) -> str:
    """The SQL type of the array a column's values are sent as. Character columns go as text, so that a value too
    long for its column is refused as a plain INSERT would refuse it (a cast to varchar(n) would cut it)."""
    if field.get_internal_type() in ("CharField", "TextField"):
        return "text"
    return field.db_type(connection)  # the foreign keys' integer or bigint, jsonb, timestamp with time zone


def _insert_new(columns: dict[str, list], *, now: datetime.datetime) -> list[tuple[int, str]]:
    """INSERT ... SELECT FROM unnest(one array per column) ON CONFLICT (dedupe_key) DO NOTHING RETURNING the rows
    actually inserted: one statement of a dozen parameters however many rows. ``columns`` maps the names in
    ``_FILLED`` to their values.

    ``bulk_create(ignore_conflicts=True)`` would not say which rows were new, and only those get an email.
    """
    quote = connection.ops.quote_name
    fields = [Notification._meta.get_field(name) for name in _FILLED]
    fixed = [Notification._meta.get_field(name).column for name in ("created_at", "read_at", "emailed_at")]
    fixed += [Notification._meta.get_field(name).column for name in ("attempts", "last_error")]
    arrays = ", ".join(f"%b::{_array_type(field)}[]" for field in fields)
    names = [field.column for field in fields]
    # Table and column names come from the model; every value is bound. The rows go in in the order of their keys
    # (see notifications_create).
    sql = (
        f"INSERT INTO {quote(Notification._meta.db_table)} ({', '.join(quote(n) for n in names + fixed)}) "  # noqa: S608
        f"SELECT new.*, %b, NULL, NULL, 0, '' FROM unnest({arrays}) AS new({', '.join(names)}) "
        "ORDER BY new.dedupe_key ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, status"
    )
    with _bound_cursor() as cursor:
        cursor.execute(sql, [now] + [columns[name] for name in _FILLED])
        return list(cursor.fetchall())


def enqueue_sends(notification_ids: list[int]) -> int:
    """Hand the emails to the workers, ``SEND_GROUP_SIZE`` to a message; returns how many were queued. If the
    broker cannot be reached the rest stay pending, and the resend sweep delivers them: a broker outage delays
    email, it loses none."""
    queued = 0
    for start in range(0, len(notification_ids), SEND_GROUP_SIZE):
        group = notification_ids[start : start + SEND_GROUP_SIZE]
        try:
            current_app.send_task(SEND_GROUP_TASK, args=[group], retry=True, retry_policy=PUBLISH_RETRY_POLICY)
        except (BrokerError, OSError) as exc:
            logger.warning(
                "Broker unreachable (%s); %d notification email(s) left for the resend sweep.",
                exc,
                len(notification_ids) - queued,
            )
            return queued
        queued += len(group)
    return queued


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


def _locale(user) -> PersonLocale:
    try:
        return preference_locale(user.preference)
    except UserPreference.DoesNotExist:
        return preference_locale(None)


def _language(user) -> str:
    return _locale(user).language or settings.LANGUAGE_CODE


def render_email(notification: Notification, *, language: str) -> EmailMultiAlternatives:
    """The email of ``notification`` in ``language``, its dates and times in the recipient's time zone and date
    style, its counts of days as of sending: plain text and HTML from templates/email/, with a link to the page
    that needs action."""
    user = notification.recipient
    recipient = _locale(user)
    with applied(PersonLocale(language, recipient.time_zone, recipient.date_style)):
        context_now = as_of(notification.kind, notification.context, timezone.now())
        subject, message = notification_texts(notification.kind, context_now, language)
        context = {
            "name": person_name(user),
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
        # The row's id: a resend after a lost worker is recognisable as the same notification.
        headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": language,
            "X-Notification-ID": str(notification.pk),
        },
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
        # The claim, committed before the message leaves: a redelivered task or the resend sweep skips it.
        notification.attempts += 1
        notification.status = NotificationStatus.SENDING
        notification.next_attempt_at = now + datetime.timedelta(seconds=settings.EMAIL_SEND_CLAIM_SECONDS)
        notification.save(update_fields=["status", "attempts", "next_attempt_at"])
        email = render_email(notification, language=_language(user))
    with transaction.atomic():
        notification = Notification.objects.select_for_update(of=("self",)).get(pk=notification_id)
        try:
            email.send()
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


def notifications_send(*, notification_ids: list[int]) -> list[int]:
    """Email each of ``notification_ids`` in turn, as ``notification_send`` does; returns those a transient error
    deferred, for the caller to retry one by one with backoff."""
    return [
        pk
        for pk in notification_ids
        if notification_send(notification_id=pk, final_attempt=False) == SendOutcome.DEFERRED
    ]


def notifications_resend_due(
    *, now: datetime.datetime | None = None, batch_size: int = 100, everything_pending: bool = False
) -> int:
    """Email the pending and failed notifications whose send is overdue (the task never ran, or failed).

    ``everything_pending`` sends every unsent one now, in this process (``run_sweeps --send``, no worker needed).
    Returns how many were sent.
    """
    now = now or timezone.now()
    # A claim whose worker died: the message may or may not have left, so it is not sent again but marked failed.
    Notification.objects.filter(status=NotificationStatus.SENDING, next_attempt_at__lte=now).update(
        status=NotificationStatus.FAILED,
        next_attempt_at=None,
        attempts=MAX_ATTEMPTS,  # never retried by itself: a person decides whether to send it again
        last_error="Interrupted while being emailed; not sent again in case it was delivered.",
    )
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
