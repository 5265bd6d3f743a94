"""Signed tokens in wijk mail: stop a wijk's mail, confirm a subscription by e-mail only.

Unsubscribe links never expire (a mail may be read months later) and need no
login; they name one follow or one subscription, and using one twice is harmless.
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

from core.extensions import db
from wijken.models import Follow

from .models import EmailSubscription

CONFIRM_MAX_AGE = 7 * 24 * 3600


def _unsubscribe() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="wijkpagina-unsubscribe")


def for_follow(follow: Follow) -> str:
    return _unsubscribe().dumps({"f": follow.id, "u": follow.user_id, "w": follow.wijk_id})


def _address_check(email: str) -> str:
    """Ties a token to the address without putting the address itself into the link."""
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def for_subscription(subscription: EmailSubscription) -> str:
    return _unsubscribe().dumps({"s": subscription.id, "e": _address_check(subscription.email),
                                 "w": subscription.wijk_id})


def _loads(serializer, token, **kwargs) -> dict | None:
    if not isinstance(token, str) or len(token) > 500:
        return None
    try:
        payload = serializer.loads(token, **kwargs)
    except BadSignature:
        return None
    return payload if isinstance(payload, dict) else None


def unsubscribe_target(token) -> Follow | EmailSubscription | None:
    """The follow or subscription an unsubscribe link names, if the link is genuine and it still exists."""
    payload = _loads(_unsubscribe(), token)
    if payload is None:
        return None
    if isinstance(payload.get("f"), int):
        follow = db.session.get(Follow, payload["f"])
        return follow if follow and (follow.user_id, follow.wijk_id) == (payload.get("u"), payload.get("w")) else None
    if isinstance(payload.get("s"), int):
        sub = db.session.get(EmailSubscription, payload["s"])
        return sub if sub and (_address_check(sub.email), sub.wijk_id) == (payload.get("e"), payload.get("w")) \
            else None
    return None


def _confirm() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="wijkpagina-subscribe")


def for_confirmation(subscription: EmailSubscription) -> str:
    return _confirm().dumps({"s": subscription.id, "e": _address_check(subscription.email)})


def subscription_to_confirm(token) -> EmailSubscription | None:
    payload = _loads(_confirm(), token, max_age=CONFIRM_MAX_AGE)
    if payload is None or not isinstance(payload.get("s"), int):
        return None
    sub = db.session.get(EmailSubscription, payload["s"])
    return sub if sub is not None and _address_check(sub.email) == payload.get("e") else None
