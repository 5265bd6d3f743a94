"""API shapes of the wijk side: wijken, follows, posts, comments, reactions, RSVPs and the event log.

The limits here are the only ones: services, forms and templates take them from this module.
"""
from typing import Annotated, Any

from pydantic import Field, PlainValidator, WithJsonSchema, create_model

from accounts.schemas import UserBrief
from core.schemas import Choice, Id, Moment, Schema, Text, Timestamp, WholeNumber
from core.validation import clean_choice
from media.images import MAX_BYTES, MAX_PIXELS
from partners.models import MEMBERSHIP_ROLES
from partners.schemas import SLUG_MAX, OrganisationBrief

from .households import HOUSEHOLDS_MAX
from .kinds import (
    DEFAULT_FOLLOW_LEVEL,
    DIGEST_FREQUENCIES,
    FOLLOW_LEVELS,
    KINDS,
    REACTION_KINDS,
    RSVP_STATUSES,
    form_kinds,
)
from .models import ALT_MAX, MUNICIPALITY_MAX, POST_STATUSES, WIJK_ROLES
from .photos import PHOTOS_PER_COMMENT, PHOTOS_PER_POST

WIJK_SLUG_MAX = 80
TITLE_MAX = 140
BODY_MAX = 10_000
COMMENT_MAX = 5_000
LOCATION_MAX = 200
ROUTE_MAX = 2_000
CAPACITY_MAX = 100_000
COMMENT_STATUSES = ("published", "hidden", "removed")  # posts also know "pending" (POST_STATUSES)
# The live events of the wijk log; a higher area adds its own with wijken.live.register_event, and the log's
# shape (validation and the documented enum) reads this list as it is then.
EVENT_NAMES = ["post_created", "post_updated", "post_removed", "comment_created", "comment_updated",
               "comment_removed", "reaction_changed", "rsvp_changed", "alert"]
EventName = Annotated[str, PlainValidator(lambda value: clean_choice(value, tuple(EVENT_NAMES), required=True)),
                      WithJsonSchema({"type": "string", "enum": EVENT_NAMES})]
EVENT_KINDS = [name for name, info in KINDS.items() if info.is_event]
ENDED_KINDS = [name for name, info in KINDS.items() if info.needs_end]
LIMITS = {"TITLE_MAX": TITLE_MAX, "BODY_MAX": BODY_MAX, "COMMENT_MAX": COMMENT_MAX, "LOCATION_MAX": LOCATION_MAX,
          "ROUTE_MAX": ROUTE_MAX, "CAPACITY_MAX": CAPACITY_MAX, "MUNICIPALITY_MAX": MUNICIPALITY_MAX,
          "ALT_MAX": ALT_MAX, "PHOTOS_PER_POST": PHOTOS_PER_POST, "PHOTOS_PER_COMMENT": PHOTOS_PER_COMMENT}
"""For forms and templates (Jinja globals)."""

Count = Field(ge=0)
Cursor = Field(description="Pass as `before` for the next page.")


# --- wijken and follows -------------------------------------------------------------------------------

class Wijk(Schema):
    slug: str
    name: str
    cbs_code: str
    municipality: str = Field(description="The municipality's name (\"\" for none).")
    municipality_slug: str | None = Field(None, description="The municipality's slug: /api/v1/municipalities/<slug>.")
    follower_count: int = Count
    households: int | None = Field(None, ge=0, description="Number of households (CBS), the base of response rates.")


class Geometry(Schema):
    """GeoJSON geometry (Polygon or MultiPolygon, WGS84)."""
    type: str
    coordinates: list[Any] = None


class WijkDetail(Wijk):
    description: str
    geometry: Geometry


class BuurtBrief(Schema):
    cbs_code: str = Field(description="CBS buurt code, e.g. BU08670000.")
    name: str


class Lookup(Wijk):
    """The wijk page covering a point or an address."""
    buurt: BuurtBrief | None = Field(None, description="The address's buurt, when the postcode table tells it.")
    demo: bool = Field(False, description="True when the answer comes from the demo's generated postcode table.")


class HouseholdsChange(Schema):
    households: WholeNumber(0, HOUSEHOLDS_MAX, description="null clears it.")


class WijkList(Schema):
    items: list[Wijk]
    next: str | None = Field(description="Cursor of the next page (`?before=`), null on the last.")


class FollowBrief(Schema):
    wijk: str
    level: Choice(FOLLOW_LEVELS)


class FollowRequest(Schema):
    level: Choice(FOLLOW_LEVELS) = DEFAULT_FOLLOW_LEVEL
    digest_frequency: Choice(DIGEST_FREQUENCIES) = None


class Follow(Schema):
    wijk: str
    level: Choice(FOLLOW_LEVELS)
    digest_frequency: Choice(DIGEST_FREQUENCIES)
    follower_count: int = Count


# --- posts ------------------------------------------------------------------------------------------------

Reactions = create_model("Reactions", __base__=Schema,
                         **{kind: (int, Field(ge=0)) for kind in REACTION_KINDS})


class RsvpCounts(Schema):
    going: int = Count
    maybe: int = Count


class PhotoSize(Schema):
    width: int
    height: int
    url: str = Field(description="Path of this size's JPEG (`image/jpeg`). Served only to who may see the post; "
                                 "send the bearer token for a hidden or pending post.")


class Photo(Schema):
    id: int
    alt: str = Field(description="What the photo shows, for people who cannot see it.")
    width: int = Field(description="Of the largest size.")
    height: int
    sizes: list[PhotoSize] = Field(description="Smallest first; the last is the largest (at most 1600 px).")


class Post(Schema):
    model_config = {"json_schema_extra": {
        "description": f"Events ({', '.join(EVENT_KINDS)}) also carry starts_at, ends_at, location, route, capacity "
                       "and rsvp; warnings carry expires_at."}}

    id: int
    wijk: str = Field(description="The wijk's slug.")
    kind: str = Field(json_schema_extra=lambda schema: schema.update(enum=list(KINDS)),
                      description="The post kinds, including those higher areas register (a participation's "
                                  "`vraag`).")
    title: str
    body: str = Field(description="Markdown source.")
    body_html: str = Field(description="Sanitised HTML.")
    author: UserBrief
    organisation: OrganisationBrief | None
    author_function: str | None = Field(None, description="Written for the organisation: the writer's function in "
                                                          "it then (e.g. “wethouder Wonen”, “wijkagent”).")
    status: Choice(POST_STATUSES, description="`pending` waits for a moderator's approval (pre-moderation); only "
                                              "its author and moderators see it.")
    pinned: bool
    created_at: Timestamp
    edited_at: Timestamp | None
    seq: int
    comment_count: int = Count
    reactions: Reactions
    photos: list[Photo] = Field(description=f"Up to {PHOTOS_PER_POST}, in order.")
    starts_at: Timestamp | None = None
    ends_at: Timestamp | None = None
    location: str | None = None
    route: str | None = None
    capacity: int | None = Field(None, ge=1)
    rsvp: RsvpCounts = None
    expires_at: Timestamp | None = None


class PostPage(Schema):
    items: list[Post]
    next: str | None = Cursor


def _when_kind(kinds, then: dict) -> dict:
    return {"if": {"type": "object", "properties": {"kind": {"type": "string", "enum": list(kinds)}},
                   "required": ["kind"]}, "then": then}


class PostCreate(Schema):
    model_config = {"json_schema_extra": {
        "description": "Times are ISO 8601; without an offset they are read as Europe/Amsterdam.",
        "allOf": [_when_kind(EVENT_KINDS, {"required": ["starts_at", "location"]}),
                  _when_kind(ENDED_KINDS, {"required": ["ends_at"]})]}}

    kind: Choice([k.name for k in form_kinds()], required=True)
    title: Text(TITLE_MAX, required=True)
    body: Text(BODY_MAX, required=True, multiline=True, description="Markdown.")
    organisation: Text(SLUG_MAX, description="Slug of the organisation to post as.") = None
    starts_at: Moment() = None
    ends_at: Moment() = None
    expires_at: Moment() = None
    location: Text(LOCATION_MAX) = None
    route: Text(ROUTE_MAX, multiline=True) = None
    capacity: WholeNumber(1, CAPACITY_MAX) = None


Binary = Annotated[bytes, WithJsonSchema({"type": "string", "format": "binary"})]
PHOTOS_DOC = (f"Photos as `multipart/form-data`: each file as a `photos` part (JPEG, PNG, WebP or HEIC, at most "
              f"{MAX_BYTES // (1024 * 1024)} MB and {MAX_PIXELS // 1_000_000} megapixels) with, in the same order, "
              "an `alt` part saying what it shows (required). Every photo is decoded and encoded again: "
              "metadata such as the GPS position is never kept.")


class PostCreateWithPhotos(PostCreate):
    model_config = {"json_schema_extra": {"description": PHOTOS_DOC}}

    photos: list[Binary] = Field(None, max_length=PHOTOS_PER_POST)
    alt: list[Text(ALT_MAX)] = Field(None, max_length=PHOTOS_PER_POST)


EVENT_FIELDS = ("starts_at", "ends_at", "location", "route", "capacity")
WARNING_FIELDS = ("expires_at",)


class PostUpdate(Schema):
    model_config = {"json_schema_extra": {
        "description": "Only the fields given change; the event and expiry fields only for those kinds. Pinning is "
                       "a moderation action (POST /api/v1/moderation/actions)."}}

    title: Text(TITLE_MAX, required=True) = None
    body: Text(BODY_MAX, required=True, multiline=True) = None
    starts_at: Moment() = None
    ends_at: Moment() = None
    expires_at: Moment() = None
    location: Text(LOCATION_MAX, required=True) = None
    route: Text(ROUTE_MAX, multiline=True) = None
    capacity: WholeNumber(1, CAPACITY_MAX) = None


# --- comments -------------------------------------------------------------------------------------------

class Comment(Schema):
    id: int
    post_id: int
    parent_id: int | None
    body: str = Field(description="Markdown source.")
    body_html: str
    author: UserBrief
    organisation: OrganisationBrief | None
    author_function: str | None = Field(None, description="Written for the organisation: the writer's function in "
                                                          "it then (e.g. “wethouder Wonen”, “wijkagent”).")
    status: Choice(COMMENT_STATUSES)
    created_at: Timestamp
    edited_at: Timestamp | None
    seq: int
    photos: list[Photo] = Field(description=f"At most {PHOTOS_PER_COMMENT}.")


class CommentPage(Schema):
    items: list[Comment]
    next: str | None = Field(description="Always null: the whole thread.")


class CommentCreate(Schema):
    body: Text(COMMENT_MAX, required=True, multiline=True)
    parent_id: Id(required=False) = None
    organisation: Text(SLUG_MAX, description="Reply on behalf of this organisation (its staff only): the reply "
                                             "shows its verified badge.") = None


class CommentCreateWithPhoto(CommentCreate):
    model_config = {"json_schema_extra": {"description": PHOTOS_DOC}}

    photos: list[Binary] = Field(None, max_length=PHOTOS_PER_COMMENT)
    alt: list[Text(ALT_MAX)] = Field(None, max_length=PHOTOS_PER_COMMENT)


class CommentUpdate(Schema):
    body: Text(COMMENT_MAX, required=True, multiline=True)


# --- reactions, RSVPs -----------------------------------------------------------------------------------

class ReactionResult(Schema):
    post_id: int
    kind: Choice(REACTION_KINDS)
    reacted: bool
    reactions: Reactions


class RsvpRequest(Schema):
    status: Choice(RSVP_STATUSES, required=True)


class RsvpResult(Schema):
    post_id: int
    status: Choice(RSVP_STATUSES)
    going: int = Count
    maybe: int = Count
    capacity: int | None = Field(ge=1)


# --- the event log --------------------------------------------------------------------------------------

class Event(Schema):
    seq: int
    event: EventName
    data: dict[str, Any] = Field(description="The same object as the live event; hidden or removed content only "
                                             "as {id, post_id, status, seq}.")


class EventPage(Schema):
    items: list[Event]
    next: int | None = Field(description="Pass as `since` for the next page.")
    last_seq: int = Field(description="The wijk's latest seq.")
    reset: bool = Field(description="Events after `since` were pruned: reload the view instead of resuming.")


# --- the profile ----------------------------------------------------------------------------------------

class OrganisationRole(OrganisationBrief):
    role: Choice(MEMBERSHIP_ROLES)


class WijkRole(Schema):
    wijk: str
    role: Choice(WIJK_ROLES)


class Roles(Schema):
    organisations: list[OrganisationRole]
    wijken: list[WijkRole]


class WijkProfile(Schema):
    """What the wijk side adds to `Me`."""
    roles: Roles
    follows: list[FollowBrief]


# --- municipalities -------------------------------------------------------------------------------------

class Municipality(Schema):
    slug: str
    name: str
    cbs_code: str | None = Field(description="CBS gemeentecode, e.g. GM0867.")
    primary_colour: str = Field(description="#rrggbb; white text on it reaches WCAG AA (4.5:1).")
    logo_url: str | None = Field(description="The logo (JPEG, the smallest width), or null.")
    url: str = Field(description="The municipality's home page.")
    wijk_count: int = Count


class WijkBrief(Schema):
    slug: str
    name: str
    cbs_code: str


class MunicipalityDetail(Municipality):
    wijken: list[WijkBrief]
    partners: list[OrganisationBrief] = Field(description="Organisations serving at least one of its wijken.")


class MunicipalityList(Schema):
    items: list[Municipality]
    next: str | None = Cursor


class BrandingChange(Schema):
    primary_colour: Text(7, required=True, description="#rrggbb. Refused with 422 (code `insufficient_contrast`, "
                                                        "with `contrast`) when white text on it is below 4.5:1.")
