"""The audit recorder and chain verifier: every service records its event here, inside its own transaction.

One of the two governance modules the adoption app may import. Each initiative has its own hash chain (events
without an initiative go to the ``global`` chain), so writers on different initiatives never wait for each other.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import os
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from governance.context import request_id_var
from governance.models import AuditChainHead, AuditEvent

GLOBAL_CHAIN = "global"
GENESIS = "0" * 64
# New events are hashed with HMAC-SHA256 keyed by AUDIT_HMAC_KEY, a secret the database does not hold: whoever can
# write rows cannot compute a hash that verifies. Events recorded before keyed hashing keep their plain SHA-256.
HASH_SCHEME = "hmac-sha256"
LEGACY_SCHEME = "sha256"


def _key() -> bytes:
    return settings.AUDIT_HMAC_KEY.encode()


def _json_safe(data: dict[str, Any] | None) -> dict[str, Any]:
    # Round-trip through JSON so that what is hashed is exactly what PostgreSQL gives back later.
    return _as_jsonb_returns(json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder, sort_keys=True)))


def _as_jsonb_returns(value: Any) -> Any:
    """The value as jsonb will hand it back: a float Python writes with an exponent (1e+20) is stored as a numeric
    and comes back as an integer (100000000000000000000), which would hash differently."""
    if isinstance(value, float) and "e+" in repr(value):
        return int(Decimal(repr(value)))
    if isinstance(value, dict):
        return {key: _as_jsonb_returns(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_jsonb_returns(item) for item in value]
    return value


def event_hash(
    *,
    chain: str,
    seq: int,
    prev_hash: str,
    actor_id: int | None,
    actor_repr: str,
    verb: str,
    target_type: str,
    target_id: str,
    target_repr: str,
    initiative_id: int | None,
    before: dict,
    after: dict,
    request_id: str,
    at,
    scheme: str = HASH_SCHEME,
) -> str:
    """HMAC-SHA256 (``scheme``; plain SHA-256 for legacy events) over the canonical JSON of an event's recorded
    content and the hash of the event before it.

    Every column a reader is shown is covered (the names and the initiative too), so editing any of them shows.
    """
    payload = json.dumps(
        {
            "chain": chain,
            "seq": seq,
            "prev": prev_hash,
            "actor": [actor_id, actor_repr],
            "verb": verb,
            "target": [target_type, str(target_id), target_repr],
            "initiative": initiative_id,
            "before": before,
            "after": after,
            "request_id": request_id,
            "at": at.astimezone(datetime.UTC).isoformat(),
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    if scheme == HASH_SCHEME:
        return hmac.new(_key(), payload.encode(), hashlib.sha256).hexdigest()
    if scheme == LEGACY_SCHEME:
        return hashlib.sha256(payload.encode()).hexdigest()
    raise ValueError(f"unknown hash scheme {scheme!r}")


def hash_of(event: AuditEvent) -> str:
    """``event_hash`` of an event as recorded (or about to be)."""
    return event_hash(
        chain=event.chain,
        seq=event.seq,
        prev_hash=event.prev_hash,
        actor_id=event.actor_id,
        actor_repr=event.actor_repr,
        verb=event.verb,
        target_type=event.target_type,
        target_id=event.target_id,
        target_repr=event.target_repr,
        initiative_id=event.initiative_id,
        before=event.before,
        after=event.after,
        request_id=event.request_id,
        at=event.at,
        scheme=event.hash_scheme,
    )


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``instance`` as a JSON-ready dict (foreign keys by id)."""
    data = {}
    for name in fields:
        field = instance._meta.get_field(name)
        data[name] = getattr(instance, field.attname)
    return _json_safe(data)


def audit_record(
    *, actor, verb: str, target: models.Model, initiative=None, before: dict | None = None, after: dict | None = None
) -> AuditEvent:
    """Append an audit event in the caller's transaction (which must be open)."""
    initiative_id = initiative.pk if initiative is not None else None
    (event,) = audit_record_many(
        actor=actor, verb=verb, entries=[AuditEntry(target, initiative_id=initiative_id, before=before, after=after)]
    )
    return event


def audit_save(
    instance: models.Model, fields: list[str], *, actor, verb: str, target: models.Model | None = None, **change
) -> AuditEvent:
    """Save ``fields`` of ``instance`` and record the change (``initiative``, ``before``, ``after``) in the same
    transaction; the event is about ``target`` (``instance`` by default)."""
    instance.save(update_fields=fields)
    return audit_record(actor=actor, verb=verb, target=target or instance, **change)


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """What an edit changed, as an event records it: (the changed fields' values before, their values after)."""
    return (
        {name: value for name, value in before.items() if after.get(name) != value},
        {name: value for name, value in after.items() if before.get(name) != value},
    )


@dataclass(frozen=True)
class AuditEntry:
    """One event of ``audit_record_many``: its target, the initiative whose chain it joins, before and after."""

    target: models.Model
    initiative_id: int | None = None
    before: dict | None = None
    after: dict | None = None


def audit_record_many(*, actor, verb: str, entries: list[AuditEntry]) -> list[AuditEvent]:
    """Append one event per entry, in order, in the caller's transaction (which must be open): three queries
    whatever the number of entries and chains (claim the links, insert the events, move the heads)."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    if not entries:
        return []
    chains = [f"initiative:{e.initiative_id}" if e.initiative_id else GLOBAL_CHAIN for e in entries]
    counts = Counter(chains)
    heads = AuditChainHead._meta.db_table
    names = sorted(counts)  # heads locked in one order by every writer, so two batches never deadlock
    # Claim the next links of each chain; the row locks last until the caller's transaction ends. A new chain
    # starts at GENESIS; an existing one returns its last hash, its seq moved past the links claimed.
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {heads} (chain, seq, hash)
                SELECT claim.chain, claim.n, %s FROM unnest(%s::text[], %s::bigint[]) AS claim(chain, n)
                ORDER BY claim.chain
                ON CONFLICT (chain) DO UPDATE SET seq = {heads}.seq + EXCLUDED.seq
                RETURNING chain, seq, hash""",  # noqa: S608 (table name from the model, values bound)
            [GENESIS, names, [counts[name] for name in names]],
        )
        # chain -> (seq of the last link before these, its hash)
        last = {chain: (seq - counts[chain], digest) for chain, seq, digest in cursor.fetchall()}
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    actor_repr = actor.get_username() if actor_id else "system"
    at = timezone.now()
    request_id = request_id_var.get()
    events = []
    for chain, entry in zip(chains, entries, strict=True):
        seq, prev_hash = last[chain]
        event = AuditEvent(
            chain=chain,
            seq=seq + 1,
            actor_id=actor_id,
            actor_repr=actor_repr,
            verb=verb,
            target_type=entry.target._meta.label_lower,
            target_id=str(entry.target.pk),
            target_repr=str(entry.target)[:300],
            initiative_id=entry.initiative_id,
            before=_json_safe(entry.before),
            after=_json_safe(entry.after),
            request_id=request_id,
            at=at,
            prev_hash=prev_hash,
            hash_scheme=HASH_SCHEME,
        )
        event.hash = hash_of(event)
        last[chain] = (event.seq, event.hash)
        events.append(event)
    AuditEvent.objects.bulk_create(events)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {heads} SET hash = moved.hash FROM unnest(%s::text[], %s::text[]) AS moved(chain, hash)
                WHERE {heads}.chain = moved.chain""",  # noqa: S608 (table name from the model, values bound)
            [names, [last[name][1] for name in names]],
        )
    return events


@dataclass
class ChainBreak:
    chain: str
    seq: int
    event_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"event {self.event_id}" if self.event_id else "chain head"
        return f"chain {self.chain} at seq {self.seq} ({where}): {self.problem}"


def verify_chains(*, batch_size: int = 5000) -> tuple[int, ChainBreak | None]:
    """Recompute every chain. Returns (events checked, first break or None).

    Heads and events are read from one snapshot, so events appended while it runs are not mistaken for tampering.
    """
    if connection.in_atomic_block:
        # The caller's transaction decides what this sees (a test, or a caller that wants its own snapshot).
        return _verify(batch_size)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _verify(batch_size)


def _verify(batch_size: int) -> tuple[int, ChainBreak | None]:
    checked = 0
    heads = {h.chain: h for h in AuditChainHead.objects.all()}
    expected: dict[str, tuple[int, str]] = {}
    events = AuditEvent.objects.order_by("chain", "seq").iterator(chunk_size=batch_size)
    keyed: set[str] = set()  # chains that have reached keyed hashing: no plain hash may follow
    for event in events:
        seq, prev = expected.get(event.chain, (0, GENESIS))
        if event.hash_scheme == HASH_SCHEME:
            keyed.add(event.chain)
        elif event.chain in keyed or event.hash_scheme != LEGACY_SCHEME:
            return checked, ChainBreak(event.chain, event.seq, event.pk, "an unkeyed hash after keyed ones (forged?)")
        if event.seq != seq + 1:
            return checked, ChainBreak(event.chain, seq + 1, None, "missing event (deleted?)")
        if event.prev_hash != prev:
            return checked, ChainBreak(event.chain, event.seq, event.pk, "link to the previous event broken")
        digest = hash_of(event)
        if digest != event.hash:
            return checked, ChainBreak(event.chain, event.seq, event.pk, "content does not match its hash")
        expected[event.chain] = (event.seq, event.hash)
        checked += 1
    for chain, head in heads.items():
        seq, last_hash = expected.get(chain, (0, GENESIS))
        if head.seq != seq or head.hash != last_hash:
            return checked, ChainBreak(chain, seq + 1, None, "events after the last one found are missing")
    for chain, (seq, _last_hash) in expected.items():
        if chain not in heads:
            return checked, ChainBreak(chain, seq, None, "the chain's head record is missing")
    return checked, _against_checkpoint(expected)


# --- Signed checkpoints outside the database ---------------------------------------------------------------------


class CheckpointError(Exception):
    """A checkpoint file whose signature does not verify (tampered, or signed with another key)."""


def _sign(body: bytes) -> str:
    return hmac.new(_key(), b"checkpoint:" + body, hashlib.sha256).hexdigest()


def _checkpoint_dir() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR)


def audit_checkpoint_write() -> Path:
    """Write every chain's head (seq and hash), signed with AUDIT_HMAC_KEY, to a new file in AUDIT_CHECKPOINT_DIR,
    and record the checkpoint as an audit event (which the file includes). Returns the file's path."""
    directory = _checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        count = AuditChainHead.objects.count()
        audit_record(
            actor=None,
            verb="audit.checkpoint",
            target=AuditChainHead(chain=GLOBAL_CHAIN),
            after={"chains": count, "directory": str(directory)},
        )
        heads = {
            chain: [seq, digest] for chain, seq, digest in AuditChainHead.objects.values_list("chain", "seq", "hash")
        }
        at = timezone.now()
    body = json.dumps({"at": at.isoformat(), "heads": heads}, sort_keys=True, separators=(",", ":")).encode()
    path = directory / f"checkpoint-{at:%Y%m%dT%H%M%S%f}Z.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_bytes(json.dumps({"body": body.decode(), "signature": _sign(body)}).encode())
    os.replace(temporary, path)
    return path


def latest_checkpoint() -> tuple[Path, dict] | None:
    """The newest checkpoint file and its heads, or None when there is none; CheckpointError if it was altered."""
    files = sorted(_checkpoint_dir().glob("checkpoint-*.json")) if _checkpoint_dir().is_dir() else []
    if not files:
        return None
    path = files[-1]
    try:
        envelope = json.loads(path.read_bytes())
        body = envelope["body"].encode()
        valid = hmac.compare_digest(_sign(body), str(envelope["signature"]))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CheckpointError(f"{path.name} cannot be read: {error}") from error
    if not valid:
        raise CheckpointError(f"{path.name}: the signature does not verify (altered, or signed with another key)")
    return path, json.loads(body)["heads"]


def _against_checkpoint(found: dict[str, tuple[int, str]]) -> ChainBreak | None:
    """Every chain the newest checkpoint names must still reach at least its checkpointed link, with that hash:
    a truncation, deleted heads and events, or a rewritten tail all show here."""
    try:
        latest = latest_checkpoint()
    except CheckpointError as error:
        return ChainBreak("checkpoint", 0, None, str(error))
    if latest is None:
        return None
    path, heads = latest
    for chain, (seq, digest) in sorted(heads.items()):
        if seq == 0:
            continue
        have_seq, _have_hash = found.get(chain, (0, GENESIS))
        if have_seq < seq:
            return ChainBreak(chain, seq, None, f"{seq - have_seq} events checkpointed in {path.name} are gone")
        linked = AuditEvent.objects.filter(chain=chain, seq=seq).values_list("hash", flat=True).first()
        if linked != digest:
            return ChainBreak(chain, seq, None, f"the event checkpointed in {path.name} was replaced")
    return None
