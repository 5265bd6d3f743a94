"""Daily roll-ups of the dashboards, where new followers came from, goals, and marks of the launch checklist.

Nothing here names a person: a roll-up row is a count per wijk, day, metric and key; a referral is a medium and a
wijk. The readers' daily hashes live in Redis for the day only (insights.readers)."""
from datetime import date, datetime

from sqlalchemy import Date, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.timeutil import utcnow
from wijken.models import Municipality

MEDIA = ("flyer", "newspaper", "poster", "link")  # ?src= on links the platform prints or hands out
LAUNCH_MARKS = ("flyer",)  # checklist items the site records when they happen (the rest it reads from the rows)


class DailyCount(db.Model):
    """One figure of one wijk on one day (UTC): `metric` (posts, comments, ...) split by `key` (a kind, who)."""
    __table_args__ = (UniqueConstraint("wijk_id", "day", "metric", "key"),
                      Index("ix_daily_count_read", "wijk_id", "metric", "day"))
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    metric: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64), default="")
    value: Mapped[int]


class RollupMark(db.Model):
    """The last day whose figures are complete: the next roll-up counts only the days after it."""
    id: Mapped[int] = mapped_column(primary_key=True)
    last_day: Mapped[date] = mapped_column(Date)
    rolled_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowReferral(db.Model):
    """A follow that came in after landing through a printed or shared link (`?src=`): the medium only."""
    __table_args__ = (Index("ix_follow_referral_day", "created_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), index=True)
    medium: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LaunchMark(db.Model):
    """A launch checklist item done, recorded when it happened (e.g. the first flyer printed)."""
    __table_args__ = (UniqueConstraint("wijk_id", "item"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Goal(db.Model):
    """A municipality's goal for a period, bound to one metric (insights.scores.METRICS), with a target share."""
    __table_args__ = (Index("ix_goal_municipality", "municipality_id", "ends_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(32))
    target: Mapped[float] = mapped_column(Float)  # 0-1
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship(lazy="joined", innerjoin=True)
