"""An idea round's rules, its ideas, who supports them, and the organisations' saved answers."""
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from core.extensions import db
from core.timeutil import utcnow
from media.models import StoredImage
from participation.models import Participation, ResultItem

ALT_MAX = 250


class IdeaRound(db.Model):
    """The rules of an idea round (a participation with tool `ideas`): the steun threshold and how many days the
    owner has to answer an idea that reached it."""
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"),
                                                  primary_key=True)
    threshold: Mapped[int]
    response_days: Mapped[int]
    standing: Mapped[bool] = mapped_column(default=False)  # the wijk's standing round, open to ideas at any time
    # The daily tick reminds the owner of ideas past their answer date: when there are more than at the last
    # reminder, and again a week later while any are left.
    overdue_reminded_at: Mapped[datetime | None]
    overdue_reminded_count: Mapped[int] = mapped_column(default=0, server_default="0")

    participation: Mapped[Participation] = relationship(
        backref=db.backref("idea_round", uselist=False, cascade="all, delete-orphan", lazy="joined"))


class Idea(db.Model):
    """One idea. `state` says where its answer is (submitted, in_review, adopted, partly, rejected, merged);
    `status` whether a moderator hid it. The support count is kept on write."""
    __table_args__ = (Index("ix_idea_round_support", "participation_id", "support_count", "id"),
                      Index("ix_idea_round_id", "participation_id", "id"),
                      # similar ideas: PostgreSQL narrows the candidates by trigram similarity (pg_trgm)
                      Index("ix_idea_title_trgm", "title", postgresql_using="gin",
                            postgresql_ops={"title": "gin_trgm_ops"}))
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    location: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None] = mapped_column(Float)  # a point inside the round's wijken (WGS84), optional
    lon: Mapped[float | None] = mapped_column(Float)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("stored_image.id", ondelete="SET NULL"), unique=True)
    image_alt: Mapped[str | None] = mapped_column(String(ALT_MAX))
    state: Mapped[str] = mapped_column(String(16), default="submitted")
    status: Mapped[str] = mapped_column(String(16), default="published")  # published, hidden
    support_count: Mapped[int] = mapped_column(default=0)
    threshold_reached_at: Mapped[datetime | None]
    answer_due: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(Text)
    answer_html: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("idea.id", ondelete="SET NULL"), index=True)
    result_item_id: Mapped[int | None] = mapped_column(ForeignKey("result_item.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    participation: Mapped[Participation] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id], lazy="joined")
    merged_into: Mapped["Idea | None"] = relationship(remote_side=[id])
    result_item: Mapped[ResultItem | None] = relationship(lazy="joined")
    image: Mapped[StoredImage | None] = relationship(lazy="joined")


class Support(db.Model):
    """Steun: one per person per idea, withdrawable while the round is open."""
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerTemplate(db.Model):
    """A saved answer of an organisation, for answering many ideas at once."""
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(80))
    state: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
