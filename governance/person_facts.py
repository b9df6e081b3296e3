"""Facts about one person that every page or the API's floor reads — their unread notifications, the roles they
hold, their locale — kept in the cache for PERSON_FACTS_CACHE_SECONDS instead of queried on every request.

A write that changes one forgets it at once (and again when its transaction commits, in case a request in another
thread cached the old value meanwhile): the process that wrote reads the new value on its next request. Another web
process reads it when its own copy lapses, within those seconds, or at once with a cache shared by every process
(CACHE_URL=redis://...). Nothing that decides access reads these: the access rules ask the database every time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings

from core.cache import MISSING, cache_forget, cache_get, cache_set

UNREAD = "unread"
ROLES = "roles"
LOCALE = "locale"


def _key(kind: str, user_id: int) -> str:
    return f"person-facts:{kind}:{user_id}"


def remembered[T](kind: str, user_id: int, compute: Callable[[], T]) -> T:
    """The ``kind`` fact of person ``user_id``: the cached value, else ``compute()``'s, cached."""
    seconds = settings.PERSON_FACTS_CACHE_SECONDS
    if seconds <= 0:
        return compute()
    key = _key(kind, user_id)
    value = cache_get(key)
    if value is MISSING:
        value = compute()
        cache_set(key, value, seconds)
    return value


def forget(kind: str, user_ids: Iterable[int]) -> None:
    """Drop the cached ``kind`` fact of these people: a write has changed it."""
    cache_forget(_key(kind, user_id) for user_id in {int(user_id) for user_id in user_ids if user_id is not None})


def role_assignment_changed(sender, instance, **kwargs) -> None:
    """post_save and post_delete of RoleAssignment: whatever granted, revoked or removed it (a service, the single
    sign-on's claims, the bootstrap command), the holder's roles are read afresh."""
    forget(ROLES, [instance.user_id])
