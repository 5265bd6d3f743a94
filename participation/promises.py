"""Per organisation: how many of its feedback promises it kept — the outcome published by feedback_due.

A promise counts once it is due (feedback_due has passed) or kept early (an outcome was published): a participation
still waiting for a date in the future is neither kept nor broken yet. Computed in one query, from the rows; a later
issue puts it on public scorecards.
"""
from dataclasses import dataclass

from sqlalchemy import and_, case, func, or_, select

from core.extensions import db
from core.timeutil import utcnow

from .models import Participation, participation_wijk


@dataclass(frozen=True)
class PromiseRecord:
    due: int  # promises whose date passed, or that were kept early
    kept: int  # outcome published on or before feedback_due

    @property
    def share(self) -> float | None:
        """The share kept on time (0–1), or None while nothing was due."""
        return round(self.kept / self.due, 4) if self.due else None


def promise_record(organisation, now=None, *, wijk=None) -> PromiseRecord:
    """The record of an organisation (everywhere, or in one wijk), or of every organisation in a wijk (None)."""
    now = now or utcnow()
    on_time = and_(Participation.outcome_at.is_not(None), Participation.outcome_at <= Participation.feedback_due)
    query = (select(func.count(), func.coalesce(func.sum(case((on_time, 1), else_=0)), 0))
             .where(Participation.status != "draft",
                    or_(Participation.feedback_due <= now, Participation.outcome_at.is_not(None))))
    if organisation is not None:
        query = query.where(Participation.organisation_id == organisation.id)
    if wijk is not None:
        query = query.join(participation_wijk, participation_wijk.c.participation_id == Participation.id).where(
            participation_wijk.c.wijk_id == wijk.id)
    due, kept = db.session.execute(query).one()
    return PromiseRecord(due=due, kept=kept)


def organisation_participations(organisation) -> list[Participation]:
    """The organisation's published participations, newest first (at most 100)."""
    return list(db.session.scalars(select(Participation).where(
        Participation.organisation_id == organisation.id, Participation.status != "draft")
        .order_by(Participation.id.desc()).limit(100)))
