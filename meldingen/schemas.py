"""API shapes of meldingen (CONTRACT.md "Participation, meldingen, webcare"): they document the requests the
services validate and the answers the serializers build, and generate their part of the OpenAPI document."""
from typing import Any

from pydantic import Field

from core.schemas import Choice, Moment, Schema, Text, Timestamp, WholeNumber, YesNo
from partners.schemas import OrganisationBrief
from wijken.models import ALT_MAX
from wijken.schemas import PHOTOS_DOC, Binary

from .services import BODY_MAX, PLACE_MAX, REASON_MAX, TEXT_MAX
from .webcare import BODY_MAX as QUESTION_BODY_MAX
from .webcare import REPLY_MAX
from .webcare import STATES as QUESTION_STATES
from .webcare import TITLE_MAX as QUESTION_TITLE_MAX
from .webhooks import URL_MAX
from .workflow import STATES

Degrees = Field(description="WGS84 degrees.")


class ReportCreate(Schema):
    category: Text(64, required=True, description="Slug of one of the municipality's categories "
                                                  "(GET /wijken/{slug}/report-categories).")
    lat: float = Field(ge=-90, le=90, description="Latitude of the spot; it must lie in the wijk (else 422).")
    lon: float = Field(ge=-180, le=180, description="Longitude of the spot.")
    body: Text(BODY_MAX, required=True, multiline=True, description="What is wrong (Markdown).")
    location: Text(PLACE_MAX, description="Where exactly, in words (e.g. \"bij Grotestraat 12\").") = None
    private: YesNo = Field(False, description="Holds personal data: only the reporter and the handler see it; "
                                              "the feed shows just \"a melding about <category>\".")


class ReportCreateWithPhoto(ReportCreate):
    model_config = {"json_schema_extra": {"description": PHOTOS_DOC + " One photo, on a public melding only."}}

    photos: list[Binary] = Field(None, max_length=1)
    alt: list[Text(ALT_MAX)] = Field(None, max_length=1)


class Category(Schema):
    slug: str
    name: str
    target_days: int = Field(description="Target in working days (weekends and Dutch public holidays excluded).")
    organisation: OrganisationBrief


class CategoryList(Schema):
    items: list[Category]
    next: None = None


class ReportUpdate(Schema):
    from_state: Choice(STATES) | None
    to_state: Choice(STATES)
    text: str
    organisation: OrganisationBrief | None = Field(description="Null for the reporter's own request to reopen.")
    planned_for: str | None = Field(description="ISO date, for `ingepland`.")
    created_at: Timestamp


class Report(Schema):
    id: int
    post_id: int | None
    private: bool
    state: Choice(STATES)
    state_label: str
    open: bool
    planned_for: str | None
    follower_count: int = Field(ge=0, description="The reporter and everyone who follows it (+1).")
    wijk: str
    category: Category
    organisation: OrganisationBrief = Field(description="The handling organisation.")
    lat: float = Degrees
    lon: float = Degrees
    location: str
    body: str
    created_at: Timestamp
    due_at: Timestamp = Field(description="The category's target, in working days from created_at.")
    first_reaction_at: Timestamp | None
    closed_at: Timestamp | None = Field(description="When it was first afgehandeld.")
    satisfied: bool | None = Field(None, description="Reporter and handler only.")
    updates: list[ReportUpdate] = Field(None, description="Reporter and handler only: every status change.")


class ReportList(Schema):
    items: list[Report]
    next: int | None = Field(description="Pass as `before` for the next page.")


class StatusChange(Schema):
    state: Choice(STATES, required=True, description="The new state; only what the transition table allows from "
                                                     "the current one (else 422).")
    text: Text(TEXT_MAX, required=True, multiline=True, description="The handler's text, shown in the thread.")
    planned_for: Moment(description="Required for `ingepland`.") = None
    organisation: Text(64, description="Required for `doorgezet`: slug of the organisation it goes to.") = None


class Satisfaction(Schema):
    satisfied: YesNo = Field(description="\"Tevreden?\" yes or no.")
    reason: Text(REASON_MAX, multiline=True, description="Required with no: asks to reopen the melding.") = None


class Feature(Schema):
    type: str = "Feature"
    id: int
    geometry: dict[str, Any]
    properties: dict[str, Any] = Field(description="category, category_slug, state, state_label, open, planned_for, "
                                                   "follower_count, created_at, url. No text, no reporter.")


class FeatureCollection(Schema):
    """GeoJSON (RFC 7946) of the wijk's open public meldingen."""
    type: str = "FeatureCollection"
    features: list[Feature]


class WebhookSettings(Schema):
    url: Text(URL_MAX, required=True, description="https to a public host (422 otherwise).")


class Webhook(Schema):
    url: str
    secret: str = Field(description="The HMAC-SHA256 key of the `Wijkpagina-Signature` header.")
    active: bool


# --- webcare and scorecards ------------------------------------------------------------------------------------

class QuestionCreate(Schema):
    wijk: Text(64, required=True, description="Slug of a wijk the organisation serves (else 422).")
    title: Text(QUESTION_TITLE_MAX, required=True, description="The question in one line.")
    body: Text(QUESTION_BODY_MAX, required=True, multiline=True, description="The question (Markdown).")
    private: YesNo = Field(False, description="Holds personal data: no post, only the asker and the organisation's "
                                              "staff see it.")


class QuestionReplyCreate(Schema):
    body: Text(REPLY_MAX, required=True, multiline=True, description="The answer, shown as the organisation.")
    holding: YesNo = Field(False, description="A holding reply (\"we zoeken het uit\"): stops the first-reaction "
                                              "clock only; the question stays open.")


class QuestionAssign(Schema):
    assignee: int | None = Field(description="A user id of the organisation's posting staff, or null.")


class QuestionAccept(Schema):
    reply: int = Field(description="The id of one of the organisation's answers (not a holding reply).")


class QuestionReply(Schema):
    id: int
    body: str
    holding: bool
    comment_id: int | None = Field(description="The same reply in the public question's thread.")
    organisation: OrganisationBrief | None
    created_at: Timestamp


class Assignee(Schema):
    id: int
    name: str


class Question(Schema):
    id: int
    post_id: int | None = Field(description="The public question's wijk post; null when private.")
    wijk: str
    organisation: OrganisationBrief
    title: str
    body: str
    private: bool
    state: Choice(QUESTION_STATES)
    open: bool
    created_at: Timestamp
    reaction_due_at: Timestamp = Field(description="The first-reaction target, in the organisation's business hours.")
    answer_due_at: Timestamp = Field(description="The answer target, in working days.")
    first_reaction_at: Timestamp | None
    answered_at: Timestamp | None
    accepted_reply_id: int | None = Field(description="The answer the asker marked \"dit helpt\".")
    report_id: int | None = Field(description="The melding it became.")
    replies: list[QuestionReply]
    assignee: Assignee | None = Field(None, description="The organisation's staff only.")


class QuestionList(Schema):
    items: list[Question]
    next: int | None = Field(description="Pass as `before` for the next page.")


class WebcareSettings(Schema):
    first_reaction_hours: WholeNumber(1, 200, required=True, description="Business hours to a first reaction.")
    answer_days: WholeNumber(1, 60, required=True, description="Working days to an answer.")
    opens: Text(5, required=True, description="Business hours start, HH:MM (Amsterdam).")
    closes: Text(5, required=True, description="Business hours end, HH:MM, after `opens`.")


class QuestionFigures(Schema):
    count: int
    share_reacted_in_time: float | None = Field(description="0-1 of the questions reacted to or past their target.")
    median_hours_to_first_reaction: float | None = Field(description="Business hours.")
    p90_hours_to_first_reaction: float | None
    answered: int
    share_accepted: float | None = Field(description="0-1 of the answered questions marked \"dit helpt\".")


class ReportFigures(Schema):
    count: int
    closed: int
    share_closed_in_time: float | None = Field(description="Null below 5 afgehandelde meldingen.")
    median_days_to_first_reaction: float | None
    p90_days_to_first_reaction: float | None
    median_days_to_closed: float | None
    p90_days_to_closed: float | None
    share_satisfied: float | None = Field(description="0-1 of the reporters who answered \"tevreden?\".")


class ScorecardWindow(Schema):
    days: int
    questions: QuestionFigures
    meldingen: ReportFigures


class Promises(Schema):
    due: int
    kept: int
    share_kept: float | None


class Scorecard(Schema):
    windows: list[ScorecardWindow]
    promises: Promises | None = Field(description="Participations' feedback promises kept on time; organisations "
                                                  "only.")
    responds_fast: bool = Field(description="\"Reageert snel\": 90 % within target over 90 days, from 10 "
                                            "questions.")
