"""Outgoing webhooks: an organisation's back office (Signalen, say) hears of new meldingen and status changes.

Like the mail outbox (reach/outbox.py): `announce` writes a WebhookDelivery in the transaction that causes it
(one per event, by key) and asks for delivery after commit; `deliver_due` claims due deliveries one at a time
(UPDATE ... WHERE status = 'pending' RETURNING), POSTs the JSON and records the outcome: a 2xx answer is sent;
anything else (or no answer) is tried again after WEBHOOK_RETRY_DELAYS and failed after the last one.

Every request is signed: `Wijkpagina-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the
webhook's secret>`, plus `Wijkpagina-Event` and `Wijkpagina-Delivery` (the delivery's id, the same on every
retry, so the receiver can drop repeats). The URL must be https to a public host (core.outbound), checked when
it is saved and again before every request; redirects are not followed. Plain http is allowed to localhost only
where WEBHOOK_ALLOW_LOCALHOST is set (development and tests).
"""
import hashlib
import hmac
import ipaddress
import json
import secrets
import time
from datetime import timedelta
from urllib.parse import urlsplit

import requests
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite

from core.errors import require
from core.extensions import db
from core.outbound import NotPublic, check_public_url
from core.timeutil import utcnow
from core.transactions import commit
from core.validation import Fields
from partners.permissions import can_manage_organisation
from reach.jobs import can_defer, defer, queue

from .models import Webhook, WebhookDelivery
from .serializers import webhook_payload

URL_MAX = 500
TIMEOUT = 10  # seconds per request
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def _local(host: str) -> bool:
    if host in LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_problem(url: str) -> str | None:
    """Why this URL may not receive webhooks, or None: https to a public host (http to localhost in development)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if _local(host):
        if current_app.config.get("WEBHOOK_ALLOW_LOCALHOST"):
            return None if parts.scheme in ("http", "https") else _("Use an https address.")
        return _("This address points to a private network; use a public https address.")
    if parts.scheme != "https":
        return _("Use an https address.")
    try:
        check_public_url(url)
    except NotPublic:
        return _("This address points to a private network; use a public https address.")
    return None


def webhook_of(organisation) -> Webhook | None:
    return db.session.scalar(select(Webhook).where(Webhook.organisation_id == organisation.id))


def save_webhook(actor, organisation, data) -> Webhook:
    """Set (or change) the organisation's webhook; a new one gets a fresh secret. An empty URL removes it."""
    require(can_manage_organisation(actor, organisation), _("Only the organisation's admins set its webhook."))
    fields = Fields(data)
    url = fields.text("url", max_length=URL_MAX, required=True)
    if url and (problem := url_problem(url)):
        fields.error("url", problem)
    fields.check()
    hook = webhook_of(organisation)
    if hook is None:
        hook = Webhook(organisation_id=organisation.id, secret=secrets.token_hex(32))
        db.session.add(hook)
    hook.url, hook.active = url, True
    commit()
    return hook


def remove_webhook(actor, organisation) -> None:
    require(can_manage_organisation(actor, organisation), _("Only the organisation's admins set its webhook."))
    hook = webhook_of(organisation)
    if hook is not None:
        db.session.delete(hook)
    commit()


def announce(report, event: str) -> None:
    """In the writing transaction: one delivery to the handling organisation's webhook, if it has one."""
    hook = webhook_of(report.organisation)
    if hook is None or not hook.active:
        return
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    key = f"{event}:{report.id}:{report.state}:{len(report.updates)}:{hook.id}"
    db.session.execute(dialect.insert(WebhookDelivery).values(
        webhook_id=hook.id, key=key[:120], event=event, payload=webhook_payload(report, event), status="pending",
        attempts=0, next_attempt_at=utcnow(), created_at=utcnow()).on_conflict_do_nothing(index_elements=["key"]))
    if can_defer():
        defer(deliver_job)


def deliver_job() -> int:
    """The job after a commit: deliver what is due, and come back for a retry that is due later."""
    sent = deliver_due()
    if current_app.config.get("REDIS_URL") and current_app.config["JOBS_MODE"] == "rq":
        due = db.session.scalar(select(WebhookDelivery.next_attempt_at).where(WebhookDelivery.status == "pending")
                                .order_by(WebhookDelivery.next_attempt_at).limit(1))
        db.session.rollback()
        if due is not None:
            queue(current_app).enqueue_in(timedelta(seconds=max(1.0, (due - utcnow()).total_seconds())),
                                          deliver_job)
    return sent


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def _claim() -> WebhookDelivery | None:
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["MAIL_CLAIM_TIMEOUT"])
    due = ((WebhookDelivery.status == "pending") & (WebhookDelivery.next_attempt_at <= now)) | (
        (WebhookDelivery.status == "sending") & (WebhookDelivery.claimed_at < stale))
    candidate = select(WebhookDelivery.id).where(due).order_by(WebhookDelivery.id).limit(1).scalar_subquery()
    claimed = db.session.execute(
        update(WebhookDelivery).where(WebhookDelivery.id == candidate, due)
        .values(status="sending", claimed_at=now, attempts=WebhookDelivery.attempts + 1)
        .returning(WebhookDelivery.id).execution_options(synchronize_session=False)).scalar()
    commit()
    return db.session.get(WebhookDelivery, claimed) if claimed else None


def _post(delivery: WebhookDelivery) -> None:
    """Send one delivery; raises on anything but a 2xx answer."""
    hook = delivery.webhook
    problem = url_problem(hook.url)
    if problem:
        raise NotPublic(problem)
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {"Content-Type": "application/json", "User-Agent": "Wijkpagina-Webhooks/1",
               "Wijkpagina-Event": delivery.event, "Wijkpagina-Delivery": str(delivery.id),
               "Wijkpagina-Signature": signature(hook.secret, int(time.time()), body)}
    answer = requests.post(hook.url, data=body, headers=headers, timeout=TIMEOUT, allow_redirects=False)
    if not 200 <= answer.status_code < 300:
        raise requests.HTTPError(f"HTTP {answer.status_code}")


def deliver(delivery: WebhookDelivery) -> None:
    try:
        _post(delivery)
    except (requests.RequestException, NotPublic) as exc:
        delivery.last_error = f"{type(exc).__name__}: {exc}"[:500]
        delays = current_app.config["WEBHOOK_RETRY_DELAYS"]
        if delivery.attempts > len(delays):
            delivery.status = "failed"
        else:
            delivery.status = "pending"
            delivery.next_attempt_at = utcnow() + timedelta(seconds=delays[delivery.attempts - 1])
    else:
        delivery.status, delivery.sent_at, delivery.last_error = "sent", utcnow(), None
    commit()


def deliver_due(limit: int = 200) -> int:
    """Deliver due webhooks until none is left (or `limit`); returns how many were tried."""
    tried = 0
    while tried < limit and (delivery := _claim()) is not None:
        deliver(delivery)
        tried += 1
    return tried


def recent_deliveries(hook: Webhook, limit: int = 20) -> list[WebhookDelivery]:
    return list(db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
                                   .order_by(WebhookDelivery.id.desc()).limit(limit)))
