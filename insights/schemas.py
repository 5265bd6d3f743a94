"""API shapes of the insights: a wijk's dashboard (weekly series and single figures)."""
from pydantic import Field

from core.schemas import Schema

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


class Dashboard(Schema):
    wijk: str = Field(description="The wijk's slug.")
    weeks: list[str] = Field(description="The Mondays (ISO dates) the series' values belong to.")
    reach: Reach
    conversation: Conversation
