"""The outbox of mail, addresses that must not get mail, and followers by e-mail only."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.timeutil import utcnow
from wijken.kinds import DIGEST_FREQUENCIES  # noqa: F401  (the choices of `frequency`)

MAIL_STATUSES = ("pending", "sending", "sent", "failed", "bounced", "cancelled")


class OutboundMail(db.Model):
    """One message to one address, written in the same transaction as what caused it.

    `key` names what it is about (for example "alert:post:12:to:ans@example.test"), so
    writing it twice writes it once and a retried job never mails twice. Workers move it
    from pending to sending to sent; a temporary failure goes back to pending with a later
    `next_attempt_at`; a permanent refusal makes it bounced and suppresses the address; a message
    about a post that was hidden or removed meanwhile is cancelled.
    """
    __table_args__ = (Index("ix_outbound_mail_due", "status", "next_attempt_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    recipient: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(32))
    # The post a message is about: if it is no longer published when its turn comes, it is not sent.
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class SuppressedAddress(db.Model):
    """An address that bounced (a permanent refusal): it gets no more mail until someone clears it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EmailSubscription(db.Model):
    """Someone without an account who gets a wijk's digest; counts once the address is confirmed."""
    __table_args__ = (UniqueConstraint("wijk_id", "email"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    frequency: Mapped[str] = mapped_column(String(8), default="weekly")
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[datetime | None]
    last_digest_at: Mapped[datetime | None]

    wijk: Mapped["Wijk"] = relationship()  # noqa: F821


class PendingJob(db.Model):
    """A background job, written in the transaction that asked for it and deleted once it is on the queue.

    With RQ workers, a job goes to Redis after the commit. When Redis cannot be reached then, the row stays
    and the job waits here: workers starting, workers delivering and web processes (every
    MAIL_SWEEP_SECONDS) put what waits on the queue as soon as Redis answers again (reach.jobs).
    """
    id: Mapped[int] = mapped_column(primary_key=True)
    func: Mapped[str] = mapped_column(String(200))  # the job's dotted name, e.g. "reach.mailings.fan_out"
    args: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
