"""Ratios and targets (issues 7 and 18, PRODUCT.md §9) from the measured figures, written as bench/report.json and a
Markdown table, bench/report.md."""

from __future__ import annotations

import datetime
import itertools
import json
import re
from collections import Counter
from pathlib import Path

from bench.endpoints import BY_NAME, ENDPOINTS
from bench.funnel_sql import compare


def _ratio(a, b) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def assemble_size(
    *,
    plan: dict,
    endpoints: dict,
    queries: dict,
    funnel: dict,
    sweeps: dict | None,
    soak: dict | None,
    throughput: dict | None = None,
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
        "throughput": throughput,
    }


def soak_summary(run: dict, *, seconds: int) -> dict:
    """Every request of the soak together, and the figures per endpoint."""
    return {**run["all"], "users": run["users"], "seconds": seconds, "by_name": run["by_name"]}


def median(values: list[float | None]) -> float | None:
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else round((ordered[middle - 1] + ordered[middle]) / 2, 1)


def floor_runs(floor: dict, checks: list[float | None]) -> dict:
    """The floor's figures with the p95s of its later short runs (``checks``): every run's p95 and their median."""
    runs = [floor.get("p95"), *checks]
    floor.update({"p95_runs": runs, "p95_median": median(runs)})
    return floor


def floor_p95(size: dict) -> float | None:
    """What ratios to the floor divide by: the median of the floor's p95 over its runs in this run (its own run and
    the short runs between endpoints), else its own run's p95."""
    floor = size["endpoints"].get("floor", {})
    return floor.get("p95_median") or floor.get("p95")


def _endpoint_ratios(size: dict) -> None:
    endpoints = size["endpoints"]
    floor = floor_p95(size)
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


def _queries(size: dict, name: str, other: dict) -> dict:
    """Queries per request of ``name`` by reference case (detail endpoints: without and with an open review), those
    both sizes have, by shape: an open review's phase and slots waiting (what the page reads per slot), not its risk
    tier, which a small portfolio may not offer in every phase. Sign-offs: the plain one and the last one."""
    figures = size["endpoints"][name]
    each = figures.get("queries_each")
    other_each = other["endpoints"].get(name, {}).get("queries_each")
    if isinstance(each, dict) and isinstance(other_each, dict):
        common = {_shape(case) for case in each} & {_shape(c) for c in other_each}
        return {_shape(case): n for case, n in each.items() if _shape(case) in common}
    if isinstance(each, list) and each:
        return {"plain": min(each), "last": max(each)}
    return {"": figures.get("queries")}


def _count_text(counts: dict) -> str:
    return " / ".join(f"{n}" + (f" ({case})" if case else "") for case, n in counts.items())


def _targets(sizes: dict[str, dict]) -> list[dict]:
    keys = sorted(sizes, key=int)
    small, large = sizes[keys[0]], sizes[keys[-1]]
    two = len(keys) > 1
    targets = []

    def add(target: str, figure: str, met: bool | None) -> None:
        targets.append({"target": target, "figure": figure, "met": met})

    # 1. Queries per request do not grow with the portfolio.
    if two:
        changed = [
            f"{name} {_count_text(_queries(small, name, large))} → {_count_text(_queries(large, name, small))}"
            for name in large["endpoints"]
            if name in small["endpoints"]
            and BY_NAME[name].method == "GET"
            and _queries(small, name, large) != _queries(large, name, small)
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


TARGET_SCALE = 1.3  # issue 18: p95 at a size ÷ p95 at the size 100 times smaller (or 10 times, to a million)


def _reference(keys: list[str]) -> str:
    """The size issue 18's figures are stated at: 100,000, else the largest size up to it, else the smallest."""
    if "100000" in keys:
        return "100000"
    return max((k for k in keys if int(k) <= 100_000), key=int, default=keys[0])


def _is_probe(name: str) -> bool:
    return getattr(BY_NAME.get(name), "kind", "") == "probe"


def _scale_rows(a: dict, b: dict) -> list[dict]:
    """Every endpoint both sizes measured (the probes aside): p95 at ``b`` ÷ p95 at ``a`` and its queries."""
    rows = []
    for endpoint in ENDPOINTS:
        name = endpoint.name
        if _is_probe(name) or name not in a["endpoints"] or name not in b["endpoints"]:
            continue
        before, after = _queries(a, name, b), _queries(b, name, a)
        # The floor by its median over the run, as every ratio to it.
        p95 = [floor_p95(x) if name == "floor" else x["endpoints"][name].get("p95") for x in (a, b)]
        ratio = _ratio(p95[1], p95[0])
        rows.append(
            {
                "endpoint": name,
                "p95": p95,
                "ratio": ratio,
                "within": ratio is not None and ratio <= TARGET_SCALE,
                "queries": [_count_text(before), _count_text(after)],
                "queries_constant": before == after,
            }
        )
    return rows


def _scale_pairs(sizes: dict[str, dict]) -> dict[str, list[dict]]:
    keys = sorted(sizes, key=int)
    return {f"{b}/{a}": _scale_rows(sizes[a], sizes[b]) for a, b in itertools.pairwise(keys)}


def _targets_18(sizes: dict[str, dict]) -> list[dict]:
    """Issue 18's table, each goal met or missed with its figure; None when not measured in this run. Ratios to the
    floor at the reference size (``_reference``), divided by the median floor of the run (``floor_p95``)."""
    keys = sorted(sizes, key=int)
    ref = _reference(keys)
    size = sizes[ref]
    floor = floor_p95(size)
    smaller = [k for k in keys if int(k) < int(ref)]
    base = smaller[0] if smaller else None
    larger = [k for k in keys if int(k) > int(ref)]
    targets = []

    def add(target: str, figure: str, met: bool | None) -> None:
        targets.append({"target": target, "figure": figure, "met": met})

    def over_floor(name: str, label: str, limit: float) -> None:
        p95 = size["endpoints"].get(name, {}).get("p95")
        ratio = _ratio(p95, floor)
        add(
            f"{label} p95 ÷ floor ≤ {limit:g} ({int(ref):,})",
            "not measured" if ratio is None else f"{ratio} ({_ms(p95)} ms ÷ {_ms(floor)} ms)",
            None if ratio is None else ratio <= limit,
        )

    def scale(names: list[str], label: str) -> None:
        target = f"{label} p95 {int(ref):,} ÷ {int(base):,} ≤ {TARGET_SCALE}" if base else ""
        if not base:
            add(f"{label} p95 100,000 ÷ 1,000 ≤ {TARGET_SCALE}", f"not measured (no size below {int(ref):,})", None)
            return
        rows = [row for row in _scale_rows(sizes[base], size) if row["endpoint"] in names]
        if not rows:
            add(target, "not measured", None)
            return
        add(
            target,
            ", ".join(f"{row['endpoint']} {row['ratio']}" + ("" if row["within"] else " (over)") for row in rows),
            all(row["within"] for row in rows),
        )

    over_floor("board_executive", "Board page, executive,", 4)
    over_floor("detail_page", "Initiative page", 4)
    pages = {k: sizes[k]["endpoints"].get("detail_page", {}).get("queries_each") for k in keys}
    pages = {k: each for k, each in pages.items() if isinstance(each, dict) and each}
    add(
        "Initiative page ≤ 15 queries, with and without an open review (every size)",
        "; ".join(f"{int(k):,}: " + ", ".join(f"{n} ({case})" for case, n in each.items()) for k, each in pages.items())
        or "not measured",
        all(n <= 15 for each in pages.values() for n in each.values()) if pages else None,
    )
    over_floor("inbox", "Sign-off inbox", 3)
    scale(["inbox"], "Sign-off inbox")
    scale(["board_scoped"], "Board page, compliance officer,")
    over_floor("funnel_page", "Funnel page, executive,", 3)
    others = [e.name for e in ENDPOINTS if e.name not in ("inbox", "board_scoped") and not _is_probe(e.name)]
    scale(others, "Every other endpoint:")
    runs = size.get("sweeps") or {}
    for run, limit in (("first", 10), ("repeat", 2)):
        sweep = runs.get(run)
        add(
            f"Full reminder sweep, {run} run, ≤ {limit} s ({int(ref):,})",
            "not measured" if not sweep else f"{sweep['seconds']} s ({_notifications(sweep):,} notifications)",
            None if not sweep else sweep["seconds"] <= limit,
        )
    for name, label, limit in (
        ("probe_drf", "a DRF view with token authentication returning constant JSON", 1.5),
        ("probe_django", "a bare Django view returning constant JSON", 2.5),
    ):
        p95 = size["endpoints"].get(name, {}).get("p95")
        ratio = _ratio(floor, p95)
        add(
            f"The floor ÷ {label} (`{name}`), same gunicorn, ≤ {limit:g} ({int(ref):,})",
            "not measured" if ratio is None else f"{ratio} ({_ms(floor)} ms ÷ {_ms(p95)} ms)",
            None if ratio is None else ratio <= limit,
        )
    for key in larger or [None]:
        if key is None:
            add(f"Every endpoint p95 1,000,000 ÷ 100,000 ≤ {TARGET_SCALE}, queries constant", "not run", None)
            continue
        rows = _scale_rows(size, sizes[key])
        over = [f"{row['endpoint']} {row['ratio']}" for row in rows if not row["within"]]
        add(
            f"Every endpoint p95 {int(key):,} ÷ {int(ref):,} ≤ {TARGET_SCALE}",
            (f"over: {', '.join(over)}" if over else "all within")
            + f" (highest {max((r['ratio'] or 0 for r in rows), default=0)})",
            not over if rows else None,
        )
        grew = [
            f"{row['endpoint']} {row['queries'][0]} → {row['queries'][1]}"
            for row in rows
            if not row["queries_constant"]
        ]
        add(
            f"Queries per request equal at {int(ref):,} and {int(key):,} (every endpoint)",
            "all equal" if not grew else "differ: " + "; ".join(grew),
            not grew if rows else None,
        )
    ramps = [(k, sizes[k]["throughput"]) for k in keys if sizes[k].get("throughput")]
    if not ramps:
        add("Throughput sustained at p95 ≤ 250 ms with no error (3 and 6 gunicorn workers)", "not measured", None)
    for key, throughput in ramps[-1:]:
        for workers, ramp in throughput.items():
            best = ramp["sustained"]
            last = ramp["steps"][-1] if ramp["steps"] else None
            if best is None:
                figure = "no step within"
            else:
                figure = f"{best['rps']} requests/s ({best['users']} users, p95 {_ms(best['p95'])} ms)"
            if last is not None and ramp["saturated"]:
                figure += f"; at {last['users']} users p95 {_ms(last['p95'])} ms, {last['errors']} errors"
            elif last is not None:
                figure = "at least " + figure + " (the ramp's last step was still within)"
            add(
                f"Throughput sustained at p95 ≤ {ramp['p95_limit_ms']:g} ms with no error, {workers} gunicorn "
                f"workers ({int(key):,})",
                figure,
                best is not None,
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
        "scale_pairs": _scale_pairs(sizes),
        "targets_issue_18": _targets_18(sizes),
        "targets": _targets(sizes),
    }


def _ms(value) -> str:
    return "–" if value is None else (f"{value:.0f}" if value >= 100 else f"{value:.1f}")


def _met(value: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[value]


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
        *_floor_text(data),
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
    lines += ["", "## Targets (issue 18)", "", "| goal | figure | |", "|---|---|---|"]
    for target in data.get("targets_issue_18", []):
        lines.append(f"| {target['target']} | {target['figure']} | {_met(target['met'])} |")
    for pair, rows in data.get("scale_pairs", {}).items():
        large, small = (int(k) for k in pair.split("/"))
        lines += [
            "",
            f"## From {small:,} to {large:,} initiatives: p95 ratio (≤ {TARGET_SCALE}) and queries per request",
            "",
            f"| endpoint | p95 {small:,} | p95 {large:,} | {large:,} ÷ {small:,} | | queries {small:,} → {large:,} | |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in rows:
            lines.append(
                f"| {BY_NAME[row['endpoint']].label} | {_ms(row['p95'][0])} | {_ms(row['p95'][1])} | "
                f"{'–' if row['ratio'] is None else row['ratio']} | {'within' if row['within'] else '**over**'} | "
                f"{row['queries'][0]} → {row['queries'][1]} | "
                f"{'constant' if row['queries_constant'] else '**grows**'} |"
            )
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
    lines += _throughput_lines(sizes, keys)
    lines += [
        "",
        "## Data sets",
        "",
        "| initiatives | database | seeding (`seed_scale`) | size on disk | scoped user sees | open reviews signable |",
        "|---|---|---|---|---|---|",
    ]
    for key in keys:
        s = sizes[key]
        scoped = s["users"]["scoped"]
        seconds = s.get("seed_seconds")
        seeded = ("–" if seconds is None else f"{seconds:,} s") + (" (earlier; reused)" if s.get("reused") else "")
        if s.get("in_place"):
            worked = "measured in place; marked used, so seeded again at its next use"
        else:
            worked = f"copied in {s.get('copy_seconds')} s"
        lines.append(
            f"| {int(key):,} | `{s.get('database', '–')}` ({worked}) | {seeded} | {s.get('size', '–')} | "
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


def _floor_text(data: dict) -> list[str]:
    """How the floor that ratios divide by was measured, with its spread over the run."""
    runs = {
        key: [v for v in size["endpoints"].get("floor", {}).get("p95_runs") or [] if v is not None]
        for key, size in sorted(data["sizes"].items(), key=lambda item: int(item[0]))
    }
    runs = {key: values for key, values in runs.items() if values}
    if not runs:
        return []
    spread = "; ".join(
        f"{int(key):,}: {_ms(min(values))}–{_ms(max(values))} ms over {len(values)} runs, median "
        f"{_ms(data['sizes'][key]['endpoints']['floor']['p95_median'])}"
        for key, values in runs.items()
    )
    return [
        "Ratios to the floor divide by the median of the floor's p95 over the same run: its own run, then a short run "
        f"before each endpoint and one at the end ({data['config'].get('floor_seconds')} s each). A single floor run "
        "moves by about 30% between runs with the machine's load; the median of runs spread over the whole "
        f"measurement follows that drift and damps it ({spread}). Ratios between sizes do not involve the floor.",
        "",
    ]


def _throughput_lines(sizes: dict, keys: list[str]) -> list[str]:
    lines = []
    for key in keys:
        throughput = sizes[key].get("throughput")
        if not throughput:
            continue
        any_ramp = next(iter(throughput.values()))
        lines += [
            "",
            f"## Throughput at {int(key):,} initiatives",
            "",
            f"The soak's users (think time 0.5–1.5 s, the soak's endpoint mix) in steps of "
            f"{', '.join(map(str, any_ramp['planned_steps']))} users, {any_ramp['step_seconds']} s each, measured "
            f"after the first {any_ramp['settle_seconds']:g} s of a step; the ramp stops after the first step over "
            f"p95 {any_ramp['p95_limit_ms']:g} ms or with an error. Sustained: the highest step within p95 "
            f"{any_ramp['p95_limit_ms']:g} ms with no error. Locust runs on the same machine as gunicorn and "
            "PostgreSQL.",
            "",
            "| gunicorn workers | users | requests/s | p50 / p95 / p99 | errors | slowest endpoint (p95) | |",
            "|---|---|---|---|---|---|---|",
        ]
        for workers, ramp in throughput.items():
            for step in ramp["steps"]:
                slowest = step.get("slowest")
                mark = "**sustained**" if step == ramp["sustained"] else ""
                if not mark and (step["errors"] or (step["p95"] or 0) > ramp["p95_limit_ms"]):
                    mark = "over"
                lines.append(
                    f"| {workers} | {step['users']} | {step['rps']} | {_ms(step['p50'])} / {_ms(step['p95'])} / "
                    f"{_ms(step['p99'])} | {step['errors']} | "
                    f"{'–' if not slowest else f'{slowest["name"]} {_ms(slowest["p95"])}'} | {mark} |"
                )
    return lines


def write(data: dict, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "report.json").write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")
    (directory / "report.md").write_text(markdown(data), encoding="utf-8")


__all__ = ["assemble_size", "build", "floor_p95", "floor_runs", "markdown", "median", "soak_summary", "write"]
