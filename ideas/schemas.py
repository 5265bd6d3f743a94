"""The API shapes of ideas (docs/api.md "Ideas"): requests the services validate, answers the serializers build."""
from pydantic import Field

from accounts.schemas import UserBrief
from core.schemas import Choice, Id, Schema, Text, Timestamp, WholeNumber, YesNo
from wijken.schemas import Binary, Photo

from .models import ALT_MAX
from .services import ANSWER_MAX, BODY_MAX, BULK_MAX, LOCATION_MAX, TEMPLATE_TITLE_MAX, TITLE_MAX
from .states import ANSWER_STATES, STATES

Count = Field(ge=0)


class RoundDefinition(Schema):
    """The `definition` of a participation with tool `ideas`."""
    threshold: WholeNumber(1, 1_000_000, description="Supporters an idea needs before the owner must answer it; "
                                                     "default 1 % of the wijken's households, at least 10.") = None
    response_days: WholeNumber(1, 365, description="Days to answer an idea that reached the threshold "
                                                   "(default 28).") = None
    standing: YesNo = False


class IdeaCreate(Schema):
    title: Text(TITLE_MAX, required=True)
    body: Text(BODY_MAX, required=True, multiline=True, description="Markdown.")
    location: Text(LOCATION_MAX, description="Where in the wijk (a street, a square).") = None
    lat: float = Field(None, ge=-90, le=90, description="With `lon`: a point inside the round's wijken (WGS84).")
    lon: float = Field(None, ge=-180, le=180)


class IdeaCreateWithPhoto(IdeaCreate):
    model_config = {"json_schema_extra": {"description": "multipart/form-data: the fields as text, and a photo "
                                                         "(JPEG, PNG, WebP or HEIC, at most 10 MB and 40 megapixels; "
                                                         "encoded again, without EXIF or its location)."}}
    photo: Binary
    alt: Text(ALT_MAX, required=True) = Field(description="What the photo shows (required with a photo).")


class Point(Schema):
    lat: float
    lon: float


class Answer(Schema):
    body_html: str
    answered_at: Timestamp | None


class ResultItemBrief(Schema):
    id: int
    title: str
    status: str
    progress: int = Field(ge=0, le=100)


class Idea(Schema):
    id: int
    participation_id: int
    title: str
    body_html: str
    location: str
    point: Point | None = Field(description="A point inside the round's wijken, or null.")
    photo: Photo | None = Field(description="Served only to who may see the idea.")
    author: UserBrief | None = Field(description="Null where the round does not name people.")
    state: Choice(STATES)
    state_label: str
    status: Choice(("published", "hidden"))
    support_count: int = Count
    threshold: int
    threshold_reached_at: Timestamp | None
    answer_due: Timestamp | None = Field(description="Once the threshold is reached: the owner answers by then.")
    answer_by: Timestamp = Field(description="When the owner must have answered: `answer_due`, else the round's "
                                             "feedback date (a standing round: the response time after submitting).")
    overdue: bool = Field(description="Still waiting for an answer after `answer_by`.")
    answer: Answer | None
    merged_into: int | None
    result_item: ResultItemBrief | None
    supported: bool | None = Field(description="Whether the caller supports it; null without a caller.")
    created_at: Timestamp


class AnswerCounts(Schema):
    """Every idea gets an answer: the round's shown ideas, answered (or merged), waiting, and past their date."""
    ideas: int = Count
    answered: int = Count
    waiting: int = Count
    overdue: int = Count


class IdeaPage(Schema):
    items: list[Idea]
    next: str | None = Field(description="Cursor for `before`, or null on the last page.")
    answers: AnswerCounts | None = Field(None, description="The list of a round: how far its answers are.")


class IdeaAnswer(Schema):
    state: Choice((*ANSWER_STATES, "merged"), required=True)
    body: Text(ANSWER_MAX, multiline=True, description="The answer and its reason (required unless in_review).") \
        = None
    merged_into: Id(required=False, description="With state `merged`: the idea it merges into.") = None


class BulkAnswer(Schema):
    ids: list[int] = Field(min_length=1, max_length=BULK_MAX)
    template: Id(required=False, description="A saved answer: its state and text.") = None
    state: Choice(ANSWER_STATES) = None
    body: Text(ANSWER_MAX, multiline=True) = None


class Answered(Schema):
    answered: int = Count


class AnswerTemplateCreate(Schema):
    title: Text(TEMPLATE_TITLE_MAX, required=True)
    state: Choice(ANSWER_STATES, required=True)
    body: Text(ANSWER_MAX, required=True, multiline=True)


class AnswerTemplate(Schema):
    id: int
    title: str
    state: Choice(ANSWER_STATES)
    body: str


class AnswerTemplateList(Schema):
    items: list[AnswerTemplate]
    next: None = Field(description="Always null: one page.")


class Moderation(Schema):
    action: Choice(("hide", "restore"), required=True)
    reason: Text(1000, required=True, multiline=True)
