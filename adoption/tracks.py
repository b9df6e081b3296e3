"""The shipped tracks (``adoption.models.Track``): ``standard`` (every current template, the CoE's sign-off matrix)
and ``fast`` (low-risk internal tools: a lighter set of criteria and fewer slots). Loaded by a data migration and
again after every ``flush``; the CoE's edits of an existing track are kept."""

from __future__ import annotations

STANDARD = "standard"
FAST = "fast"

DEFAULT_TRACKS: list[dict] = [
    {
        "code": STANDARD,
        "order": 1,
        "name": {"en": "Standard track", "zh-hant": "標準流程", "zh-hans": "标准流程"},
        "description": {
            "en": "Every criterion of each phase and the full sign-off matrix.",
            "zh-hant": "每個階段的所有條件，以及完整的簽核矩陣。",
            "zh-hans": "每个阶段的全部条件，以及完整的签批矩阵。",
        },
        "criteria": {},
        "slots": {},
        "low_risk_only": False,
    },
    {
        "code": FAST,
        "order": 2,
        "name": {"en": "Fast track", "zh-hant": "快速流程", "zh-hans": "快速通道"},
        "description": {
            "en": "For low-risk internal tools: fewer criteria per phase and fewer sign-offs at each gate.",
            "zh-hant": "適用於低風險的內部工具：每個階段的條件較少，每道關卡的簽核也較少。",
            "zh-hans": "适用于低风险的内部工具：每个阶段的条件更少，每道关卡的签批也更少。",
        },
        "criteria": {
            "exploration": ["value_hypothesis", "feasibility_spike", "first_roi_estimate", "risk_and_data_classified"],
            "validation": ["automated_evaluation", "human_evaluation", "roi_reestimated", "security_review"],
            "scaling": [
                "mlops_pipeline",
                "drift_monitoring",
                "user_training",
                "feedback_loop_owner",
                "realised_value_measured",
            ],
        },
        "slots": {
            "exploration": ["business_sponsor", "coe_admin"],
            "validation": ["coe_admin", "security_reviewer", "business_sponsor"],
            "scaling": ["coe_admin", "compliance_officer", "business_sponsor"],
        },
        "low_risk_only": True,
    },
]


def ensure_tracks(apps) -> None:
    """Create the shipped tracks that are missing (idempotent)."""
    try:
        Track = apps.get_model("adoption", "Track")
    except LookupError:  # migrated only part of the way
        return
    for row in DEFAULT_TRACKS:
        Track.objects.get_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
