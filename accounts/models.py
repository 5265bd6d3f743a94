"""Users, their second factor and API tokens."""
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from core.extensions import db
from core.timeutil import utcnow

from .schemas import DISPLAY_NAME_MAX, EMAIL_MAX


def session_id(value) -> tuple[int, int] | None:
    """(user id, session version) from what a session or remember-me cookie holds (`User.get_id`); a value from
    before session versions names only the id and counts as version 0. None for anything else."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    ident, _dot, version = value.partition(".")
    if not ident.isdigit() or not (version.isdigit() or version == ""):
        return None
    return int(ident), int(version or 0)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(EMAIL_MAX), unique=True)  # stored lower-cased
    display_name: Mapped[str] = mapped_column(String(DISPLAY_NAME_MAX))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    email_verified_at: Mapped[datetime | None]
    locale: Mapped[str | None] = mapped_column(String(5))
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Two-factor authentication (TOTP, RFC 6238): the base32 secret, when it was confirmed, and the last
    # time step accepted (a code is never accepted twice).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_enabled_at: Mapped[datetime | None]
    totp_last_step: Mapped[int | None]
    # A partner system's account (one per API client): it posts through the API and never logs in.
    is_service: Mapped[bool] = mapped_column(default=False, server_default="0")
    # Set when the person deleted their account: personal data is gone, the row keeps authorship.
    deleted_at: Mapped[datetime | None]
    # Bumped whenever what this user sees of a page changes (follows, profile, roles): part of page cache keys.
    state_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Part of every session and remember-me cookie (`get_id`); bumping it ends them all (`end_sessions`).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def page_state_changed(self) -> None:
        """Invalidate this user's cached pages; takes effect on commit."""
        self.state_version = User.state_version + 1

    def get_id(self) -> str:
        """What Flask-Login signs into the session and the remember-me cookie: "<id>.<session version>"."""
        return f"{self.id}.{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Every session and remember-me cookie of this person stops working (on commit); a browser that should
        stay logged in logs in again afterwards (accounts.login_flow.renew_session)."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def is_active(self) -> bool:
        """Flask-Login refuses inactive users: deleted accounts and service accounts never log in."""
        return self.deleted_at is None and not self.is_service

    @property
    def is_authenticated(self) -> bool:
        """Flask-Login ties this to is_active; a service account is authenticated by its API token all the same."""
        return self.deleted_at is None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class RecoveryCode(db.Model):
    """A one-time code that stands in for a lost authenticator; only its SHA-256 is stored."""
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None]


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored.

    A person's token (POST /api/v1/tokens) has no client and no scope: it may do what the person may.
    A partner system's token (POST /oauth/token) belongs to an ApiClient, acts as that client's service
    account and is limited to its space-separated scopes.
    """
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    client_id: Mapped[int | None] = mapped_column(ForeignKey("api_client.id", ondelete="CASCADE"), index=True)
    scope: Mapped[str | None] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]

    user: Mapped[User] = relationship()


class IdempotentRequest(db.Model):
    """A write sent with an idempotency key (accounts/idempotency.py): its answer, replayed when the same
    request comes again. `status` is None while the first request is still running."""
    __table_args__ = (UniqueConstraint("user_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(300))
    fingerprint: Mapped[str] = mapped_column(String(64))  # SHA-256 of method, path and body
    status: Mapped[int | None]
    body: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
