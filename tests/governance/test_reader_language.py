"""Notifications read in the reader's current language (rendered from their kind and parameters when shown), and
the language a person chose last applied at their next sign-in."""

from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from governance.choices import NotificationKind
from governance.models import Notification, UserPreference
from governance.services.delivery import Draft, notifications_create
from governance.services.tokens import token_create
from tests.factories import UserFactory

CONTEXT = {"key": "AI-0042", "title": "Claims triage", "reason": "Budget freeze."}


def held(user) -> Notification:
    (pk,) = notifications_create(
        [
            Draft(
                recipient_id=user.pk,
                kind=NotificationKind.INITIATIVE_HELD,
                dedupe_key=f"test:held:{user.pk}",
                context=CONTEXT,
                url="/initiatives/AI-0042/",
            )
        ]
    )
    return Notification.objects.get(pk=pk)


def subject_in(language: str) -> str:
    with translation.override(language):
        return translation.pgettext("initiative held: subject", "%(key)s was put on hold") % {"key": "AI-0042"}


def test_a_notification_made_in_english_reads_in_simplified_chinese(client, db):
    reader = UserFactory(username="lin")
    note = held(reader)
    assert note.subject == subject_in("en")  # stored as made, in the recipient's language then
    client.force_login(reader)
    client.post(reverse("governance:language"), {"language": "zh-hans"})
    page = client.get(reverse("governance:notifications")).content.decode()
    assert subject_in("zh-hans") in page
    assert subject_in("zh-hant") not in page
    assert note.subject not in page


def test_the_api_answers_in_the_asked_language(db):
    reader = UserFactory(username="wu")
    held(reader)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=reader, name='t')[1]}")
    answer = client.get("/api/v1/notifications/", headers={"accept-language": "zh-hant"}).json()
    assert answer["results"][0]["subject"] == subject_in("zh-hant")


def test_the_language_chosen_last_applies_at_the_next_sign_in(client, db):
    person = UserFactory(username="chen")
    UserPreference.objects.create(user=person, language="zh-hans")
    signed_in = client.post(
        reverse("login"), {"username": "chen", "password": "pw-test-2026"}, headers={"accept-language": "en"}
    )
    assert signed_in.status_code == 302
    assert signed_in.cookies["django_language"].value == "zh-hans"
    page = client.get("/", headers={"accept-language": "en"})
    assert 'lang="zh-hans"' in page.content.decode()
