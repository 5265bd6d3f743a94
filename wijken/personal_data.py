"""The wijk side of a person's data: follows, posts, comments, reactions, RSVPs, wijk roles and mutes."""
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm import joinedload

from accounts.models import User
from accounts.personal_data import DELETE_REASON, delete_rows, erases, exports, rows
from audit.services import audit
from core.extensions import db
from core.timeutil import isoformat
from core.transactions import lock
from core.urls import external_url
from media.models import StoredImage

from . import live
from .kinds import REACTION_KINDS
from .models import Comment, Follow, Photo, Post, Reaction, Rsvp, Wijk, WijkEvent, WijkMute, WijkRole
from .serializers import comment_json, photo_json, post_json, public_comment, public_post, user_brief
from .services import reaction_counts, recount_rsvps, set_status


@exports("follows")
def _follows(user: User) -> list[dict]:
    found = db.session.execute(select(Follow, Wijk.slug, Wijk.name).join(Wijk, Wijk.id == Follow.wijk_id)
                               .where(Follow.user_id == user.id).order_by(Follow.id))
    return [{"wijk": slug, "wijk_name": name, "level": f.level, "created_at": isoformat(f.created_at)}
            for f, slug, name in found]


def authored(user: User, model, *conditions) -> list:
    """The person's posts or comments, with what serialising them needs loaded."""
    load = joinedload(Post.wijk) if model is Post else joinedload(Comment.post).joinedload(Post.wijk)
    return rows(select(model).options(load).where(model.author_id == user.id, *conditions).order_by(model.id))


@exports("posts")
def _posts(user: User) -> list[dict]:
    posts = authored(user, Post)
    counts = reaction_counts([p.id for p in posts])
    return [post_json(p, counts.get(p.id)) for p in posts]


@exports("comments")
def _comments(user: User) -> list[dict]:
    return [comment_json(c) | {"wijk": c.post.wijk.slug} for c in authored(user, Comment)]


@exports("photos")
def _photos(user: User) -> list[dict]:
    """The photos of their posts and comments: what they show and where to download them (while the post is
    there: removed posts lose their photos)."""
    found = rows(select(Photo).options(joinedload(Photo.post).joinedload(Post.wijk))
                 .join(StoredImage, StoredImage.id == Photo.image_id)
                 .where(StoredImage.owner_id == user.id).order_by(Photo.id))
    return [photo_json(p, p.post.wijk.slug) | {
        "post_id": p.post_id, "comment_id": p.comment_id, "created_at": isoformat(p.image.created_at),
        "download": external_url("wijken.photo", slug=p.post.wijk.slug, key=p.image.key, width=p.image.width),
    } for p in found]


@exports("reactions")
def _reactions(user: User) -> list[dict]:
    return [{"post_id": r.post_id, "kind": r.kind, "created_at": isoformat(r.created_at)}
            for r in rows(select(Reaction).where(Reaction.user_id == user.id).order_by(Reaction.id))]


@exports("rsvps")
def _rsvps(user: User) -> list[dict]:
    return [{"post_id": r.post_id, "status": r.status, "updated_at": isoformat(r.updated_at)}
            for r in rows(select(Rsvp).where(Rsvp.user_id == user.id).order_by(Rsvp.id))]


def _per_wijk(model, user: User):
    return db.session.execute(select(model, Wijk.slug).join(Wijk, Wijk.id == model.wijk_id)
                              .where(model.user_id == user.id).order_by(model.id))


@exports("wijk_roles")
def _wijk_roles(user: User) -> list[dict]:
    return [{"wijk": wijk, "role": r.role, "created_at": isoformat(r.created_at)}
            for r, wijk in _per_wijk(WijkRole, user)]


@exports("mutes")
def _mutes(user: User) -> list[dict]:
    return [{"wijk": wijk, "until": isoformat(m.until), "reason": m.reason, "created_at": isoformat(m.created_at)}
            for m, wijk in _per_wijk(WijkMute, user)]


def _published_posts(post_ids) -> list[Post]:
    if not post_ids:
        return []
    return rows(select(Post).options(joinedload(Post.wijk))
                .where(Post.id.in_(post_ids), Post.status == "published").order_by(Post.id))


@erases
def _drop_reactions(user: User, content: str) -> None:
    """Take the person's reactions back; open pages get the new counts."""
    post_ids = set(db.session.scalars(select(Reaction.post_id).where(Reaction.user_id == user.id)))
    delete_rows(user, Reaction)
    posts = _published_posts(post_ids)
    counts = reaction_counts([p.id for p in posts])
    for post in posts:
        mine = counts.get(post.id, {})
        payload = {"post_id": post.id, "reactions": {k: mine.get(k, 0) for k in REACTION_KINDS}}
        live.publish(post.wijk, live.next_seq(post.wijk), "reaction_changed", payload, post_id=post.id)


@erases
def _drop_rsvps(user: User, content: str) -> None:
    """Give the person's places back; the events' counters are counted again from the rows."""
    post_ids = sorted(set(db.session.scalars(select(Rsvp.post_id).where(Rsvp.user_id == user.id))))
    for post in rows(select(Post).options(joinedload(Post.wijk)).where(Post.id.in_(post_ids)).order_by(Post.id)):
        published = post.status == "published"
        seq = live.next_seq(post.wijk) if published else None  # the wijk first, as set_rsvp does
        lock(Post, post.id)
        db.session.execute(delete(Rsvp).where(Rsvp.user_id == user.id, Rsvp.post_id == post.id))
        recount_rsvps(post)
        if published:
            payload = {"post_id": post.id, "going": post.going_count, "maybe": post.maybe_count,
                       "capacity": post.capacity}
            live.publish(post.wijk, seq, "rsvp_changed", payload, post_id=post.id)


@erases
def _remove_or_rename_content(user: User, content: str) -> None:
    """Their posts and comments are removed like a moderator's removal, or stay under the new name."""
    comments = authored(user, Comment, Comment.status != "removed")
    posts = authored(user, Post, Post.status != "removed")
    if content == "remove":
        for item in [*comments, *posts]:  # every channel stops showing them
            set_status(item, "removed")
    else:
        _announce_new_byline(posts, comments)


def _announce_new_byline(posts: list[Post], comments: list[Comment]) -> None:
    """Kept content changed author name: a new seq (so cached wijk pages render again) and its live event."""
    visible = [p for p in posts if p.status == "published"]
    counts = reaction_counts([p.id for p in visible])
    for post in visible:
        post.seq = live.next_seq(post.wijk)
        live.publish(post.wijk, post.seq, "post_updated", public_post(post, counts.get(post.id)), post_id=post.id)
    for comment in comments:
        if comment.status == "published" and comment.post.status == "published":
            comment.seq = live.next_seq(comment.post.wijk)
            live.publish(comment.post.wijk, comment.seq, "comment_updated", public_comment(comment),
                         post_id=comment.post_id, comment_id=comment.id)


@erases
def _drop_wijk_ties(user: User, content: str) -> None:
    """Wijk roles end (each in the audit log, as a revocation is), follows and mutes go."""
    for role in rows(select(WijkRole).options(joinedload(WijkRole.wijk)).where(WijkRole.user_id == user.id)):
        audit(user, "revoke_role", "user", user.id, DELETE_REASON, wijk=role.wijk, role=role.role)
        db.session.delete(role)
    delete_rows(user, Follow, WijkMute)


@erases
def _scrub_event_log(user: User, content: str) -> None:
    """The event log keeps copies of posts and comments with their author: those copies get the new name."""
    own_posts = select(Post.id).where(Post.author_id == user.id)
    own_comments = select(Comment.id).where(Comment.author_id == user.id)
    events = db.session.scalars(select(WijkEvent).where(or_(
        and_(WijkEvent.post_id.in_(own_posts), WijkEvent.comment_id.is_(None)),
        WijkEvent.comment_id.in_(own_comments))))
    brief = user_brief(user)
    for event in events:
        author = event.payload.get("author") if isinstance(event.payload, dict) else None
        if isinstance(author, dict) and author.get("id") == user.id and author != brief:
            event.payload = {**event.payload, "author": brief}
