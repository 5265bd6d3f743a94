"""Goals per municipality and period, each bound to one metric (insights.scores.METRICS), and the public goals page:
per wijk the target, the latest figure and its trend, all read from the roll-up's daily scores.

Goals belong to a Municipality (wijken.models) and cover all of its wijken."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from audit.services import audit, audit_actions
from core.errors import require
from core.extensions import db
from core.schemas import Input
from core.timeutil import to_local
from core.transactions import commit
from wijken.models import Municipality, Wijk

from . import schemas
from .metrics import week_starts
from .models import DailyCount, Goal
from .permissions import can_set_goals
from .scores import METRICS, SCALE

TREND_WEEKS = 12
SHOWN_GOALS = 50

audit_actions(goal_set=_l("goal set"))


@dataclass(frozen=True)
class Progress:
    wijk: object
    actual: float | None  # 0-1, as of the last roll-up
    trend: list[float | None]  # per week, oldest first

    def met(self, target: float) -> bool | None:
        return None if self.actual is None else self.actual >= target


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    label: str
    wijken: list[Progress]


def municipalities() -> list[Municipality]:
    """Municipalities with wijken, by name."""
    return list(db.session.scalars(select(Municipality).where(
        Municipality.id.in_(select(Wijk.municipality_id))).order_by(Municipality.name)))


def create_goal(actor, data) -> Goal:
    """A site admin sets a goal: a municipality with wijken, a metric, a target in whole percents, a period."""
    require(can_set_goals(actor), _("Only site admins set goals."))
    fields = Input(schemas.GoalCreate, data)
    municipality, metric = fields["municipality"], fields["metric"]
    target, starts, ends = fields["target_percent"], fields["starts_on"], fields["ends_on"]
    place = next((m for m in municipalities() if m.slug == municipality), None) if municipality else None
    if municipality and place is None:
        fields.error("municipality", _("No wijken in this municipality."))
    if starts and ends and ends < starts:
        fields.error("ends_on", _("The end comes after the start."))
    fields.check()
    goal = Goal(municipality_id=place.id, metric=metric, target=target / 100, starts_on=to_local(starts).date(),
                ends_on=to_local(ends).date(), created_by_id=actor.id)
    db.session.add(goal)
    db.session.flush()
    audit(actor, "goal_set", "goal", goal.id, f"{place.name}: {metric} {target} %", municipality=place.slug,
          metric=metric, target_percent=target)
    commit()
    return goal


def _weekly(points: dict[date, float], weeks: list[date]) -> list[float | None]:
    """The last score of each week (None for a week without one)."""
    out = []
    for monday in weeks:
        inside = [d for d in points if monday <= d < monday + timedelta(days=7)]
        out.append(points[max(inside)] if inside else None)
    return out


def goals_progress(today: date) -> list[GoalProgress]:
    """Goals that have not ended (and those ended within a year), with every wijk of their municipality: three
    queries, whatever the number of goals and wijken."""
    goals = list(db.session.scalars(select(Goal).where(Goal.ends_on >= today - timedelta(days=365))
                                    .join(Municipality, Municipality.id == Goal.municipality_id)
                                    .order_by(Municipality.name, Goal.ends_on.desc(), Goal.id).limit(SHOWN_GOALS)))
    if not goals:
        return []
    wijken = list(db.session.scalars(select(Wijk).where(Wijk.municipality_id.in_({g.municipality_id for g in goals}))
                                     .order_by(Wijk.name)))
    weeks = week_starts(TREND_WEEKS, today)
    scores: dict[tuple[int, str], dict[date, float]] = defaultdict(dict)
    if wijken:
        for wijk_id, day, metric, value in db.session.execute(
                select(DailyCount.wijk_id, DailyCount.day, DailyCount.key, DailyCount.value)
                .where(DailyCount.metric == "score", DailyCount.wijk_id.in_([w.id for w in wijken]),
                       DailyCount.day >= weeks[0])):
            scores[(wijk_id, metric)][day] = value / SCALE
    out = []
    for goal in goals:
        progress = []
        for wijk in (w for w in wijken if w.municipality_id == goal.municipality_id):
            points = scores.get((wijk.id, goal.metric), {})
            progress.append(Progress(wijk, points[max(points)] if points else None, _weekly(points, weeks)))
        out.append(GoalProgress(goal, str(METRICS.get(goal.metric, goal.metric)), progress))
    return out
