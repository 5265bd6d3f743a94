"""The API shapes of spreekuren and debates: the requests the services validate, the answers the serializers
build; they generate their part of the OpenAPI document."""
from pydantic import Field

from accounts.schemas import UserBrief
from audit.services import REASON_MAX
from core.schemas import Choice, Id, Moment, Schema, Text, Timestamp, WholeNumber
from partners.schemas import OrganisationBrief
from wijken.schemas import COMMENT_MAX

from .models import ENTRY_KINDS, STANCES

TITLE_MAX, BODY_MAX, FUNCTION_MAX, CLOSING_MAX = 140, 5_000, 80, 5_000
SLOW_MODE_MAX = 600  # seconds
STATES = ("scheduled", "live", "ended")
LIMITS = {"CONVERSATION_TITLE_MAX": TITLE_MAX, "CONVERSATION_BODY_MAX": BODY_MAX, "FUNCTION_MAX": FUNCTION_MAX,
          "CLOSING_MAX": CLOSING_MAX, "SLOW_MODE_MAX": SLOW_MODE_MAX, "MESSAGE_MAX": COMMENT_MAX}
Count = Field(ge=0)


class SpreekuurCreate(Schema):
    organisation: Text(80, required=True, description="Slug of the organisation holding it.")
    host: Id(description="The user id of the host: a member of the organisation.")
    host_function: Text(FUNCTION_MAX, description="E.g. “wethouder Wonen”, “wijkagent”; without it, the function "
                                                 "title the organisation gave the host.") = None
    title: Text(TITLE_MAX, required=True)
    body: Text(BODY_MAX, multiline=True, description="Markdown: what it is about.") = None
    starts_at: Moment(required=True)
    ends_at: Moment(required=True)
    slow_mode_seconds: WholeNumber(0, SLOW_MODE_MAX, description="Per resident; the host is exempt.") = 30


class DebateCreate(Schema):
    organisation: Text(80, description="Slug of the organisation; none for a residents' debate (where the "
                                       "wijk allows it).") = None
    title: Text(TITLE_MAX, required=True, description="The question.")
    body: Text(BODY_MAX, multiline=True, description="Markdown.") = None
    ends_at: Moment(description="Optional time box: no new arguments after it.") = None


class MessageCreate(Schema):
    body: Text(COMMENT_MAX, required=True, multiline=True)
    parent_id: Id(required=False, description="Reply to this message (the host's reply to a question answers "
                                              "it).") = None
    stance: Choice(STANCES, description="A debate's argument: required, except for replies.") = None


class SessionMuteRequest(Schema):
    user: Id()
    reason: Text(REASON_MAX, required=True, multiline=True)


class SummaryCreate(Schema):
    body: Text(CLOSING_MAX, required=True, multiline=True)


class DebateClose(Schema):
    heard: Text(CLOSING_MAX, required=True, multiline=True, description="What was heard.")
    next_steps: Text(CLOSING_MAX, required=True, multiline=True, description="What happens next.")


class Host(Schema):
    id: int
    display_name: str
    function: str


class Message(Schema):
    """One message: the comment (`id` is its id) with what the conversation knows of it."""
    id: int
    parent_id: int | None
    kind: Choice(ENTRY_KINDS)
    stance: Choice(STANCES) | None
    votes: int = Count
    answered: bool
    voted: bool = Field(description="The caller voted for it.")
    body_html: str
    author: UserBrief
    organisation: OrganisationBrief | None = Field(description="Written for the organisation (its badge).")
    author_function: str | None = Field(description="The writer's function in the organisation, e.g. "
                                                    "“wethouder Wonen” (the host's is the spreekuur's).")
    by_host: bool
    created_at: Timestamp


class Conversation(Schema):
    id: int
    kind: Choice(("spreekuur", "debat"))
    wijk: str
    post_id: int
    organisation: OrganisationBrief | None
    host: Host | None
    title: str
    body_html: str
    starts_at: Timestamp | None
    ends_at: Timestamp | None
    state: Choice(STATES)
    slow_mode_seconds: int = Count
    closing_html: str | None = Field(description="The spreekuur's summary, or the debate's conclusions.")
    next_steps_html: str | None
    closed_at: Timestamp | None
    messages: list[Message] = Field(description="Oldest first, without hidden messages.")


class VoteResult(Schema):
    comment_id: int
    votes: int = Count
    voted: bool


class MuteResult(Schema):
    user: int
    muted: bool
