"""The kill rules a new installation starts with (the data migration and every flush put them in place)."""

from __future__ import annotations

# kind → (order, N, names in each language). The names are data: the CoE may rename a rule.
DEFAULT_KILL_RULES: dict[str, tuple[int, int, dict[str, str]]] = {
    "overdue": (
        1,
        30,
        {
            "en": "Overdue by more than N days",
            "zh-hant": "逾期超過 N 天",
            "zh-hans": "逾期超过 N 天",
        },
    ),
    "net_value_falling": (
        2,
        1,
        {
            "en": "Net value fell in the last N ROI estimates",
            "zh-hant": "最近 N 次投資報酬率估算的淨值持續下降",
            "zh-hans": "最近 N 次投资回报率估算的净值持续下降",
        },
    ),
    "no_confirmed_value": (
        3,
        3,
        {
            "en": "No confirmed value N months after production",
            "zh-hant": "上線 N 個月後仍無確認價值",
            "zh-hans": "上线 N 个月后仍无确认价值",
        },
    ),
    "rejected_at_gate": (
        4,
        2,
        {
            "en": "Rejected N times at the same gate",
            "zh-hant": "同一關卡被否決 N 次",
            "zh-hans": "同一关卡被否决 N 次",
        },
    ),
}


def ensure_kill_rules(apps) -> None:
    """Create each default kill rule that is missing (an existing rule, as the CoE left it, is kept)."""
    KillRule = apps.get_model("analytics", "KillRule")
    for kind, (order, parameter, names) in DEFAULT_KILL_RULES.items():
        KillRule.objects.get_or_create(kind=kind, defaults={"order": order, "parameter": parameter, "names": names})
