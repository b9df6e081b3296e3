"""Short-lived copies in the cache that never fail a request: a read that cannot reach the cache is a miss (the
caller asks the database), and a write or a delete that cannot reach it is logged. What the cache holds lapses
within its few seconds anyway, so a cache that was down and comes back serves nothing old for long."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)
MISSING = object()


def cache_get(key: str):
    """The value kept under ``key``, or ``MISSING``."""
    try:
        return cache.get(key, MISSING)
    except Exception:  # a cache server down or unreachable: read the database instead
        logger.warning("Cache unavailable for a read; asking the database.", exc_info=True)
        return MISSING


def cache_set(key: str, value, seconds: int) -> None:
    try:
        cache.set(key, value, seconds)
    except Exception:
        logger.warning("Cache unavailable for a write.", exc_info=True)


def cache_forget(keys: Iterable[str]) -> None:
    """Drop ``keys`` now, and again when the current transaction commits: a request in another thread may have
    cached the old value in between."""
    keys = list(keys)
    if not keys:
        return

    def drop() -> None:
        try:
            cache.delete_many(keys)
        except Exception:
            logger.warning("Cache unavailable to forget %d key(s).", len(keys), exc_info=True)

    drop()
    transaction.on_commit(drop)
