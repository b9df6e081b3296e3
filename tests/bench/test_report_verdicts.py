"""How the report decides that a sweep's queries per batch stay constant as the portfolio grows."""

from bench.report import _batch_verdict, _shape


def test_a_batch_compared_with_the_dearest_batch_of_the_smaller_portfolio():
    # A small portfolio has a few light batches around its one full batch; the large one has many full batches.
    text, ok = _batch_verdict("stale_evidence_sweep", [14] * 42 + [3, 9], smaller=[3, 3, 13])
    assert ok
    assert text == "stale_evidence_sweep 14 × 44 (also 3, 9), at most 13 → 14"
    text, ok = _batch_verdict("gate_reviews_sweep", [10, 40, 10], smaller=[10, 11])
    assert not ok
    assert text.endswith("at most 11 → 40 — grows")


def test_without_a_smaller_portfolio_the_usual_batch_is_the_measure():
    assert _batch_verdict("phase_time_boxes_sweep", [6, 6, 7]) == ("phase_time_boxes_sweep 6 × 3 (also 7)", True)
    assert _batch_verdict("phase_time_boxes_sweep", [6, 6, 30])[1] is False


def test_reference_reviews_are_compared_by_phase_and_slots_not_by_risk_tier():
    assert _shape("open review: exploration, limited risk, 3 of 3 slots waiting") == _shape(
        "open review: exploration, minimal risk, 3 of 3 slots waiting"
    )
    assert _shape("open review: exploration, minimal risk, 3 of 3 slots waiting") != _shape(
        "open review: validation, minimal risk, 5 of 5 slots waiting"
    )
    assert _shape("without open review") == "without open review"
