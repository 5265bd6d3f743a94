"""JSON API of the wijk side (CONTRACT.md); reads are public, writes need a token."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.auth import api_user, client_scope, token_required
from core.api import json_body
from core.apidoc import BEFORE, LIMIT, operation, path_parameter, query_parameter
from core.errors import NotFound, ValidationError, require
from core.extensions import db
from core.ratelimits import write_limit as rate_limit_writes
from core.schemas import parse
from core.validation import MAX_LIMIT, seq_after
from media.services import accepts_images
from wijken.permissions import can_configure_wijk, can_manage_municipality, can_view

from . import households, live, municipalities, profile, schemas, services  # noqa: F401  (profile: its part of GET /api/v1/me)
from .feeds import comment_page, followed_feed, parse_limit, wijk_feed, wijken_page
from .geo import wijk_at
from .kinds import KIND_NAMES, KINDS, REACTION_KINDS
from .models import Comment, Post, Wijk, WijkEvent
from .photos import PHOTOS_PER_COMMENT, PHOTOS_PER_POST, uploads_from
from .postcodes import lookup_postcode
from .serializers import (
    comment_json,
    lookup_json,
    municipality_detail_json,
    municipality_json,
    post_json,
    reactions_json,
    wijk_json,
)

bp = Blueprint("wijken_api", __name__, url_prefix="/api/v1")

path_parameter("slug", {"type": "string"}, "The wijk's slug.")
path_parameter("post_id", {"type": "integer"}, "The post's id.")
path_parameter("comment_id", {"type": "integer"}, "The comment's id.")
PAGING = (LIMIT, BEFORE)
WRITE = (401, 403, 404, 413, 429)  # what every write to an existing resource may answer


def get_visible_or_404(model, item_id: int, user):
    """The post or comment if this user may see it; 404 otherwise, so nothing leaks."""
    item = db.session.get(model, item_id)
    if item is None or not can_view(user, item) or (model is Comment and not can_view(user, item.post)):
        raise NotFound(_("Not found."))
    return item


def _post_with_counts(post: Post):
    return jsonify(post_json(post, services.reaction_counts([post.id]).get(post.id)))


def _posts_page(posts, next_cursor):
    counts = services.reaction_counts([p.id for p in posts])
    return jsonify({"items": [post_json(p, counts.get(p.id)) for p in posts], "next": next_cursor})


def _user_key():
    user = api_user()
    return f"user:{user.id}" if user.is_authenticated else request.remote_addr


write_limit = rate_limit_writes(_user_key)


@operation(bp, "get", "/wijken", "listWijken", "The wijken, by name", tag="wijken", ok=schemas.WijkList,
           errors=(400,), query=PAGING)
@client_scope("posts:read")
def list_wijken():
    wijken, next_cursor = wijken_page(before=request.args.get("before"),
                                      limit=parse_limit(request.args.get("limit"), MAX_LIMIT))
    counts = services.follower_counts([w.id for w in wijken])
    return jsonify({"items": [wijk_json(w, counts.get(w.id, 0)) for w in wijken], "next": next_cursor})


@operation(bp, "get", "/wijken/<slug>", "getWijk", "One wijk with its geometry", tag="wijken",
           ok=schemas.WijkDetail, errors=(404,))
@client_scope("posts:read")
def show_wijk(slug):
    wijk = services.wijk_by_slug(slug)
    return jsonify(wijk_json(wijk, services.follower_counts([wijk.id]).get(wijk.id, 0), geometry=True))


@operation(bp, "put", "/wijken/<slug>/households", "setHouseholds", "Set a wijk's number of households (site admins)",
           tag="wijken", ok=schemas.Wijk, body=schemas.HouseholdsChange, errors=(400, 401, 403, 404, 413, 422))
@token_required
def set_households(slug):
    wijk = services.wijk_by_slug(slug)
    require(can_configure_wijk(api_user(), wijk),
            _("Only site admins and the admins of the wijk's municipality set the number of households."))
    households.set_households(wijk, json_body())
    return jsonify(wijk_json(wijk, services.follower_counts([wijk.id]).get(wijk.id, 0)))


@operation(bp, "get", "/lookup", "lookupWijk", "The wijk page covering a point or an address", tag="wijken",
           ok=schemas.Lookup, errors=(404, 422), query=(
               query_parameter("lat", {"type": "number", "minimum": -90, "maximum": 90},
                               "Latitude (WGS84), with lon."),
               query_parameter("lon", {"type": "number", "minimum": -180, "maximum": 180},
                               "Longitude (WGS84), with lat."),
               query_parameter("postcode", {"type": "string", "maxLength": 20},
                               "A Dutch postcode instead of a point: 5141AB, 5141 ab, 5141-AB."),
               query_parameter("huisnummer", {"type": "string", "maxLength": 20},
                               "The house number (12, 12a), needed where a postcode lies in two pages.")),
           description="Give `lat` and `lon`, or `postcode` (and `huisnummer`). 404 with code `no_wijk_here` "
                       "when no wijk contains the point, `unknown_postcode` for a postcode not in the table; "
                       "422 with `invalid_postcode` for something that is no postcode and "
                       "`huisnummer_required` when the postcode's house numbers lie in more than one page.")
@client_scope("posts:read")
def lookup():
    if "postcode" in request.args:
        found = lookup_postcode(request.args["postcode"], request.args.get("huisnummer"))
        return jsonify(lookup_json(found.wijk, services.follower_counts([found.wijk.id]).get(found.wijk.id, 0),
                                   found.buurt, found.demo))
    try:
        lat, lon = float(request.args["lat"]), float(request.args["lon"])
    except (KeyError, ValueError):
        raise ValidationError(_("Give lat and lon as numbers, or a postcode."),
                              fields={"lat": _("Required number."), "lon": _("Required number.")}) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(_("Coordinates out of range."), fields={"lat": _("Out of range.")})
    wijk = wijk_at(lat, lon)
    if wijk is None:
        raise NotFound(_("No wijk at that point."), code="no_wijk_here")
    return jsonify(lookup_json(wijk, services.follower_counts([wijk.id]).get(wijk.id, 0)))


@operation(bp, "put", "/wijken/<slug>/follow", "followWijk", "Follow a wijk, or change the follow's level",
           tag="wijken", ok=schemas.Follow, errors=(400, 401, 404, 413, 422, 429), body=schemas.FollowRequest,
           body_required=False)
@operation(bp, "delete", "/wijken/<slug>/follow", "unfollowWijk", "Stop following a wijk", tag="wijken",
           errors=(401, 404, 429))
@token_required
@write_limit
def follow(slug):
    wijk = services.wijk_by_slug(slug)
    if request.method == "DELETE":
        services.unfollow(api_user(), wijk)
        return "", 204
    body = json_body(optional=True)
    record = services.follow(api_user(), wijk, body.get("level"), body.get("digest_frequency"))
    return jsonify(schemas.Follow(wijk=wijk.slug, level=record.level, digest_frequency=record.digest_frequency,
                                  follower_count=services.follower_counts([wijk.id]).get(wijk.id, 0)).dump())


@operation(bp, "get", "/wijken/<slug>/posts", "listPosts", "The wijk's feed: pinned first, then newest",
           tag="posts", ok=schemas.PostPage, errors=(400, 404, 422), query=(
               query_parameter("kind", {"type": "string", "enum": KIND_NAMES},
                               "Only posts of this kind (archived warnings included)."), *PAGING))
@client_scope("posts:read")
def list_posts(slug):
    wijk = services.wijk_by_slug(slug)
    kind = request.args.get("kind") or None
    if kind and kind not in KINDS:
        raise ValidationError(_("Unknown kind."), fields={"kind": _("Unknown kind.")})
    posts, next_cursor = wijk_feed(wijk, kind=kind, before=request.args.get("before"),
                                   limit=parse_limit(request.args.get("limit"), 20))
    return _posts_page(posts, next_cursor)


def body_and_photos() -> tuple[dict, list]:
    """The request's fields and photos: a JSON object, or multipart/form-data with `photos` and `alt` parts."""
    if request.mimetype == "multipart/form-data":
        return request.form.to_dict(), uploads_from(request.files.getlist("photos"), request.form.getlist("alt"))
    return json_body(), []


@operation(bp, "post", "/wijken/<slug>/posts", "createPost", "Publish a new post", tag="posts",
           ok=schemas.Post, status=201, errors=(400, *WRITE, 422), body=schemas.PostCreate,
           multipart=schemas.PostCreateWithPhotos)
@client_scope("posts:write")
@token_required
@write_limit
@accepts_images(PHOTOS_PER_POST)
def create_post(slug):
    wijk = services.wijk_by_slug(slug)
    post = services.create_post(api_user(), wijk, *body_and_photos())
    return jsonify(post_json(post)), 201


@operation(bp, "get", "/me/feed", "getMyFeed", "Posts of followed wijken, newest first", tag="posts",
           ok=schemas.PostPage, errors=(400, 401), query=PAGING)
@token_required
def my_feed():
    posts, next_cursor = followed_feed(api_user(), before=request.args.get("before"),
                                       limit=parse_limit(request.args.get("limit"), 20))
    return _posts_page(posts, next_cursor)


@operation(bp, "get", "/posts/<int:post_id>", "getPost", "One post", tag="posts", ok=schemas.Post,
           errors=(401, 404), optional_token=True)
@client_scope("posts:read")
def show_post(post_id):
    return _post_with_counts(get_visible_or_404(Post, post_id, api_user()))


@operation(bp, "patch", "/posts/<int:post_id>", "updatePost", "Edit a post (author)", tag="posts",
           ok=schemas.Post, errors=(400, *WRITE, 422), body=schemas.PostUpdate)
@client_scope("posts:write")
@token_required
@write_limit
def edit_post(post_id):
    user = api_user()
    post = get_visible_or_404(Post, post_id, user)
    services.update_post(user, post, json_body())
    return _post_with_counts(post)


@operation(bp, "delete", "/posts/<int:post_id>", "deletePost", "Delete a post (author or moderator)",
           tag="posts", errors=(401, 403, 404, 429))
@client_scope("posts:write")
@token_required
@write_limit
def delete_post(post_id):
    user = api_user()
    services.delete_post(user, get_visible_or_404(Post, post_id, user))
    return "", 204


@operation(bp, "get", "/posts/<int:post_id>/comments", "listComments", "The post's thread, oldest first",
           tag="comments", ok=schemas.CommentPage, errors=(400, 401, 404), query=PAGING, optional_token=True,
           description="`before` takes the previous page's `next` and continues after it.")
@client_scope("posts:read")
def list_comments(post_id):
    user = api_user()
    post = get_visible_or_404(Post, post_id, user)
    comments, next_cursor = comment_page(post, before=request.args.get("before"),
                                         limit=parse_limit(request.args.get("limit"), 100))
    return jsonify({"items": [comment_json(c) for c in comments if can_view(user, c)], "next": next_cursor})


@operation(bp, "post", "/posts/<int:post_id>/comments", "createComment", "Comment, or reply to a comment",
           tag="comments", ok=schemas.Comment, status=201, errors=(400, *WRITE, 422), body=schemas.CommentCreate,
           multipart=schemas.CommentCreateWithPhoto)
@token_required
@write_limit
@accepts_images(PHOTOS_PER_COMMENT)
def create_comment(post_id):
    user = api_user()
    comment = services.add_comment(user, get_visible_or_404(Post, post_id, user), *body_and_photos())
    return jsonify(comment_json(comment)), 201


@operation(bp, "patch", "/comments/<int:comment_id>", "updateComment", "Edit a comment (author)",
           tag="comments", ok=schemas.Comment, errors=(400, *WRITE, 422), body=schemas.CommentUpdate)
@token_required
@write_limit
def edit_comment(comment_id):
    user = api_user()
    comment = services.update_comment(user, get_visible_or_404(Comment, comment_id, user), json_body())
    return jsonify(comment_json(comment))


@operation(bp, "delete", "/comments/<int:comment_id>", "deleteComment", "Delete a comment (author or moderator)",
           tag="comments", errors=(401, 403, 404, 429))
@token_required
@write_limit
def delete_comment(comment_id):
    user = api_user()
    services.delete_comment(user, get_visible_or_404(Comment, comment_id, user))
    return "", 204


REACTION = {"kind": ({"type": "string", "enum": list(REACTION_KINDS)}, "The reaction.")}


@operation(bp, "put", "/posts/<int:post_id>/reactions/<kind>", "addReaction", "React to a post", tag="posts",
           ok=schemas.ReactionResult, errors=(401, 403, 404, 429), path_params=REACTION)
@operation(bp, "delete", "/posts/<int:post_id>/reactions/<kind>", "removeReaction", "Take a reaction back",
           tag="posts", ok=schemas.ReactionResult, errors=(401, 403, 404, 429), path_params=REACTION)
@token_required
@write_limit
def react(post_id, kind):
    user = api_user()
    post = get_visible_or_404(Post, post_id, user)
    counts = services.set_reaction(user, post, kind, on=request.method == "PUT")
    return jsonify(schemas.ReactionResult(post_id=post.id, kind=kind, reacted=request.method == "PUT",
                                          reactions=reactions_json(counts)).dump())


@operation(bp, "put", "/posts/<int:post_id>/rsvp", "rsvp", "Sign up for an event", tag="posts",
           ok=schemas.RsvpResult, errors=(400, *WRITE, 409, 422), body=schemas.RsvpRequest,
           description="409 with code `full` when no place is left.")
@token_required
@write_limit
def rsvp(post_id):
    user = api_user()
    post = get_visible_or_404(Post, post_id, user)
    record = services.set_rsvp(user, post, json_body().get("status"))
    return jsonify(schemas.RsvpResult(post_id=post.id, status=record.status, going=post.going_count,
                                      maybe=post.maybe_count, capacity=post.capacity).dump())


@operation(bp, "get", "/wijken/<slug>/events", "listEvents", "Events after a seq, for resuming a live view",
           tag="wijken", ok=schemas.EventPage, errors=(400, 404, 422), query=(
               query_parameter("since", {"type": "integer", "minimum": 0, "default": 0},
                               "Only events with a larger seq."), LIMIT))
@client_scope("posts:read")
def events(slug):
    """Events after `since`, for a live view that reconnects; hidden content as ids only."""
    wijk = services.wijk_by_slug(slug)
    try:
        since = int(request.args.get("since", 0))
    except ValueError:
        raise ValidationError(_("since must be a number."), fields={"since": _("Must be a number.")}) from None
    since = seq_after(since)
    limit = parse_limit(request.args.get("limit"), 100)
    rows = db.session.scalars(select(WijkEvent).where(WijkEvent.wijk_id == wijk.id, WijkEvent.seq > since)
                              .order_by(WijkEvent.seq).limit(limit + 1)).all()
    page = rows[:limit]
    posts = _by_id(Post, {r.post_id for r in page})
    comments = _by_id(Comment, {r.comment_id for r in page})
    counts = services.reaction_counts(list(posts))
    items = [live.logged_event(row, posts.get(row.post_id), comments.get(row.comment_id), counts.get(row.post_id))
             for row in page]
    return jsonify(schemas.EventPage(items=items, next=page[-1].seq if len(rows) > limit else None,
                                     last_seq=wijk.last_seq, reset=_log_has_gap(wijk, since, rows)).dump())


def _log_has_gap(wijk: Wijk, since: int, rows) -> bool:
    """True when events after `since` were pruned: the client must reload instead of resuming."""
    if since >= wijk.last_seq:
        return False
    if rows:
        return rows[0].seq > since + 1
    return True


def _by_id(model, ids) -> dict:
    ids = {i for i in ids if i is not None}
    return {item.id: item for item in db.session.scalars(select(model).where(model.id.in_(ids)))} if ids else {}


# --- municipalities -----------------------------------------------------------------------------------------

path_parameter("municipality", {"type": "string"}, "The municipality's slug.")


@operation(bp, "get", "/municipalities", "listMunicipalities", "Municipalities by name", tag="municipalities",
           ok=schemas.MunicipalityList, query=PAGING, errors=(400,))
@client_scope("posts:read")
def list_municipalities():
    page, next_cursor = municipalities.municipality_page(request.args.get("before") or None,
                                                         parse_limit(request.args.get("limit"), 20))
    counts = municipalities.wijk_counts(page)
    return jsonify({"items": [municipality_json(m, counts.get(m.id, 0)) for m in page], "next": next_cursor})


@operation(bp, "get", "/municipalities/<municipality>", "getMunicipality",
           "One municipality with its wijken and partners", tag="municipalities", ok=schemas.MunicipalityDetail,
           errors=(404,))
@client_scope("posts:read")
def show_municipality(municipality):
    return _municipality_detail(municipalities.municipality_by_slug(municipality))


@operation(bp, "patch", "/municipalities/<municipality>/branding", "setMunicipalityBranding",
           "Change a municipality's primary colour (its admins, site admins)", tag="municipalities",
           ok=schemas.MunicipalityDetail, body=schemas.BrandingChange, errors=(400, *WRITE, 422))
@token_required
@write_limit
def set_branding(municipality):
    found = municipalities.municipality_by_slug(municipality)
    require(can_manage_municipality(api_user(), found), _("Only this municipality's admins change its branding."))
    data = parse(schemas.BrandingChange, json_body())
    municipalities.update_branding(api_user(), found, {"primary_colour": data.primary_colour})
    return _municipality_detail(found)


def _municipality_detail(municipality):
    return jsonify(municipality_detail_json(municipality, municipalities.wijken_of(municipality),
                                            municipalities.partners_of(municipality)))
