"""Webhooks against a real HTTP receiver on localhost: the signature a back office checks, retries with backoff on
a clock (no sleeping), giving up after the last delay, the same delivery id on every retry, and no secret or
reporter in what is sent or stored. Bad addresses are refused with 422 and nothing stored. SQLite and PostgreSQL."""
import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from meldingen import services, webhooks
from meldingen.models import Webhook, WebhookDelivery

from .conftest import melding


class Receiver:
    """A back office on 127.0.0.1: answers each request with the next status of `answers` (then 200)."""

    def __init__(self):
        self.requests, self.answers = [], []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/signalen"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(app):
    app.config["WEBHOOK_ALLOW_LOCALHOST"] = True
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def clock(monkeypatch):
    """The webhooks' clock, moved on by hand."""
    now = {"at": utcnow()}
    monkeypatch.setattr(webhooks, "utcnow", lambda: now["at"])

    def advance(seconds: float) -> None:
        now["at"] += timedelta(seconds=seconds)
    return advance


def _hooked(world, receiver) -> Webhook:
    return webhooks.save_webhook(_admin(world), world.org, {"url": receiver.url})


def _admin(world):
    from partners.models import Membership
    db.session.scalar(select(Membership).where(Membership.user_id == world.handler.id)).role = "admin"
    db.session.commit()
    return world.handler


def _verify(secret: str, request: dict) -> dict:
    """What a receiver does: recompute the HMAC of "<t>.<body>" and compare in constant time."""
    parts = dict(item.split("=", 1) for item in request["headers"]["Wijkpagina-Signature"].split(","))
    expected = hmac.new(secret.encode(), parts["t"].encode() + b"." + request["body"], hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, parts["v1"])
    return json.loads(request["body"])


def test_a_new_melding_reaches_the_back_office_signed(app, world, receiver, clock):
    hook = _hooked(world, receiver)
    report = services.create_report(world.anna, world.wijk, melding())
    assert webhooks.deliver_due() == 1
    (request,) = receiver.requests
    payload = _verify(hook.secret, request)
    assert request["headers"]["Wijkpagina-Event"] == "melding.created"
    assert payload["event"] == "melding.created" and payload["melding"]["id"] == report.id
    assert payload["melding"]["url"].endswith(f"/w/besoijen/p/{report.post_id}")
    raw = request["body"].decode() + json.dumps(request["headers"])
    assert hook.secret not in raw and "Anna" not in raw and world.anna.email not in raw
    forged = dict(request, body=request["body"].replace(b"kapot", b"heel!"))
    with pytest.raises(AssertionError):
        _verify(hook.secret, forged)
    assert db.session.scalar(select(WebhookDelivery.status)) == "sent"


def test_a_failing_receiver_is_retried_with_backoff_then_given_up(app, world, receiver, clock):
    hook = _hooked(world, receiver)
    delays = app.config["WEBHOOK_RETRY_DELAYS"]
    receiver.answers = [500, 503]
    services.create_report(world.anna, world.wijk, melding())
    assert webhooks.deliver_due() == 1
    delivery = db.session.scalar(select(WebhookDelivery))
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 1, "HTTPError: HTTP 500")
    assert webhooks.deliver_due() == 0  # not due yet
    clock(delays[0] - 1)
    assert webhooks.deliver_due() == 0
    clock(1)
    assert webhooks.deliver_due() == 1  # 503: the next delay
    clock(delays[1])
    assert webhooks.deliver_due() == 1
    db.session.refresh(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 3, None)
    ids = {r["headers"]["Wijkpagina-Delivery"] for r in receiver.requests}
    assert ids == {str(delivery.id)} and len(receiver.requests) == 3  # one id: the receiver drops repeats
    assert all(_verify(hook.secret, r)["melding"]["state"] == "gemeld" for r in receiver.requests)

    receiver.answers = [500] * (len(delays) + 1)
    report = db.session.scalar(select(WebhookDelivery)).payload["melding"]["id"]
    services.change_status(world.handler, services.get_report(world.handler, report),
                           {"state": "in_behandeling", "text": "We kijken ernaar."})
    for delay in (0, *delays):
        clock(delay)
        assert webhooks.deliver_due() == 1
    clock(10**7)
    assert webhooks.deliver_due() == 0
    failed = db.session.scalar(select(WebhookDelivery).where(WebhookDelivery.event == "melding.status_changed"))
    assert (failed.status, failed.attempts) == ("failed", len(delays) + 1)
    assert hook.secret not in (failed.last_error or "")


def test_an_unreachable_receiver_is_retried_and_its_error_holds_no_secret(app, world, receiver, clock):
    hook = _hooked(world, receiver)
    receiver.close()
    services.create_report(world.anna, world.wijk, melding())
    assert webhooks.deliver_due() == 1
    delivery = db.session.scalar(select(WebhookDelivery))
    assert delivery.status == "pending" and delivery.last_error.startswith("ConnectionError")
    assert hook.secret not in delivery.last_error
    receiver.__init__()  # back on a new port: the stored address still points to the old one
    clock(app.config["WEBHOOK_RETRY_DELAYS"][0])
    assert webhooks.deliver_due() == 1 and db.session.get(WebhookDelivery, delivery.id).attempts == 2


def test_only_the_organisations_admins_see_the_webhook_and_its_secret(app, world, receiver, client, login, api):
    hook = _hooked(world, receiver)
    services.create_report(world.anna, world.wijk, melding())
    webhooks.deliver_due()
    for outsider in (world.anna, world.casade_staff):
        assert hook.secret not in api.as_user(outsider).get("/api/v1/organisations/gemeente/webhook").text
    login(world.casade_staff)
    refused = client.get("/organisaties/gemeente/webhook")
    assert refused.status_code == 403 and hook.secret not in refused.text
    shown = api.as_user(world.handler).get("/api/v1/organisations/gemeente/webhook")
    assert shown.json == {"url": receiver.url, "secret": hook.secret, "active": True}


@pytest.mark.parametrize("url", ["http://example.org/hook", "https://10.1.2.3/hook", "https://192.168.0.7/hook",
                                 "ftp://example.org/hook", "https://localhost/hook", "http://127.0.0.1:9/hook"])
def test_a_bad_address_is_refused_and_nothing_stored(app, world, api, url):
    _admin(world)
    response = api.as_user(world.handler).put("/api/v1/organisations/gemeente/webhook", json={"url": url})
    assert response.status_code == 422 and "url" in response.json["error"]["fields"]
    assert db.session.scalar(select(Webhook)) is None
