"""What the CoE sees of sign-ins: the lockouts in force and the recent failed attempts (who, from where, when)."""

from __future__ import annotations

from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import access


@dataclass(frozen=True)
class Lockout:
    """A username and address pair, or a whole address, refused until ``until``."""

    username: str | None
    address: str | None
    failures: int
    until: object


def signin_lockouts(*, user, limit: int = 200) -> list[Lockout]:
    """Lockouts in force now: a username failing too often from one address, an address failing too often."""
    access.require_coe(user, _("Only the CoE sees sign-in attempts."))
    window = timezone.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - window)
    pairs = (
        recent.values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.LOGIN_FAILURE_LIMIT)
        .order_by("-last")[:limit]
    )
    addresses = (
        recent.values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.LOGIN_ADDRESS_FAILURE_LIMIT)
        .order_by("-last")[:limit]
    )
    found = [Lockout(row["username"], row["ip_address"], row["failures"], row["last"] + window) for row in pairs]
    found += [Lockout(None, row["ip_address"], row["failures"], row["last"] + window) for row in addresses]
    return found


def signin_failures(*, user) -> QuerySet[AccessFailureLog]:
    """Failed sign-ins, newest first, through every entrance (page, admin, API token)."""
    access.require_coe(user, _("Only the CoE sees sign-in attempts."))
    return AccessFailureLog.objects.order_by("-attempt_time", "-pk")
