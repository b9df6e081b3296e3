"""Adapters that read an evaluation tool's own output into metrics (name → number) and what the run was.

- ``promptfoo``: the JSON of ``promptfoo eval --output results.json`` — the pass rate over its test cases, the mean
  score, and the mean of each named score (``namedScores``, e.g. from assertions with a ``metric`` name).
- ``lm-eval``: the results JSON of lm-evaluation-harness (``--output_path``) — each task's metrics as
  ``<task>/<metric>`` (``hellaswag/acc``), the filter suffix (``,none``) dropped and standard errors left out.
- ``junit``: JUnit XML (pytest, DeepEval, most CI test runners) — ``pass_rate``, ``tests``, ``failures``.
- ``json``: a generic document ``{"metrics": {"name": value, …}}`` with optional ``tool``, ``suite``, ``model``,
  ``model_version``, ``dataset``.

An adapter reads bytes a pipeline sent: it never evaluates anything, bounds what it reads, and refuses what it
cannot read with a sentence the pipeline's log can show.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from django.utils.translation import gettext as _

from core.exceptions import InvalidInput

MAX_METRICS = 200
NAME_LIMIT = 100


@dataclass
class Parsed:
    metrics: dict[str, Decimal] = field(default_factory=dict)
    tool: str = ""
    suite: str = ""
    model: str = ""
    model_version: str = ""
    dataset: str = ""


def number(value) -> Decimal | None:
    """A metric's value as a Decimal of at most 4 decimals, or None for what is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        return None
    if not result.is_finite() or abs(result) >= Decimal("1e10"):
        return None
    return result.quantize(Decimal("0.0001"))


def _refused(reason: str) -> InvalidInput:
    return InvalidInput(_("The evaluation report could not be read."), fields={"report": [reason]})


def _json(data: bytes):
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _refused(_("The report is not JSON.")) from None


def _promptfoo(data: bytes) -> Parsed:
    document = _json(data)
    if not isinstance(document, dict):
        raise _refused(_("This is not a promptfoo results file."))
    body = document.get("results", document)
    rows = body.get("results") if isinstance(body, dict) else body
    if not isinstance(rows, list):
        raise _refused(_("This is not a promptfoo results file."))
    rows = [row for row in rows if isinstance(row, dict)]
    stats = body.get("stats") if isinstance(body, dict) else None
    if isinstance(stats, dict) and {"successes", "failures"} <= set(stats):
        passed, total = stats["successes"], stats["successes"] + stats["failures"] + stats.get("errors", 0)
    else:
        passed, total = sum(1 for row in rows if row.get("success")), len(rows)
    parsed = Parsed(tool="promptfoo")
    if total:
        parsed.metrics["pass_rate"] = number(passed / total)
    scores = [row["score"] for row in rows if isinstance(row.get("score"), (int, float))]
    if scores:
        parsed.metrics["score"] = number(sum(scores) / len(scores))
    named: dict[str, list[float]] = {}
    for row in rows:
        for name, value in (row.get("namedScores") or {}).items():
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                named.setdefault(str(name), []).append(value)
    for name, values in named.items():
        parsed.metrics[name] = number(sum(values) / len(values))
    config = document.get("config") if isinstance(document.get("config"), dict) else {}
    parsed.suite = str(config.get("description") or "")
    providers = config.get("providers") or []
    if isinstance(providers, list) and providers:
        first = providers[0]
        parsed.model = str(first.get("id", "") if isinstance(first, dict) else first)
    return parsed


def _lm_eval(data: bytes) -> Parsed:
    document = _json(data)
    results = document.get("results") if isinstance(document, dict) else None
    if not isinstance(results, dict):
        raise _refused(_("This is not an lm-evaluation-harness results file."))
    parsed = Parsed(tool="lm-evaluation-harness")
    for task, values in results.items():
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            metric = str(key).split(",", 1)[0]
            if metric == "alias" or metric.endswith("_stderr"):
                continue
            if (converted := number(value)) is not None:
                parsed.metrics[f"{task}/{metric}"] = converted
    config = document.get("config") if isinstance(document.get("config"), dict) else {}
    parsed.model = str(document.get("model_name") or config.get("model") or "")
    parsed.model_version = str(config.get("model_args") or "")[:200]
    parsed.suite = ",".join(sorted(results))[:200]
    return parsed


def _junit(data: bytes) -> Parsed:
    try:
        root = ElementTree.fromstring(data)
    except Exception:  # defusedxml raises its own errors for entities and bombs, ElementTree's for bad XML
        raise _refused(_("This is not JUnit XML.")) from None
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite") if root.tag == "testsuites" else None
    if suites is None:
        raise _refused(_("This is not JUnit XML."))
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for name in counts:
            try:
                counts[name] += int(suite.get(name, 0) or 0)
            except ValueError:
                raise _refused(_("A test suite's counts are not whole numbers.")) from None
    run = counts["tests"] - counts["skipped"]
    parsed = Parsed(tool="junit", suite=str(root.get("name") or (suites[0].get("name") if suites else "") or ""))
    parsed.metrics = {name: Decimal(value) for name, value in counts.items()}
    if run > 0:
        parsed.metrics["pass_rate"] = number((run - counts["failures"] - counts["errors"]) / run)
    return parsed


def _generic(data: bytes) -> Parsed:
    document = _json(data)
    if not isinstance(document, dict) or not isinstance(document.get("metrics"), dict):
        raise _refused(_('Send {"metrics": {"name": value, …}}.'))
    parsed = Parsed(**{key: str(document.get(source) or "")[:200] for key, source in GENERIC_FIELDS.items()})
    parsed.tool = parsed.tool or "json"
    for name, value in document["metrics"].items():
        if (converted := number(value)) is not None:
            parsed.metrics[str(name)] = converted
    return parsed


GENERIC_FIELDS = {name: name for name in ("tool", "suite", "model", "model_version", "dataset")}

ADAPTERS = {"promptfoo": _promptfoo, "lm-eval": _lm_eval, "junit": _junit, "json": _generic}


def read_report(report_format: str, data: bytes) -> Parsed:
    """The metrics and description of a report in ``report_format``; InvalidInput naming the report otherwise."""
    parsed = ADAPTERS[report_format](data)
    parsed.metrics = {
        name[:NAME_LIMIT]: value
        for name, value in list(parsed.metrics.items())[:MAX_METRICS]
        if value is not None and not (isinstance(value, float) and math.isnan(value))
    }
    return parsed
