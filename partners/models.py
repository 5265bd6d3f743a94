"""Organisations, their members, and per-wijk roles."""
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import db
from timeutil import utcnow

ORGANISATION_KINDS = ("gemeente", "politie", "woningcorporatie", "welzijn", "bewonersorganisatie", "overig")
MEMBERSHIP_ROLES = ("poster", "moderator", "admin")
WIJK_ROLES = ("coordinator",)

organisation_wijk = Table(
    "organisation_wijk",
    db.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("wijk_id", ForeignKey("wijk.id", ondelete="CASCADE"), primary_key=True),
)


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(32))
    verified: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(String(2000), default="")
    logo: Mapped[str | None] = mapped_column(String(200))  # file name under instance/uploads/logos
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    wijken: Mapped[list["Wijk"]] = relationship(secondary=organisation_wijk)  # noqa: F821
    memberships: Mapped[list["Membership"]] = relationship(back_populates="organisation",
                                                           cascade="all, delete-orphan")

    def serves(self, wijk) -> bool:
        return any(w.id == wijk.id for w in self.wijken)

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
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship(back_populates="memberships")  # noqa: F821
    organisation: Mapped[Organisation] = relationship(back_populates="memberships", lazy="joined")


class WijkRole(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "wijk_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship(back_populates="wijk_roles")  # noqa: F821
    wijk: Mapped["Wijk"] = relationship()  # noqa: F821


FLAG_REASONS = ("spam", "intimidatie", "persoonsgegevens", "discriminatie", "onjuiste_informatie", "anders")
FLAG_STATUSES = ("open", "dismissed", "upheld")


class Flag(db.Model):
    """A resident's report of a post or comment; one per user per item."""
    __table_args__ = (
        UniqueConstraint("user_id", "target_type", "target_id"),
        Index("ix_flag_queue", "status", "wijk_id", "created_at"),
        Index("ix_flag_target", "target_type", "target_id", "status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    target_type: Mapped[str] = mapped_column(String(16))  # post | comment
    target_id: Mapped[int]
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    user: Mapped["User"] = relationship(lazy="joined", innerjoin=True)  # noqa: F821


class AuditEntry(db.Model):
    """Append-only record of moderation and role changes (PostgreSQL refuses UPDATE and DELETE)."""
    __table_args__ = (Index("ix_audit_entry_wijk", "wijk_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # None: the system (auto-hide)
    action: Mapped[str] = mapped_column(String(32))
    target_type: Mapped[str] = mapped_column(String(16))
    target_id: Mapped[int]
    wijk_id: Mapped[int | None] = mapped_column(ForeignKey("wijk.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    reason: Mapped[str] = mapped_column(Text)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship(lazy="joined")  # noqa: F821


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _audit_is_append_only(mapper, connection, target):
    raise RuntimeError("the audit log is append-only")


class WijkMute(db.Model):
    """A user may read but not write in a wijk until `until`."""
    __table_args__ = (UniqueConstraint("user_id", "wijk_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    until: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(db.Model):
    """A message on the site for one user (e.g. why their content was hidden)."""
    __table_args__ = (Index("ix_notification_inbox", "user_id", "read_at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(String(1000))
    link: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]


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


API_SCOPES = ("posts:read", "posts:write")


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
    user: Mapped["User"] = relationship(foreign_keys=[user_id])  # noqa: F821


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
