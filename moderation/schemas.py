"""API shapes of moderation: flags, the review queue, moderation actions, a wijk's moderation settings and the
audit log. The limits here are the only ones: services, templates and the flag column take them from here."""
from typing import Annotated, Any

from pydantic import Field, PlainValidator, WithJsonSchema

from accounts.schemas import UserBrief
from audit.services import ACTIONS as AUDIT_ACTIONS
from audit.services import REASON_MAX
from core.schemas import Choice, Id, Schema, Text, Timestamp, WholeNumber, YesNo
from core.validation import clean_moment
from wijken.models import POST_STATUSES
from wijken.schemas import WIJK_SLUG_MAX, Comment, Post

from .models import FLAG_REASONS, FLAG_STATUSES, FLAG_TEXT_MAX

PREMODERATION_POSTS_MAX = 20
FLAG_THRESHOLD_MAX = 50
ITEM_ACTIONS = ("hide", "restore", "remove", "dismiss", "approve", "pin", "unpin")
USER_ACTIONS = ("mute", "unmute", "purge")
ACTIONS = ITEM_ACTIONS + USER_ACTIONS
MUTE_DURATIONS = ("1d", "1w", "1m")
ITEM_TARGETS = ("post", "comment")
# The tools' content that may be flagged into the same queue (registered in moderation.targets); listed here so
# the API document does not depend on which areas were imported.
CONTENT_TARGETS = ("idea", "statement")
CONTENT_ACTIONS = ("hide", "restore", "dismiss")
FLAG_TARGETS = (*ITEM_TARGETS, *CONTENT_TARGETS)
TARGETS = (*FLAG_TARGETS, "user")
LIMITS = {"FLAG_TEXT_MAX": FLAG_TEXT_MAX, "REASON_MAX": REASON_MAX, "PREMODERATION_POSTS_MAX": PREMODERATION_POSTS_MAX,
          "FLAG_THRESHOLD_MAX": FLAG_THRESHOLD_MAX}
"""For forms and templates (Jinja globals)."""


def _duration_or_moment(value):
    """A mute's `until`: one of MUTE_DURATIONS as given, or a moment (naive UTC)."""
    return value if value in MUTE_DURATIONS else clean_moment(value)


Until = Annotated[Any, PlainValidator(_duration_or_moment), WithJsonSchema({
    "anyOf": [{"type": "string", "enum": list(MUTE_DURATIONS)},
              {"type": "string", "format": "date-time", "description": "In the future."}]})]


def _when(name: str, condition: dict, then: dict) -> dict:
    return {"if": {"type": "object", "properties": {name: condition}, "required": [name]}, "then": then}


# --- flags ------------------------------------------------------------------------------------------------

class Flag(Schema):
    id: int
    target: Choice(FLAG_TARGETS)
    target_id: int
    reason: Choice(FLAG_REASONS)
    text: str | None
    status: Choice(FLAG_STATUSES)
    created_at: Timestamp
    by: UserBrief


class FlagCreate(Schema):
    model_config = {"json_schema_extra": _when("reason", {"const": "anders"}, {
        "required": ["text"], "properties": {"text": {"type": "string", "minLength": 1}}})}

    target: Choice(FLAG_TARGETS, required=True, description="An idea or stelling: one shown to everyone.")
    id: Id()
    reason: Choice(FLAG_REASONS, required=True)
    text: Text(FLAG_TEXT_MAX, multiline=True, description="Required when the reason is `anders`.") = None


# --- the review queue -------------------------------------------------------------------------------------

class QueuePost(Schema):
    """The post itself, or the post a comment is under."""
    id: int
    title: str
    status: Choice(POST_STATUSES)


class AuthorHistory(Schema):
    """The author's posts and comments in this wijk."""
    posts: dict[str, Annotated[int, Field(ge=0)]] = Field(description="Count per status.")
    comments: dict[str, Annotated[int, Field(ge=0)]] = Field(description="Count per status.")


class QueueContent(Schema):
    """An idea or stelling in the queue."""
    id: int
    title: str
    body_html: str
    author: UserBrief | None
    created_at: Timestamp
    url: str = Field(description="Its page (a path).")


class QueueItem(Schema):
    target: Choice(FLAG_TARGETS)
    id: int
    wijk: str = Field(description="The wijk's slug.")
    status: Choice(POST_STATUSES, description="An idea or stelling: published or hidden.")
    waiting_since: Timestamp = Field(description="The oldest open flag, or else when the item was written.")
    item: Post | Comment | QueueContent = Field(description="The post or comment in full, also when hidden or "
                                                             "pending; an idea or stelling in brief.")
    post: QueuePost = Field(description="The post of a comment, or of the participation of an idea or stelling.")
    open_flags: int = Field(ge=0)
    flags: list[Flag] = Field(description="All flags, oldest first.")
    author_history: AuthorHistory


class QueuePage(Schema):
    items: list[QueueItem]
    next: None = Field(description="Always null: the oldest 50 items.")


# --- actions ----------------------------------------------------------------------------------------------

class ModerationAction(Schema):
    model_config = {"json_schema_extra": {
        "description": f"{', '.join(ITEM_ACTIONS)} act on a post or comment (pin and unpin on posts only), "
                       f"{', '.join(CONTENT_ACTIONS)} also on an idea or stelling; "
                       f"{', '.join(USER_ACTIONS)} on a user in one wijk.",
        "allOf": [
            _when("action", {"type": "string", "enum": list(USER_ACTIONS)},
                  {"type": "object", "properties": {"target": {"const": "user"}}, "required": ["wijk"]}),
            _when("action", {"type": "string", "enum": list(CONTENT_ACTIONS)},
                  {"type": "object", "properties": {"target": {"type": "string", "enum": list(FLAG_TARGETS)}}}),
            _when("action", {"type": "string", "enum": [a for a in ITEM_ACTIONS if a not in CONTENT_ACTIONS]},
                  {"type": "object", "properties": {"target": {"type": "string", "enum": list(ITEM_TARGETS)}}}),
            _when("action", {"type": "string", "enum": ["pin", "unpin"]},
                  {"type": "object", "properties": {"target": {"const": "post"}}}),
        ]}}

    action: Choice(ACTIONS, required=True)
    target: Choice(TARGETS, required=True)
    id: Id()
    reason: Text(REASON_MAX, required=True, multiline=True,
                 description="Why; the author is told, the audit log keeps it.")
    wijk: Text(WIJK_SLUG_MAX, description="The wijk's slug; required for user actions.") = None
    until: Until = Field("1d", description="For `mute`: a duration or a moment.")


class RemovedCounts(Schema):
    posts: int = Field(ge=0)
    comments: int = Field(ge=0)


class ModerationResult(Schema):
    action: Choice(ACTIONS)
    target: Choice(TARGETS)
    id: int
    status: Choice(POST_STATUSES, description="Item actions: the item's status now.") = None
    pinned: bool = Field(None, description="Item actions: whether the (comment's) post is pinned.")
    wijk: str = Field(None, description="User actions: the wijk's slug.")
    until: str = Field(None, description="`mute`: until when.", json_schema_extra={"format": "date-time"})
    removed: RemovedCounts = Field(None, description="`purge`: how much was removed.")


# --- a wijk's settings ------------------------------------------------------------------------------------

class WijkSettings(Schema):
    slug: str
    premoderation: bool
    premoderation_posts: int = Field(ge=1, le=PREMODERATION_POSTS_MAX)
    flag_threshold: int = Field(ge=1, le=FLAG_THRESHOLD_MAX)


class WijkSettingsUpdate(Schema):
    model_config = {"json_schema_extra": {"description": "Only the fields given change."}}

    premoderation: YesNo = Field(None, description="New accounts' first posts wait for approval.")
    premoderation_posts: WholeNumber(1, PREMODERATION_POSTS_MAX, description="How many posts wait.") = None
    flag_threshold: WholeNumber(1, FLAG_THRESHOLD_MAX,
                                description="Flags by this many people hide an item pending review.") = None
    reason: Text(REASON_MAX, multiline=True, description="For the audit log.") = None


# --- the audit log ----------------------------------------------------------------------------------------

def _describe_actions(schema: dict) -> None:
    schema["description"] = f"One of {', '.join(AUDIT_ACTIONS)}; clients should expect more."


class AuditEntry(Schema):
    id: int
    created_at: Timestamp
    actor: UserBrief | None = Field(description="Null: the system (auto_hide).")
    action: str = Field(json_schema_extra=_describe_actions)
    target: str = Field(description="post, comment, user, wijk, organisation or api_client.")
    target_id: int
    reason: str
    details: dict[str, Any] = Field(description="Per action, e.g. status_before and status_after, until, role, "
                                                "changed settings.")


class AuditPage(Schema):
    items: list[AuditEntry]
    next: int | None = Field(description="An entry id; pass as `before`.")
