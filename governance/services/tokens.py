"""API tokens: created, revoked on demand, and revoked by themselves when their holder's password changes or the
holder is deactivated. Only the SHA-256 digest of a secret is stored: a secret is 256 random bits, so a fast digest
is as safe as a slow one and lets each request find its token with one indexed look-up.

A token found is kept in the cache under its digest for API_TOKEN_CACHE_SECONDS, so that a client calling again
and again costs no look-up. Revoking a token, and any change to its holder's account, forgets it at once in the
process that made the change; another web process keeps its copy at most those seconds (none with a shared
cache). Expiry and the holder's being active are checked on every request, cached or not."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from adoption.models import Initiative
from core.cache import MISSING, cache_forget, cache_get, cache_set
from core.db import lock_one
from governance import access
from governance.audit import AuditEntry, audit_record, audit_record_many
from governance.inputs import TokenInput
from governance.models import ApiToken, TokenScope

SECRET_PREFIX = "gat_"  # noqa: S105 (marks a secret as ours; not a secret)


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogateescape")).hexdigest()


def _cache_key(digest: str) -> str:
    return f"api-token:{digest}"


def tokens_forget(digests) -> None:
    """Drop these tokens from the cache (now, and again when the transaction that changed them commits)."""
    cache_forget(_cache_key(digest) for digest in digests)


def _token_data(token: ApiToken) -> dict:
    return {"name": token.name, "scope": token.scope, "expires_at": token.expires_at.isoformat()}


def token_create(
    *,
    user,
    name: str,
    days: int | None = None,
    read_only: bool = False,
    actor=None,
    evaluations_for: list[Initiative] | None = None,
) -> tuple[ApiToken, str]:
    """A new token for ``user`` and its secret (shown once: only its digest is kept). With ``evaluations_for``, a
    machine token for a CI pipeline: it may push evaluation runs of those initiatives and nothing else; only
    someone who may change each of them (its owner, the CoE) makes one."""
    data = TokenInput.clean_input(name=name, days=days, read_only=read_only)
    for initiative in evaluations_for or []:
        access.require(
            user=user,
            action="change_initiative",
            initiative=initiative,
            message=_("Only the owner of %(key)s or the CoE makes its CI tokens.") % {"key": initiative.key},
        )
    scope = TokenScope.READ if data["read_only"] else TokenScope.ALL
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    lifetime = datetime.timedelta(days=data["days"] or settings.API_TOKEN_TTL_DAYS)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=data["name"],
            prefix=secret[: len(SECRET_PREFIX) + 6],
            digest=token_digest(secret),
            scope=TokenScope.EVALUATIONS if evaluations_for else scope,
            expires_at=timezone.now() + lifetime,
        )
        after = _token_data(token)
        if evaluations_for:
            token.initiatives.set(evaluations_for)
            after["initiatives"] = sorted(initiative.key for initiative in evaluations_for)
        audit_record(actor=actor or user, verb="token.created", target=token, after=after)
    return token, secret


def token_revoke(*, actor, token_id: int) -> ApiToken:
    """Revoke one of ``actor``'s own tokens (someone else's is not found)."""
    with transaction.atomic():
        token = lock_one(ApiToken.objects.filter(user=actor, pk=token_id), _("No such token."))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoke_reason = "revoked"
            token.save(update_fields=["revoked_at", "revoke_reason"])
            audit_record(actor=actor, verb="token.revoked", target=token, after={"reason": "revoked"})
            tokens_forget([token.digest])
    return token


def tokens_revoke_all(*, user, reason: str, actor=None) -> int:
    """Revoke every token of ``user`` still in force (password changed, account deactivated)."""
    with transaction.atomic():
        tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
        if not tokens:
            return 0
        now = timezone.now()
        ApiToken.objects.filter(pk__in=[t.pk for t in tokens]).update(revoked_at=now, revoke_reason=reason)
        tokens_forget([token.digest for token in tokens])
        audit_record_many(
            actor=actor,
            verb="token.revoked",
            entries=[AuditEntry(token, after={"reason": reason}) for token in tokens],
        )
    return len(tokens)


def token_user(secret: str) -> tuple[ApiToken | None, str | None]:
    """The token a secret names, with its holder, and why it may not be used (None when it may)."""
    digest = token_digest(secret)
    seconds = settings.API_TOKEN_CACHE_SECONDS
    token = cache_get(_cache_key(digest)) if seconds > 0 else MISSING
    if token is MISSING:
        token = ApiToken.objects.select_related("user").filter(digest=digest).first()
        if token is None:
            return None, _("Invalid token.")
        if seconds > 0:
            cache_set(_cache_key(digest), token, seconds)
    if token.revoked_at is not None:
        return token, _("This token was revoked.")
    if token.expired:
        return token, _("This token has expired; create a new one.")
    if not token.user.is_active:
        return token, _("User inactive or deleted.")
    now = timezone.now()
    # Record use at most every five minutes: a read must not become a write on every request.
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        if seconds > 0:
            cache_set(_cache_key(digest), token, seconds)  # the copy others read knows of the use recorded
    return token, None


# --- Revoked by themselves -----------------------------------------------------------------------------------


def password_or_activity_changing(sender, instance, update_fields=None, **kwargs) -> None:
    """pre_save on the user model: note whether the password changes or the account is deactivated."""
    instance._tokens_revoke_reason = None
    if instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return
    before = get_user_model().objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["is_active"] and not instance.is_active:
        instance._tokens_revoke_reason = "deactivated"
    elif before["password"] != instance.password:
        instance._tokens_revoke_reason = "password_changed"


def password_or_activity_changed(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """post_save on the user model: revoke the tokens when the password changed or the account was deactivated;
    forget the cached ones after any other change to the account (their holder is cached with them), but a sign-in's
    ``last_login``, which no token reads."""
    if created:
        return
    reason = getattr(instance, "_tokens_revoke_reason", None)
    if reason:
        tokens_revoke_all(user=instance, reason=reason)
    elif update_fields is None or set(update_fields) - {"last_login"}:
        tokens_forget(ApiToken.objects.filter(user=instance, revoked_at__isnull=True).values_list("digest", flat=True))
