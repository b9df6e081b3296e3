"""Decision receipts as a deployment reads them: base64url, the canonical JSON that is signed, and the offline
check of a receipt against a set of published Ed25519 keys. No Django: the tracker signs with the same encoding
(governance.receipts) and this module verifies anywhere."""

from __future__ import annotations

import base64
import json

RECEIPT_VERSION = 1


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64url text")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def verify(document: dict, keys: dict) -> dict:
    """The payload of a receipt whose signature verifies with one of ``keys`` (a JWK set); ValueError otherwise."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        body = unb64url(document["payload"])
        signature = unb64url(document["signature"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"not a receipt: {error}") from None
    for jwk in keys.get("keys", []) if isinstance(keys, dict) else []:
        if jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
            continue
        try:
            Ed25519PublicKey.from_public_bytes(unb64url(jwk["x"])).verify(signature, body)
        except (InvalidSignature, ValueError, KeyError):
            continue
        payload = json.loads(body)
        if payload.get("v") != RECEIPT_VERSION:
            raise ValueError(f"unknown receipt version {payload.get('v')!r}")
        return payload
    raise ValueError("the signature does not verify with any published key")
