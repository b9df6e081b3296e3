"""The suite hashes passwords with MD5 to stay fast (config/settings/test.py); every other settings module keeps
Django's slow default, and a password stored that way is checked."""

from django.conf import global_settings
from django.contrib.auth.hashers import identify_hasher

from config.settings import base
from tests.factories import UserFactory


def test_the_deployed_settings_hash_with_pbkdf2_and_check_what_they_stored(db, settings):
    assert "PASSWORD_HASHERS" not in vars(base), "base.py would override Django's default hashers"
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    person = UserFactory(username="hashed")
    person.set_password("a-long-pass-phrase-2026")
    person.save()
    person.refresh_from_db()

    assert identify_hasher(person.password).algorithm == "pbkdf2_sha256"
    assert person.check_password("a-long-pass-phrase-2026")
    assert not person.check_password("not-the-pass-phrase")
