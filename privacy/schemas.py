"""API shapes of privacy: deleting one's account, and the data export (AVG/GDPR right of access)."""
from typing import Any

from pydantic import Field

from accounts.schemas import EMAIL_MAX, MeBase
from core.schemas import Choice, Schema, Text, Timestamp
from moderation.models import FLAG_REASONS, FLAG_STATUSES
from moderation.schemas import FLAG_TARGETS
from notifications.schemas import Notification
from partners.models import MEMBERSHIP_ROLES
from wijken.kinds import FOLLOW_LEVELS, REACTION_KINDS, RSVP_STATUSES
from wijken.models import WIJK_ROLES
from wijken.schemas import Comment, Post

CONTENT_CHOICES = ("keep", "remove")


class AccountDelete(Schema):
    password: str = Field(None, description="The account's password.")
    email: Text(EMAIL_MAX, description="Instead of `password`, for an account without one (single sign-on only): "
                                       "the account's e-mail address.") = None
    content: Choice(CONTENT_CHOICES, required=True,
                    description="`keep`: posts and comments stay, signed \"deleted user\"; `remove`: they are "
                                "removed everywhere.")


class ExportProfile(MeBase):
    """What /me shows and the account's security state; never a password hash, a two-factor secret or a code."""
    email_verified_at: Timestamp | None
    two_factor_enabled: bool
    two_factor_enabled_at: Timestamp | None
    recovery_codes_left: int = Field(ge=0)
    has_password: bool


class ExportFollow(Schema):
    wijk: str
    wijk_name: str
    level: Choice(FOLLOW_LEVELS)
    created_at: Timestamp


class ExportComment(Comment):
    wijk: str


class ExportReaction(Schema):
    post_id: int
    kind: Choice(REACTION_KINDS)
    created_at: Timestamp


class ExportRsvp(Schema):
    post_id: int
    status: Choice(RSVP_STATUSES)
    updated_at: Timestamp


class ExportFlag(Schema):
    id: int
    target: Choice(FLAG_TARGETS)
    target_id: int
    post_id: int
    reason: Choice(FLAG_REASONS)
    text: str | None
    status: Choice(FLAG_STATUSES)
    created_at: Timestamp
    resolved_at: Timestamp | None


class ExportMembership(Schema):
    organisation: str
    organisation_name: str
    role: Choice(MEMBERSHIP_ROLES)
    source: str
    created_at: Timestamp


class ExportWijkRole(Schema):
    wijk: str
    role: Choice(WIJK_ROLES)
    created_at: Timestamp


class ExportIdentity(Schema):
    issuer: str
    subject: str
    created_at: Timestamp
    last_login_at: Timestamp | None


class ExportApiToken(Schema):
    created_at: Timestamp
    expires_at: Timestamp


class ExportMute(Schema):
    wijk: str
    until: Timestamp
    reason: str
    created_at: Timestamp


class ExportAuditEntry(Schema):
    id: int
    created_at: Timestamp
    action: str
    target: str
    target_id: int
    wijk: str | None
    organisation: str | None
    reason: str
    details: dict[str, Any]


class UserExport(Schema):
    """Everything stored about the caller (AVG/GDPR right of access)."""
    format: str = Field(description="The version of this shape.")
    exported_at: Timestamp
    profile: ExportProfile
    follows: list[ExportFollow]
    posts: list[Post]
    comments: list[ExportComment]
    reactions: list[ExportReaction]
    rsvps: list[ExportRsvp]
    flags: list[ExportFlag]
    notifications: list[Notification]
    memberships: list[ExportMembership]
    wijk_roles: list[ExportWijkRole]
    identities: list[ExportIdentity]
    api_tokens: list[ExportApiToken]
    mutes: list[ExportMute]
    audit_entries: list[ExportAuditEntry]
