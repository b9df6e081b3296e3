"""Emailing notifications: rendered in the recipient's language with a link, queued on commit, sent once, retried
on transient errors, failed visibly when retries run out, and picked up again by the resend sweep."""

import datetime
import smtplib
from unittest import mock

import pytest
from celery import current_app
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import timezone, translation

from adoption.choices import Role
from core.exceptions import InvalidInput
from governance.models import Notification, NotificationStatus
from governance.services import delivery
from governance.services.delivery import SendOutcome, notification_send, notifications_resend_due
from governance.services.preferences import user_language_set
from governance.services.reminders import phase_time_boxes_sweep
from governance.tasks import SEND_MAX_RETRIES, send_notification, send_notifications
from tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue(cast):
    """The owner's and the CoE's overdue reminders for the initiative (101% of its time box)."""
    initiative = cast["initiative"]
    phase_time_boxes_sweep(now=initiative.planned_phase_end + datetime.timedelta(days=1))
    return Notification.objects.get(recipient=cast["owner"])


def test_the_email_has_text_and_html_bodies_and_a_link_to_the_page(cast, overdue, mailoutbox, settings):
    settings.SITE_URL = "https://tracker.example.com"
    assert notification_send(notification_id=overdue.pk) == SendOutcome.SENT

    (email,) = mailoutbox
    key = cast["initiative"].key
    assert email.to == [cast["owner"].email]
    assert email.subject == overdue.subject
    assert f"https://tracker.example.com/initiatives/{key}/" in email.body
    assert "Request the gate review" in email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="https://tracker.example.com/initiatives/{key}/"' in html
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"
    overdue.refresh_from_db()
    assert overdue.status == NotificationStatus.SENT
    assert overdue.emailed_at is not None
    assert overdue.attempts == 1
    assert overdue.next_attempt_at is None


def test_the_email_is_rendered_in_the_recipients_language(cast, overdue, mailoutbox):
    user_language_set(actor=cast["owner"], language="zh-hant")
    rendered_in = []
    real = loader.render_to_string

    def spy(template_name, context=None, *args, **kwargs):
        rendered_in.append(translation.get_language())
        return real(template_name, context, *args, **kwargs)

    with mock.patch.object(delivery, "render_to_string", spy):
        notification_send(notification_id=overdue.pk)

    # Both bodies are rendered with the recipient's language active, and the message says which it is.
    assert rendered_in == ["zh-hant", "zh-hant"]
    (email,) = mailoutbox
    assert email.extra_headers["Content-Language"] == "zh-hant"
    assert '<html lang="zh-hant">' in email.alternatives[0][0]
    assert translation.get_language() == "en"  # and nothing leaks into the caller
    # The zh-Hant catalogue exists: subject and body are in Traditional Chinese (the stored subject was written in
    # English, the owner's language when the reminder was created).
    key = cast["initiative"].key
    assert overdue.subject.startswith(f"{key} is overdue")
    assert email.subject.startswith(f"{key} 已逾期")
    assert "開啟專案" in email.body


def test_a_language_must_be_one_the_site_offers(cast):
    with pytest.raises(InvalidInput) as error:
        user_language_set(actor=cast["owner"], language="fr")
    assert "zh-hans" in error.value.fields["language"][0]


def test_sending_twice_sends_once(overdue, mailoutbox):
    assert notification_send(notification_id=overdue.pk) == SendOutcome.SENT
    assert notification_send(notification_id=overdue.pk) == SendOutcome.SKIPPED
    assert send_notification.apply(args=[overdue.pk]).get() == "skipped"
    assert len(mailoutbox) == 1


def test_new_emails_are_queued_only_when_the_sweep_commits(cast, django_capture_on_commit_callbacks):
    initiative = cast["initiative"]
    with django_capture_on_commit_callbacks() as callbacks:
        phase_time_boxes_sweep(now=initiative.planned_phase_end + datetime.timedelta(days=1))
    created = sorted(Notification.objects.values_list("pk", flat=True))
    assert len(created) == 2
    # Two callbacks: the recipients' cached unread counts are forgotten, and the emails are queued.
    assert len(callbacks) == 2
    app = current_app._get_current_object()
    with mock.patch.object(app, "send_task") as send_task:
        for callback in callbacks:
            callback()
    # Both emails in one message.
    assert [(call.args[0], sorted(call.kwargs["args"][0])) for call in send_task.call_args_list] == [
        ("governance.send_notifications", created)
    ]


def test_emails_are_queued_in_groups_and_a_broker_outage_leaves_the_rest_pending(caplog):
    app = current_app._get_current_object()
    ids = list(range(1, 2 * delivery.SEND_GROUP_SIZE + 8))
    with mock.patch.object(app, "send_task") as send_task:
        assert delivery.enqueue_sends(ids) == len(ids)
    groups = [call.kwargs["args"][0] for call in send_task.call_args_list]
    assert [len(group) for group in groups] == [delivery.SEND_GROUP_SIZE, delivery.SEND_GROUP_SIZE, 7]
    assert [pk for group in groups for pk in group] == ids

    down = OSError("Connection refused")
    with mock.patch.object(app, "send_task", side_effect=[None, down]) as send_task:
        assert delivery.enqueue_sends(ids) == delivery.SEND_GROUP_SIZE
    assert send_task.call_count == 2
    assert f"{len(ids) - delivery.SEND_GROUP_SIZE} notification email(s) left for the resend sweep" in caplog.text


def test_the_group_task_sends_each_and_hands_a_deferred_one_to_the_retrying_task(cast, overdue, mailoutbox):
    coe_note = Notification.objects.get(recipient=cast["coe"])
    real_send = EmailMultiAlternatives.send
    calls = []

    def owner_server_busy(email, *args, **kwargs):
        calls.append(email.to[0])
        if email.to == [cast["owner"].email]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(email, *args, **kwargs)

    with (
        mock.patch.object(EmailMultiAlternatives, "send", owner_server_busy),
        mock.patch.object(send_notification, "apply_async") as retry,
    ):
        assert send_notifications.apply(args=[[overdue.pk, coe_note.pk]]).get() == 1
    assert sorted(calls) == sorted([cast["owner"].email, cast["coe"].email])
    assert [email.to for email in mailoutbox] == [[cast["coe"].email]]
    coe_note.refresh_from_db()
    assert coe_note.status == NotificationStatus.SENT
    overdue.refresh_from_db()
    assert (overdue.status, overdue.attempts) == (NotificationStatus.PENDING, 1)
    # The owner's goes on alone, its first attempt counted, after the send task's first backoff.
    retry.assert_called_once_with(args=[overdue.pk], countdown=10, retries=1)

    # Delivered again (acks_late after a lost worker): the one sent is not sent twice.
    assert send_notifications.apply(args=[[overdue.pk, coe_note.pk]]).get() == 2
    assert sorted(email.to[0] for email in mailoutbox) == sorted([cast["owner"].email, cast["coe"].email])


def test_a_transient_error_is_retried_with_backoff_and_then_left_failed_for_the_sweep(overdue, mailoutbox):
    down = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=down) as send:
        # Eager apply runs the retries in line; the real worker waits between them.
        result = send_notification.apply(args=[overdue.pk])
    assert result.get() == "failed"
    assert send.call_count == SEND_MAX_RETRIES + 1
    overdue.refresh_from_db()
    assert overdue.status == NotificationStatus.FAILED
    assert overdue.attempts == SEND_MAX_RETRIES + 1
    assert "SMTPServerDisconnected" in overdue.last_error
    assert overdue.next_attempt_at > timezone.now()

    assert notifications_resend_due() == 0  # not due yet
    # Due again: this one, and the CoE's copy that no worker sent in these tests either.
    assert notifications_resend_due(now=overdue.next_attempt_at) == 2
    overdue.refresh_from_db()
    assert overdue.status == NotificationStatus.SENT
    assert overdue.attempts == SEND_MAX_RETRIES + 2
    assert overdue.last_error == ""
    assert len(mailoutbox) == 2


def test_a_refused_recipient_fails_at_once_and_is_not_retried(cast, overdue, mailoutbox):
    refused = smtplib.SMTPRecipientsRefused({"owner@example.test": (550, b"No such user")})
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=refused) as send:
        assert send_notification.apply(args=[overdue.pk]).get() == "failed"
    assert send.call_count == 1
    overdue.refresh_from_db()
    assert overdue.status == NotificationStatus.FAILED
    assert overdue.next_attempt_at is None
    # Only the CoE's copy goes out later; the refused one stays failed, with its error, for a person to look at.
    assert notifications_resend_due(now=timezone.now() + datetime.timedelta(days=30)) == 1
    assert [email.to for email in mailoutbox] == [[cast["coe"].email]]
    overdue.refresh_from_db()
    assert overdue.status == NotificationStatus.FAILED
    assert "550" in overdue.last_error


def test_a_worker_killed_mid_send_never_sends_twice_and_says_so(overdue, mailoutbox, settings):
    # The process dies while the message is being handed over (it may or may not have left): the claim stays.
    killed = SystemExit("worker killed")
    with mock.patch.object(EmailMultiAlternatives, "send", side_effect=killed), pytest.raises(SystemExit):
        send_notification(overdue.pk)
    overdue.refresh_from_db()
    assert (overdue.status, overdue.attempts) == (NotificationStatus.SENDING, 1)
    # acks_late: the broker redelivers the message, twice even; neither sends it again.
    assert send_notification(overdue.pk) == "skipped"
    assert send_notification(overdue.pk) == "skipped"
    # Once the claim is old, the resend sweep marks it failed, with why, and does not send it either.
    later = timezone.now() + datetime.timedelta(seconds=settings.EMAIL_SEND_CLAIM_SECONDS + 1)
    notifications_resend_due(now=later, everything_pending=True)
    overdue.refresh_from_db()
    assert overdue.status == NotificationStatus.FAILED
    assert "Interrupted while being emailed" in overdue.last_error
    assert overdue.recipient.email not in [email.to[0] for email in mailoutbox]


def test_a_redelivered_send_task_after_a_sent_email_sends_nothing(overdue, mailoutbox):
    assert send_notification(overdue.pk) == "sent"
    assert send_notification(overdue.pk) == "skipped"
    assert len(mailoutbox) == 1


def test_the_resend_sweep_sends_what_no_worker_did_once_it_is_due(cast, overdue, mailoutbox):
    assert notifications_resend_due() == 0  # the send task still has a few minutes
    later = timezone.now() + delivery.RESEND_AFTER + datetime.timedelta(seconds=1)
    assert notifications_resend_due(now=later) == 2
    assert notifications_resend_due(now=later) == 0
    assert sorted(email.to[0] for email in mailoutbox) == sorted([cast["owner"].email, cast["coe"].email])


def test_a_recipient_without_an_address_is_in_app_only(cast, overdue, mailoutbox):
    cast["owner"].email = ""
    cast["owner"].save(update_fields=["email"])
    assert notification_send(notification_id=overdue.pk) == SendOutcome.IN_APP
    overdue.refresh_from_db()
    assert overdue.status == NotificationStatus.IN_APP
    assert mailoutbox == []


def test_the_notification_centre_text_is_written_in_the_recipients_language(cast):
    user_language_set(actor=cast["sponsor"], language="zh-hans")
    initiative = cast["initiative"]
    phase_time_boxes_sweep(now=initiative.planned_phase_end + datetime.timedelta(days=20))
    escalation = Notification.objects.get(recipient=cast["sponsor"])
    owners = Notification.objects.get(recipient=cast["owner"])
    assert owners.subject.startswith(f"{initiative.key} is overdue")
    assert escalation.subject != owners.subject
    assert not escalation.subject.isascii()


def test_alike_reminders_are_rendered_once_per_language(cast):
    # Three more CoE members, one reading Traditional Chinese: at 101% the owner and the four CoE members get the
    # same overdue reminder (same kind, same values).
    admins = [UserFactory(username=f"coe-{n}") for n in range(3)]
    for admin in admins:
        grant(admin, Role.COE_ADMIN, by=cast["coe"])
    user_language_set(actor=admins[0], language="zh-hant")
    initiative = cast["initiative"]
    with mock.patch.object(delivery, "_RENDER", wraps=delivery._RENDER) as render:
        assert phase_time_boxes_sweep(now=initiative.planned_phase_end + datetime.timedelta(days=1)) == 5
    assert render.call_count == 2  # once in English, once in Traditional Chinese
    subjects = dict(Notification.objects.values_list("recipient_id", "subject"))
    english = f"{initiative.key} is overdue: its exploration phase ended on "
    assert subjects[admins[0].pk].startswith(f"{initiative.key} 已逾期")
    others = [cast["owner"], cast["coe"], *admins[1:]]
    assert all(subjects[user.pk].startswith(english) for user in others)
    assert translation.get_language() == "en"
