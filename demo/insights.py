"""The demo's insights: the households of the three wijken (CBS, rounded), a few follows that came in through the
flyer's QR code and a poster, the gemeente's goal of 30 % of households following, and the roll-ups counted at
seed time (four weekly runs, so the goals page has a trend). Readers are only counted from real visits (with Redis),
so the demo's readers of the past three weeks are made up, as roll-up rows."""
from datetime import datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from core.transactions import commit
from insights.goals import create_goal
from insights.models import DailyCount, FollowReferral
from insights.rollup import rollup
from wijken.models import Wijk

HOUSEHOLDS = {"WK086700": 21_500, "WK086701": 4_300, "WK086702": 2_900}  # CBS kerncijfers 2023, rounded
REFERRALS = (("WK086700", "flyer", 9), ("WK086700", "flyer", 3), ("WK086700", "poster", 5), ("WK086701", "flyer", 2))
GOAL_OWNER = "admin"
READERS = {"WK086700": 40, "WK086701": 12, "WK086702": 8}  # made-up readers per day


def create_insights(users, now: datetime) -> None:
    wijken = {w.cbs_code: w for w in db.session.scalars(select(Wijk).where(Wijk.cbs_code.in_(HOUSEHOLDS)))}
    for code, households in HOUSEHOLDS.items():
        if code in wijken and wijken[code].households is None:
            wijken[code].households = households
    for code, medium, days_ago in REFERRALS:
        if code in wijken:
            db.session.add(FollowReferral(wijk_id=wijken[code].id, medium=medium,
                                          created_at=now - timedelta(days=days_ago)))
    commit()
    create_goal(users[GOAL_OWNER], {"municipality": "waalwijk", "metric": "followers_share", "target_percent": 30,
                                    "starts_on": (now - timedelta(days=30)).date().isoformat(),
                                    "ends_on": (now + timedelta(days=335)).date().isoformat()})
    for weeks_ago in (3, 2, 1, 0):
        rollup(now - timedelta(weeks=weeks_ago))
    for code, wijk in wijken.items():
        db.session.add_all(DailyCount(wijk_id=wijk.id, day=(now - timedelta(days=d)).date(), metric="readers",
                                      value=READERS[code] + (d * 7) % 11) for d in range(1, 22))
    commit()
