"""Webhook receivers on loopback, one per format, each checking a message the way its platform documents it:
Standard Webhooks' signature with the ``standardwebhooks`` library, DingTalk's and Feishu's signed robots, the
WeCom robot's key and markdown, a Teams workflow's Adaptive Card, Slack's Block Kit, and LINE's bearer token and
Flex message. A receiver can be taken down (it answers 503) and brought back."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from standardwebhooks import Webhook, WebhookVerificationError


def _standard(receiver, path, query, headers, body):
    try:
        Webhook(receiver.secret).verify(body, headers)
    except WebhookVerificationError as error:
        return 401, {"error": str(error)}
    message = json.loads(body)
    assert {"type", "timestamp", "data"} <= set(message)
    return 204, None


def _dingtalk(receiver, path, query, headers, body):
    stamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
    expected = base64.b64encode(
        hmac.new(receiver.secret.encode(), f"{stamp}\n{receiver.secret}".encode(), hashlib.sha256).digest()
    ).decode()
    if query.get("access_token", [""])[0] != "robot-token":
        return 200, {"errcode": 300001, "errmsg": "token is not exist"}
    if not stamp or abs(time.time() * 1000 - int(stamp)) > 3600_000 or not hmac.compare_digest(sign, expected):
        return 200, {"errcode": 310000, "errmsg": "sign not match"}
    message = json.loads(body)
    card = message.get("actionCard") or {}
    if message.get("msgtype") != "actionCard" or not card.get("title") or not card.get("singleURL"):
        return 200, {"errcode": 40035, "errmsg": "invalid parameter"}
    return 200, {"errcode": 0, "errmsg": "ok"}


def _feishu(receiver, path, query, headers, body):
    message = json.loads(body)
    stamp = message.get("timestamp", "")
    key = f"{stamp}\n{receiver.secret}".encode()
    expected = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    if not stamp or abs(time.time() - int(stamp)) > 3600 or message.get("sign") != expected:
        return 200, {"code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time"}
    card = message.get("card") or {}
    if message.get("msg_type") != "interactive" or not card.get("elements"):
        return 200, {"code": 9499, "msg": "Bad Request"}
    return 200, {"code": 0, "msg": "success", "data": {}}


def _wecom(receiver, path, query, headers, body):
    if query.get("key", [""])[0] != "robot-key":
        return 200, {"errcode": 93000, "errmsg": "invalid webhook url"}
    message = json.loads(body)
    content = (message.get("markdown") or {}).get("content", "")
    if message.get("msgtype") != "markdown" or not content or len(content.encode()) > 4096:
        return 200, {"errcode": 40008, "errmsg": "invalid message type"}
    return 200, {"errcode": 0, "errmsg": "ok"}


def _teams(receiver, path, query, headers, body):
    message = json.loads(body)
    attachments = message.get("attachments") or []
    if message.get("type") != "message" or len(attachments) != 1:
        return 400, {"error": "expected one attachment"}
    content = attachments[0].get("content") or {}
    if attachments[0].get("contentType") != "application/vnd.microsoft.card.adaptive" or content.get("type") != (
        "AdaptiveCard"
    ):
        return 400, {"error": "not an Adaptive Card"}
    if not content.get("body") or not content.get("version"):
        return 400, {"error": "an Adaptive Card needs a body and a version"}
    return 202, None


def _slack(receiver, path, query, headers, body):
    message = json.loads(body)
    blocks = message.get("blocks") or []
    known = {"header", "section", "actions", "context", "divider"}
    if not message.get("text") or not blocks or any(block.get("type") not in known for block in blocks):
        return 400, "invalid_blocks"
    return 200, "ok"


def _line(receiver, path, query, headers, body):
    if headers.get("authorization") != f"Bearer {receiver.secret}":
        return 401, {
            "message": "Authentication failed. Confirm that the access token in the authorization header is valid."
        }
    message = json.loads(body)
    messages = message.get("messages") or []
    if not message.get("to") or not 1 <= len(messages) <= 5:
        return 400, {"message": "The request body has 1 error(s)"}
    flex = messages[0]
    if flex.get("type") != "flex" or not flex.get("altText") or len(flex["altText"]) > 400 or not flex.get("contents"):
        return 400, {"message": "A message (messages[0]) in the request body is invalid"}
    return 200, {}


CHECKS = {
    "standard": _standard,
    "dingtalk": _dingtalk,
    "feishu": _feishu,
    "wecom": _wecom,
    "teams": _teams,
    "slack": _slack,
    "line": _line,
}


class Receiver:
    """One receiver of one format on 127.0.0.1; ``accepted`` holds the messages it took, in arrival order."""

    def __init__(self, kind: str, secret: str = ""):
        self.kind = kind
        self.secret = secret
        self.down = False
        self.accepted: list[dict] = []
        self.refused: list[tuple[int, object]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                parts = urlsplit(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                if receiver.down:
                    status, answer = 503, {"error": "down"}
                else:
                    status, answer = CHECKS[receiver.kind](receiver, parts.path, parse_qs(parts.query), headers, body)
                ok = 200 <= status < 300 and (
                    not isinstance(answer, dict) or (not answer.get("errcode") and not answer.get("code"))
                )
                if ok:
                    receiver.accepted.append(
                        {"headers": headers, "body": json.loads(body), "raw": body, "path": self.path}
                    )
                else:
                    receiver.refused.append((status, answer))
                data = (
                    (answer if isinstance(answer, str) else json.dumps(answer)).encode() if answer is not None else b""
                )
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        paths = {
            "dingtalk": "/robot/send?access_token=robot-token",
            "wecom": "/cgi-bin/webhook/send?key=robot-key",
            "line": "/v2/bot/message/push",
            "feishu": "/open-apis/bot/v2/hook/robot",
        }
        return f"http://{host}:{port}{paths.get(self.kind, '/hooks')}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
