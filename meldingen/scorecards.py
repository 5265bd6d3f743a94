"""Public scorecards: per organisation and per wijk, over the last 30 and 90 days, how fast questions get a first
reaction and an answer, how often the asker says "dit helpt", how fast meldingen get a first reaction and are
afgehandeld, how many within their target and how many reporters were tevreden; for an organisation also the
promises of its participations kept on time. A badge "reageert snel" from 90 % of questions reacted to within
target, with at least 10 questions.

The figures come from the clocks stored when they stopped (Question.reaction_minutes, Report.reaction_minutes,
Report.closed_minutes, the in-time flags), never typed in and never recounted from the history: a fixed number of
queries per card (one aggregate per kind and window, one ORDER BY ... LIMIT 1 OFFSET k per median or p90) on the
(organisation, created_at) and (wijk, created_at) indexes. Only public items count whose post is published: a
private question or melding, or one a moderator hid, is not in any figure.
"""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, case, func, select

from core.extensions import db
from core.timeutil import utcnow
from participation.promises import PromiseRecord, promise_record
from wijken.models import Post

from .models import Question, Report

WINDOWS = (30, 90)
MIN_CLOSED = 5  # % within target is shown from this many afgehandelde meldingen
FAST_SHARE, FAST_MIN_QUESTIONS, FAST_WINDOW = 0.9, 10, 90


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class QuestionFigures:
    count: int  # questions asked in the window
    decided: int  # reacted to, or past their first-reaction target
    reacted_in_time: int
    answered: int
    accepted: int
    median_reaction_minutes: int | None  # business minutes
    p90_reaction_minutes: int | None

    @property
    def share_in_time(self) -> float | None:
        return _share(self.reacted_in_time, self.decided)

    @property
    def share_accepted(self) -> float | None:
        return _share(self.accepted, self.answered)


@dataclass(frozen=True)
class ReportFigures:
    count: int
    closed: int  # afgehandeld
    closed_in_time: int
    satisfied: int
    rated: int  # answered "tevreden?"
    median_reaction_minutes: int | None
    p90_reaction_minutes: int | None
    median_closed_minutes: int | None
    p90_closed_minutes: int | None

    @property
    def share_in_time(self) -> float | None:
        """Only from MIN_CLOSED afgehandelde meldingen (too few say nothing)."""
        return _share(self.closed_in_time, self.closed) if self.closed >= MIN_CLOSED else None

    @property
    def share_satisfied(self) -> float | None:
        return _share(self.satisfied, self.rated)


@dataclass(frozen=True)
class Window:
    days: int
    questions: QuestionFigures
    reports: ReportFigures


@dataclass(frozen=True)
class Scorecard:
    windows: list[Window]
    promises: PromiseRecord | None

    @property
    def fast(self) -> bool:
        """"Reageert snel": 90 % within target over 90 days, from 10 questions."""
        window = next((w for w in self.windows if w.days == FAST_WINDOW), None)
        if window is None:
            return False
        share = window.questions.share_in_time
        return window.questions.count >= FAST_MIN_QUESTIONS and share is not None and share >= FAST_SHARE


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _quantile(base, column, n: int, q: float) -> int | None:
    """The value at quantile q (nearest rank, lower) of `column` over the n rows of `base` where it is set."""
    if n == 0:
        return None
    return db.session.scalar(base.with_only_columns(column).where(column.is_not(None)).order_by(column)
                             .offset(int((n - 1) * q)).limit(1))


def _scope(model, organisation, wijk, since):
    query = select(model).join(Post, Post.id == model.post_id).where(
        model.private.is_(False), Post.status == "published", model.created_at >= since)
    if organisation is not None:
        query = query.where(model.organisation_id == organisation.id)
    if wijk is not None:
        query = query.where(model.wijk_id == wijk.id)
    return query


def question_figures(organisation=None, wijk=None, days: int = 30, now=None) -> QuestionFigures:
    now = now or utcnow()
    base = _scope(Question, organisation, wijk, now - timedelta(days=days))
    reacted = Question.first_reaction_at.is_not(None)
    count, decided, in_time, n_reacted, answered, accepted = db.session.execute(base.with_only_columns(
        func.count(), _sum(reacted | (Question.reaction_due_at < now)), _sum(Question.reaction_in_time.is_(True)),
        _sum(reacted), _sum(Question.answered_at.is_not(None)), _sum(Question.accepted_at.is_not(None)))).one()
    return QuestionFigures(count, decided, in_time, answered, accepted,
                           _quantile(base, Question.reaction_minutes, n_reacted, 0.5),
                           _quantile(base, Question.reaction_minutes, n_reacted, 0.9))


def report_figures(organisation=None, wijk=None, days: int = 30, now=None) -> ReportFigures:
    now = now or utcnow()
    base = _scope(Report, organisation, wijk, now - timedelta(days=days))
    closed = Report.closed_at.is_not(None)
    count, n_closed, in_time, n_reacted, satisfied, rated = db.session.execute(base.with_only_columns(
        func.count(), _sum(closed), _sum(and_(closed, Report.within_target.is_(True))),
        _sum(Report.reaction_minutes.is_not(None)), _sum(Report.satisfied.is_(True)),
        _sum(Report.satisfied.is_not(None)))).one()
    return ReportFigures(count, n_closed, in_time, satisfied, rated,
                         _quantile(base, Report.reaction_minutes, n_reacted, 0.5),
                         _quantile(base, Report.reaction_minutes, n_reacted, 0.9),
                         _quantile(base, Report.closed_minutes, n_closed, 0.5),
                         _quantile(base, Report.closed_minutes, n_closed, 0.9))


def scorecard(organisation=None, wijk=None, now=None, windows=None) -> Scorecard:
    """The card of an organisation (everywhere, or in one wijk) or of a wijk (every organisation in it)."""
    now = now or utcnow()
    windows = [Window(days, question_figures(organisation, wijk, days, now),
                      report_figures(organisation, wijk, days, now)) for days in windows or WINDOWS]
    return Scorecard(windows, promise_record(organisation, now) if organisation is not None else None)


def as_hours(minutes: int | None) -> float | None:
    return None if minutes is None else round(minutes / 60, 1)


def as_days(minutes: int | None) -> float | None:
    return None if minutes is None else round(minutes / 1440, 1)


def scorecard_json(card: Scorecard) -> dict:
    def questions(f: QuestionFigures) -> dict:
        return {"count": f.count, "share_reacted_in_time": f.share_in_time,
                "median_hours_to_first_reaction": as_hours(f.median_reaction_minutes),
                "p90_hours_to_first_reaction": as_hours(f.p90_reaction_minutes), "answered": f.answered,
                "share_accepted": f.share_accepted}

    def reports(f: ReportFigures) -> dict:
        return {"count": f.count, "closed": f.closed, "share_closed_in_time": f.share_in_time,
                "median_days_to_first_reaction": as_days(f.median_reaction_minutes),
                "p90_days_to_first_reaction": as_days(f.p90_reaction_minutes),
                "median_days_to_closed": as_days(f.median_closed_minutes),
                "p90_days_to_closed": as_days(f.p90_closed_minutes), "share_satisfied": f.share_satisfied}

    promises = card.promises
    return {"windows": [{"days": w.days, "questions": questions(w.questions), "meldingen": reports(w.reports)}
                        for w in card.windows],
            "promises": None if promises is None else {"due": promises.due, "kept": promises.kept,
                                                       "share_kept": promises.share},
            "responds_fast": card.fast}
