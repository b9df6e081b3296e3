"""A gate review's decision packet: what the signers decided on and how, as a PDF for auditors and regulators.

Everything comes from the review's own records: the criteria, evidence hashes and ROI frozen in its snapshot, the
slots and every sign-off (all rounds) with signer, time, decision and comment, the owner's answers, and the excerpt
of the initiative's audit chain about the review, each event with its hash and the hash it links to.
"""

from __future__ import annotations

from django.db.models import Q

from adoption.display import data_text
from governance.labels import describe_events
from governance.models import AuditEvent, GateReview, ReviewAnswer, SignOff
from governance.selectors.reviews import decision_outcome, frozen_roi, gate_review_get
from reports.pdf import render_pdf


def review_events(review: GateReview, signoff_ids: list[int], answer_ids: list[int]):
    """The audit events about ``review``, its sign-offs and its answers, in chain order, each with its sentence in
    the active language (``governance.labels.describe_events``)."""
    about = Q(target_type="governance.gatereview", target_id=str(review.pk))
    if signoff_ids:
        about |= Q(target_type="governance.signoff", target_id__in=[str(pk) for pk in signoff_ids])
    if answer_ids:
        about |= Q(target_type="governance.reviewanswer", target_id__in=[str(pk) for pk in answer_ids])
    events = AuditEvent.objects.filter(about, initiative_id=review.initiative_id).select_related("actor")
    return describe_events(events.order_by("chain", "seq"))


def decision_packet_context(review: GateReview) -> dict:
    signoffs = list(SignOff.objects.filter(review=review).select_related("slot").order_by("round", "signed_at", "pk"))
    answers = list(ReviewAnswer.objects.filter(review=review).order_by("round", "answered_at", "pk"))
    snapshot = review.snapshot or {}
    criteria = [
        {**criterion, "title_text": data_text(criterion.get("title") or criterion.get("code", ""))}
        for criterion in snapshot.get("criteria", [])
    ]
    return {
        "review": review,
        "initiative": review.initiative,
        "criteria": criteria,
        "roi": frozen_roi(review),
        "slots": list(review.slots.order_by("order", "pk")),
        "signoffs": signoffs,
        "answers": answers,
        "events": review_events(review, [s.pk for s in signoffs], [a.pk for a in answers]),
        "outcome": decision_outcome(review) if review.decided_at else "",
    }


def decision_packet_pdf(review: GateReview, language: str) -> bytes:
    """The packet in ``language``; dated by the decision (or the request while the review is open)."""
    from reports.pdf import in_language

    with in_language(language):
        context = decision_packet_context(review)
    return render_pdf(
        "reports/packet.html",
        context,
        language=language,
        created=review.decided_at or review.requested_at,
        identifier=review.evidence_hash or f"{review.pk:064x}",
    )


def decision_packet_for(*, user, review_id: int, language: str) -> tuple[GateReview, bytes]:
    """The packet of a review ``user`` may see (NotFound otherwise)."""
    review = gate_review_get(user=user, pk=review_id)
    return review, decision_packet_pdf(review, language)
