"""The figures goals are bound to, per wijk, as the roll-up keeps them each day (DailyCount "score", in
ten-thousandths): the share of households following the wijk, questions reacted to within target (the meldingen
scorecard's own figure, last 30 days), participations' promises kept on time, ideas answered. Only wijken of a
municipality with a goal that has not ended are scored; the public goals page reads these rows, never the content."""
from collections import defaultdict
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, true

from core.extensions import db
from meldingen.scorecards import question_figures
from participation.promises import promise_record
from reach.models import EmailSubscription
from wijken.models import Follow, Wijk

from .figures import share
from .models import Goal
from .responsiveness import idea_answers

METRICS = {
    "followers_share": _l("Households following the wijk"),
    "questions_in_time": _l("Questions reacted to within target"),
    "promises_kept": _l("Promises of participations kept on time"),
    "ideas_answered": _l("Ideas answered"),
}
SCALE = 10_000


def _followers(wijk_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for model, condition in ((Follow, true()), (EmailSubscription, EmailSubscription.confirmed_at.is_not(None))):
        for wijk_id, n in db.session.execute(select(model.wijk_id, func.count())
                                             .where(model.wijk_id.in_(wijk_ids), condition).group_by(model.wijk_id)):
            counts[wijk_id] += n
    return counts


def wijk_scores(wijk, followers: int, now: datetime) -> dict[str, float | None]:
    ideas, answered = idea_answers(wijk)
    return {"followers_share": share(followers, wijk.households),
            "questions_in_time": question_figures(wijk=wijk, days=30, now=now).share_in_time,
            "promises_kept": promise_record(None, now, wijk=wijk).share,
            "ideas_answered": share(answered, ideas)}


def score_rows(today: date, now: datetime) -> list[tuple]:
    """(wijk id, today, "score", metric, value) for every wijk of a municipality with a running goal."""
    places = select(Goal.municipality_id).where(Goal.ends_on >= today).distinct()
    wijken = list(db.session.scalars(select(Wijk).where(Wijk.municipality_id.in_(places))))
    followers = _followers([w.id for w in wijken])
    return [(wijk.id, today, "score", metric, round(value * SCALE))
            for wijk in wijken for metric, value in wijk_scores(wijk, followers.get(wijk.id, 0), now).items()
            if value is not None]
