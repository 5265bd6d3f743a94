"""JSON API of the wijk side (CONTRACT.md); reads are public, writes need a token."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.auth import api_user, client_scope, token_required
from core.api import json_body
from core.errors import NotFound, ValidationError
from core.extensions import db
from core.ratelimits import write_limit as rate_limit_writes
from core.validation import MAX_ID
from wijken.permissions import can_view

from . import live, services
from .feeds import comment_page, followed_feed, parse_limit, wijk_feed
from .geo import wijk_at
from .kinds import KINDS
from .models import Comment, Post, Wijk, WijkEvent
from .serializers import comment_json, post_json, wijk_json

bp = Blueprint("wijken_api", __name__, url_prefix="/api/v1")

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


@bp.get("/wijken")
@client_scope("posts:read")
def list_wijken():
    wijken = db.session.scalars(select(Wijk).order_by(Wijk.name)).all()
    counts = services.follower_counts([w.id for w in wijken])
    return jsonify({"items": [wijk_json(w, counts.get(w.id, 0)) for w in wijken], "next": None})


@bp.get("/wijken/<slug>")
@client_scope("posts:read")
def show_wijk(slug):
    wijk = services.wijk_by_slug(slug)
    return jsonify(wijk_json(wijk, services.follower_counts([wijk.id]).get(wijk.id, 0), geometry=True))


@bp.get("/lookup")
@client_scope("posts:read")
def lookup():
    try:
        lat, lon = float(request.args["lat"]), float(request.args["lon"])
    except (KeyError, ValueError):
        raise ValidationError(_("Give lat and lon as numbers."),
                              fields={"lat": _("Required number."), "lon": _("Required number.")}) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(_("Coordinates out of range."), fields={"lat": _("Out of range.")})
    wijk = wijk_at(lat, lon)
    if wijk is None:
        raise NotFound(_("No wijk at that point."), code="no_wijk_here")
    return jsonify(wijk_json(wijk, services.follower_counts([wijk.id]).get(wijk.id, 0)))


@bp.route("/wijken/<slug>/follow", methods=["PUT", "DELETE"])
@token_required
@write_limit
def follow(slug):
    wijk = services.wijk_by_slug(slug)
    if request.method == "DELETE":
        services.unfollow(api_user(), wijk)
        return "", 204
    body = json_body(optional=True)
    record = services.follow(api_user(), wijk, body.get("level"), body.get("digest_frequency"))
    return jsonify({"wijk": wijk.slug, "level": record.level, "digest_frequency": record.digest_frequency,
                    "follower_count": services.follower_counts([wijk.id]).get(wijk.id, 0)})


@bp.get("/wijken/<slug>/posts")
@client_scope("posts:read")
def list_posts(slug):
    wijk = services.wijk_by_slug(slug)
    kind = request.args.get("kind") or None
    if kind and kind not in KINDS:
        raise ValidationError(_("Unknown kind."), fields={"kind": _("Unknown kind.")})
    posts, next_cursor = wijk_feed(wijk, kind=kind, before=request.args.get("before"),
                                   limit=parse_limit(request.args.get("limit"), 20))
    return _posts_page(posts, next_cursor)


@bp.post("/wijken/<slug>/posts")
@client_scope("posts:write")
@token_required
@write_limit
def create_post(slug):
    wijk = services.wijk_by_slug(slug)
    post = services.create_post(api_user(), wijk, json_body())
    return jsonify(post_json(post)), 201


@bp.get("/me/feed")
@token_required
def my_feed():
    posts, next_cursor = followed_feed(api_user(), before=request.args.get("before"),
                                       limit=parse_limit(request.args.get("limit"), 20))
    return _posts_page(posts, next_cursor)


@bp.get("/posts/<int:post_id>")
@client_scope("posts:read")
def show_post(post_id):
    return _post_with_counts(get_visible_or_404(Post, post_id, api_user()))


@bp.patch("/posts/<int:post_id>")
@client_scope("posts:write")
@token_required
@write_limit
def edit_post(post_id):
    user = api_user()
    post = get_visible_or_404(Post, post_id, user)
    services.update_post(user, post, json_body())
    return _post_with_counts(post)


@bp.delete("/posts/<int:post_id>")
@client_scope("posts:write")
@token_required
@write_limit
def delete_post(post_id):
    user = api_user()
    services.delete_post(user, get_visible_or_404(Post, post_id, user))
    return "", 204


@bp.get("/posts/<int:post_id>/comments")
@client_scope("posts:read")
def list_comments(post_id):
    user = api_user()
    post = get_visible_or_404(Post, post_id, user)
    comments, next_cursor = comment_page(post, before=request.args.get("before"),
                                         limit=parse_limit(request.args.get("limit"), 100))
    return jsonify({"items": [comment_json(c) for c in comments if can_view(user, c)], "next": next_cursor})


@bp.post("/posts/<int:post_id>/comments")
@token_required
@write_limit
def create_comment(post_id):
    user = api_user()
    comment = services.add_comment(user, get_visible_or_404(Post, post_id, user), json_body())
    return jsonify(comment_json(comment)), 201


@bp.patch("/comments/<int:comment_id>")
@token_required
@write_limit
def edit_comment(comment_id):
    user = api_user()
    comment = services.update_comment(user, get_visible_or_404(Comment, comment_id, user), json_body())
    return jsonify(comment_json(comment))


@bp.delete("/comments/<int:comment_id>")
@token_required
@write_limit
def delete_comment(comment_id):
    user = api_user()
    services.delete_comment(user, get_visible_or_404(Comment, comment_id, user))
    return "", 204


@bp.route("/posts/<int:post_id>/reactions/<kind>", methods=["PUT", "DELETE"])
@token_required
@write_limit
def react(post_id, kind):
    user = api_user()
    post = get_visible_or_404(Post, post_id, user)
    counts = services.set_reaction(user, post, kind, on=request.method == "PUT")
    return jsonify({"post_id": post.id, "kind": kind, "reacted": request.method == "PUT",
                    "reactions": post_json(post, counts)["reactions"]})


@bp.put("/posts/<int:post_id>/rsvp")
@token_required
@write_limit
def rsvp(post_id):
    user = api_user()
    post = get_visible_or_404(Post, post_id, user)
    record = services.set_rsvp(user, post, json_body().get("status"))
    return jsonify({"post_id": post.id, "status": record.status, "going": post.going_count,
                    "maybe": post.maybe_count, "capacity": post.capacity})


@bp.get("/wijken/<slug>/events")
@client_scope("posts:read")
def events(slug):
    """Events after `since`, for a live view that reconnects; hidden content as ids only."""
    wijk = services.wijk_by_slug(slug)
    try:
        since = int(request.args.get("since", 0))
    except ValueError:
        raise ValidationError(_("since must be a number."), fields={"since": _("Must be a number.")}) from None
    since = min(max(since, 0), MAX_ID)  # every seq lies in between; the database refuses numbers far beyond
    limit = parse_limit(request.args.get("limit"), 100)
    rows = db.session.scalars(select(WijkEvent).where(WijkEvent.wijk_id == wijk.id, WijkEvent.seq > since)
                              .order_by(WijkEvent.seq).limit(limit + 1)).all()
    page = rows[:limit]
    posts = _by_id(Post, {r.post_id for r in page})
    comments = _by_id(Comment, {r.comment_id for r in page})
    counts = services.reaction_counts(list(posts))
    items = [live.logged_event(row, posts.get(row.post_id), comments.get(row.comment_id), counts.get(row.post_id))
             for row in page]
    return jsonify({"items": items, "next": page[-1].seq if len(rows) > limit else None,
                    "last_seq": wijk.last_seq, "reset": _log_has_gap(wijk, since, rows)})


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
