"""What a webhook sends: the events offered, the versioned message built from an audit event, and how each format
(Standard Webhooks, or a chat platform's card and signature scheme) turns that message into one HTTP request.

Pure functions: building a message reads the event and its initiative; rendering a request reads the endpoint.
The services (``governance.services.webhooks``) feed, send, retry and log.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from standardwebhooks import Webhook

from adoption.choices import Phase, RiskTier
from core.web import person_name
from governance.choices import Decision
from governance.models import AuditEvent, EndpointFormat, WebhookEndpoint

# The message's shape; a receiver reads ``data.schema_version`` and a change that breaks it gets a new number.
SCHEMA_VERSION = 1

# The events an endpoint may subscribe to (audit verbs), with the name the CoE chooses them by.
EVENTS = {
    "gate_review.requested": _("Gate review requested"),
    "signoff.recorded": _("Sign-off recorded"),
    "gate_review.approved": _("Gate approved"),
    "gate_review.rejected": _("Gate rejected"),
    "gate_review.changes_requested": _("Changes requested at a gate"),
    "gate_review.answered": _("Requested changes answered"),
    "gate_review.stale": _("Gate review to be signed again"),
    "initiative.advanced": _("Initiative advanced"),
    "initiative.held": _("Initiative on hold"),
    "initiative.resumed": _("Initiative resumed"),
    "initiative.stopped": _("Initiative stopped"),
    "initiative.retired": _("Initiative retired"),
    "risk_tier.confirmed": _("Risk tier confirmed"),
    "compliance_review.completed": _("Compliance review completed"),
    "evaluation.regression": _("Evaluation regression"),
    "incident.recorded": _("Incident recorded"),
    "incident.reported": _("Incident reported to an authority"),
    "change_request.approved": _("Production change approved"),
    "filing.refile_needed": _("Filing to be made again"),
}


def new_secret() -> str:
    """A Standard Webhooks signing secret: ``whsec_`` and 24 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


# --- Where a webhook may go -------------------------------------------------------------------------------------


def target_refusal(url: str) -> str | None:
    """Why ``url`` may not receive webhooks, or None. Only https, and only to public addresses: a name that
    resolves to a private, loopback, link-local or reserved address is refused (the tracker must not become a way
    into the bank's own network) unless WEBHOOK_ALLOW_PRIVATE_TARGETS is on, which also allows http."""
    parts = urlsplit(url)
    private_ok = settings.WEBHOOK_ALLOW_PRIVATE_TARGETS
    if parts.scheme not in (("https", "http") if private_ok else ("https",)):
        return str(_("Use an https address."))
    if not parts.hostname or parts.username or parts.password:
        return str(_("Give a host name, without a user name or password."))
    if private_ok:
        return None
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (OSError, UnicodeError):
        return str(_("The host name does not resolve."))
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global or ip.is_multicast:
            return str(_("The address is private, loopback or link-local: webhooks go to public receivers only."))
    return None


# --- The message ------------------------------------------------------------------------------------------------


def message(event: AuditEvent) -> dict:
    """The versioned message of an event (Standard Webhooks' ``type``, ``timestamp`` and ``data``), as stored on
    the delivery and sent to every endpoint; chat cards are rendered from it."""
    initiative = event.initiative
    actor = event.actor
    data = {
        "schema_version": SCHEMA_VERSION,
        "event_id": event.pk,
        "actor": person_name(actor) if actor else event.actor_repr,
        "target": {"type": event.target_type, "id": event.target_id},
        "initiative": None,
        "url": settings.SITE_URL.rstrip("/") + _page(event),
        "before": event.before,
        "after": event.after,
    }
    if initiative is not None:
        data["initiative"] = {
            "key": initiative.key,
            "title": initiative.title,
            "phase": initiative.phase,
            "status": initiative.status,
            "risk_tier": initiative.risk_tier,
            "business_unit": initiative.business_unit.code,
        }
    return {"type": event.verb, "timestamp": event.at.isoformat(), "data": data}


def _page(event: AuditEvent) -> str:
    if event.target_type == "governance.gatereview":
        return f"/reviews/{event.target_id}/"
    if event.target_type == "governance.compliancereview":
        return f"/compliance/{event.target_id}/"
    return f"/initiatives/{event.initiative.key}/" if event.initiative_id else "/"


# --- Chat cards -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """A message as people read it in a chat: a title, one sentence, facts and a link to the page that needs them."""

    title: str
    text: str
    facts: list[tuple[str, str]]
    link: str
    link_label: str


def _sentence(kind: str, words: dict) -> str:
    sentences = {
        "gate_review.requested": pgettext(
            "webhook card", "%(actor)s asks to close the %(phase)s phase of %(key)s; the signers decide on the review."
        ),
        "signoff.recorded": pgettext("webhook card", "%(actor)s signed the %(phase)s gate of %(key)s: %(decision)s."),
        "gate_review.approved": pgettext("webhook card", "Every slot approved: %(key)s passed its %(phase)s gate."),
        "gate_review.rejected": pgettext("webhook card", "The %(phase)s gate of %(key)s was rejected."),
        "gate_review.changes_requested": pgettext(
            "webhook card", "Changes were requested at the %(phase)s gate of %(key)s."
        ),
        "gate_review.stale": pgettext(
            "webhook card", "The evidence of %(key)s changed: its %(phase)s gate must be signed again."
        ),
        "gate_review.answered": pgettext(
            "webhook card",
            "%(actor)s answered the changes requested at the %(phase)s gate of %(key)s; every slot signs again.",
        ),
        "initiative.advanced": pgettext("webhook card", "%(key)s moved on to the %(phase)s phase."),
        "initiative.held": pgettext("webhook card", "%(key)s was put on hold by %(actor)s."),
        "initiative.resumed": pgettext("webhook card", "%(key)s resumed."),
        "initiative.stopped": pgettext("webhook card", "%(key)s was stopped by %(actor)s."),
        "initiative.retired": pgettext("webhook card", "%(key)s was retired."),
        "risk_tier.confirmed": pgettext("webhook card", "The risk tier of %(key)s is now %(tier)s."),
        "compliance_review.completed": pgettext("webhook card", "The compliance review of %(key)s was completed."),
        "evaluation.regression": pgettext(
            "webhook card", "An evaluation run of %(key)s in production did worse than the approved values."
        ),
    }
    return sentences.get(kind, pgettext("webhook card", "%(key)s: something changed.")) % words


def card(payload: dict, language: str) -> Card:
    """The card of a message, in ``language``."""
    data = payload["data"]
    initiative = data.get("initiative") or {}
    after = data.get("after") or {}
    with translation.override(language):
        phase = after.get("phase") or initiative.get("phase") or ""
        words = {
            "actor": data.get("actor") or "",
            "key": initiative.get("key", ""),
            "phase": _label(Phase, phase),
            "decision": _label(Decision, after.get("decision", "")),
            "tier": _label(RiskTier, after.get("risk_tier", "")),
        }
        facts = [(str(pgettext("webhook card", "Initiative")), f"{words['key']} {initiative.get('title', '')}".strip())]
        if phase:
            facts.append((str(pgettext("webhook card", "Phase")), words["phase"]))
        if after.get("comment"):
            facts.append((str(pgettext("webhook card", "Comment")), str(after["comment"])[:500]))
        return Card(
            title=f"{EVENTS.get(payload['type'], payload['type'])} · {words['key']}",
            text=_sentence(payload["type"], words),
            facts=facts,
            link=data["url"],
            link_label=str(pgettext("webhook card", "Open in the tracker")),
        )


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


# --- Requests, one format each ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outgoing:
    url: str
    headers: dict[str, str]
    body: bytes


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def _secrets(endpoint: WebhookEndpoint, now: datetime.datetime) -> list[str]:
    """The secrets that sign now: the current one, and the previous one while the rotation overlap lasts."""
    kept = endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now
    return [endpoint.secret, *([endpoint.previous_secret] if kept else [])]


def _standard(endpoint, payload, message_id, now) -> Outgoing:
    body = _json(payload)
    signatures = " ".join(Webhook(secret).sign(message_id, now, body) for secret in _secrets(endpoint, now))
    headers = {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signatures,
    }
    return Outgoing(endpoint.url, headers, body)


def _teams(endpoint, payload, message_id, now) -> Outgoing:
    c = card(payload, endpoint.language)
    adaptive = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {"type": "TextBlock", "text": c.title, "weight": "Bolder", "size": "Medium", "wrap": True},
            {"type": "TextBlock", "text": c.text, "wrap": True},
            {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in c.facts]},
        ],
        "actions": [{"type": "Action.OpenUrl", "title": c.link_label, "url": c.link}],
    }
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": adaptive}
    return Outgoing(endpoint.url, {}, _json({"type": "message", "attachments": [attachment]}))


def _slack(endpoint, payload, message_id, now) -> Outgoing:
    c = card(payload, endpoint.language)
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": c.title[:150]}},
        {"type": "section", "text": {"type": "mrkdwn", "text": c.text}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"} for k, v in c.facts]},
        {
            "type": "actions",
            "elements": [{"type": "button", "text": {"type": "plain_text", "text": c.link_label}, "url": c.link}],
        },
    ]
    return Outgoing(endpoint.url, {}, _json({"text": f"{c.title}: {c.text}", "blocks": blocks}))


def _markdown(c: Card) -> str:
    facts = "\n".join(f"> {k}: {v}" for k, v in c.facts)
    return f"### {c.title}\n{c.text}\n{facts}\n\n[{c.link_label}]({c.link})"


def _wecom(endpoint, payload, message_id, now) -> Outgoing:
    c = card(payload, endpoint.language)
    return Outgoing(endpoint.url, {}, _json({"msgtype": "markdown", "markdown": {"content": _markdown(c)}}))


def _dingtalk(endpoint, payload, message_id, now) -> Outgoing:
    """A custom robot with signing: ``timestamp`` (ms) and ``sign`` = Base64(HMAC-SHA256(secret, "timestamp\\n
    secret")) in the query string."""
    c = card(payload, endpoint.language)
    stamp = str(int(now.timestamp() * 1000))
    digest = hmac.new(endpoint.secret.encode(), f"{stamp}\n{endpoint.secret}".encode(), hashlib.sha256).digest()
    separator = "&" if "?" in endpoint.url else "?"
    url = f"{endpoint.url}{separator}timestamp={stamp}&sign={quote(base64.b64encode(digest).decode(), safe='')}"
    action = {"title": c.title, "text": _markdown(c), "singleTitle": c.link_label, "singleURL": c.link}
    return Outgoing(url, {}, _json({"msgtype": "actionCard", "actionCard": action}))


def _feishu(endpoint, payload, message_id, now) -> Outgoing:
    """A custom bot with signature verification: ``timestamp`` (s) and ``sign`` = Base64(HMAC-SHA256 keyed with
    "timestamp\\nsecret" over nothing) in the body."""
    c = card(payload, endpoint.language)
    stamp = str(int(now.timestamp()))
    sign = base64.b64encode(hmac.new(f"{stamp}\n{endpoint.secret}".encode(), b"", hashlib.sha256).digest()).decode()
    elements = [
        {"tag": "div", "text": {"tag": "lark_md", "content": c.text}},
        {
            "tag": "div",
            "fields": [{"is_short": True, "text": {"tag": "lark_md", "content": f"**{k}**\n{v}"}} for k, v in c.facts],
        },
        {
            "tag": "action",
            "actions": [
                {
                    "tag": "button",
                    "text": {"tag": "plain_text", "content": c.link_label},
                    "url": c.link,
                    "type": "primary",
                }
            ],
        },
    ]
    body = {
        "timestamp": stamp,
        "sign": sign,
        "msg_type": "interactive",
        "card": {"header": {"title": {"tag": "plain_text", "content": c.title}}, "elements": elements},
    }
    return Outgoing(endpoint.url, {}, _json(body))


def _line(endpoint, payload, message_id, now) -> Outgoing:
    """The Messaging API's push: a Flex bubble to ``recipient``, with the channel access token as bearer."""
    c = card(payload, endpoint.language)
    facts = [
        {
            "type": "box",
            "layout": "baseline",
            "contents": [
                {"type": "text", "text": k, "size": "sm", "color": "#666666", "flex": 2},
                {"type": "text", "text": v, "size": "sm", "wrap": True, "flex": 5},
            ],
        }
        for k, v in c.facts
    ]
    bubble = {
        "type": "bubble",
        "body": {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {"type": "text", "text": c.title, "weight": "bold", "wrap": True},
                {"type": "text", "text": c.text, "wrap": True, "size": "sm"},
                *facts,
            ],
        },
        "footer": {
            "type": "box",
            "layout": "vertical",
            "contents": [
                {
                    "type": "button",
                    "style": "primary",
                    "action": {"type": "uri", "label": c.link_label[:40], "uri": c.link},
                },
            ],
        },
    }
    body = {
        "to": endpoint.recipient,
        "messages": [{"type": "flex", "altText": f"{c.title}: {c.text}"[:400], "contents": bubble}],
    }
    headers = {"Authorization": f"Bearer {endpoint.secret}", "X-Line-Retry-Key": _uuid(message_id)}
    return Outgoing(endpoint.url, headers, _json(body))


def _uuid(message_id: str) -> str:
    """LINE's retry key (a UUID), the same on every attempt of a message, so LINE never shows it twice."""
    h = hashlib.sha256(message_id.encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"


FORMATS = {
    EndpointFormat.STANDARD: _standard,
    EndpointFormat.TEAMS: _teams,
    EndpointFormat.SLACK: _slack,
    EndpointFormat.WECOM: _wecom,
    EndpointFormat.DINGTALK: _dingtalk,
    EndpointFormat.FEISHU: _feishu,
    EndpointFormat.LINE: _line,
}
# Where a format's own address is fixed, the CoE need not type it.
DEFAULT_URLS = {EndpointFormat.LINE: "https://api.line.me/v2/bot/message/push"}
# Formats whose secret the platform gives (a signing secret or an access token) rather than the tracker.
PLATFORM_SECRET = {EndpointFormat.DINGTALK, EndpointFormat.FEISHU, EndpointFormat.LINE}


def outgoing(endpoint: WebhookEndpoint, payload: dict, message_id: str, now: datetime.datetime) -> Outgoing:
    """The HTTP request that carries ``payload`` to ``endpoint`` now (signatures are of this moment)."""
    request = FORMATS[endpoint.format](endpoint, payload, message_id, now)
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "GenAI-Adoption-Tracker-Webhooks/1",
        **request.headers,
    }
    return Outgoing(request.url, headers, request.body)


def accepted(endpoint: WebhookEndpoint, status: int, body: bytes) -> str | None:
    """Why the receiver's answer is not a success, or None. Chat platforms answer 200 with an error code in the body
    (WeCom and DingTalk ``errcode``, Feishu ``code``)."""
    if not 200 <= status < 300:
        return f"HTTP {status}"
    if endpoint.format in (EndpointFormat.WECOM, EndpointFormat.DINGTALK, EndpointFormat.FEISHU):
        try:
            answer = json.loads(body or b"{}")
        except ValueError:
            return "not JSON"
        code = answer.get("errcode", answer.get("code", 0)) if isinstance(answer, dict) else 0
        if code:
            return f"error {code}: {answer.get('errmsg') or answer.get('msg') or ''}"[:300]
    return None


def monotonic_ms(start: float) -> int:
    return int((time.monotonic() - start) * 1000)
