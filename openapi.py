"""The OpenAPI 3.1 document of the JSON API (`GET /api/v1/openapi.json`).

Built by hand from small helpers, next to the code it describes: the limits and
choices come from the same constants the services validate with, and
tests/test_openapi.py checks that every API route and the document list the
same paths and methods, so the two cannot drift apart unnoticed.
"""
from flask import Blueprint, jsonify

from accounts.auth import client_scope
from audit.services import REASON_MAX
from moderation.models import FLAG_REASONS, FLAG_STATUSES
from moderation.services import ACTIONS, ITEM_ACTIONS, MUTE_DURATIONS, USER_ACTIONS
from notifications.services import NOTIFICATION_KINDS, READ_IDS_MAX
from partners.models import MEMBERSHIP_ROLES
from privacy.services import CONTENT_CHOICES
from wijken.feeds import MAX_LIMIT
from wijken.kinds import DEFAULT_FOLLOW_LEVEL, DIGEST_FREQUENCIES, FOLLOW_LEVELS, KINDS, REACTION_KINDS, RSVP_STATUSES
from wijken.models import POST_STATUSES, WIJK_ROLES
from wijken.services import BODY_MAX, CAPACITY_MAX, COMMENT_MAX, TITLE_MAX

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")

PREFIX = "/api/v1"
VERSION = "1.0.0"

STATUSES = ("published", "hidden", "removed")  # of comments; posts also know "pending" (POST_STATUSES)
FLAG_TEXT_MAX = 500
AUDIT_ACTIONS = (*ACTIONS, "auto_hide", "settings", "grant_role", "revoke_role", "create_api_client",
                 "revoke_api_client", "delete_account")
EVENT_NAMES = ("post_created", "post_updated", "post_removed", "comment_created", "comment_updated",
               "comment_removed", "reaction_changed", "rsvp_changed", "alert")

# Who may call an operation: nobody needs a token, a token is optional (reads
# show more to some users), or a token is required. A partner system's token
# (`partnerClient`, OAuth2 client credentials) may call only what names its scope.
NO_AUTH: list = []
OPTIONAL_AUTH = [{}, {"bearerAuth": []}, {"partnerClient": ["posts:read"]}]
AUTH = [{"bearerAuth": []}]
POST_WRITE_AUTH = [{"bearerAuth": []}, {"partnerClient": ["posts:write"]}]
SCOPE_DESCRIPTIONS = {"posts:read": "Read wijken, posts, threads and events.",
                      "posts:write": "Publish, edit and delete the organisation's own posts."}


@bp.get("/openapi.json")
@client_scope("posts:read")
def openapi_json():
    return jsonify(build_spec())


# --- schema helpers ----------------------------------------------------------

def ref(name: str, section: str = "schemas") -> dict:
    return {"$ref": f"#/components/{section}/{name}"}


def nullable(schema: dict) -> dict:
    """The schema, or JSON null."""
    if isinstance(schema.get("type"), str):
        return schema | {"type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def string(**extra) -> dict:
    return {"type": "string", **extra}


def integer(**extra) -> dict:
    return {"type": "integer", **extra}


def boolean(**extra) -> dict:
    return {"type": "boolean", **extra}


def enum(values, **extra) -> dict:
    return {"type": "string", "enum": list(values), **extra}


def date_time(**extra) -> dict:
    return string(format="date-time", **extra)


def array(items: dict, **extra) -> dict:
    return {"type": "array", "items": items, **extra}


def obj(properties: dict, required=(), **extra) -> dict:
    schema = {"type": "object", "properties": properties}
    if required == "all":
        required = tuple(properties)
    if required:
        schema["required"] = list(required)
    return schema | extra


def page(items: dict, next_schema: dict | None = None, **more) -> dict:
    """A keyset-paginated list: `items`, and `next`, the cursor of the next page or null."""
    next_schema = next_schema or nullable(string(description="Pass as `before` for the next page."))
    return obj({"items": array(items), "next": next_schema, **more}, required="all")


def json_content(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


# --- operation helpers -------------------------------------------------------

ERRORS = {
    400: ("BadRequest", "Malformed request: not a JSON object, a bad cursor or limit."),
    401: ("Unauthorized", "No valid bearer token (or a token that is invalid or expired)."),
    403: ("Forbidden", "The caller may not do this; nothing changed. A partner system's token gets code "
                       "`insufficient_scope` for an operation its scopes do not cover."),
    404: ("NotFound", "No such resource, or not visible to the caller."),
    409: ("Conflict", "The request conflicts with the current state."),
    413: ("PayloadTooLarge", "The request body is too large."),
    422: ("ValidationFailed", "Validation failed; `error.fields` names each bad field."),
    429: ("TooManyRequests", "Rate limit exceeded; try again later."),
}


def errors(*statuses: int) -> dict:
    return {str(status): ref(ERRORS[status][0], "responses") for status in statuses}


def ok(schema: dict, description: str = "OK", status: int = 200) -> dict:
    return {str(status): {"description": description, "content": json_content(schema)}}


def no_content(description: str = "Done; no body.") -> dict:
    return {"204": {"description": description}}


def body(schema: dict, *, required: bool = True) -> dict:
    return {"required": required, "content": json_content(schema)}


def query(name: str, schema: dict, description: str, *, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}


def path_param(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": schema}


def op(operation_id: str, summary: str, tag: str, responses: dict, *, security: list,
       parameters=(), request_body: dict | None = None, description: str | None = None) -> dict:
    if security and "403" not in responses:  # any token may be a partner system's outside its scopes
        responses = responses | errors(403)
    operation = {"operationId": operation_id, "summary": summary, "tags": [tag],
                 "security": security, "responses": responses}
    if description:
        operation["description"] = description
    if parameters:
        operation["parameters"] = list(parameters)
    if request_body:
        operation["requestBody"] = request_body
    return operation


def merge(*dicts: dict) -> dict:
    result = {}
    for d in dicts:
        result |= d
    return result


# --- components --------------------------------------------------------------

def _schemas() -> dict:
    optional_time = nullable(date_time())
    event_kinds = [name for name, info in KINDS.items() if info.is_event]
    ended_kinds = [name for name, info in KINDS.items() if info.needs_end]
    return {
        "Error": obj({"error": obj({
            "code": string(description="snake_case, stable; e.g. `validation_failed`, `not_found`."),
            "message": string(description="Human text in the caller's language."),
            "fields": obj({}, additionalProperties=string(),
                          description="Per field, what is wrong (422 only)."),
        }, required=("code", "message"))}, required=("error",)),
        "UserBrief": obj({"id": integer(), "display_name": string()}, required="all"),
        "OrganisationBrief": obj({"slug": string(), "name": string(), "kind": string(),
                                  "verified": boolean()}, required="all"),
        "Reactions": obj({kind: integer(minimum=0) for kind in REACTION_KINDS}, required="all"),
        "Wijk": obj({
            "slug": string(), "name": string(), "cbs_code": string(), "municipality": string(),
            "follower_count": integer(minimum=0),
        }, required="all"),
        "WijkDetail": {"allOf": [ref("Wijk"), obj({
            "description": string(),
            "geometry": obj({"type": string(), "coordinates": array({})}, required=("type",),
                            description="GeoJSON geometry (Polygon or MultiPolygon, WGS84)."),
        }, required="all")]},
        "WijkList": page(ref("Wijk"), nullable(string(description="Always null: one page."))),
        "Post": obj({
            "id": integer(), "wijk": string(description="The wijk's slug."), "kind": enum(KINDS),
            "title": string(), "body": string(description="Markdown source."),
            "body_html": string(description="Sanitised HTML."),
            "author": ref("UserBrief"), "organisation": nullable(ref("OrganisationBrief")),
            "status": enum(POST_STATUSES, description="`pending` waits for a moderator's approval "
                                                      "(pre-moderation); only its author and moderators see it."),
            "pinned": boolean(),
            "created_at": date_time(), "edited_at": optional_time,
            "seq": integer(), "comment_count": integer(minimum=0), "reactions": ref("Reactions"),
            "starts_at": optional_time, "ends_at": optional_time,
            "location": nullable(string()), "route": nullable(string()),
            "capacity": nullable(integer(minimum=1)),
            "rsvp": obj({"going": integer(minimum=0), "maybe": integer(minimum=0)}, required="all"),
            "expires_at": optional_time,
        }, required=("id", "wijk", "kind", "title", "body", "body_html", "author", "organisation",
                     "status", "pinned", "created_at", "edited_at", "seq", "comment_count", "reactions"),
            description=f"Events ({', '.join(event_kinds)}) also carry starts_at, ends_at, location, "
                        "route, capacity and rsvp; warnings carry expires_at."),
        "PostPage": page(ref("Post")),
        "Comment": obj({
            "id": integer(), "post_id": integer(), "parent_id": nullable(integer()),
            "body": string(description="Markdown source."), "body_html": string(),
            "author": ref("UserBrief"), "organisation": nullable(ref("OrganisationBrief")),
            "status": enum(STATUSES), "created_at": date_time(), "edited_at": optional_time,
            "seq": integer(),
        }, required="all"),
        "CommentPage": page(ref("Comment"), nullable(string(description="Always null: the whole thread."))),
        "PostCreate": {**obj({
            "kind": enum(KINDS), "title": string(minLength=1, maxLength=TITLE_MAX),
            "body": string(minLength=1, maxLength=BODY_MAX, description="Markdown."),
            "organisation": nullable(string(maxLength=64, description="Slug of the organisation to post as.")),
            "starts_at": optional_time, "ends_at": optional_time, "expires_at": optional_time,
            "location": nullable(string(maxLength=200)), "route": nullable(string(maxLength=2000)),
            "capacity": nullable(integer(minimum=1, maximum=CAPACITY_MAX)),
        }, required=("kind", "title", "body"),
            description="Times are ISO 8601; without an offset they are read as Europe/Amsterdam."),
            "allOf": [
                {"if": obj({"kind": enum(event_kinds)}, required=("kind",)),
                 "then": {"required": ["starts_at", "location"]}},
                {"if": obj({"kind": enum(ended_kinds)}, required=("kind",)),
                 "then": {"required": ["ends_at"]}},
            ]},
        "PostUpdate": obj({
            "title": string(minLength=1, maxLength=TITLE_MAX), "body": string(minLength=1, maxLength=BODY_MAX),
            "starts_at": optional_time, "ends_at": optional_time, "expires_at": optional_time,
            "location": string(minLength=1, maxLength=200), "route": nullable(string(maxLength=2000)),
            "capacity": nullable(integer(minimum=1, maximum=CAPACITY_MAX)),
        }, description="Only the fields given change; the event and expiry fields only for those kinds. "
                       "Pinning is a moderation action (POST /api/v1/moderation/actions)."),
        "CommentCreate": obj({"body": string(minLength=1, maxLength=COMMENT_MAX),
                              "parent_id": nullable(integer())}, required=("body",)),
        "CommentUpdate": obj({"body": string(minLength=1, maxLength=COMMENT_MAX)}, required=("body",)),
        "TokenRequest": obj({"email": string(format="email"), "password": string()}, required="all"),
        "Token": obj({"token": string(), "expires_at": date_time()}, required="all"),
        "Me": obj({
            "id": integer(), "email": string(format="email"), "display_name": string(),
            "locale": nullable(string()), "is_admin": boolean(), "created_at": date_time(),
            "roles": obj({
                "organisations": array({"allOf": [ref("OrganisationBrief"), obj(
                    {"role": enum(("poster", "moderator", "admin"))}, required=("role",))]}),
                "wijken": array(obj({"wijk": string(), "role": enum(("coordinator",))}, required="all")),
            }, required="all"),
            "follows": array(ref("FollowBrief")),
        }, required="all"),
        "FollowBrief": obj({"wijk": string(), "level": enum(FOLLOW_LEVELS)}, required="all"),
        "FollowRequest": obj({"level": enum(FOLLOW_LEVELS, default=DEFAULT_FOLLOW_LEVEL),
                              "digest_frequency": enum(DIGEST_FREQUENCIES)}),
        "Follow": obj({"wijk": string(), "level": enum(FOLLOW_LEVELS), "digest_frequency": enum(DIGEST_FREQUENCIES),
                       "follower_count": integer(minimum=0)}, required="all"),
        "ReactionResult": obj({"post_id": integer(), "kind": enum(REACTION_KINDS), "reacted": boolean(),
                               "reactions": ref("Reactions")}, required="all"),
        "RsvpRequest": obj({"status": enum(RSVP_STATUSES)}, required="all"),
        "RsvpResult": obj({"post_id": integer(), "status": enum(RSVP_STATUSES),
                           "going": integer(minimum=0), "maybe": integer(minimum=0),
                           "capacity": nullable(integer(minimum=1))}, required="all"),
        "Event": obj({"seq": integer(), "event": enum(EVENT_NAMES),
                      "data": obj({}, description="The same object as the live event; hidden or removed "
                                                  "content only as {id, post_id, status, seq}.")},
                     required="all"),
        "EventPage": page(ref("Event"), nullable(integer(description="Pass as `since` for the next page.")),
                          last_seq=integer(description="The wijk's latest seq."),
                          reset={"type": "boolean", "description": "Events after `since` were pruned: "
                                 "reload the view instead of resuming."}),
        **_moderation_schemas(),
        **_privacy_schemas(),
    }


def _privacy_schemas() -> dict:
    optional_time = nullable(date_time())

    def rows(**properties) -> dict:
        return array(obj(properties, required="all"))

    return {
        "AccountDelete": obj({
            "password": string(description="The account's password."),
            "email": string(description="Instead of `password`, for an account without one (single sign-on "
                                        "only): the account's e-mail address."),
            "content": enum(CONTENT_CHOICES, description="`keep`: posts and comments stay, signed \"deleted "
                                                         "user\"; `remove`: they are removed everywhere."),
        }, required=("content",)),
        "UserExport": obj({
            "format": string(description="The version of this shape."), "exported_at": date_time(),
            "profile": obj({
                "id": integer(), "email": string(format="email"), "display_name": string(),
                "locale": nullable(string()), "is_admin": boolean(), "created_at": date_time(),
                "email_verified_at": optional_time, "two_factor_enabled": boolean(),
                "two_factor_enabled_at": optional_time, "recovery_codes_left": integer(minimum=0),
                "has_password": boolean(),
            }, required="all", description="Never a password hash, a two-factor secret or a code."),
            "follows": rows(wijk=string(), wijk_name=string(), level=enum(FOLLOW_LEVELS), created_at=date_time()),
            "posts": array(ref("Post")),
            "comments": array({"allOf": [ref("Comment"), obj({"wijk": string()}, required=("wijk",))]}),
            "reactions": rows(post_id=integer(), kind=enum(REACTION_KINDS), created_at=date_time()),
            "rsvps": rows(post_id=integer(), status=enum(RSVP_STATUSES), updated_at=date_time()),
            "flags": rows(id=integer(), target=enum(("post", "comment")), target_id=integer(), post_id=integer(),
                          reason=enum(FLAG_REASONS), text=nullable(string()), status=enum(FLAG_STATUSES),
                          created_at=date_time(), resolved_at=optional_time),
            "notifications": array(ref("Notification")),
            "memberships": rows(organisation=string(), organisation_name=string(), role=enum(MEMBERSHIP_ROLES),
                                source=string(), created_at=date_time()),
            "wijk_roles": rows(wijk=string(), role=enum(WIJK_ROLES), created_at=date_time()),
            "identities": rows(issuer=string(), subject=string(), created_at=date_time(),
                               last_login_at=optional_time),
            "api_tokens": rows(created_at=date_time(), expires_at=date_time()),
            "mutes": rows(wijk=string(), until=date_time(), reason=string(), created_at=date_time()),
            "audit_entries": rows(id=integer(), created_at=date_time(), action=string(), target=string(),
                                  target_id=integer(), wijk=nullable(string()), organisation=nullable(string()),
                                  reason=string(), details=obj({})),
        }, required="all", description="Everything stored about the caller (AVG/GDPR right of access)."),
    }


def _moderation_schemas() -> dict:
    item_id = integer(minimum=1, maximum=2**31 - 1)
    reason = string(minLength=1, maxLength=REASON_MAX, description="Why; the author is told, the audit log keeps it.")
    counts = obj({}, additionalProperties=integer(minimum=0), description="Count per status.")
    return {
        "Flag": obj({
            "id": integer(), "target": enum(("post", "comment")), "target_id": integer(),
            "reason": enum(FLAG_REASONS), "text": nullable(string()), "status": enum(FLAG_STATUSES),
            "created_at": date_time(), "by": ref("UserBrief"),
        }, required="all"),
        "FlagCreate": {**obj({
            "target": enum(("post", "comment")), "id": item_id, "reason": enum(FLAG_REASONS),
            "text": string(maxLength=FLAG_TEXT_MAX, description="Required when the reason is `anders`."),
        }, required=("target", "id", "reason")),
            "if": obj({"reason": {"const": "anders"}}, required=("reason",)),
            "then": {"required": ["text"], "properties": {"text": string(minLength=1)}}},
        "QueueItem": obj({
            "target": enum(("post", "comment")), "id": integer(), "wijk": string(description="The wijk's slug."),
            "status": enum(POST_STATUSES), "waiting_since": date_time(
                description="The oldest open flag, or else when the item was written."),
            "item": {"oneOf": [ref("Post"), ref("Comment")],
                     "description": "The post or comment in full, also when hidden or pending."},
            "post": obj({"id": integer(), "title": string(), "status": enum(POST_STATUSES)}, required="all",
                        description="The post itself, or the post a comment is under."),
            "open_flags": integer(minimum=0), "flags": array(ref("Flag"), description="All flags, oldest first."),
            "author_history": obj({"posts": counts, "comments": counts}, required="all",
                                  description="The author's posts and comments in this wijk."),
        }, required="all"),
        "QueuePage": page(ref("QueueItem"), nullable(string(description="Always null: the oldest 50 items."))),
        "ModerationAction": {**obj({
            "action": enum(ACTIONS), "target": enum(("post", "comment", "user")), "id": item_id,
            "reason": reason,
            "wijk": string(maxLength=80, description="The wijk's slug; required for user actions."),
            "until": {"anyOf": [enum(MUTE_DURATIONS), date_time(description="In the future.")],
                      "default": "1d", "description": "For `mute`: a duration or a moment."},
        }, required=("action", "target", "id", "reason"),
            description=f"{', '.join(ITEM_ACTIONS)} act on a post or comment (pin and unpin on posts "
                        f"only); {', '.join(USER_ACTIONS)} on a user in one wijk."),
            "allOf": [
                {"if": obj({"action": enum(USER_ACTIONS)}, required=("action",)),
                 "then": obj({"target": {"const": "user"}}, required=("wijk",))},
                {"if": obj({"action": enum(ITEM_ACTIONS)}, required=("action",)),
                 "then": obj({"target": enum(("post", "comment"))})},
                {"if": obj({"action": enum(("pin", "unpin"))}, required=("action",)),
                 "then": obj({"target": {"const": "post"}})},
            ]},
        "ModerationResult": obj({
            "action": enum(ACTIONS), "target": enum(("post", "comment", "user")), "id": integer(),
            "status": enum(POST_STATUSES, description="Item actions: the item's status now."),
            "pinned": boolean(description="Item actions: whether the (comment's) post is pinned."),
            "wijk": string(description="User actions: the wijk's slug."),
            "until": date_time(description="`mute`: until when."),
            "removed": obj({"posts": integer(minimum=0), "comments": integer(minimum=0)}, required="all",
                           description="`purge`: how much was removed."),
        }, required=("action", "target", "id")),
        "WijkSettings": obj({
            "slug": string(), "premoderation": boolean(),
            "premoderation_posts": integer(minimum=1, maximum=20),
            "flag_threshold": integer(minimum=1, maximum=50),
        }, required="all"),
        "WijkSettingsUpdate": obj({
            "premoderation": boolean(description="New accounts' first posts wait for approval."),
            "premoderation_posts": integer(minimum=1, maximum=20, description="How many posts wait."),
            "flag_threshold": integer(minimum=1, maximum=50,
                                      description="Flags by this many people hide an item pending review."),
            "reason": string(maxLength=REASON_MAX, description="For the audit log."),
        }, description="Only the fields given change."),
        "AuditEntry": obj({
            "id": integer(), "created_at": date_time(),
            "actor": nullable(ref("UserBrief")) | {"description": "Null: the system (auto_hide)."},
            "action": string(description=f"One of {', '.join(AUDIT_ACTIONS)}; clients should expect more."),
            "target": string(description="post, comment, user or wijk."), "target_id": integer(),
            "reason": string(), "details": obj({}, description="Per action, e.g. status_before and "
                                                               "status_after, until, role, changed settings."),
        }, required="all"),
        "AuditPage": page(ref("AuditEntry"), nullable(integer(description="An entry id; pass as `before`."))),
        "Notification": obj({
            "id": integer(),
            "kind": string(description=f"One of {', '.join(NOTIFICATION_KINDS)}; clients should expect more."),
            "message": string(description="In the recipient's language. About content the caller can no longer "
                                          "see it is a neutral text, and `link` is null."),
            "link": nullable(string(description="A site path.")), "created_at": date_time(), "read": boolean(),
        }, required="all"),
        "NotificationPage": page(ref("Notification"),
                                 nullable(integer(description="A notification id; pass as `before`.")),
                                 unread=integer(minimum=0)),
        "NotificationsRead": obj({
            "ids": array(integer(minimum=1), minItems=1, maxItems=READ_IDS_MAX,
                         description="Mark these of the caller's notifications read (others' ids are ignored)."),
            "all": boolean(description="true: mark all read."),
        }, description="`ids` or `all`; an empty body marks all read."),
    }


def _responses() -> dict:
    return {name: {"description": description, "content": json_content(ref("Error"))}
            for name, description in ERRORS.values()}


def _parameters() -> dict:
    return {
        "slug": path_param("slug", string(), "The wijk's slug."),
        "post_id": path_param("post_id", integer(), "The post's id."),
        "comment_id": path_param("comment_id", integer(), "The comment's id."),
        "limit": query("limit", integer(minimum=1, maximum=MAX_LIMIT),
                       f"Page size (at most {MAX_LIMIT}; larger values are capped)."),
        "before": query("before", string(), "Cursor: the `next` of the previous page."),
    }


# --- paths -------------------------------------------------------------------

def _paths() -> dict:
    slug, post_id, comment_id = ref("slug", "parameters"), ref("post_id", "parameters"), ref(
        "comment_id", "parameters")
    paging = (ref("limit", "parameters"), ref("before", "parameters"))
    write = (401, 403, 404, 413, 429)  # what every write to an existing resource may answer
    return {
        "/tokens": {
            "post": op("createToken", "Log in: a bearer token", "accounts",
                       merge(ok(ref("Token"), "Created", 201), errors(400, 401, 413, 429)),
                       security=NO_AUTH, request_body=body(ref("TokenRequest"))),
        },
        "/me": {
            "get": op("getMe", "The caller's profile, roles and follows", "accounts",
                      merge(ok(ref("Me")), errors(401)), security=AUTH),
            "delete": op("deleteMe", "Delete the caller's account", "accounts",
                         merge(no_content("Deleted; the token no longer works."),
                               errors(400, 401, 403, 409, 413, 422, 429)), security=AUTH,
                         request_body=body(ref("AccountDelete")),
                         description="Personal data are erased and every token, role and follow ends; the "
                                     "account's posts and comments stay signed \"deleted user\" or are removed, "
                                     "as `content` says. 422 for a wrong password (nothing changed); 409 with "
                                     "code `last_admin` for the last site admin."),
        },
        "/me/export": {
            "get": op("exportMe", "Everything stored about the caller, as a download", "accounts",
                      merge(ok(ref("UserExport")), errors(401)), security=AUTH),
        },
        "/me/feed": {
            "get": op("getMyFeed", "Posts of followed wijken, newest first", "posts",
                      merge(ok(ref("PostPage")), errors(400, 401)), security=AUTH, parameters=paging),
        },
        "/wijken": {
            "get": op("listWijken", "All wijken", "wijken", ok(ref("WijkList")), security=NO_AUTH),
        },
        "/wijken/{slug}": {
            "parameters": [slug],
            "get": op("getWijk", "One wijk with its geometry", "wijken",
                      merge(ok(ref("WijkDetail")), errors(404)), security=NO_AUTH),
            "patch": op("updateWijkSettings", "Change the wijk's moderation settings (coordinator)", "moderation",
                        merge(ok(ref("WijkSettings")), errors(400, *write, 422)), security=AUTH,
                        request_body=body(ref("WijkSettingsUpdate"))),
        },
        "/lookup": {
            "get": op("lookupWijk", "The wijk containing a point", "wijken",
                      merge(ok(ref("Wijk")), errors(404, 422)), security=NO_AUTH, parameters=(
                          query("lat", {"type": "number", "minimum": -90, "maximum": 90}, "Latitude (WGS84).",
                                required=True),
                          query("lon", {"type": "number", "minimum": -180, "maximum": 180},
                                "Longitude (WGS84).", required=True)),
                      description="404 with code `no_wijk_here` when no wijk contains the point."),
        },
        "/wijken/{slug}/follow": {
            "parameters": [slug],
            "put": op("followWijk", "Follow a wijk, or change the follow's level", "wijken",
                      merge(ok(ref("Follow")), errors(400, 401, 404, 413, 422, 429)), security=AUTH,
                      request_body=body(ref("FollowRequest"), required=False)),
            "delete": op("unfollowWijk", "Stop following a wijk", "wijken",
                         merge(no_content(), errors(401, 404, 429)), security=AUTH),
        },
        "/wijken/{slug}/posts": {
            "parameters": [slug],
            "get": op("listPosts", "The wijk's feed: pinned first, then newest", "posts",
                      merge(ok(ref("PostPage")), errors(400, 404, 422)), security=NO_AUTH,
                      parameters=(query("kind", enum(KINDS), "Only posts of this kind (archived "
                                                            "warnings included)."), *paging)),
            "post": op("createPost", "Publish a new post", "posts",
                       merge(ok(ref("Post"), "Created", 201), errors(400, *write, 422)),
                       security=POST_WRITE_AUTH, request_body=body(ref("PostCreate"))),
        },
        "/posts/{post_id}": {
            "parameters": [post_id],
            "get": op("getPost", "One post", "posts", merge(ok(ref("Post")), errors(401, 404)),
                      security=OPTIONAL_AUTH),
            "patch": op("updatePost", "Edit a post (author)", "posts",
                        merge(ok(ref("Post")), errors(400, *write, 422)), security=POST_WRITE_AUTH,
                        request_body=body(ref("PostUpdate"))),
            "delete": op("deletePost", "Delete a post (author or moderator)", "posts",
                         merge(no_content(), errors(401, 403, 404, 429)), security=POST_WRITE_AUTH),
        },
        "/posts/{post_id}/comments": {
            "parameters": [post_id],
            "get": op("listComments", "The post's thread, oldest first", "comments",
                      merge(ok(ref("CommentPage")), errors(400, 401, 404)), security=OPTIONAL_AUTH,
                      parameters=paging,
                      description="`before` takes the previous page's `next` and continues after it."),
            "post": op("createComment", "Comment, or reply to a comment", "comments",
                       merge(ok(ref("Comment"), "Created", 201), errors(400, *write, 422)), security=AUTH,
                       request_body=body(ref("CommentCreate"))),
        },
        "/comments/{comment_id}": {
            "parameters": [comment_id],
            "patch": op("updateComment", "Edit a comment (author)", "comments",
                        merge(ok(ref("Comment")), errors(400, *write, 422)), security=AUTH,
                        request_body=body(ref("CommentUpdate"))),
            "delete": op("deleteComment", "Delete a comment (author or moderator)", "comments",
                         merge(no_content(), errors(401, 403, 404, 429)), security=AUTH),
        },
        "/posts/{post_id}/reactions/{kind}": {
            "parameters": [post_id, path_param("kind", enum(REACTION_KINDS), "The reaction.")],
            "put": op("addReaction", "React to a post", "posts",
                      merge(ok(ref("ReactionResult")), errors(401, 403, 404, 429)), security=AUTH),
            "delete": op("removeReaction", "Take a reaction back", "posts",
                         merge(ok(ref("ReactionResult")), errors(401, 403, 404, 429)), security=AUTH),
        },
        "/posts/{post_id}/rsvp": {
            "parameters": [post_id],
            "put": op("rsvp", "Sign up for an event", "posts",
                      merge(ok(ref("RsvpResult")), errors(400, *write, 409, 422)), security=AUTH,
                      request_body=body(ref("RsvpRequest")),
                      description="409 with code `full` when no place is left."),
        },
        "/wijken/{slug}/events": {
            "parameters": [slug],
            "get": op("listEvents", "Events after a seq, for resuming a live view", "wijken",
                      merge(ok(ref("EventPage")), errors(400, 404, 422)), security=NO_AUTH, parameters=(
                          query("since", integer(minimum=0, default=0), "Only events with a larger seq."),
                          ref("limit", "parameters"))),
        },
        "/flags": {
            "post": op("createFlag", "Report a post or comment", "moderation",
                       merge(ok(ref("Flag"), "Created", 201), errors(400, *write, 409, 422)), security=AUTH,
                       request_body=body(ref("FlagCreate")),
                       description="409 with code `already_flagged` when the caller flagged it before. Flags "
                                   "by the wijk's `flag_threshold` people hide the item pending review."),
        },
        "/moderation/queue": {
            "get": op("getModerationQueue", "What the caller may moderate, oldest first", "moderation",
                      merge(ok(ref("QueuePage")), errors(401, 403, 404)), security=AUTH, parameters=(
                          query("wijk", string(), "Only this wijk (by slug)."),),
                      description="Flagged, hidden and pending content in the caller's scope: a coordinator's "
                                  "wijk, an organisation moderator's organisation, everything for an admin. "
                                  "403 for anyone who moderates nothing, or not this wijk."),
        },
        "/moderation/actions": {
            "post": op("moderate", "Act on a post, comment or user", "moderation",
                       merge(ok(ref("ModerationResult")), errors(400, *write, 409, 422)), security=AUTH,
                       request_body=body(ref("ModerationAction")),
                       description="403 outside the caller's scope; 404 for an unknown target; 409 when the "
                                   "item's status does not allow the action (or `dismiss` finds no open "
                                   "flags); 422 for a missing reason or a bad field. Every action is "
                                   "logged in the audit log."),
        },
        "/audit": {
            "get": op("getAuditLog", "The moderation log, newest first", "moderation",
                      merge(ok(ref("AuditPage")), errors(401, 403, 404, 422)), security=AUTH, parameters=(
                          query("wijk", string(), "The wijk (by slug); without it, every log (admin only)."),
                          query("before", integer(minimum=1), "Cursor: the `next` of the previous page, "
                                                              "an entry id.")),
                      description="The wijk's coordinator reads their wijk's log, a site admin every log; "
                                  "pages of 50."),
        },
        "/me/notifications": {
            "get": op("listNotifications", "The caller's notifications, newest first", "accounts",
                      merge(ok(ref("NotificationPage")), errors(400, 401)), security=AUTH, parameters=(
                          ref("limit", "parameters"),
                          query("before", integer(minimum=1), "Cursor: the `next` of the previous page, "
                                                              "a notification id.")),
                      description="50 a page unless `limit` says otherwise; `unread` counts all unread ones. "
                                  "Live, a logged-in browser's socket hears `notifications` `{\"unread\"}`."),
        },
        "/me/notifications/read": {
            "post": op("readNotifications", "Mark the caller's notifications read", "accounts",
                       merge(no_content(), errors(400, 401, 413, 422, 429)), security=AUTH,
                       request_body=body(ref("NotificationsRead"), required=False),
                       description="`{\"ids\": [...]}` marks those read, `{\"all\": true}` or no body all; "
                                   "422 for anything else. The caller's sockets hear the new unread count."),
        },
        "/openapi.json": {
            "get": op("getOpenApi", "This document", "meta",
                      ok({"type": "object"}, "OpenAPI 3.1 document"), security=NO_AUTH),
        },
    }


def build_spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wijkpagina API",
            "version": VERSION,
            "description": "Followable neighbourhood (wijk) pages. Without a token the API is "
                           "read-only and shows what an anonymous visitor sees. Errors are "
                           "`{\"error\": {\"code\", \"message\", \"fields\"?}}`; lists are "
                           "`{\"items\", \"next\"}`, keyset-paginated with `limit` and `before`.",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": name} for name in ("accounts", "wijken", "posts", "comments", "moderation", "meta")],
        "paths": {PREFIX + path: item for path, item in _paths().items()},
        "components": {
            "schemas": _schemas(),
            "responses": _responses(),
            "parameters": _parameters(),
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "From POST /api/v1/tokens."},
                "partnerClient": {
                    "type": "oauth2",
                    "description": "A partner system posting as its organisation: POST /oauth/token with "
                                   "`grant_type=client_credentials` and the client's id and secret (HTTP Basic "
                                   "or form fields) answers `{\"access_token\", \"token_type\": \"Bearer\", "
                                   "\"expires_in\", \"scope\"}`; errors there are OAuth2's own "
                                   "`{\"error\", \"error_description\"}` (RFC 6749 §5.2). Send the token as "
                                   "`Authorization: Bearer`; operations outside its scopes answer 403 "
                                   "`insufficient_scope`.",
                    "flows": {"clientCredentials": {"tokenUrl": "/oauth/token", "scopes": SCOPE_DESCRIPTIONS}},
                },
            },
        },
    }
