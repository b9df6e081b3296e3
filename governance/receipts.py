"""Signed decision receipts: what an approved gate decided, signed with Ed25519 so that a deployment pipeline can
check it offline with the public key (published at ``/.well-known/genai-tracker-keys.json``).

A receipt is a JSON document ``{"payload": <base64url of canonical JSON>, "signature": <base64url>, "kid": ...}``:
the signature is over the payload's exact bytes, so changing any byte of either fails verification. The payload
names the initiative, the phase left and the one entered (``production`` for the last gate), the model and prompt
identifiers, the hash of the evidence the signers saw, the signers, and the time.

The signing key is ``RECEIPT_SIGNING_KEY`` (32 random bytes, base64); without it a key is derived from
``AUDIT_HMAC_KEY``, a secret the deployment already keeps out of the database.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from tracker_cli.receipts import RECEIPT_VERSION, b64url, canonical, unb64url, verify

__all__ = ["RECEIPT_VERSION", "canonical", "published_keys", "sign", "signing_key", "unb64url", "verify"]


@cache
def _private_key(seed_text: str, fallback: str) -> Ed25519PrivateKey:
    if seed_text:
        seed = base64.b64decode(seed_text)
        if len(seed) != 32:
            raise ValueError("RECEIPT_SIGNING_KEY must be 32 bytes in base64")
    else:
        seed = hashlib.sha256(b"genai-tracker receipt signing key\x00" + fallback.encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def signing_key() -> Ed25519PrivateKey:
    return _private_key(settings.RECEIPT_SIGNING_KEY, settings.AUDIT_HMAC_KEY)


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A short name for a public key: the start of its SHA-256."""
    return hashlib.sha256(public_bytes(key)).hexdigest()[:16]


def published_keys() -> dict:
    """The public key as a JSON Web Key Set (RFC 8037 OKP keys)."""
    public = signing_key().public_key()
    return {
        "keys": [
            {"kty": "OKP", "crv": "Ed25519", "kid": key_id(public), "use": "sig", "x": b64url(public_bytes(public))}
        ]
    }


def sign(payload: dict) -> dict:
    """A receipt document for ``payload``."""
    key = signing_key()
    body = canonical(payload)
    return {"payload": b64url(body), "signature": b64url(key.sign(body)), "kid": key_id(key.public_key())}
