"""A participation, the wijken it belongs to, a poll's options and answers, and the result items."""
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from core.extensions import db
from core.timeutil import utcnow
from partners.models import Organisation
from wijken.models import Post, Wijk

participation_wijk = Table(
    "participation_wijk",
    db.metadata,
    Column("participation_id", ForeignKey("participation.id", ondelete="CASCADE"), primary_key=True),
    Column("wijk_id", ForeignKey("wijk.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Participation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    tool: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    level: Mapped[str] = mapped_column(String(16))
    promise_extra: Mapped[str] = mapped_column(Text, default="")
    decision_owner: Mapped[str] = mapped_column(String(140))
    kaders: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime]
    feedback_due: Mapped[datetime]
    eligibility: Mapped[str] = mapped_column(String(16), default="account")
    identity: Mapped[str] = mapped_column(String(16), default="named")
    results_visibility: Mapped[str] = mapped_column(String(16), default="after_answering")
    status: Mapped[str] = mapped_column(String(16), default="draft", index=True)  # draft, open, closed
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"), index=True)
    published_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    participant_count: Mapped[int] = mapped_column(default=0)
    origin_counts: Mapped[dict] = mapped_column(JSON, default=dict)  # survey answers per origin, kept on write
    phases: Mapped[list] = mapped_column(JSON, default=list)  # [{"title", "starts_on", "ends_on"}]: the timeline
    reminders_sent: Mapped[int] = mapped_column(default=0)  # feedback reminders: 1 a week before, 2 on the day
    decision: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str | None] = mapped_column(Text)
    outcome_html: Mapped[str | None] = mapped_column(Text)
    outcome_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    created_by: Mapped[User | None] = relationship()
    post: Mapped[Post | None] = relationship()
    wijken: Mapped[list[Wijk]] = relationship(secondary=participation_wijk, order_by=Wijk.name)
    options: Mapped[list["PollOption"]] = relationship(order_by="PollOption.position", cascade="all, delete-orphan",
                                                       back_populates="participation")
    result_items: Mapped[list["ResultItem"]] = relationship(order_by="ResultItem.id", cascade="all, delete-orphan")


class PollOption(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(200))
    votes: Mapped[int] = mapped_column(default=0)  # kept on write: results never count rows per request

    participation: Mapped[Participation] = relationship(back_populates="options")


class PollSettings(db.Model):
    """A poll's rules: single or multiple choice (at most `max_choices`), with or without "anders, namelijk"."""
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"),
                                                  primary_key=True)
    max_choices: Mapped[int] = mapped_column(default=1)
    allow_other: Mapped[bool] = mapped_column(default=False)
    other_votes: Mapped[int] = mapped_column(default=0)

    participation: Mapped[Participation] = relationship(
        backref=db.backref("poll", uselist=False, cascade="all, delete-orphan", lazy="joined"))


class Participant(db.Model):
    """Who took part (one answer each; told of the outcome) — never what they answered."""
    __table_args__ = (UniqueConstraint("participation_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Response(db.Model):
    """One answer. `user_id` only where the identity setting allows it: an anonymous participation's
    answers name nobody, and paper, booth and phone answers carry their origin instead."""
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(8), default="online")
    choices: Mapped[list] = mapped_column(JSON)
    other_text: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResultItem(db.Model):
    """What was promised after the outcome, and how far it got: dated updates go into the post's thread."""
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(140))
    status: Mapped[str] = mapped_column(String(16), default="planned")
    progress: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
