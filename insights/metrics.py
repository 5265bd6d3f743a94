"""The dashboards' figures, read from the daily roll-up (DailyCount) in one query per wijk and window, never from
the posts, comments and reactions themselves: a wijk with a million comments reads as fast as a quiet one."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from participation.levels import ORIGINS
from participation.models import Participation
from participation.tools import TOOLS
from partners.models import Organisation
from wijken.kinds import FOLLOW_LEVELS, KINDS, REACTION_KINDS

from .figures import share
from .models import MEDIA, DailyCount
from .rollup import RESIDENTS

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12

LEVEL_LABELS = {"all": _l("Every post by e-mail"), "important": _l("Important posts by e-mail"),
                "digest": _l("A summary by e-mail"), "none": _l("No e-mail")}
MEDIUM_LABELS = {"flyer": _l("Flyer (QR code)"), "newspaper": _l("Local paper"), "poster": _l("Poster"),
                 "link": _l("Link")}
REACTION_LABELS = {"like": _l("Like"), "thanks": _l("Thanks"), "useful": _l("Useful")}


def week_starts(weeks: int, today: date) -> list[date]:
    """The Mondays of the last `weeks` weeks, oldest first, this week last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


@dataclass
class Series:
    label: str
    values: list[float]

    @property
    def total(self) -> float:
        return sum(self.values)


@dataclass
class Reach:
    households: int | None
    followers: dict[str, int]  # per level, now
    email_followers: int
    followers_trend: list[int]  # followers (app and e-mail) at the end of each week
    readers: list[int]  # distinct readers per day, summed per week
    sources: dict[str, list[int]]  # new followers per medium and week

    @property
    def total(self) -> int:
        return sum(self.followers.values()) + self.email_followers

    def share_of_households(self, n: int) -> float | None:
        return share(n, self.households)


@dataclass
class Conversation:
    posts_by_kind: list[Series]
    posts_by_who: list[Series]
    comments_by_who: list[Series]
    reactions_by_kind: list[Series]
    resident_posts: int
    partner_replied: int
    median_reply_hours: int | None

    @property
    def share_replied(self) -> float | None:
        return share(self.partner_replied, self.resident_posts)


@dataclass
class Dashboard:
    wijk: object
    weeks: list[date]
    reach: Reach
    conversation: Conversation
    participants: dict[int, dict[str, int]] = field(default_factory=dict)  # participation id: origin: n


@dataclass
class ParticipationRow:
    id: int
    title: str
    tool: str  # its label
    status: str
    origins: dict[str, int]
    households: int | None

    @property
    def total(self) -> int:
        return sum(self.origins.values())

    @property
    def share_of_households(self) -> float | None:
        return share(self.total, self.households)


def participation_rows(dash: "Dashboard") -> list[ParticipationRow]:
    """The wijk's participations in the latest roll-up, newest first (one query for their titles)."""
    if not dash.participants:
        return []
    rows = db.session.execute(select(Participation.id, Participation.title, Participation.tool, Participation.status)
                              .where(Participation.id.in_(dash.participants)).order_by(Participation.id.desc()))
    return [ParticipationRow(pid, title, str(TOOLS[tool].label) if tool in TOOLS else tool, status,
                             {o: dash.participants[pid].get(o, 0) for o in ORIGINS}, dash.wijk.households)
            for pid, title, tool, status in rows]


def read_rows(wijk, since: date, until: date) -> list[tuple]:
    """The wijk's counts from `since` to `until` (rows dated later, from a clock ahead, are not this window's)."""
    return db.session.execute(select(DailyCount.day, DailyCount.metric, DailyCount.key, DailyCount.value)
                              .where(DailyCount.wijk_id == wijk.id, DailyCount.day >= since,
                                     DailyCount.day <= until)).all()


def _week_index(weeks: list[date]):
    def index(day: date) -> int:
        return (day - weeks[0]).days // 7
    return index


def _weekly(rows, weeks, key_of) -> dict[str, list[int]]:
    """Flow rows summed per week under key_of(key) (None: left out)."""
    index, out = _week_index(weeks), defaultdict(lambda: [0] * len(weeks))
    for day, key, value in rows:
        name = key_of(key)
        if name is not None:
            out[name][index(day)] += value
    return out


def _latest(rows) -> tuple[dict[str, int], dict[date, int]]:
    """A snapshot metric: its values on its latest day, and its total per day."""
    per_day: dict[date, dict[str, int]] = defaultdict(dict)
    for day, key, value in rows:
        per_day[day][key] = value
    last = max(per_day, default=None)
    return (per_day[last] if last else {}), {day: sum(v.values()) for day, v in per_day.items()}


def _end_of_week(totals: dict[date, int], weeks: list[date]) -> list[int]:
    out, last = [], 0
    days = sorted(totals)
    for monday in weeks:
        end = monday + timedelta(days=6)
        seen = [d for d in days if d <= end]
        last = totals[seen[-1]] if seen else last
        out.append(last)
    return out


def _median_hours(hours: dict[str, int]) -> int | None:
    """The median of a histogram {hours: count} (lower middle)."""
    n = sum(hours.values())
    if not n:
        return None
    rank, seen = (n - 1) // 2, 0
    for value in sorted(hours, key=int):
        seen += hours[value]
        if seen > rank:
            return int(value)
    return None


def _series(weekly: dict[str, list[int]], labels: dict) -> list[Series]:
    return [Series(str(labels.get(key, key)), values) for key, values in sorted(
        weekly.items(), key=lambda kv: -sum(kv[1]))]


def _organisation_names(ids: set[str]) -> dict[str, str]:
    wanted = [int(i) for i in ids if i != RESIDENTS]
    names = dict(db.session.execute(select(Organisation.id, Organisation.name)
                                    .where(Organisation.id.in_(wanted))).all()) if wanted else {}
    return {str(i): name for i, name in names.items()} | {RESIDENTS: str(_l("Residents"))}


def dashboard(wijk, weeks: int = DEFAULT_WEEKS, today: date | None = None) -> Dashboard:
    """Reach, conversation and participants of a wijk over the last `weeks` weeks: two queries."""
    today = today or utcnow().date()
    starts = week_starts(weeks, today)
    by_metric: dict[str, list] = defaultdict(list)
    for day, metric, key, value in read_rows(wijk, starts[0], today):
        by_metric[metric].append((day, key, value))
    followers, follower_totals = _latest(by_metric["followers"])
    email, email_totals = _latest(by_metric["email_followers"])
    totals = defaultdict(int)
    for per_day in (follower_totals, email_totals):
        for day, n in per_day.items():
            totals[day] += n
    reach = Reach(
        households=wijk.households, followers={level: followers.get(level, 0) for level in FOLLOW_LEVELS},
        email_followers=sum(email.values()), followers_trend=_end_of_week(totals, starts),
        readers=_weekly(by_metric["readers"], starts, lambda k: "")[""],
        sources={m: _weekly(by_metric["follow_sources"], starts, lambda k: k)[m] for m in MEDIA})
    posts_by_kind = _weekly(by_metric["posts"], starts, lambda k: k.split(":")[0])
    posts_by_who = _weekly(by_metric["posts"], starts, lambda k: k.split(":")[1])
    comments_by_who = _weekly(by_metric["comments"], starts, lambda k: k)
    names = _organisation_names(set(posts_by_who) | set(comments_by_who))
    hours: dict[str, int] = defaultdict(int)
    for _day, key, value in by_metric["partner_reply_hours"]:
        hours[key] += value
    conversation = Conversation(
        posts_by_kind=_series(posts_by_kind, {k: v.label for k, v in KINDS.items()}),
        posts_by_who=_series(posts_by_who, names), comments_by_who=_series(comments_by_who, names),
        reactions_by_kind=_series(_weekly(by_metric["reactions"], starts, lambda k: k),
                                  {k: REACTION_LABELS.get(k, k) for k in REACTION_KINDS}),
        resident_posts=sum(posts_by_who.get(RESIDENTS, [])), partner_replied=sum(hours.values()),
        median_reply_hours=_median_hours(hours))
    participants, _totals = _latest(by_metric["participants"])
    per_participation: dict[int, dict[str, int]] = defaultdict(dict)
    for key, n in participants.items():
        pid, origin = key.split(":")
        per_participation[int(pid)][origin] = n
    return Dashboard(wijk, starts, reach, conversation, dict(per_participation))
