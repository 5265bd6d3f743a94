"""A survey's sections and questions, each response (a draft until submitted) and the open-text answers the
owner published.

Tallies live on the question (`tally`, `answered`) and are changed on every submitted response under the
participation's row lock, so results never count responses per request.
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.timeutil import utcnow
from wijken.models import Comment

from .models import Participation


class SurveySection(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(140))
    intro: Mapped[str] = mapped_column(Text, default="")

    questions: Mapped[list["SurveyQuestion"]] = relationship(order_by="SurveyQuestion.position", lazy="selectin",
                                                             back_populates="section", cascade="all, delete-orphan")


class SurveyQuestion(db.Model):
    """One question. `options` are the choices (single, multiple, ranking) or a matrix's columns; `rows` a
    matrix's statements; `show_if` ({"question": key, "options": [index, ...]}) asks it only after one of
    those answers to an earlier section's question."""
    __table_args__ = (UniqueConstraint("participation_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(ForeignKey("survey_section.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]  # over the whole survey
    key: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(500))
    help: Mapped[str] = mapped_column(String(500), default="")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[list] = mapped_column(JSON, default=list)
    rows: Mapped[list] = mapped_column(JSON, default=list)
    max_choices: Mapped[int | None]
    scale_max: Mapped[int | None]
    low_label: Mapped[str] = mapped_column(String(60), default="")
    high_label: Mapped[str] = mapped_column(String(60), default="")
    show_if: Mapped[dict | None] = mapped_column(JSON)
    answered: Mapped[int] = mapped_column(default=0)
    tally: Mapped[dict] = mapped_column(JSON, default=dict)  # "option" or "row:column" -> count, kept on write

    section: Mapped[SurveySection] = relationship(back_populates="questions")
    participation: Mapped[Participation] = relationship()


class SurveyResponse(db.Model):
    """A participant's answers by question key: a draft (`submitted_at` empty) they may continue later, then
    submitted once. An anonymous survey's submitted response loses its `user_id`; entries from paper, a
    booth or the phone never have one."""
    __table_args__ = (UniqueConstraint("participation_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    origin: Mapped[str] = mapped_column(String(8), default="online")
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class PublishedAnswer(db.Model):
    """An open-text answer the owner made public: it is a comment in the participation's thread, so flags
    and the review queue apply; hidden or removed there, it is no longer shown with the results."""
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id", ondelete="CASCADE"))
    response_id: Mapped[int] = mapped_column(ForeignKey("survey_response.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)

    comment: Mapped[Comment | None] = relationship(lazy="joined")


def has_drafts(participation) -> bool:
    """Whether anyone started a survey (a draft holds answers by question key, so the questions are frozen)."""
    if participation.tool != "survey":
        return False
    with db.session.no_autoflush:  # the participation may hold changes not checked yet
        return db.session.scalar(select(SurveyResponse.id).where(
            SurveyResponse.participation_id == participation.id).limit(1)) is not None


Participation.sections = relationship(SurveySection, order_by=SurveySection.position, cascade="all, delete-orphan",
                                      lazy="selectin")
Participation.questions = relationship(SurveyQuestion, order_by=SurveyQuestion.position, viewonly=True,
                                       lazy="select")
