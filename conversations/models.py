"""A conversation is a wijk post whose thread has a shape: a spreekuur (a live chat with a named host in a set
window) or a debate (a question with arguments for and against, closed with written conclusions).

The messages themselves are the post's comments, so the thread, moderation (hide, the review queue, the audit
log), live delivery and the transcript are the wijk's own; an Entry adds what a conversation knows of a comment:
question, answer or argument, its stance and its votes.
"""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from core.extensions import db
from core.timeutil import utcnow
from partners.models import Organisation
from wijken.models import Comment, Post, Wijk

KINDS = ("spreekuur", "debat")
ENTRY_KINDS = ("question", "answer", "message", "argument")
STANCES = ("for", "against", "neutral")


class Conversation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"),
                                                        index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    host_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    host_function: Mapped[str] = mapped_column(String(80), default="")
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]  # a debate without a time box has none
    slow_mode_seconds: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open, closed (ended early / concluded)
    # The spreekuur's summary, or the debate's conclusions ("what was heard") and what happens next.
    closing: Mapped[str | None] = mapped_column(Text)
    closing_html: Mapped[str | None] = mapped_column(Text)
    next_steps: Mapped[str | None] = mapped_column(Text)
    next_steps_html: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    wijk: Mapped[Wijk] = relationship()
    post: Mapped[Post | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    host: Mapped[User | None] = relationship(foreign_keys=[host_id], lazy="joined")
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])


class Entry(db.Model):
    """What a conversation knows of one comment in its thread."""
    __table_args__ = (
        Index("ix_entry_writer", "conversation_id", "user_id", "created_at"),  # slow mode: their last message
        Index("ix_entry_ranked", "conversation_id", "kind", "votes"),          # questions most asked first
    )
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    stance: Mapped[str | None] = mapped_column(String(8))
    votes: Mapped[int] = mapped_column(default=0)  # kept on write: upvotes of a question, "useful" of an argument
    answered_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    comment: Mapped[Comment] = relationship(lazy="joined", innerjoin=True)


class Vote(db.Model):
    """One person's upvote of a question, or "useful" of an argument."""
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("entry.comment_id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SessionMute(db.Model):
    """A person who may read but not write in this one conversation (a moderator's live measure)."""
    __table_args__ = (UniqueConstraint("conversation_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    muted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class DebateSetting(db.Model):
    """A wijk's choice, by its coordinator: may residents start debates there (organisations always may)."""
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), primary_key=True)
    residents_may_start: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
