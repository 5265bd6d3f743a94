"""The API's object shapes, shared by the JSON API, live events and the event log."""
from flask_babel import gettext as _

from core.timeutil import isoformat

from .kinds import REACTION_KINDS


def shown_name(user) -> str:
    """The name others see; a deleted account's is "deleted user", in the reader's language."""
    return _("deleted user") if user.deleted_at is not None else user.display_name


def user_brief(user) -> dict:
    return {"id": user.id, "display_name": shown_name(user)}


def organisation_brief(org) -> dict | None:
    if org is None:
        return None
    return {"slug": org.slug, "name": org.name, "kind": org.kind, "verified": org.verified}


def wijk_json(wijk, follower_count: int, *, geometry: bool = False) -> dict:
    data = {"slug": wijk.slug, "name": wijk.name, "cbs_code": wijk.cbs_code,
            "municipality": wijk.municipality, "follower_count": follower_count}
    if geometry:
        data |= {"description": wijk.description, "geometry": wijk.geometry}
    return data


def removed_stub(item) -> dict:
    """What everyone may know of hidden or removed content: that it went away."""
    return {"id": item.id, "status": item.status, "seq": item.seq}


def post_json(post, reactions: dict[str, int] | None = None) -> dict:
    reactions = reactions or {}
    data = {
        "id": post.id,
        "wijk": post.wijk.slug,
        "kind": post.kind,
        "title": post.title,
        "body": post.body,
        "body_html": post.body_html,
        "author": user_brief(post.author),
        "organisation": organisation_brief(post.organisation),
        "status": post.status,
        "pinned": post.pinned,
        "created_at": isoformat(post.created_at),
        "edited_at": isoformat(post.edited_at),
        "seq": post.seq,
        "comment_count": post.comment_count,
        "reactions": {kind: reactions.get(kind, 0) for kind in REACTION_KINDS},
    }
    info = post.kind_info
    if info.is_event:
        data |= {
            "starts_at": isoformat(post.starts_at), "ends_at": isoformat(post.ends_at),
            "location": post.location, "route": post.route, "capacity": post.capacity,
            "rsvp": {"going": post.going_count, "maybe": post.maybe_count},
        }
    if info.expires:
        data["expires_at"] = isoformat(post.expires_at)
    return data


def comment_json(comment) -> dict:
    return {
        "id": comment.id,
        "post_id": comment.post_id,
        "parent_id": comment.parent_id,
        "body": comment.body,
        "body_html": comment.body_html,
        "author": user_brief(comment.author),
        "organisation": None,
        "status": comment.status,
        "created_at": isoformat(comment.created_at),
        "edited_at": isoformat(comment.edited_at),
        "seq": comment.seq,
    }


def public_post(post, reactions: dict[str, int] | None = None) -> dict:
    """The post as anyone may see it: in full while published, otherwise only that it went away.

    Live events and the event log carry this shape, so hidden or removed
    content never travels to people who may not see it.
    """
    return post_json(post, reactions) if post.status == "published" else removed_stub(post)


def public_comment(comment) -> dict:
    if comment.status == "published" and comment.post.status == "published":
        return comment_json(comment)
    return removed_stub(comment) | {"post_id": comment.post_id}
