"""Every idea gets an answer, by a date: the answer date of an idea and the SQL condition for ideas past it."""
from datetime import timedelta

from sqlalchemy import and_, false, or_

from core.timeutil import utcnow
from participation.models import Participation

from .models import Idea
from .states import WAITING


def answer_by(idea: Idea):
    """When the owner must have answered this idea: within the response time once it reached the threshold;
    otherwise by the round's feedback date (a standing round: within the response time of its submission).
    No idea is left without a date, so none silently expires."""
    round_ = idea.participation.idea_round
    if idea.answer_due is not None:
        return idea.answer_due
    if round_.standing:
        return idea.created_at + timedelta(days=round_.response_days)
    return idea.participation.feedback_due


def is_overdue(idea: Idea, now=None) -> bool:
    return idea.state in WAITING and idea.status == "published" and answer_by(idea) < (now or utcnow())


def overdue_condition(participation: Participation, now):
    """The SQL condition for the round's shown ideas past their answer date (answer_by, in SQL)."""
    round_ = participation.idea_round
    if round_.standing:
        unreached = Idea.created_at < now - timedelta(days=round_.response_days)
    else:
        unreached = false() if participation.feedback_due >= now else Idea.answer_due.is_(None)
    return and_(Idea.state.in_(WAITING), or_(Idea.answer_due < now, and_(Idea.answer_due.is_(None), unreached)))
