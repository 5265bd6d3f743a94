"""The latest themes of each scope (a wijk, or a municipality: every wijk carrying that municipality name).

A run replaces its scope's themes, but a theme recognised from the run before (`pipeline.match`) keeps its row,
so its id and an official's name carry over; `ThemeRun` says what the run covered."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.timeutil import utcnow
from wijken.models import MUNICIPALITY_MAX, Wijk

SCOPE_MAX = 16 + MUNICIPALITY_MAX
THEME_NAME_MAX = 80


class ThemeRun(db.Model):
    """One scope's latest run: `scope` is "wijk:<id>" or "gemeente:<municipality id>" (`municipality`: its name
    at the time of the run)."""
    __tablename__ = "theme_run"
    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(SCOPE_MAX), unique=True)
    wijk_id: Mapped[int | None] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), index=True)
    municipality: Mapped[str] = mapped_column(String(MUNICIPALITY_MAX), default="")
    days: Mapped[int]
    period_end: Mapped[datetime]
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    text_count: Mapped[int] = mapped_column(default=0)
    coherence: Mapped[float] = mapped_column(default=0.0)

    wijk: Mapped[Wijk | None] = relationship()
    themes: Mapped[list["Theme"]] = relationship(back_populates="run", order_by="Theme.position",
                                                 cascade="all, delete-orphan")


class Theme(db.Model):
    """One theme of a run: its top terms (words), term weights (stems, for recognising it next time), size,
    texts per week, growth, and the keys ("post:12") of the public texts that show it best."""
    __table_args__ = (Index("ix_theme_run_position", "run_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("theme_run.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str | None] = mapped_column(String(THEME_NAME_MAX))  # an official's name; None: the terms
    renamed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"), index=True)
    renamed_at: Mapped[datetime | None]
    terms: Mapped[list] = mapped_column(JSON, default=list)
    weights: Mapped[dict] = mapped_column(JSON, default=dict)
    size: Mapped[int] = mapped_column(default=0)
    weekly: Mapped[list] = mapped_column(JSON, default=list)
    growth: Mapped[float] = mapped_column(default=0.0)
    examples: Mapped[list] = mapped_column(JSON, default=list)

    run: Mapped[ThemeRun] = relationship(back_populates="themes")

    @property
    def label(self) -> str:
        return self.name or ", ".join(self.terms[:3])
