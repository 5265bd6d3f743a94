"""The wijkagenda: the agendapunten of a wijk, where each came from, who owns it and when it is discussed."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User
from core.extensions import db
from core.timeutil import utcnow
from ideas.models import Idea
from partners.models import Organisation
from stellingen.models import Statement
from wijken.models import Post, Wijk


class AgendaItem(db.Model):
    """An agendapunt. `source`: `resident` (an idea that reached its threshold), `stelling` (a broadly supported
    stelling the coordinator promoted) or `partner` (added by an organisation). `meeting` is an evenement post of
    the wijk, with its RSVP; `feedback_due` when the owner reports back."""
    __table_args__ = (Index("ix_agenda_item_wijk_status", "wijk_id", "status", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"),
                                                        index=True)
    status: Mapped[str] = mapped_column(String(16), default="proposed")
    source: Mapped[str] = mapped_column(String(16))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("idea.id", ondelete="SET NULL"), unique=True)
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statement.id", ondelete="SET NULL"), unique=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="SET NULL"), index=True)
    feedback_due: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    wijk: Mapped[Wijk] = relationship()
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    idea: Mapped[Idea | None] = relationship()
    statement: Mapped[Statement | None] = relationship()
    meeting: Mapped[Post | None] = relationship(lazy="joined")
    created_by: Mapped[User | None] = relationship()
