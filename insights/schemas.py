"""API shapes of the insights: a wijk's dashboard (weekly series and single figures)."""
from pydantic import Field

from core.schemas import Choice, Moment, Schema, Text, WholeNumber
from meldingen.schemas import Scorecard

from .scores import METRICS

Share = Field(description="0-1, or null when the base is zero or unknown.")


class WeeklySeries(Schema):
    label: str
    values: list[float] = Field(description="One value per week, oldest first (see `weeks`).")


class Chart(Schema):
    id: str
    title: str
    series: list[WeeklySeries]


class FollowLevel(Schema):
    label: str
    count: int
    share_of_households: float | None = Share


class Reach(Schema):
    households: int | None
    follows: list[FollowLevel] = Field(description="Per follow level, e-mail only, and all followers, now.")
    charts: list[Chart]


class Conversation(Schema):
    resident_posts: int
    partner_replied: int = Field(description="Residents' posts whose first partner comment came in the period.")
    share_partner_replied: float | None = Share
    median_hours_to_partner_reply: int | None
    charts: list[Chart]


class ParticipationFigures(Schema):
    id: int
    title: str
    tool: str
    participants: int
    share_of_households: float | None = Share
    origins: dict[str, int] = Field(description="Participants per origin: online, paper, booth, phone.")


class Responsiveness(Schema):
    scorecard: Scorecard = Field(description="The wijk's public scorecard, as GET /wijken/{slug}/scorecard has it.")
    promises_due: int
    promises_kept: int
    share_promises_kept: float | None = Share
    ideas: int
    ideas_answered: int
    share_ideas_answered: float | None = Share


class Dashboard(Schema):
    wijk: str = Field(description="The wijk's slug.")
    weeks: list[str] = Field(description="The Mondays (ISO dates) the series' values belong to.")
    reach: Reach
    conversation: Conversation
    participation: list[ParticipationFigures] = Field(description="As of the last roll-up, newest first.")
    responsiveness: Responsiveness


class GoalCreate(Schema):
    municipality: Text(80, required=True, description="The slug of a municipality with wijken.")
    metric: Choice(tuple(METRICS), required=True, description="What the goal measures.")
    target_percent: WholeNumber(1, 100, required=True, description="The target, in whole percents.")
    starts_on: Moment(required=True, description="The period's first day.")
    ends_on: Moment(required=True, description="The period's last day, not before `starts_on`.")


class WijkProgress(Schema):
    wijk: str = Field(description="The wijk's slug.")
    name: str
    actual: float | None = Field(description="0-1 as of the last nightly count, or null when unknown.")
    trend: list[float | None] = Field(description="The last figure of each of the last 12 weeks, oldest first.")


class Goal(Schema):
    id: int
    municipality: str = Field(description="The municipality's slug.")
    municipality_name: str
    metric: str
    label: str
    target: float = Field(description="0-1.")
    starts_on: str
    ends_on: str
    wijken: list[WijkProgress]


class GoalList(Schema):
    items: list[Goal]
