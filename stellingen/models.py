"""A stellingen set's rules, its stellingen (seeded by the owner or added by residents and pre-moderated), the
votes, and the opinion groups computed from them."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from core.extensions import db
from core.timeutil import utcnow
from participation.models import Participation
from partners.models import Organisation


class StatementSet(db.Model):
    """The rules of a stellingen set (a participation with tool `stellingen`)."""
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"),
                                                  primary_key=True)
    review_hours: Mapped[int]  # residents' stellingen are reviewed within this many hours (shown to them)
    policy: Mapped[str] = mapped_column(Text)  # the published rules for stellingen
    vote_count: Mapped[int] = mapped_column(default=0)
    groups_requested_at: Mapped[datetime | None]  # the last computation asked for (at most one per 10 s)

    participation: Mapped[Participation] = relationship(
        backref=db.backref("statement_set", uselist=False, cascade="all, delete-orphan", lazy="joined"))


class Statement(db.Model):
    """One stelling (≤ 140 characters, one claim). The owner's are approved at once and labelled with the
    organisation; a resident's wait for review (`pending`) and are never shown to others until approved."""
    __table_args__ = (Index("ix_statement_set_status", "participation_id", "status", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(String(140))
    seed: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, approved, refused
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]
    agree: Mapped[int] = mapped_column(default=0)      # the counts are kept on write
    disagree: Mapped[int] = mapped_column(default=0)
    passes: Mapped[int] = mapped_column(default=0)
    important: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participation: Mapped[Participation] = relationship(backref=db.backref(
        "statements", cascade="all, delete-orphan", order_by="Statement.id"))
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def votes(self) -> int:
        return self.agree + self.disagree + self.passes


class StatementVote(db.Model):
    """One person's vote on one stelling: 1 eens, 0 pas, -1 oneens; optionally "belangrijk"."""
    __table_args__ = (Index("ix_statement_vote_set_user", "participation_id", "user_id"),)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"))
    value: Mapped[int] = mapped_column(SmallInteger)
    important: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class OpinionSnapshot(db.Model):
    """The opinion groups as computed at `computed_at` (the latest is shown). `groups` holds the groups'
    sizes and representative stellingen and the broadly supported ones; `members` maps a user id to its group
    (for telling each voter their own group; never shown or exported)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    participant_count: Mapped[int] = mapped_column(default=0)
    groups: Mapped[dict] = mapped_column(JSON)
    members: Mapped[dict] = mapped_column(JSON)
