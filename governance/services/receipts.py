"""Issuing decision receipts: when a gate review is approved, in the approval's transaction."""

from __future__ import annotations

import re

from django.conf import settings

from adoption.choices import next_phase
from adoption.models import Initiative, ModelOption
from governance import receipts
from governance.audit import audit_record
from governance.models import DecisionReceipt, GateReview, SignOff

PRODUCTION = "production"


def model_identifiers(initiative: Initiative) -> list[str]:
    """The models a receipt approves: the chosen model option and each model named in "models and vendors used"
    (separated by commas, semicolons or lines), lower-cased."""
    named = [part.strip() for part in re.split(r"[,;\n]", initiative.models_used or "")]
    chosen = ModelOption.objects.filter(initiative=initiative, is_chosen=True).values_list("name", flat=True).first()
    return sorted({name.lower() for name in [*named, chosen or ""] if name})


def receipt_issue(*, review: GateReview, initiative: Initiative, actor) -> DecisionReceipt:
    """Sign what ``review``'s approval decided: the initiative, the phase left and the one entered, the models, the
    evidence the signers saw (its hash), who signed and how they had signed in, and when."""
    signoffs = (
        SignOff.objects.filter(review=review, round=review.round)
        .select_related("signer", "slot")
        .order_by("slot__order", "pk")
    )
    identifiers = model_identifiers(initiative)
    payload = {
        "v": receipts.RECEIPT_VERSION,
        "issuer": settings.SITE_URL.rstrip("/"),
        "receipt": f"{initiative.key}/{review.phase}/{review.attempt}",
        "initiative": initiative.key,
        "title": initiative.title,
        "phase": review.phase,
        "to_phase": next_phase(review.phase) or PRODUCTION,
        "models": identifiers,
        "risk_tier": review.risk_tier,
        "evidence_sha256": review.evidence_hash,
        "signers": [
            {
                "slot": signoff.slot.key,
                "signer": signoff.signer.get_username(),
                "decision": signoff.decision,
                "signed_at": signoff.signed_at.isoformat(),
                "auth_method": signoff.auth_method,
            }
            for signoff in signoffs
        ],
        "approved_at": review.decided_at.isoformat(),
    }
    receipt = DecisionReceipt.objects.create(
        initiative=initiative,
        review=review,
        phase=review.phase,
        to_phase=payload["to_phase"],
        identifiers=identifiers,
        document=receipts.sign(payload),
        issued_at=review.decided_at,
    )
    after = {"receipt": payload["receipt"], "to_phase": receipt.to_phase, "models": identifiers}
    audit_record(actor=actor, verb="receipt.issued", target=receipt, initiative=initiative, after=after)
    return receipt
