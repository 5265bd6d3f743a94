"""Meldingen (reports about the public space): the categories of a municipality, the meldingen with their point,
state and clocks, every status change, who follows a melding, and the organisations' outgoing webhooks."""
from datetime import date, datetime, time

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from core.extensions import db
from core.timeutil import utcnow
from partners.models import Organisation
from wijken.models import MUNICIPALITY_MAX, Post, Wijk


class Category(db.Model):
    """What can be reported in a municipality, who handles it and within how many working days."""
    __table_args__ = (UniqueConstraint("municipality", "slug"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality: Mapped[str] = mapped_column(String(MUNICIPALITY_MAX))
    slug: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(120))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    target_days: Mapped[int] = mapped_column(default=5)  # working days, Dutch public holidays excluded
    active: Mapped[bool] = mapped_column(default=True)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)


class Report(db.Model):
    """A melding. Public ones are a wijk post of kind `melding`; a private one's post only names its category."""
    __table_args__ = (
        # The duplicate search: open meldingen in a bounding box (a range on lat, then lon from the index).
        Index("ix_report_open_point", "open", "lat", "lon"),
        # The map and the list of a wijk's open (or closed) meldingen, newest first.
        Index("ix_report_wijk_open", "wijk_id", "open", "id"),
        # An organisation's inbox and scorecard.
        Index("ix_report_organisation", "organisation_id", "open", "created_at"),
        Index("ix_report_wijk_created", "wijk_id", "created_at"),
        Index("ix_report_organisation_created", "organisation_id", "created_at"),  # its scorecard
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id", ondelete="RESTRICT"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    location_text: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(24), default="gemeld")
    open: Mapped[bool] = mapped_column(default=True)
    planned_for: Mapped[date | None]
    follower_count: Mapped[int] = mapped_column(default=1)  # the reporter and everyone who said "this one too"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]  # the category's target, in working days from created_at
    # The clocks, stored when they stop (the scorecards read them, never recount the history):
    first_reaction_at: Mapped[datetime | None]  # the handler's first status change
    closed_at: Mapped[datetime | None]  # first afgehandeld
    within_target: Mapped[bool | None]  # closed by due_at
    reaction_minutes: Mapped[int | None]  # from created_at to first_reaction_at (the scorecards' medians)
    closed_minutes: Mapped[int | None]  # from created_at to closed_at
    satisfied: Mapped[bool | None]
    satisfaction_reason: Mapped[str | None] = mapped_column(String(1000))
    source: Mapped[str] = mapped_column(String(16), default="web")  # web, api, post, comment, question

    wijk: Mapped[Wijk] = relationship()
    category: Mapped[Category] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    reporter: Mapped[User | None] = relationship()
    post: Mapped[Post | None] = relationship()
    updates: Mapped[list["ReportUpdate"]] = relationship(order_by="ReportUpdate.id", cascade="all, delete-orphan",
                                                         back_populates="report")


class ReportUpdate(db.Model):
    """One status change with the handler's text (on a public melding also a comment in its thread)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str] = mapped_column(String(24))
    text: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    planned_for: Mapped[date | None]
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    report: Mapped[Report] = relationship(back_populates="updates")
    actor: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class ReportFollower(db.Model):
    """Someone who said "this is it" (a +1) and hears of every change; the reporter is the first."""
    __table_args__ = (UniqueConstraint("report_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Webhook(db.Model):
    """Where an organisation's back office (Signalen, say) hears of new meldingen: one https URL, signed."""
    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), unique=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(String(64))  # the HMAC key both sides hold
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class WebhookDelivery(db.Model):
    """One announcement to one webhook, delivered after commit and retried with backoff (like the mail outbox)."""
    __table_args__ = (Index("ix_webhook_delivery_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(120), unique=True)
    event: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    webhook: Mapped[Webhook] = relationship()


# --- webcare: questions to an organisation ---------------------------------------------------------------------

class WebcareSettings(db.Model):
    """An organisation's webcare clock: a first reaction within `first_reaction_hours` business hours (its opening
    hours on working days) and an answer within `answer_days` working days. Without a row: the defaults."""
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True)
    first_reaction_hours: Mapped[int] = mapped_column(default=8)
    answer_days: Mapped[int] = mapped_column(default=5)
    opens: Mapped[time] = mapped_column(default=time(9))
    closes: Mapped[time] = mapped_column(default=time(17))


class Question(db.Model):
    """A resident's question to an organisation serving the wijk. Public: a wijk post of kind `vraag` whose thread
    holds the answers (as the organisation, with its badge); private (personal data): no post, only the asker and
    the organisation's staff see it. The clocks are stored when they stop; the scorecards read them."""
    __table_args__ = (
        # The organisation's inbox (open first by id) and its scorecard (by created_at).
        Index("ix_question_organisation_open", "organisation_id", "open", "id"),
        Index("ix_question_organisation_created", "organisation_id", "created_at"),
        Index("ix_question_wijk_created", "wijk_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    asker_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text)
    private: Mapped[bool] = mapped_column(default=False)
    state: Mapped[str] = mapped_column(String(16), default="open")  # open, answered, accepted, converted
    open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    reaction_due_at: Mapped[datetime]  # first_reaction_hours business hours from created_at
    answer_due_at: Mapped[datetime]  # answer_days working days from created_at
    # The clocks, stored when they stop: a holding reply stops the first one only.
    first_reaction_at: Mapped[datetime | None]
    reaction_minutes: Mapped[int | None]  # business minutes to the first reaction
    reaction_in_time: Mapped[bool | None]
    answered_at: Mapped[datetime | None]
    answer_in_time: Mapped[bool | None]
    accepted_reply_id: Mapped[int | None]  # one of its replies (no key: the replies point here)
    accepted_at: Mapped[datetime | None]

    wijk: Mapped[Wijk] = relationship()
    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    asker: Mapped[User | None] = relationship(foreign_keys=[asker_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    post: Mapped[Post | None] = relationship()
    replies: Mapped[list["QuestionReply"]] = relationship(
        order_by="QuestionReply.id", cascade="all, delete-orphan", back_populates="question",
        foreign_keys="QuestionReply.question_id")


class QuestionReply(db.Model):
    """A reply by the organisation's staff (as the organisation); `holding` ("we zoeken het uit") is a first
    reaction, not an answer. On a public question it is also a comment in the post's thread."""
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"), index=True)
    body: Mapped[str] = mapped_column(Text)
    holding: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    question: Mapped[Question] = relationship(back_populates="replies", foreign_keys=[question_id])
    author: Mapped[User | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
