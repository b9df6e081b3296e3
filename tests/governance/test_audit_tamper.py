"""An audit trail that whoever can write to the database cannot quietly rewrite: TRUNCATE and head deletion are
refused; a forged tail, deleted heads and a truncation are each detected against the keyed hashes and the signed
checkpoints kept outside the database; a tampered checkpoint is detected too."""

import json
from io import StringIO

import pgtrigger
import pytest
from django.core.management import call_command
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from governance.audit import (
    GLOBAL_CHAIN,
    LEGACY_SCHEME,
    audit_checkpoint_write,
    audit_record,
    event_hash,
    latest_checkpoint,
    verify_chains,
)
from governance.models import AuditChainHead, AuditEvent

pytestmark = pytest.mark.django_db
IGNORE = [
    "governance.AuditEvent:audit_append_only",
    "governance.AuditChainHead:audit_head_no_delete",
    "governance.AuditChainHead:audit_head_forward_only",
]


@pytest.fixture
def trail(coe):
    with transaction.atomic():
        for n in range(4):
            audit_record(actor=coe, verb="test.event", target=coe, after={"n": n})
    return AuditEvent.objects.filter(chain=GLOBAL_CHAIN).order_by("seq")


def refused(sql: str, match: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL audit.allow_truncate = 'off'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's inserts leave deferred checks pending
        with pytest.raises(ProgrammingError, match=match), transaction.atomic():
            cursor.execute(sql)


def test_truncate_is_refused_on_events_and_heads(trail):
    refused("TRUNCATE governance_auditevent CASCADE", "TRUNCATE of governance_auditevent refused")
    refused("TRUNCATE governance_auditchainhead", "TRUNCATE of governance_auditchainhead refused")
    refused("DELETE FROM governance_auditchainhead", "Cannot delete rows")
    refused("UPDATE governance_auditchainhead SET seq = 1", "Cannot update rows")
    assert trail.count() == AuditChainHead.objects.get(chain=GLOBAL_CHAIN).seq


def test_new_events_are_keyed_and_old_unkeyed_ones_still_verify(trail, settings):
    assert {event.hash_scheme for event in trail} == {"hmac-sha256"}
    assert verify_chains()[1] is None
    # The same events do not verify under another key: the hash is not computable from the rows alone.
    settings.AUDIT_HMAC_KEY = "another-key-another-key-another-key"
    assert "does not match its hash" in verify_chains()[1].problem


def test_events_recorded_before_keyed_hashing_verify(db):
    event = AuditEvent(
        chain="legacy",
        seq=1,
        actor_repr="system",
        verb="test.legacy",
        target_type="auth.user",
        target_id="1",
        target_repr="someone",
        before={},
        after={},
        request_id="",
        prev_hash="0" * 64,
        hash_scheme=LEGACY_SCHEME,
        at=timezone.now(),
    )
    event.hash = event_hash(**_fields(event), scheme=LEGACY_SCHEME)
    event.save()
    AuditChainHead.objects.create(chain="legacy", seq=1, hash=event.hash)
    assert verify_chains() == (1, None)


def _fields(event) -> dict:
    return {
        name: getattr(event, name)
        for name in (
            "chain",
            "seq",
            "prev_hash",
            "actor_id",
            "actor_repr",
            "verb",
            "target_type",
            "target_id",
            "target_repr",
            "initiative_id",
            "before",
            "after",
            "request_id",
            "at",
        )
    }


def forge_tail(trail, *, scheme: str) -> None:
    """What someone with write access and the app's code, but not the key, can do: a new last event, hashed with
    the app's own function, set as the chain's head."""
    last = trail.last()
    forged = AuditEvent(**{**_fields(last), "seq": last.seq + 1, "prev_hash": last.hash, "verb": "forged"})
    forged.hash_scheme = scheme
    forged.hash = event_hash(**_fields(forged), scheme=LEGACY_SCHEME)
    forged.save()
    with pgtrigger.ignore(*IGNORE):
        AuditChainHead.objects.filter(chain=GLOBAL_CHAIN).update(seq=forged.seq, hash=forged.hash)


@pytest.mark.parametrize("scheme", ["sha256", "hmac-sha256"])
def test_a_forged_tail_is_detected(trail, scheme):
    forge_tail(trail, scheme=scheme)
    _checked, broken = verify_chains()
    assert broken is not None
    assert broken.chain == GLOBAL_CHAIN
    assert broken.problem in ("an unkeyed hash after keyed ones (forged?)", "content does not match its hash")


def test_deleted_heads_and_events_are_detected_against_the_checkpoint(trail):
    path = audit_checkpoint_write()
    assert AuditEvent.objects.filter(verb="audit.checkpoint").exists()
    assert verify_chains()[1] is None
    with pgtrigger.ignore(*IGNORE):
        AuditEvent.objects.all().delete()
        AuditChainHead.objects.all().delete()
    checked, broken = verify_chains()
    assert checked == 0
    assert broken.chain == GLOBAL_CHAIN
    assert f"checkpointed in {path.name} are gone" in broken.problem


def test_truncation_of_a_tail_is_detected(trail):
    audit_checkpoint_write()
    last = AuditEvent.objects.filter(chain=GLOBAL_CHAIN).order_by("-seq").first()
    with pgtrigger.ignore(*IGNORE):
        last.delete()
        previous = AuditEvent.objects.filter(chain=GLOBAL_CHAIN).order_by("-seq").first()
        AuditChainHead.objects.filter(chain=GLOBAL_CHAIN).update(seq=previous.seq, hash=previous.hash)
    broken = verify_chains()[1]
    assert "are gone" in broken.problem


def test_a_tampered_checkpoint_is_detected(trail):
    path = audit_checkpoint_write()
    envelope = json.loads(path.read_text())
    body = json.loads(envelope["body"])
    body["heads"][GLOBAL_CHAIN][0] = 1
    envelope["body"] = json.dumps(body, sort_keys=True, separators=(",", ":"))
    path.write_text(json.dumps(envelope))
    broken = verify_chains()[1]
    assert broken.chain == "checkpoint"
    assert "signature does not verify" in broken.problem


def test_the_commands_write_and_check_a_checkpoint(trail):
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert "Checkpoint written" in out.getvalue()
    _path, heads = latest_checkpoint()
    assert heads[GLOBAL_CHAIN][0] == AuditChainHead.objects.get(chain=GLOBAL_CHAIN).seq
    assert verify_chains()[1] is None
