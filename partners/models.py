"""Organisations, their members, invitations, API clients and single sign-on providers.

Which wijken an organisation serves is the wijk side's to know (`wijken.models.organisation_wijk`).
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from accounts.models import User
from core.extensions import db
from core.timeutil import utcnow

ORGANISATION_KINDS = ("gemeente", "politie", "woningcorporatie", "welzijn", "bewonersorganisatie", "overig")
MEMBERSHIP_ROLES = ("poster", "moderator", "admin")

class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    verified: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(String(2000), default="")
    logo: Mapped[str | None] = mapped_column(String(200))  # file name under instance/uploads/logos
    # Its integrity or social-media policy (how its officials take part online), linked from its page.
    policy_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="organisation",
                                                           cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Organisation {self.slug}>"


class Membership(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    # "manual" (granted by an admin or invitation) or "sso" (mapped from the organisation's identity provider,
    # which then owns it: changed or removed at the next login through that provider).
    source: Mapped[str] = mapped_column(String(8), default="manual", server_default="manual")
    # What they are for residents ("wethouder Wonen", "wijkagent"), set by the organisation's admin; shown with
    # the organisation's badge on what they write for it.
    function_title: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Loaded on first use (permission checks of the current user), never for every author on a page.
    user: Mapped[User] = relationship(backref=backref("memberships", cascade="all, delete-orphan"))
    organisation: Mapped[Organisation] = relationship(back_populates="memberships", lazy="joined")


class Invitation(db.Model):
    """An organisation admin invites a colleague by e-mail; the link in the mail works once."""
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()


API_SCOPES = ("posts:read", "posts:write", "reports")


class ApiClient(db.Model):
    """A partner system posting as its organisation (OAuth2 client credentials).

    It acts through its own service account (`user`), which holds a poster membership of the
    organisation, so every rule that applies to a member applies to it. Only the secret's hash is kept.
    """
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(255))
    scope: Mapped[str] = mapped_column(String(100))  # space-separated API_SCOPES
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()
    user: Mapped["User"] = relationship(foreign_keys=[user_id])


class IdentityProvider(db.Model):
    """An organisation's OpenID Connect provider for staff single sign-on.

    Who gets which role: a `groups_claim` with `role_map` ({group: role}) when set; otherwise everyone
    whose verified e-mail address is in `email_domain` gets `default_role`. Nobody else gets in.
    """
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), unique=True)
    issuer: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[str] = mapped_column(String(200))
    client_secret: Mapped[str] = mapped_column(String(500))
    email_domain: Mapped[str | None] = mapped_column(String(253))
    groups_claim: Mapped[str | None] = mapped_column(String(64))
    role_map: Mapped[dict] = mapped_column(JSON, default=dict)
    default_role: Mapped[str | None] = mapped_column(String(16))
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class UserIdentity(db.Model):
    """A user's account at an organisation's OpenID Connect provider (issuer + subject)."""
    __table_args__ = (UniqueConstraint("provider_id", "subject"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("identity_provider.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
