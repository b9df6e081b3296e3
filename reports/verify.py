#!/usr/bin/env python3
"""Check a regulator evidence pack offline, with nothing but Python's standard library.

Run it in the unpacked pack's folder (or name the folder):

    python3 verify.py [FOLDER] [--key AUDIT_HMAC_KEY]

What it checks, in this order, stopping at the first mismatch (exit 1, naming it) or saying all is well (exit 0):

1. Every audit event of ``audit/events.jsonl``, chain by chain in order: its sequence number follows the one before
   it, it links to the hash of the event before it (the first link is 64 zeros), and its content digest
   (``content_sha256``: SHA-256 of the same canonical JSON the tracker hashes) matches its content. Events hashed
   with plain SHA-256 (``scheme`` "sha256") have their hash recomputed too. With ``--key`` (the deployment's
   AUDIT_HMAC_KEY) every keyed hash (``scheme`` "hmac-sha256") is recomputed: only then is an event proved to be
   the one the tracker recorded, because without the key anyone who edits an event can also recompute its digest.
2. Every file the manifest lists: its SHA-256 (and, for evidence, the SHA-256 the tracker recorded at upload).
3. No file in the folder is missing from the manifest (this script and the manifest aside).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import sys
from pathlib import Path

GENESIS = "0" * 64
KEYED = "hmac-sha256"
PLAIN = "sha256"


def payload(event: dict) -> bytes:
    """The canonical JSON the tracker hashes for an event (governance.audit.event_hash)."""
    content = {
        "chain": event["chain"],
        "seq": event["seq"],
        "prev": event["prev"],
        "actor": event["actor"],
        "verb": event["verb"],
        "target": event["target"],
        "initiative": event["initiative"],
        "before": event["before"],
        "after": event["after"],
        "request_id": event["request_id"],
        "at": event["at"],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def check_events(folder: Path, key: bytes | None) -> str | None:
    """The first problem with the audit events, or None."""
    path = folder / "audit" / "events.jsonl"
    if not path.is_file():
        return "audit/events.jsonl is missing"
    last: dict[str, tuple[int, str]] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                event = json.loads(line)
                name = f"audit event {event['id']} (chain {event['chain']}, seq {event['seq']}, line {number})"
                chain, seq = event["chain"], event["seq"]
                content = payload(event)
            except (ValueError, KeyError, TypeError) as error:
                return f"audit/events.jsonl line {number} cannot be read: {error}"
            expected_seq, expected_prev = last.get(chain, (0, GENESIS))
            expected_seq += 1
            if seq != expected_seq:
                return f"{name}: expected seq {expected_seq} (an event is missing or out of order)"
            if event["prev"] != expected_prev:
                return f"{name}: its link does not match the hash of the event before it"
            if hashlib.sha256(content).hexdigest() != event.get("content_sha256"):
                return f"{name}: its content does not match its content digest (edited?)"
            scheme = event.get("scheme")
            if scheme == PLAIN and hashlib.sha256(content).hexdigest() != event["hash"]:
                return f"{name}: its content does not match its hash"
            keyed = hmac.new(key, content, hashlib.sha256).hexdigest() if scheme == KEYED and key else None
            if keyed is not None and not hmac.compare_digest(keyed, event["hash"]):
                return f"{name}: its keyed hash does not verify (edited, or another key)"
            if scheme not in (PLAIN, KEYED):
                return f"{name}: unknown hash scheme {scheme!r}"
            last[chain] = (seq, event["hash"])
    return None


def check_files(folder: Path, manifest: dict) -> str | None:
    """The first file whose bytes differ from the manifest (or that is missing), or None."""
    listed = set()
    for entry in manifest.get("files", []):
        relative = entry["path"]
        listed.add(relative)
        path = folder / relative
        if not path.is_file():
            return f"{relative}: missing"
        actual = file_sha256(path)
        if actual != entry["sha256"]:
            return f"{relative}: SHA-256 {actual} does not match the manifest's {entry['sha256']}"
        recorded = entry.get("recorded_sha256")
        if recorded and actual != recorded:
            return f"{relative}: SHA-256 {actual} does not match the one recorded at upload, {recorded}"
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in listed and relative not in ("manifest.json", "verify.py"):
            return f"{relative}: not in the manifest"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a regulator evidence pack's hashes and audit chain links.")
    parser.add_argument("folder", nargs="?", default=str(Path(__file__).resolve().parent))
    parser.add_argument("--key", help="the deployment's AUDIT_HMAC_KEY, to recompute the keyed event hashes")
    arguments = parser.parse_args(argv)
    folder = Path(arguments.folder)
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"MISMATCH manifest.json cannot be read: {error}")
        return 1
    key = arguments.key.encode() if arguments.key else None
    problem = check_events(folder, key) or check_files(folder, manifest)
    if problem:
        print(f"MISMATCH {problem}")
        return 1
    keyed = "recomputed with the key" if key else "not recomputed (no --key): links and content digests checked"
    print(f"OK: {len(manifest.get('files', []))} files and every audit event check out; keyed hashes {keyed}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
