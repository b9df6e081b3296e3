"""``python -m tracker_cli``: the tracker from a CI pipeline.

    push    send an evaluation run (a tool's report file and/or metrics) to an initiative
    check   ask whether a model may be deployed; verify the receipt offline; exit 1 when refused
    verify  check a saved receipt against saved (or fetched) public keys, offline; exit 1 when it fails

The tracker's address and token come from ``--url`` / ``TRACKER_URL`` and ``TRACKER_TOKEN`` (a CI token made with
``evaluations_for`` for ``push``; any token that may read the initiative for ``check``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from tracker_cli.receipts import verify

KEYS_PATH = "/.well-known/genai-tracker-keys.json"


def _request(url: str, *, token: str = "", body: bytes | None = None, content_type: str = "") -> tuple[int, dict]:
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    if content_type:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body is not None else "GET")  # noqa: S310 (the operator's own tracker)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"{}")
        except ValueError:
            return error.code, {"detail": str(error)}


def _multipart(fields: dict[str, str], files: dict[str, Path]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, path in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{path.name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + path.read_bytes() + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def push(args) -> int:
    fields = {
        name: value
        for name, value in {
            "tool": args.tool,
            "model": args.model,
            "model_version": args.model_version,
            "suite": args.suite,
            "commit": args.commit,
            "pipeline_url": args.pipeline_url,
            "dataset_name": args.dataset,
            "dataset_sha256": args.dataset_sha256,
            "report_format": args.format if args.report else "",
            "metrics": json.dumps(dict(_metric(m) for m in args.metric)) if args.metric else "",
        }.items()
        if value
    }
    body, content_type = _multipart(fields, {"report": Path(args.report)} if args.report else {})
    url = f"{args.url.rstrip('/')}/api/v1/initiatives/{urllib.parse.quote(args.initiative)}/evaluations/"
    status, answer = _request(url, token=args.token, body=body, content_type=content_type)
    print(json.dumps(answer, indent=2, ensure_ascii=False))
    return 0 if status == 201 else 1


def _metric(text: str) -> tuple[str, float]:
    name, _sep, value = text.partition("=")
    return name, float(value)


def check(args) -> int:
    base = args.url.rstrip("/")
    asked = urllib.parse.urlencode({"initiative": args.initiative, "model": args.model})
    status, answer = _request(f"{base}/api/v1/deployment-check/?{asked}", token=args.token)
    if status != 200:
        print(f"refused: the tracker answered {status}: {answer.get('detail', '')}", file=sys.stderr)
        return 1
    for reason in answer.get("reasons", []):
        print(f"refused: {reason}", file=sys.stderr)
    if not answer.get("allowed"):
        return 1
    _status, keys = _request(base + KEYS_PATH)
    try:
        payload = verify(answer["receipt"], keys)
    except ValueError as error:
        print(f"refused: {error}", file=sys.stderr)
        return 1
    if args.model.strip().lower() not in payload["models"] or payload["initiative"] != args.initiative:
        print("refused: the receipt is for another initiative or model", file=sys.stderr)
        return 1
    print(
        f"allowed: {payload['receipt']} approved {payload['approved_at']} by "
        + ", ".join(s["signer"] for s in payload["signers"])
    )
    return 0


def verify_file(args) -> int:
    try:
        document = json.loads(Path(args.receipt).read_text())
        keys = json.loads(Path(args.keys).read_text()) if args.keys else _request(args.url.rstrip("/") + KEYS_PATH)[1]
        payload = verify(document, keys)
    except (OSError, ValueError) as error:
        print(f"invalid: {error}", file=sys.stderr)
        return 1
    if args.model and args.model.strip().lower() not in payload["models"]:
        print(f"invalid: the receipt does not name the model {args.model}", file=sys.stderr)
        return 1
    print(json.dumps(payload, indent=2, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker_cli", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default=os.environ.get("TRACKER_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("TRACKER_TOKEN", ""))
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("push", help="send an evaluation run")
    p.add_argument("--initiative", required=True)
    p.add_argument("--report", help="the tool's own output file")
    p.add_argument("--format", choices=["promptfoo", "lm-eval", "junit", "json"], default="json")
    p.add_argument("--metric", action="append", default=[], help="name=value, repeatable")
    for name in ("tool", "model", "model-version", "suite", "commit", "pipeline-url", "dataset", "dataset-sha256"):
        p.add_argument(f"--{name}", default="")
    p.set_defaults(run=push)
    c = commands.add_parser("check", help="may this model be deployed?")
    c.add_argument("--initiative", required=True)
    c.add_argument("--model", required=True)
    c.set_defaults(run=check)
    v = commands.add_parser("verify", help="verify a saved receipt offline")
    v.add_argument("receipt")
    v.add_argument("--keys", help="a saved copy of /.well-known/genai-tracker-keys.json (else fetched from --url)")
    v.add_argument("--model", default="")
    v.set_defaults(run=verify_file)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
