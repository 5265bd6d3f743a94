"""Flags: residents' reports of posts and comments."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.timeutil import utcnow

FLAG_REASONS = ("spam", "intimidatie", "persoonsgegevens", "discriminatie", "onjuiste_informatie", "anders")
FLAG_STATUSES = ("open", "dismissed", "upheld")
FLAG_TEXT_MAX = 500


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
    text: Mapped[str | None] = mapped_column(String(FLAG_TEXT_MAX))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]

    user: Mapped["User"] = relationship(lazy="joined", innerjoin=True)  # noqa: F821
