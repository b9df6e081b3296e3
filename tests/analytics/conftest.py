"""Fixtures of the analytics tests: the demo portfolio, loaded once per module."""

import pytest
from django.core.management import call_command
from django.db import connection

from demo.loader import load_demo_data


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        # Earlier tests drew numbers from the key sequence (rollbacks do not return them); a fresh install has not.
        with connection.cursor() as cursor:
            cursor.execute("ALTER SEQUENCE adoption_initiative_number_seq RESTART WITH 1")
        load_demo_data()
        yield
        # Module-scoped data lives outside the per-test transactions; the next test module must not see it.
        call_command("flush", interactive=False, verbosity=0)
