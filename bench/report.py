"""Ratios and targets (issue 7, PRODUCT.md §9) from the measured figures, written as bench/report.json and a
Markdown table, bench/report.md."""

from __future__ import annotations

import datetime
import json
import re
from collections import Counter
from pathlib import Path

from bench.endpoints import BY_NAME, ENDPOINTS
from bench.funnel_sql import compare


def _ratio(a, b) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def assemble_size(
    *, plan: dict, endpoints: dict, queries: dict, funnel: dict, sweeps: dict | None, soak: dict | None
) -> dict:
    """One data set's figures: load figures joined with query counts, the funnel's SQL checked against the API."""
    queries = {name: dict(figures) for name, figures in queries.items()}
    api_funnel = queries.get("funnel_executive", {}).pop("response", None)
    funnel = {**funnel, "differences_from_api": compare(api_funnel, funnel["figures"]) if api_funnel else ["no answer"]}
    endpoints = {name: dict(figures) for name, figures in endpoints.items()}
    for name, figures in endpoints.items():
        figures.update({k: v for k, v in queries.get(name, {}).items() if k != "status"})
        figures["query_check_status"] = queries.get(name, {}).get("status")
    return {
        "initiatives": plan["initiatives"],
        "users": plan["users"],
        "open_reviews_signable": plan["open_reviews_signable"],
        "endpoints": endpoints,
        "funnel_sql": funnel,
        "soak": soak,
        "sweeps": sweeps,
    }


def soak_summary(run: dict, *, seconds: int) -> dict:
    """Every request of the soak together, and the figures per endpoint."""
    return {**run["all"], "users": run["users"], "seconds": seconds, "by_name": run["by_name"]}


def _endpoint_ratios(size: dict) -> None:
    endpoints = size["endpoints"]
    floor = endpoints.get("floor", {}).get("p95")
    for figures in endpoints.values():
        figures["p95_over_floor"] = _ratio(figures.get("p95"), floor)
    funnel = endpoints.get("funnel_executive", {}).get("p95")
    size["ratios"] = {
        "funnel_executive_over_raw_sql": _ratio(funnel, size["funnel_sql"]["p95"]),
        "funnel_executive_over_floor": _ratio(funnel, floor),
        "funnel_scoped_over_executive": _ratio(endpoints.get("funnel_scoped", {}).get("p95"), funnel),
        "approve_over_detail": _ratio(endpoints.get("approve", {}).get("p95"), endpoints.get("detail", {}).get("p95")),
    }


def _batch_profile(sweeps: dict | None) -> dict[str, list[int]]:
    if not sweeps:
        return {}
    return {name: part["queries_per_batch"] for name, part in sweeps["parts"].items() if part["queries_per_batch"]}


def _notifications(sweeps: dict) -> int:
    words = ("notification", "reminder", "digest")
    return sum(n for label, n in sweeps["results"].items() if any(word in label for word in words))


def _batch_text(name: str, counts: list[int]) -> str:
    """The usual number of queries of a sweep's batches, how many batches, and the other counts seen."""
    steady = Counter(counts).most_common(1)[0][0]
    others = sorted(set(counts) - {steady})
    detail = f" (also {', '.join(map(str, others))})" if others else ""
    return f"{name} {steady} × {len(counts)}{detail}"


def _batch_verdict(name: str, counts: list[int], smaller: list[int] | None = None) -> tuple[str, bool]:
    """Constant when no batch at this size costs more queries than the dearest batch of the smaller portfolio
    (give or take 2: the once-per-sweep lookups); with no smaller portfolio to compare, than the usual batch of
    this one. A batch with less to do may cost fewer."""
    text = _batch_text(name, counts)
    if smaller:
        constant = max(counts) <= max(smaller) + 2
        return f"{text}, at most {max(smaller)} → {max(counts)}" + ("" if constant else " — grows"), constant
    steady = Counter(counts).most_common(1)[0][0]
    constant = max(counts) <= steady + 2
    return text + ("" if constant else " — grows"), constant


def _shape(case: str) -> str:
    """A reference case without its risk tier: "open review: exploration, 3 of 3 slots waiting"."""
    return re.sub(r", \w+ risk", "", case)


def _targets(sizes: dict[str, dict]) -> list[dict]:
    keys = sorted(sizes, key=int)
    small, large = sizes[keys[0]], sizes[keys[-1]]
    two = len(keys) > 1
    targets = []

    def add(target: str, figure: str, met: bool | None) -> None:
        targets.append({"target": target, "figure": figure, "met": met})

    # 1. Queries per request do not grow with the portfolio.
    if two:

        def queries(size: dict, name: str, other: dict) -> dict:
            """Per reference case (detail endpoints: without and with an open review), those both sizes have, by
            shape: an open review's phase and slots waiting (what the page reads per slot), not its risk tier,
            which a small portfolio may not offer in every phase."""
            figures = size["endpoints"][name]
            each = figures.get("queries_each")
            if isinstance(each, dict) and isinstance(other["endpoints"][name].get("queries_each"), dict):
                common = {_shape(case) for case in each} & {_shape(c) for c in other["endpoints"][name]["queries_each"]}
                return {_shape(case): n for case, n in each.items() if _shape(case) in common}
            return {"": figures.get("queries")}

        def text(counts: dict) -> str:
            return " / ".join(f"{n}" + (f" ({case})" if case else "") for case, n in counts.items())

        changed = [
            f"{name} {text(queries(small, name, large))} → {text(queries(large, name, small))}"
            for name in large["endpoints"]
            if name in small["endpoints"]
            and BY_NAME[name].method == "GET"
            and queries(small, name, large) != queries(large, name, small)
        ]
        unmatched = sorted(
            {
                case
                for a, b in ((small, large), (large, small))
                for name in a["endpoints"]
                if isinstance(a["endpoints"][name].get("queries_each"), dict)
                and isinstance(b["endpoints"].get(name, {}).get("queries_each"), dict)
                for case in {_shape(c) for c in a["endpoints"][name]["queries_each"]}
                - {_shape(c) for c in b["endpoints"][name]["queries_each"]}
            }
        )
        figure = "all equal" if not changed else "differ: " + ", ".join(changed)
        if unmatched:
            figure += " (not compared, no initiative of that shape at the other size: " + "; ".join(unmatched) + ")"
        add(
            f"Queries per request constant from {int(keys[0]):,} to {int(keys[-1]):,} initiatives (every GET endpoint)",
            figure,
            not changed,
        )
        # 2. Scale invariance of lists, scoped funnels, the inbox and the board.
        scoped = [n for n, e in BY_NAME.items() if e.kind in ("list", "inbox", "board") or n == "funnel_scoped"]
        ratios = {
            n: _ratio(large["endpoints"].get(n, {}).get("p95"), small["endpoints"].get(n, {}).get("p95"))
            for n in scoped
            if n in large["endpoints"] and n in small["endpoints"]
        }
        add(
            "p95 at the large size ÷ p95 at the small size ≤ 1.5 (lists, scoped funnel, inbox, board)",
            ", ".join(f"{n} {r}" for n, r in ratios.items()),
            all(r is not None and r <= 1.5 for r in ratios.values()) if ratios else None,
        )
    for key in keys:
        ratio = sizes[key]["ratios"]["funnel_executive_over_raw_sql"]
        add(
            f"Executive funnel p95 ≤ 1.5 × its raw SQL ({int(key):,})",
            f"{ratio} (API {sizes[key]['endpoints'].get('funnel_executive', {}).get('p95')} ms, "
            f"SQL {sizes[key]['funnel_sql']['p95']} ms)",
            None if ratio is None else ratio <= 1.5,
        )
    stretch = {key: sizes[key]["ratios"]["funnel_executive_over_floor"] for key in keys}
    add(
        "Stretch: executive funnel p95 ≤ 5 × the trivial endpoint at any size",
        ", ".join(f"{int(k):,}: {v}" for k, v in stretch.items()),
        all(v is not None and v <= 5 for v in stretch.values()),
    )
    for key in keys:
        ratio = sizes[key]["ratios"]["funnel_scoped_over_executive"]
        add(
            f"Scoped funnel ≤ 0.5 × the executive funnel ({int(key):,})",
            str(ratio),
            None if ratio is None else ratio <= 0.5,
        )
    for key in keys:
        ratio = sizes[key]["ratios"]["approve_over_detail"]
        approve = sizes[key]["endpoints"].get("approve", {})
        add(
            f"Approve p95 ≤ 3 × detail p95 ({int(key):,})",
            f"{ratio} (approve {approve.get('p95')} ms over {approve.get('requests', 0)} sign-offs, "
            f"detail {sizes[key]['endpoints'].get('detail', {}).get('p95')} ms)",
            None if ratio is None else ratio <= 3,
        )
    soaks = {key: sizes[key]["soak"] for key in keys if sizes[key].get("soak")}
    for key, soak in soaks.items():
        add(
            f"Zero 5xx under {soak['users']} concurrent users for {soak['seconds']} s ({int(key):,})",
            f"{soak['status_5xx']} 5xx, {soak['no_response']} without answer, in {soak['requests']:,} requests "
            f"(p95 of all requests {soak['p95']} ms)",
            soak["status_5xx"] == 0 and soak["no_response"] == 0,
        )
    runs = large.get("sweeps") or {}
    for run, sweeps in runs.items():
        add(
            f"Full reminder sweep over {sweeps['initiatives']:,} initiatives in under 60 s ({run} run, "
            f"{_notifications(sweeps):,} notifications created)",
            f"{sweeps['seconds']} s ({sweeps['initiatives_per_second']:,} initiatives/s)",
            sweeps["seconds"] < 60,
        )
    if runs:
        sweeps = runs.get("first") or next(iter(runs.values()))
        small_runs = (small.get("sweeps") or {}) if two else {}
        before = _batch_profile(small_runs.get("first") or next(iter(small_runs.values()), None))
        verdicts = [_batch_verdict(name, counts, before.get(name)) for name, counts in _batch_profile(sweeps).items()]
        sizes_compared = f"{int(keys[0]):,} → {sweeps['initiatives']:,}" if before else f"{sweeps['initiatives']:,}"
        add(
            f"Constant number of queries per sweep batch (first run, {sizes_compared} initiatives)",
            "; ".join(text for text, _ok in verdicts),
            all(ok for _text, ok in verdicts),
        )
    return targets


def build(*, sizes: dict[str, dict], machine: dict, config: dict, commit: str, total_seconds: int) -> dict:
    for size in sizes.values():
        _endpoint_ratios(size)
    keys = sorted(sizes, key=int)
    scale = {}
    if len(keys) > 1:
        small, large = sizes[keys[0]]["endpoints"], sizes[keys[-1]]["endpoints"]
        scale = {name: _ratio(large[name].get("p95"), small[name].get("p95")) for name in large if name in small}
    return {
        "generated_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "machine": machine,
        "config": config,
        "total_seconds": total_seconds,
        "sizes": sizes,
        "p95_large_over_small": scale,
        "targets": _targets(sizes),
    }


def _ms(value) -> str:
    return "–" if value is None else (f"{value:.0f}" if value >= 100 else f"{value:.1f}")


def _met(value: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "n/a"}[value]


def markdown(data: dict) -> str:
    keys = sorted(data["sizes"], key=int)
    sizes = data["sizes"]
    m, c = data["machine"], data["config"]
    lines = [
        "# Benchmark report (`make bench`)",
        "",
        f"Run {data['generated_at']} on commit `{data['commit']}` in {data['total_seconds']} s. Machine: {m['cpu']}, "
        f"{m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, Python {m['python']}, "
        f"{m['postgresql'].split(',')[0]} (load average at start {', '.join(map(str, m['load_average_at_start']))}).",
        "",
        f"gunicorn `config.wsgi` with {c['gunicorn_workers']} sync workers on 127.0.0.1, production settings "
        f"(DEBUG off); locust headless, {c['concurrency']} users without think time for {c['seconds_per_endpoint']} s "
        f"per endpoint, one endpoint at a time; data from `seed_scale --users {c['users']} --business-units "
        f"{c['business_units']} --seed {c['seed']}`. Latencies in ms from every request's exact time.",
        "",
    ]
    header = ["endpoint", "user"]
    for key in keys:
        header += [f"queries {int(key):,}", f"p50 / p95 / p99 {int(key):,}", f"p95 ÷ floor {int(key):,}"]
    if len(keys) > 1:
        header.append(f"p95 {int(keys[-1]):,} ÷ {int(keys[0]):,}")
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for endpoint in ENDPOINTS:
        if not any(endpoint.name in sizes[k]["endpoints"] for k in keys):
            continue
        who = {"executive": "executive", "scoped": "compliance officer", "signer": "eligible signers"}[endpoint.user]
        row = [f"{endpoint.label} `{endpoint.method} {endpoint.path}`", who]
        for key in keys:
            e = sizes[key]["endpoints"].get(endpoint.name, {})
            queries = e.get("queries")
            each = e.get("queries_each")
            if isinstance(each, list) and each:  # sign-offs: a plain one and the last one (which advances)
                queries = "–".join(str(q) for q in sorted({min(each), max(each)}))
            elif isinstance(each, dict) and each:  # detail: without and with an open review
                queries = " / ".join(str(q) for q in each.values())
            row += [
                "–" if queries is None else str(queries),
                f"{_ms(e.get('p50'))} / {_ms(e.get('p95'))} / {_ms(e.get('p99'))}",
                "–" if e.get("p95_over_floor") is None else f"{e['p95_over_floor']}",
            ]
        if len(keys) > 1:
            ratio = data["p95_large_over_small"].get(endpoint.name)
            row.append("–" if ratio is None else str(ratio))
        lines.append("| " + " | ".join(row) + " |")
    for key in keys:
        cases = sizes[key]["endpoints"].get("detail_page", {}).get("queries_each")
        if isinstance(cases, dict) and cases:
            lines += [
                "",
                f"Detail queries at {int(key):,} counted on: "
                + "; ".join(f"{c} ({n})" for c, n in cases.items())
                + ".",
            ]
    lines += ["", "## Targets (issue 7)", "", "| target | figure | |", "|---|---|---|"]
    for target in data["targets"]:
        lines.append(f"| {target['target']} | {target['figure']} | {_met(target['met'])} |")
    lines += [
        "",
        "## The funnel against its raw SQL",
        "",
        "| initiatives | raw SQL p50 / p95 | API p95 | API ÷ SQL | same numbers as the API |",
        "|---|---|---|---|---|",
    ]
    for key in keys:
        f = sizes[key]["funnel_sql"]
        diffs = f.get("differences_from_api") or []
        lines.append(
            f"| {int(key):,} | {_ms(f['p50'])} / {_ms(f['p95'])} ({f['runs']} runs, {f['concurrency']} at once) | "
            f"{_ms(sizes[key]['endpoints'].get('funnel_executive', {}).get('p95'))} | "
            f"{sizes[key]['ratios']['funnel_executive_over_raw_sql']} | "
            f"{'yes' if not diffs else 'no: ' + '; '.join(diffs)[:300]} |"
        )
    sweep_keys = [k for k in keys if sizes[k].get("sweeps")]
    if sweep_keys:
        lines += [
            "",
            "## Reminder sweeps (`sweeps_run_all` on a copy: a first run, then a repeat run)",
            "",
            "| initiatives | run | seconds | initiatives/s | notifications created | queries | batches | "
            "queries per batch, by sweep |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for key in sweep_keys:
            for run, s in sizes[key]["sweeps"].items():
                per = "; ".join(_batch_text(n, q) for n, q in _batch_profile(s).items())
                lines.append(
                    f"| {int(key):,} | {run} | {s['seconds']} | {s['initiatives_per_second']:,} | "
                    f"{_notifications(s):,} | {s['queries']:,} | {s['batches']} | {per or '–'} |"
                )
        columns = [(k, run) for k in sweep_keys for run in sizes[k]["sweeps"]]
        lines += ["", "| sweep | " + " | ".join(f"s / queries, {int(k):,} {run}" for k, run in columns) + " |"]
        lines.append("|---|" + "---|" * len(columns))
        last = sizes[sweep_keys[-1]]["sweeps"]
        for name in next(iter(last.values()))["parts"]:
            cells = []
            for key, run in columns:
                part = sizes[key]["sweeps"][run]["parts"].get(name)
                cells.append("–" if not part else f"{part['seconds']} / {part['queries']}")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for key in keys:
        soak = sizes[key].get("soak")
        if not soak:
            continue
        lines += [
            "",
            f"## Soak at {int(key):,} initiatives: {soak['users']} users, {soak['seconds']} s, think time 0.5–1.5 s",
            "",
            f"{soak['requests']:,} requests ({soak['rps']}/s), {soak['status_5xx']} answered 5xx, "
            f"{soak['no_response']} without an answer, {soak['errors']} errors in all.",
            "",
            "| endpoint | requests | p50 / p95 / p99 | statuses |",
            "|---|---|---|---|",
        ]
        for name, f in soak["by_name"].items():
            statuses = ", ".join(f"{k}: {v}" for k, v in f["statuses"].items())
            lines.append(
                f"| {name} | {f['requests']} | {_ms(f['p50'])} / {_ms(f['p95'])} / {_ms(f['p99'])} | {statuses} |"
            )
    lines += [
        "",
        "## Data sets",
        "",
        "| initiatives | database | seeded | scoped user sees | open reviews signable |",
        "|---|---|---|---|---|",
    ]
    for key in keys:
        s = sizes[key]
        scoped = s["users"]["scoped"]
        seeded = "reused" if s.get("reused") else f"{s.get('seed_seconds')} s"
        lines.append(
            f"| {int(key):,} | `{s.get('database', '–')}` (copied in {s.get('copy_seconds')} s) | {seeded} | "
            f"{scoped['visible']:,} initiatives in {scoped['units_in_scope']} units ({scoped['username']}) | "
            f"{s['open_reviews_signable']:,} |"
        )
    errors = [
        f"{int(k):,} {name}: {e['errors']} errors {e['statuses']}"
        for k in keys
        for name, e in sizes[k]["endpoints"].items()
        if e.get("errors")
    ]
    if errors:
        lines += ["", "Errors during the endpoint runs: " + "; ".join(errors) + "."]
    return "\n".join(lines) + "\n"


def write(data: dict, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "report.json").write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    (directory / "report.md").write_text(markdown(data), encoding="utf-8")


__all__ = ["assemble_size", "build", "markdown", "soak_summary", "write"]
