"""Logging in, in one or two steps: whoever proved who they are (password, single sign-on) goes through
`begin_login`; a user with two-factor authentication is logged in only after `finish_login` accepted a code.

Between the steps the session holds the user id, whether to remember them and
when the first step happened; the second step must follow within PENDING_SECONDS.
"""
import time
from collections.abc import Callable
from datetime import UTC, datetime

from flask import current_app, redirect, request, session, url_for
from flask_login import login_user
from sqlalchemy import select

from core.emails import normalise_email
from core.extensions import db
from core.urls import safe_next
from core.validation import MAX_ID

from .models import User
from .signals import account_locked

PENDING_KEY = "two_factor_pending"
PENDING_SECONDS = 300
_SIGN_IN_OPTIONS: list[Callable] = []


def sign_in_option(fn: Callable) -> Callable:
    """Register `fn() -> list`: other ways in shown on the login page (an organisation's single sign-on)."""
    _SIGN_IN_OPTIONS.append(fn)
    return fn


def other_sign_in_options() -> list:
    return [option for fn in _SIGN_IN_OPTIONS for option in fn()]


def account_key() -> str:
    """Rate limits: the account a login, token or reset attempt is for, the address it names however written."""
    data = request.get_json(silent=True) if request.is_json else request.form
    email = data.get("email") if hasattr(data, "get") else None
    return "account:" + (normalise_email(email) if isinstance(email, str) else "")


def tell_owner_of_lockout(request_limit) -> None:
    """on_breach of the per-account limit of the ways in: the owner of the account hears that logging in is
    paused (they may be the one locked out by someone else's guessing). An address without an account, or an
    inactive one, hears nothing."""
    key = request_limit.request_args[0] if request_limit.request_args else ""
    kind, _sep, value = key.partition(":")
    if kind == "account" and value:
        user = db.session.scalar(select(User).where(User.email == value))
    elif kind == "account-id" and value.isdigit() and int(value) <= MAX_ID:
        user = db.session.get(User, int(value))
    else:
        return
    if user is not None and user.is_active:
        until = datetime.fromtimestamp(request_limit.reset_at, UTC).replace(tzinfo=None)
        account_locked.send(user, until=until)


def pending_key() -> str:
    """Rate limits: the user who is at the second login step."""
    pending = session.get(PENDING_KEY)
    return f"account-id:{pending.get('user') if isinstance(pending, dict) else ''}"


def begin_login(user: User, remember: bool = False, next_url: str | None = None):
    """Log the user in, or ask for their second factor first. Returns the redirect to follow."""
    next_url = safe_next(next_url)
    if user.two_factor_enabled:
        session[PENDING_KEY] = {"user": user.id, "remember": bool(remember), "at": int(time.time()),
                                "next": next_url}
        return redirect(url_for("accounts.two_factor_login"))
    login_user(user, remember=remember)
    return redirect(next_url or url_for("wijken.index"))


def renew_session(user: User) -> None:
    """After the person's sessions were ended (end_sessions), keep this browser logged in: its session, and its
    remember-me cookie if it had one, get the new session version."""
    user = user._get_current_object() if hasattr(user, "_get_current_object") else user  # (current_user)
    login_user(user, remember=current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies)


def pending_user() -> User | None:
    """The user who passed the first step and has not yet given a code, if that was recent enough."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.get(User, pending.get("user"))
    return user if user is not None and user.is_active and user.two_factor_enabled else None


def finish_login(user: User):
    """The code was right: log in as asked in the first step and go where the first step was headed."""
    pending = session.pop(PENDING_KEY)
    login_user(user, remember=pending["remember"])
    return redirect(pending.get("next") or url_for("wijken.index"))
