import pytest
from django.core.management import call_command
from django.db import connection

from demo.loader import load_demo_data


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo portfolio, loaded once for the module (as tests/demo does), flushed after it."""
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute("ALTER SEQUENCE adoption_initiative_number_seq RESTART WITH 1")
        load_demo_data()
        yield
        call_command("flush", interactive=False, verbosity=0)
