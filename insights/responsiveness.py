"""Responsiveness and transparency of a wijk: the meldingen scorecard as it is (not recomputed), the feedback
promises of the wijk's participations kept on time, and the share of its ideas that got an answer."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from core.extensions import db
from ideas.models import Idea
from ideas.states import ANSWERED
from meldingen.scorecards import Scorecard, scorecard
from participation.models import participation_wijk
from participation.promises import PromiseRecord, promise_record

from .figures import share


@dataclass(frozen=True)
class Responsiveness:
    card: Scorecard
    promises: PromiseRecord
    ideas: int  # shown ideas of the wijk's idea rounds (merged ones left out)
    ideas_answered: int

    @property
    def share_ideas_answered(self) -> float | None:
        return share(self.ideas_answered, self.ideas)


def idea_answers(wijk) -> tuple[int, int]:
    """(ideas, answered) of the wijk's idea rounds: published and not merged; hidden ones are never counted."""
    total, answered = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((Idea.state.in_(ANSWERED), 1), else_=0)), 0))
        .join(participation_wijk, participation_wijk.c.participation_id == Idea.participation_id)
        .where(participation_wijk.c.wijk_id == wijk.id, Idea.status == "published", Idea.state != "merged")).one()
    return total, answered


def responsiveness(wijk, now: datetime) -> Responsiveness:
    ideas, answered = idea_answers(wijk)
    return Responsiveness(scorecard(wijk=wijk, now=now), promise_record(None, now, wijk=wijk), ideas, answered)
