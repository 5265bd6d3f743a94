"""The daily roll-up: counts per wijk, day (UTC) and metric into DailyCount, incrementally.

Only the days after the last complete one (RollupMark) are counted: each metric is one GROUP BY over the rows
created since then, so a nightly run reads one day of posts, not all of them. Today is counted again on every run
(its rows are replaced), so the CLI or the job may run as often as wanted. State (followers, participants, the
goal metrics) is snapshot for today as it stands, and for earlier days of the range from creation dates.

Counted: published posts, comments and reactions on published posts only; never a private melding's post nor
anything hidden or removed. Readers come from the day's hash sets, which are deleted once counted
(insights.readers).
"""
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import and_, delete, exists, func, insert, literal, or_, select

from core.extensions import db
from core.timeutil import utcnow
from core.transactions import commit
from meldingen.models import Report
from participation.models import Participation, participation_wijk
from reach.models import EmailSubscription
from wijken.models import Comment, Follow, Post, Reaction, Wijk

from . import readers
from .models import DailyCount, FollowReferral, RollupMark
from .participants import origin_counts
from .scores import score_rows

BACKFILL_DAYS = 400  # the first roll-up counts this far back
SNAPSHOT_DAYS = 56  # followers per day are reconstructed this far back on a first roll-up
RESIDENTS = "r"  # the `who` of a post or comment not written as an organisation
REPLY_HOURS_CAP = 720
# Metrics that are a snapshot of the state when counted (not of the rows of their day): a later run replaces only
# today's, so every day keeps the snapshot of its last roll-up.
SNAPSHOTS = ("participants", "score")


def as_day(value) -> date:
    """SQL's date() of a timestamp: a date on PostgreSQL, text on SQLite."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _who(organisation_id) -> str:
    return RESIDENTS if organisation_id is None else str(organisation_id)


def public_post():
    """A published post that is not the placeholder of a private melding."""
    return and_(Post.status == "published",
                ~exists().where(Report.post_id == Post.id, Report.private.is_(True)))


def _posts(since: datetime) -> list[tuple]:
    rows = db.session.execute(
        select(Post.wijk_id, func.date(Post.created_at), Post.kind, Post.organisation_id, func.count())
        .where(public_post(), Post.created_at >= since)
        .group_by(Post.wijk_id, func.date(Post.created_at), Post.kind, Post.organisation_id))
    return [(w, as_day(d), "posts", f"{kind}:{_who(org)}", n) for w, d, kind, org, n in rows]


def _comments(since: datetime) -> list[tuple]:
    rows = db.session.execute(
        select(Post.wijk_id, func.date(Comment.created_at), Comment.organisation_id, func.count())
        .join(Post, Post.id == Comment.post_id)
        .where(Comment.status == "published", public_post(), Comment.created_at >= since)
        .group_by(Post.wijk_id, func.date(Comment.created_at), Comment.organisation_id))
    return [(w, as_day(d), "comments", _who(org), n) for w, d, org, n in rows]


def _reactions(since: datetime) -> list[tuple]:
    rows = db.session.execute(
        select(Post.wijk_id, func.date(Reaction.created_at), Reaction.kind, func.count())
        .join(Post, Post.id == Reaction.post_id)
        .where(public_post(), Reaction.created_at >= since)
        .group_by(Post.wijk_id, func.date(Reaction.created_at), Reaction.kind))
    return [(w, as_day(d), "reactions", kind, n) for w, d, kind, n in rows]


def _partner_replies(since: datetime) -> list[tuple]:
    """Residents' posts whose first partner comment came in the range: counted on that day, with the whole hours
    it took (capped), so the dashboard has the share answered and the median time without reading posts."""
    first = (select(Comment.post_id, func.min(Comment.created_at).label("at"))
             .where(Comment.organisation_id.is_not(None), Comment.status == "published")
             .group_by(Comment.post_id).subquery())
    rows = db.session.execute(
        select(Post.wijk_id, Post.created_at, first.c.at).join(first, first.c.post_id == Post.id)
        .where(public_post(), Post.organisation_id.is_(None), first.c.at >= since))
    counts: dict[tuple, int] = defaultdict(int)
    for wijk_id, created, replied in rows:
        hours = min(int((replied - created).total_seconds() // 3600), REPLY_HOURS_CAP)
        counts[(wijk_id, replied.date(), "partner_reply_hours", str(hours))] += 1
    return [(*key, n) for key, n in counts.items()]


def _referrals(since: datetime) -> list[tuple]:
    rows = db.session.execute(
        select(FollowReferral.wijk_id, func.date(FollowReferral.created_at), FollowReferral.medium, func.count())
        .where(FollowReferral.created_at >= since)
        .group_by(FollowReferral.wijk_id, func.date(FollowReferral.created_at), FollowReferral.medium))
    return [(w, as_day(d), "follow_sources", medium, n) for w, d, medium, n in rows]


def _cumulative(metric: str, base_rows, daily_rows, days: list[date]) -> list[tuple]:
    """A count per day from the count before the first day plus the new ones of each day."""
    totals: dict[tuple, int] = defaultdict(int)
    for wijk_id, key, n in base_rows:
        totals[(wijk_id, key)] += n
    new: dict[tuple, int] = defaultdict(int)
    for wijk_id, day, key, n in daily_rows:
        new[(wijk_id, key, as_day(day))] += n
    keys = set(totals) | {(w, k) for w, k, _d in new}
    out = []
    for day in days:
        for wijk_id, key in keys:
            totals[(wijk_id, key)] += new.get((wijk_id, key, day), 0)
            if totals[(wijk_id, key)]:
                out.append((wijk_id, day, metric, key, totals[(wijk_id, key)]))
    return out


def _followers(days: list[date]) -> list[tuple]:
    """Today's followers (per level) and confirmed e-mail followers, for each day of the range by when they came."""
    first = datetime.combine(days[0], time())
    day = func.date(Follow.created_at)
    follows = _cumulative(
        "followers",
        db.session.execute(select(Follow.wijk_id, Follow.level, func.count()).where(Follow.created_at < first)
                           .group_by(Follow.wijk_id, Follow.level)),
        db.session.execute(select(Follow.wijk_id, day, Follow.level, func.count()).where(Follow.created_at >= first)
                           .group_by(Follow.wijk_id, day, Follow.level)), days)
    confirmed = EmailSubscription.confirmed_at
    mail = _cumulative(
        "email_followers",
        db.session.execute(select(EmailSubscription.wijk_id, literal(""), func.count()).where(confirmed < first)
                           .group_by(EmailSubscription.wijk_id)),
        db.session.execute(select(EmailSubscription.wijk_id, func.date(confirmed), literal(""), func.count())
                           .where(confirmed >= first).group_by(EmailSubscription.wijk_id, func.date(confirmed))),
        days)
    return follows + mail


def _participants(today: date) -> list[tuple]:
    """Today's participants of every published participation, per wijk it belongs to and per origin."""
    rows = db.session.execute(select(participation_wijk.c.wijk_id, Participation.id)
                              .join(Participation, Participation.id == participation_wijk.c.participation_id)
                              .where(Participation.status != "draft")).all()
    counts = origin_counts([pid for _w, pid in rows])
    return [(wijk_id, today, "participants", f"{pid}:{origin}", n)
            for wijk_id, pid in rows for origin, n in counts.get(pid, {}).items() if n]


def _readers(start: date, today: date) -> list[tuple]:
    counted = {day: readers.readers_on(current_app, day) for day in (today - timedelta(days=1), today) if day >= start}
    slugs = {slug for per_day in counted.values() for slug in per_day}
    ids = dict(db.session.execute(select(Wijk.slug, Wijk.id).where(Wijk.slug.in_(slugs))).all()) if slugs else {}
    return [(ids[slug], day, "readers", "", n) for day, per_day in counted.items()
            for slug, n in per_day.items() if slug in ids]


def rollup(now: datetime | None = None) -> int:
    """Count every day since the last complete one, up to now; returns the rows written."""
    now = now or utcnow()
    today = now.date()
    mark = db.session.scalar(select(RollupMark).order_by(RollupMark.id).limit(1).with_for_update())
    start = min(mark.last_day + timedelta(days=1), today) if mark else today - timedelta(days=BACKFILL_DAYS)
    since = datetime.combine(start, time())
    days = [start + timedelta(days=i) for i in range((today - start).days + 1)]
    db.session.execute(delete(DailyCount).where(DailyCount.day >= start, or_(
        DailyCount.metric.not_in(SNAPSHOTS), DailyCount.day == today)))
    rows = (_posts(since) + _comments(since) + _reactions(since) + _partner_replies(since) + _referrals(since)
            + _followers(days[-SNAPSHOT_DAYS:]) + _participants(today) + _readers(start, today)
            + score_rows(today, now))
    if rows:
        db.session.execute(insert(DailyCount), [
            {"wijk_id": w, "day": d, "metric": m, "key": k, "value": v} for w, d, m, k, v in rows])
    if mark is None:
        mark = RollupMark(last_day=today - timedelta(days=1))
        db.session.add(mark)
    mark.last_day, mark.rolled_at = today - timedelta(days=1), now
    commit()
    readers.purge(current_app, today)
    return len(rows)
