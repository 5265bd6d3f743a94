"""A moodboard: the board's settings and categories, pins (an image, a point on the design drawing, or both),
residents' dots, and flags on pins."""
from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from accounts.models import User
from core.extensions import db
from core.timeutil import utcnow
from media.models import StoredImage
from participation.models import Participation

CAPTION_MAX = 200
ALT_MAX = 250
CATEGORY_MAX = 40
PIN_STATUSES = ("published", "hidden", "removed")


class Board(db.Model):
    """The tool's settings: the dot budget per person, at most so many on one pin, the design drawing."""
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"),
                                                  primary_key=True)
    dots_per_person: Mapped[int] = mapped_column(default=5)
    max_per_pin: Mapped[int] = mapped_column(default=2)
    drawing_id: Mapped[int | None] = mapped_column(ForeignKey("stored_image.id", ondelete="SET NULL"))
    drawing_alt: Mapped[str | None] = mapped_column(String(ALT_MAX))
    # Bumped by every change of pins and dots: the share image's address carries it.
    version: Mapped[int] = mapped_column(default=0)

    participation: Mapped[Participation] = relationship(
        backref=backref("board", uselist=False, cascade="all, delete-orphan", lazy="joined"))
    drawing: Mapped[StoredImage | None] = relationship(lazy="joined")
    categories: Mapped[list["BoardCategory"]] = relationship(order_by="BoardCategory.position", lazy="selectin",
                                                             cascade="all, delete-orphan")


class BoardCategory(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("board.participation_id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(CATEGORY_MAX))


class Pin(db.Model):
    """An image with a caption (and a category), or a comment on a point of the design drawing (x, y from 0
    to 1, from the top left), or both. Hidden pins (flagged, or by a reviewer) show only to their author and
    the reviewers; removed pins lose their image and their dots."""
    __table_args__ = (Index("ix_pin_board", "participation_id", "status", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int | None] = mapped_column(ForeignKey("stored_image.id", ondelete="SET NULL"), unique=True)
    alt: Mapped[str | None] = mapped_column(String(ALT_MAX))
    caption: Mapped[str] = mapped_column(String(CAPTION_MAX))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("board_category.id", ondelete="SET NULL"),
                                                    index=True)
    x: Mapped[float | None] = mapped_column(Float)
    y: Mapped[float | None] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="published")
    dot_count: Mapped[int] = mapped_column(default=0)  # kept on write from the dots
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    image: Mapped[StoredImage | None] = relationship(lazy="joined")
    category: Mapped[BoardCategory | None] = relationship(lazy="joined")

    @property
    def on_drawing(self) -> bool:
        return self.x is not None and self.y is not None


class Dot(db.Model):
    """How many of their dots a person put on a pin (1 to the board's max_per_pin)."""
    __table_args__ = (UniqueConstraint("pin_id", "user_id"), Index("ix_dot_voter", "participation_id", "user_id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    pin_id: Mapped[int] = mapped_column(ForeignKey("pin.id", ondelete="CASCADE"))
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    count: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PinFlag(db.Model):
    """A resident's report of a pin; enough of them hide it until a reviewer looks."""
    __table_args__ = (UniqueConstraint("pin_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    pin_id: Mapped[int] = mapped_column(ForeignKey("pin.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
