"""Signed links in account mail: verify an address, reset a password, confirm a new address.

A link is an itsdangerous token over (purpose, user id, a fingerprint of the
state it changes), so it needs no table and works once: verifying sets
email_verified_at, resetting changes the password hash, changing the address
changes the address, and each of those changes the fingerprint. Links expire
after their purpose's max age.
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from core.extensions import db
from core.urls import external_url

from .models import User

MAX_AGE = {
    "verify": 3 * 24 * 3600,
    "reset": 3600,
    "change_email": 24 * 3600,
}
ENDPOINT = {
    "verify": "accounts.verify_email",
    "reset": "accounts.reset_password",
    "change_email": "accounts.confirm_email_change",
}


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"wijkpagina-{purpose}")


def _fingerprint(user: User, purpose: str) -> str:
    state = {
        "verify": f"{user.email}|{user.email_verified_at}",
        "reset": f"{user.email}|{user.password_hash}",
        "change_email": user.email,
    }[purpose]
    return hashlib.sha256(state.encode()).hexdigest()[:20]


def make_token(user: User, purpose: str, **extra) -> str:
    return _serializer(purpose).dumps({"u": user.id, "f": _fingerprint(user, purpose)} | extra)


def link(user: User, purpose: str, **extra) -> str:
    """The absolute URL (BASE_URL) of a signed link for `purpose`."""
    return external_url(ENDPOINT[purpose], token=make_token(user, purpose, **extra))


def read_token(token, purpose: str) -> tuple[User, dict] | None:
    """The user and payload of a valid, unexpired, unused link; None for anything else."""
    if not isinstance(token, str) or len(token) > 1000:
        return None
    try:
        payload = _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except BadSignature:  # also SignatureExpired
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = db.session.get(User, payload["u"])
    if user is None or not user.is_active or payload.get("f") != _fingerprint(user, purpose):
        return None
    return user, payload
