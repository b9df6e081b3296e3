"""How a periodic Celery task is declared: one decorator for every idempotent job of beat."""

from celery import shared_task
from django.db import OperationalError


def idempotent_task(name: str):
    """A beat task whose service may run again safely (a sweep, a snapshot taken once): acknowledged after it ran,
    no stored result, and lock timeouts or dropped connections retried with backoff, since a retry only finishes the
    job."""
    return shared_task(
        name=name,
        acks_late=True,
        ignore_result=True,
        autoretry_for=(OperationalError,),
        retry_backoff=True,
        retry_backoff_max=300,
        max_retries=5,
    )
