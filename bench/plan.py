"""Choose the benchmark's users and requests from the database (run with Django set up, against the data to load).

The plan is plain JSON: for every endpoint the list of requests to cycle through (path, headers, body), with API
tokens and session cookies made for the chosen users directly in the database (the token endpoint and the login
form are throttled, and signing in is not what is measured). The approve action gets one request per unsigned
slot of the open gate reviews, each signed by someone eligible for it; those requests change data, so each is
used once and the scenario ends when they run out.
"""

from __future__ import annotations

import datetime
import random
import secrets
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from adoption.choices import Role, Status
from adoption.models import BusinessUnit, Initiative
from bench.endpoints import ENDPOINTS
from governance.access import visible_initiatives
from governance.choices import ReviewStatus, Scope
from governance.models import ApiToken, GateReview, ReviewSlot, RoleAssignment, SignOff
from governance.recipients import eligible_signers
from governance.services.tokens import SECRET_PREFIX, token_digest

User = get_user_model()
APPROVE_COMMENT = "Benchmark approval."
BENCH_TOKEN_NAME = "benchmark"  # noqa: S105 (a token's name, not a secret)


def tokens_for(user_ids: set[int]) -> dict[int, str]:
    """A fresh API token per user (only digests are stored, so a run's secrets are made for that run: one delete
    of the previous run's tokens and one insert)."""
    secrets_by_user = {uid: SECRET_PREFIX + secrets.token_urlsafe(32) for uid in sorted(user_ids)}
    ApiToken.objects.filter(user_id__in=user_ids, name=BENCH_TOKEN_NAME).delete()
    expires = timezone.now() + datetime.timedelta(days=1)
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=uid,
            name=BENCH_TOKEN_NAME,
            prefix=secret[:10],
            digest=token_digest(secret),
            expires_at=expires,
        )
        for uid, secret in secrets_by_user.items()
    )
    return secrets_by_user


def session_for(user) -> str:
    """A signed-in session for ``user``, as the login view would have stored it; returns the cookie value."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def pick_users() -> dict[str, RoleAssignment]:
    """The first generated executive, and a compliance officer scoped to one business unit and its sub-units: the
    one whose subtree has the median number of units (the organisation is generated first, so the same person at
    every portfolio size), moving on to the next larger subtree while a small portfolio leaves it empty."""
    executive = (
        RoleAssignment.objects.filter(role=Role.EXECUTIVE, scope=Scope.GLOBAL, revoked_at__isnull=True)
        .select_related("user")
        .order_by("user_id", "pk")
        .first()
    )
    if executive is None:
        raise RuntimeError("No executive in this database: seed it with manage.py seed_scale first.")
    officers = list(
        RoleAssignment.objects.filter(role=Role.COMPLIANCE_OFFICER, scope=Scope.BUSINESS_UNIT, revoked_at__isnull=True)
        .select_related("user", "business_unit")
        .order_by("user_id", "pk")
    )
    paths = list(BusinessUnit.objects.values_list("path", flat=True))
    subtree = {o.pk: sum(1 for path in paths if path.startswith(o.business_unit.path)) for o in officers}
    ranked = sorted(officers, key=lambda o: (subtree[o.pk], o.user_id))
    for officer in ranked[len(ranked) // 2 :] + ranked[: len(ranked) // 2][::-1]:
        if Initiative.objects.filter(business_unit__path__startswith=officer.business_unit.path).exists():
            return {"executive": executive, "scoped": officer}
    raise RuntimeError("No compliance officer scoped to a unit with initiatives: seed with manage.py seed_scale.")


def approve_tasks(*, limit_reviews: int) -> list[list[dict]]:
    """For open reviews of active initiatives (oldest first): one sign-off per unsigned slot, each by a different
    eligible signer. Returned grouped by review, slots in matrix order."""
    unsigned = ReviewSlot.objects.filter(review=OuterRef("pk"), active=True).exclude(
        Exists(SignOff.objects.filter(slot=OuterRef("pk"), round=OuterRef("review__round")))
    )
    reviews = list(
        GateReview.objects.filter(status=ReviewStatus.OPEN, initiative__status=Status.ACTIVE)
        .filter(Exists(unsigned))
        .select_related("initiative__business_unit")
        .order_by("pk")[:limit_reviews]
    )
    signers = eligible_signers(reviews)
    signed = set(SignOff.objects.filter(review__in=reviews).values_list("slot_id", "round").distinct())
    slots_by_review: dict[int, list[ReviewSlot]] = {}
    for slot in ReviewSlot.objects.filter(review__in=reviews, active=True).order_by("review_id", "order", "pk"):
        slots_by_review.setdefault(slot.review_id, []).append(slot)
    groups = []
    for review in reviews:
        taken: set[int] = set()
        group = []
        for slot in slots_by_review.get(review.pk, []):
            if (slot.pk, review.round) in signed:
                continue
            candidates = sorted(
                uid for uid, roles in signers.get(review.pk, {}).items() if slot.role in roles and uid not in taken
            )
            if not candidates:
                group = []  # a slot nobody may sign: leave the whole review alone
                break
            taken.add(candidates[0])
            group.append({"review_id": review.pk, "slot": slot.key, "user_id": candidates[0]})
        if group:
            groups.append(group)
    return groups


def reference_keys(user) -> dict[str, tuple[str, int | None]]:
    """Two initiatives ``user`` sees, as {case: (key, open review id)}: the first (by number) active one without an
    open review, and one with an open review, as alike as the data allows at every size (in exploration, of minimal
    risk, nothing signed yet, in that order of preference). The case names the review's shape, so that counts are
    compared only between reviews of the same shape."""
    visible = visible_initiatives(user=user)
    open_reviews = GateReview.objects.filter(status=ReviewStatus.OPEN)
    plain = (
        visible.filter(status=Status.ACTIVE)
        .exclude(pk__in=open_reviews.values("initiative_id"))
        .order_by("number")
        .values_list("key", flat=True)
        .first()
    )
    reviews = {
        pk: (number, key, phase, tier)
        for pk, number, key, phase, tier in open_reviews.filter(initiative__in=visible.values("pk")).values_list(
            "pk", "initiative__number", "initiative__key", "phase", "risk_tier"
        )
    }
    slots = ReviewSlot.objects.filter(review_id__in=reviews, active=True)
    total = dict(slots.values_list("review_id").annotate(n=Count("pk")))
    waiting = dict(
        slots.exclude(Exists(SignOff.objects.filter(slot=OuterRef("pk"), round=OuterRef("review__round"))))
        .values_list("review_id")
        .annotate(n=Count("pk"))
    )

    def preference(pk: int) -> tuple:
        number, _key, phase, tier = reviews[pk]
        return (phase != "exploration", tier != "minimal", waiting.get(pk, 0) != total.get(pk), number)

    keys = {"without open review": (plain, None)} if plain else {}
    candidates = sorted((pk for pk in reviews if waiting.get(pk)), key=preference)
    if candidates:
        pk = candidates[0]
        _number, key, phase, tier = reviews[pk]
        case = f"open review: {phase}, {tier} risk, {waiting[pk]} of {total[pk]} slots waiting"
        keys[case] = (key, pk)
    return keys


def build_plan(*, seed: int = 1, detail_keys: int = 100, limit_reviews: int = 2000, reserve_reviews: int = 2) -> dict:
    """Users, credentials and the requests of every endpoint (see the module docstring)."""
    rng = random.Random(seed)  # noqa: S311 (sampling, not secrets)
    chosen = pick_users()
    executive, scoped = chosen["executive"].user, chosen["scoped"].user
    unit = chosen["scoped"].business_unit
    groups = approve_tasks(limit_reviews=limit_reviews)
    reference = reference_keys(scoped)
    # The reference initiative's open review stays open (unsigned) for the query count after the load.
    kept = {review for _key, review in reference.values() if review}
    groups = [group for group in groups if group[0]["review_id"] not in kept]
    signer_ids = {task["user_id"] for group in groups for task in group}
    tokens = tokens_for({executive.pk, scoped.pk} | signer_ids)
    sessions = {"executive": session_for(executive), "scoped": session_for(scoped)}
    people = {"executive": executive, "scoped": scoped}
    cookie = settings.SESSION_COOKIE_NAME

    keys = list(visible_initiatives(user=scoped).order_by("number").values_list("key", flat=True))
    keys = rng.sample(keys, min(detail_keys, len(keys)))
    if not keys:
        raise RuntimeError(f"{scoped.username} sees no initiative: nothing to read in detail.")

    def headers(who: str, auth: str) -> dict[str, str]:
        common = {"Accept-Language": "en"}
        if auth == "token":
            return {**common, "Authorization": f"Token {tokens[people[who].pk]}"}
        if auth == "session":
            return {**common, "Cookie": f"{cookie}={sessions[who]}"}
        return common

    requests: dict[str, list[dict]] = {}
    for endpoint in ENDPOINTS:
        if endpoint.name == "approve":
            continue
        paths = [endpoint.path.format(key=key) for key in keys] if "{key}" in endpoint.path else [endpoint.path]
        requests[endpoint.name] = [{"path": path, "headers": headers(endpoint.user, endpoint.auth)} for path in paths]

    def approve_request(task: dict) -> dict:
        return {
            "path": f"/api/v1/gate-reviews/{task['review_id']}/sign/",
            "headers": {"Accept-Language": "en", "Authorization": f"Token {tokens[task['user_id']]}"},
            "json": {"slot": task["slot"], "decision": "approve", "comment": APPROVE_COMMENT},
            "review_id": task["review_id"],
        }

    # Reviews with two slots or more first among the reserved ones: the query count then sees a plain sign-off and
    # the last one (which moves the initiative to its next phase).
    groups.sort(key=lambda group: len(group) < 2)
    reserved, rest = groups[:reserve_reviews], groups[reserve_reviews:]
    rng.shuffle(rest)
    load = [approve_request(task) for group in rest[::2] for task in group]
    soak = [approve_request(task) for group in rest[1::2] for task in group]
    requests["approve"] = load
    visible = visible_initiatives(user=scoped).count()
    # Queries per request of the detail endpoints depend on the initiative (an open review adds its slots), not on
    # the portfolio: count them on two initiatives chosen by the same rule at every size.
    query_requests = {
        endpoint.name: [
            {"path": endpoint.path.format(key=key), "headers": headers(endpoint.user, endpoint.auth), "case": case}
            for case, (key, _review) in reference.items()
        ]
        for endpoint in ENDPOINTS
        if "{key}" in endpoint.path
    }
    return {
        "users": {
            "executive": {"id": executive.pk, "username": executive.username, "visible": Initiative.objects.count()},
            "scoped": {
                "id": scoped.pk,
                "username": scoped.username,
                "unit": unit.code,
                "units_in_scope": BusinessUnit.objects.filter(path__startswith=unit.path).count(),
                "visible": visible,
            },
        },
        "initiatives": Initiative.objects.count(),
        "requests": requests,
        "query_requests": query_requests,
        "approve_reserved": [approve_request(task) for group in reserved for task in group],
        "soak_approve": soak,
        "open_reviews_signable": len(groups),
    }
