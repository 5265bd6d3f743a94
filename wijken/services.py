"""Use cases of the wijk side, shared by the HTML views and the JSON API.

Each function validates, checks permission, writes, publishes its live event and
commits once. It raises ValidationError, PermissionDenied, NotFound or Conflict
and then leaves the database as it was.
"""
from datetime import timedelta

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _
from sqlalchemy import and_, delete, func, select
from sqlalchemy.exc import IntegrityError

from core.errors import Conflict, NotFound, PermissionDenied, ValidationError, require
from core.extensions import db
from core.markup import render_markdown
from core.schemas import Input
from core.timeutil import utcnow
from core.transactions import commit, lock
from core.validation import comparable, row_id
from partners.models import Organisation
from partners.services import function_title
from wijken.permissions import (
    can_comment_as,
    can_delete,
    can_edit,
    can_manage_wijk,
    can_participate,
    can_post,
    thread_refusal,
)

from . import live, schemas, signals
from .kinds import DEFAULT_FOLLOW_LEVEL, KINDS, REACTION_KINDS
from .models import Comment, Follow, Post, Reaction, Rsvp, Wijk, WijkMute
from .photos import PHOTOS_PER_COMMENT, PHOTOS_PER_POST, attach, discard_photos, read_photos
from .serializers import public_comment, public_post


def active_mute(user, wijk) -> WijkMute | None:
    """The mute that keeps `user` from writing in `wijk` now, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    now = utcnow()
    return next((m for m in user.mutes if m.wijk_id == wijk.id and m.until > now), None)


def mute_message(mute: WijkMute, wijk) -> str:
    """Why a muted person's write is refused: until when (Amsterdam time) and the moderator's reason."""
    return _("A moderator has muted you in %(wijk)s until %(until)s: you can read, but not post, comment, react "
             "or sign up there. Reason: %(reason)s", wijk=wijk.name,
             until=format_datetime(mute.until, "d MMMM y, HH:mm"), reason=mute.reason)


def require_writer(allowed: bool, user, wijk, message: str) -> None:
    """Like `require`, but a muted person hears that they are muted, until when and why."""
    if not allowed:
        mute = active_mute(user, wijk)
        raise PermissionDenied(mute_message(mute, wijk) if mute else message)


def wijk_by_slug(slug) -> Wijk:
    wijk = db.session.scalar(select(Wijk).where(Wijk.slug == slug)) if comparable(slug) else None
    if wijk is None:
        raise NotFound(_("No such wijk."))
    return wijk


# --- follows -----------------------------------------------------------------

def _mail_choices(level, digest_frequency) -> tuple[str, str | None]:
    """A valid (level, digest rhythm) pair: level defaults to DEFAULT_FOLLOW_LEVEL, a missing rhythm stays as it
    is."""
    fields = Input(schemas.FollowRequest, {"level": level, "digest_frequency": digest_frequency})
    level, frequency = fields["level"] or DEFAULT_FOLLOW_LEVEL, fields["digest_frequency"]
    fields.check()
    return level, frequency


def follow(user, wijk, level: str | None = None, digest_frequency: str | None = None) -> Follow:
    """Follow a wijk, or change the e-mail level (and digest rhythm) of an existing follow."""
    level, frequency = _mail_choices(level, digest_frequency)
    existing = get_follow(user, wijk)
    if existing:
        existing.level = level
    else:
        existing = Follow(user_id=user.id, wijk_id=wijk.id, level=level)
        db.session.add(existing)
        signals.followed.send(existing)
    if frequency:
        existing.digest_frequency = frequency
    user.page_state_changed()
    try:
        commit()
    except IntegrityError:  # a concurrent request followed first: that is fine
        db.session.rollback()
        existing = get_follow(user, wijk)
    return existing


def update_follows(user, settings: dict[Follow, tuple]) -> None:
    """Change the mail of several of the user's follows ({follow: (level, digest rhythm)}) in one go:
    all of it, or (for a wrong choice anywhere) nothing."""
    valid = {follow: _mail_choices(*choice) for follow, choice in settings.items()}
    for follow, (level, frequency) in valid.items():
        require(follow.user_id == user.id)
        follow.level = level
        if frequency:
            follow.digest_frequency = frequency
    user.page_state_changed()
    commit()


def unfollow(user, wijk) -> None:
    db.session.execute(delete(Follow).where(Follow.user_id == user.id, Follow.wijk_id == wijk.id))
    user.page_state_changed()
    commit()


def follows_of(user) -> list[Follow]:
    """The wijken a person follows, in the order they followed them."""
    return list(db.session.scalars(select(Follow).where(Follow.user_id == user.id).order_by(Follow.id)))


def get_follow(user, wijk) -> Follow | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Follow).where(Follow.user_id == user.id, Follow.wijk_id == wijk.id))


def follower_counts(wijk_ids) -> dict[int, int]:
    rows = db.session.execute(select(Follow.wijk_id, func.count()).where(Follow.wijk_id.in_(wijk_ids))
                              .group_by(Follow.wijk_id))
    return dict(rows.all())


# --- posts -------------------------------------------------------------------

def _organisation_by_slug(fields: Input):
    slug = fields["organisation"]
    if slug is None:
        return None
    org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        fields.error("organisation", _("Unknown organisation."))
    return org


def _event_fields(fields: Input, info, current: Post | None = None) -> dict:
    """Start, end, location, route and capacity of an event or wijkschouw."""
    values = {}
    creating = current is None
    for name in ("starts_at", "ends_at"):
        if creating or fields.present(name):
            required = name == "starts_at" or info.needs_end
            values[name] = fields.require(name) if required else fields[name]
    if creating or fields.present("location"):
        values["location"] = fields.require("location")
    for name in ("route", "capacity"):
        if creating or fields.present(name):
            values[name] = fields[name]
    starts = values.get("starts_at", current.starts_at if current else None)
    ends = values.get("ends_at", current.ends_at if current else None)
    if starts and ends and ends <= starts:
        fields.error("ends_at", _("The end must be after the start."))
    capacity = values.get("capacity")
    if current is not None and capacity is not None and capacity < current.going_count:
        fields.error("capacity", _("%(n)d people are already coming.", n=current.going_count))
    return values


def _warning_fields(fields: Input, creating: bool) -> dict:
    if not creating and not fields.present("expires_at"):
        return {}
    expires_at = fields["expires_at"]
    if expires_at is None and creating:
        expires_at = utcnow() + timedelta(days=current_app.config["WARNING_DEFAULT_DAYS"])
    if expires_at is not None and expires_at <= utcnow():
        fields.error("expires_at", _("The expiry must be in the future."))
    return {"expires_at": expires_at}


def _kind_fields(fields: Input, info, current: Post | None = None) -> dict:
    values = {}
    if info.is_event:
        values |= _event_fields(fields, info, current)
    if info.expires:
        values |= _warning_fields(fields, creating=current is None)
    return values


def create_post(author, wijk, data, photos=()) -> Post:
    """Validate and publish a new post in `wijk`, as a resident or as an organisation, with up to
    PHOTOS_PER_POST photos (`photos.PhotoUpload`s)."""
    fields = Input(schemas.PostCreate, data)
    kind = fields["kind"]
    organisation = _organisation_by_slug(fields)
    fields.check()
    require_writer(can_post(author, wijk, kind, organisation), author, wijk,
                   _("You may not post this kind of message here."))
    info = KINDS[kind]
    title, body = fields["title"], fields["body"]
    extra = _kind_fields(fields, info)
    pictures = read_photos(fields, list(photos), PHOTOS_PER_POST)
    fields.check()
    status = "pending" if _awaits_approval(author, wijk, organisation) else "published"
    post = _add_post(Post(wijk=wijk, author=author, organisation=organisation, kind=kind, title=title,
                          status=status, body=body, body_html=render_markdown(body), **extra), pictures)
    commit()
    return post


def create_tool_post(author, wijk, organisation, kind: str, title: str, body: str, *, thread_open: bool = True,
                     pictures=(), **event) -> Post:
    """The wijk post of a higher area's tool (a participation's `vraag`, a spreekuur): validated by the tool, posted
    as its organisation (or by a resident, where the kind allows it), in the feed and its live thread like any other
    post (`thread_open=False`: nobody else comments or reacts). `event`: starts_at, ends_at and location of a kind
    that is an event. `pictures`: photos the tool read with wijken.photos.read_photos."""
    require(can_post(author, wijk, kind, organisation), _("You may not post this kind of message here."))
    post = _add_post(Post(wijk=wijk, author=author, organisation=organisation, kind=kind, title=title,
                          status="published", body=body, body_html=render_markdown(body), thread_open=thread_open,
                          **event), pictures)
    commit()
    return post


def _add_post(post: Post, pictures=()) -> Post:
    post.author_function = function_title(post.author, post.organisation)
    post.seq = live.next_seq(post.wijk)
    db.session.add(post)
    db.session.flush()
    if pictures:  # in the post's first event and its mail already
        attach(post.author, post, pictures)
        db.session.flush()
        db.session.expire(post, ["photos"])
    live.publish(post.wijk, post.seq, "post_created", public_post(post), post_id=post.id)
    if post.status == "published":
        post_became_visible(post)
    return post


def post_became_visible(post: Post) -> None:
    """A post was published (at once, or approved by a moderator): the live alert for a warning, mail and
    the followers' notifications.

    Part of the writing transaction; the mail is queued in the outbox and goes out after commit.
    """
    if KINDS[post.kind].expires:
        live.publish(post.wijk, live.next_seq(post.wijk), "alert", public_post(post), post_id=post.id)
    signals.post_published.send(post)


def _awaits_approval(author, wijk, organisation) -> bool:
    """With pre-moderation on, a resident's first posts in the wijk wait for a moderator."""
    if not wijk.premoderation or organisation is not None or can_manage_wijk(author, wijk):
        return False
    approved = db.session.scalar(select(func.count()).select_from(Post).where(
        Post.author_id == author.id, Post.wijk_id == wijk.id, Post.status == "published"))
    return approved < wijk.premoderation_posts


def update_post(actor, post: Post, data) -> Post:
    """Edit title, body and the kind's own fields; marks the post as edited."""
    require(can_edit(actor, post), _("Only the author can edit this."))
    fields = Input(schemas.PostUpdate, data)
    values = {name: fields.require(name) for name in ("title", "body") if fields.present(name)}
    values |= _kind_fields(fields, post.kind_info, current=post)
    fields.check()
    if not values:
        return post
    seq = live.next_seq(post.wijk)  # the wijk first, as every writer of it does: then the post
    if values.get("capacity") is not None:
        lock(Post, post.id)
        going = db.session.scalar(select(func.count()).where(Rsvp.post_id == post.id, Rsvp.status == "going"))
        if values["capacity"] < going:  # someone signed up since the form was checked
            db.session.rollback()
            raise ValidationError(_("Some fields need attention."), fields={
                "capacity": _("%(n)d people are already coming.", n=going)})
    changed = {name for name, value in values.items() if getattr(post, name) != value}
    for name, value in values.items():
        setattr(post, name, value)
    if "body" in values:
        post.body_html = render_markdown(post.body)
    post.edited_at = utcnow()
    post.seq = seq
    db.session.flush()
    payload = public_post(post, reaction_counts([post.id]).get(post.id))
    live.publish(post.wijk, post.seq, "post_updated", payload, post_id=post.id)
    signals.post_edited.send(post, actor=actor, changed=changed)
    commit()
    return post


def _moderator_removes(actor, item) -> None:
    """Someone else's content: a moderation action (the moderation area carries it out, with its audit entry
    and the author told)."""
    if not signals.removal_by_moderator.send(item, actor=actor):
        raise PermissionDenied(_("You may not delete this."))


def _delete(actor, item) -> None:
    """Remove a post or comment: its author's own removal, or a moderation action by anyone else allowed to."""
    require(can_delete(actor, item), _("You may not delete this."))
    if item.author_id != actor.id:
        return _moderator_removes(actor, item)
    set_status(item, "removed", actor)
    commit()


def delete_post(actor, post: Post) -> None:
    """Remove a post (author or moderator); it disappears from every channel."""
    _delete(actor, post)


def set_status(item, status: str, actor=None) -> None:
    """Change a post's or comment's status and announce it: gone content by id only.

    `actor`: the author removing their own post, or None for a moderator or the system.
    """
    post = item.post if isinstance(item, Comment) else item
    before, was_visible = item.status, item.status == "published"
    item.status = status
    if isinstance(item, Post) and status != "published":
        item.pinned = False
    item.seq = live.next_seq(post.wijk)
    if status == "removed":  # final: its photos go, files and all
        discard_photos(post, item if isinstance(item, Comment) else None)
    db.session.flush()
    signals.status_changed.send(item, before=before)
    if isinstance(item, Comment):
        recount_comments(post)
        name = "comment_removed" if status == "removed" else "comment_updated"
        if status == "published":
            name = "comment_created"
        live.publish(post.wijk, item.seq, name, public_comment(item), post_id=post.id, comment_id=item.id)
        return
    name = "post_removed" if status == "removed" else "post_updated"
    if status == "published" and not was_visible:
        name = "post_created"
    live.publish(post.wijk, item.seq, name, public_post(item), post_id=post.id)
    if status == "removed":
        signals.post_removed.send(item, actor=actor)


def reaction_counts(post_ids) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = {}
    if not post_ids:
        return counts
    rows = db.session.execute(select(Reaction.post_id, Reaction.kind, func.count())
                              .where(Reaction.post_id.in_(post_ids))
                              .group_by(Reaction.post_id, Reaction.kind))
    for post_id, kind, n in rows:
        counts.setdefault(post_id, {})[kind] = n
    return counts


def user_reactions(user, post_ids) -> set[tuple[int, str]]:
    if not getattr(user, "is_authenticated", False) or not post_ids:
        return set()
    rows = db.session.execute(select(Reaction.post_id, Reaction.kind)
                              .where(Reaction.user_id == user.id, Reaction.post_id.in_(post_ids)))
    return {tuple(row) for row in rows}


def set_reaction(user, post: Post, kind: str, on: bool) -> dict[str, int]:
    """Add or take back one reaction of `kind`; returns the post's new counts."""
    require_writer(can_participate(user, post), user, post.wijk, _("You cannot react to this post."))
    if kind not in REACTION_KINDS:
        raise NotFound(_("Unknown reaction."))
    mine = and_(Reaction.post_id == post.id, Reaction.user_id == user.id, Reaction.kind == kind)
    if on != bool(db.session.scalar(select(Reaction.id).where(mine))):
        seq = live.next_seq(post.wijk)
        if on:
            db.session.add(Reaction(post_id=post.id, user_id=user.id, kind=kind))
        else:
            db.session.execute(delete(Reaction).where(mine))
        db.session.flush()
        counts = reaction_counts([post.id]).get(post.id, {})
        payload = {"post_id": post.id, "reactions": {k: counts.get(k, 0) for k in REACTION_KINDS}}
        live.publish(post.wijk, seq, "reaction_changed", payload, post_id=post.id)
        signals.reactions_changed.send(post, actor=user)
        try:
            commit()
        except IntegrityError:  # the same reaction arrived twice at once: one is enough
            db.session.rollback()
    return reaction_counts([post.id]).get(post.id, {})


# --- RSVP --------------------------------------------------------------------

def get_rsvp(user, post: Post) -> Rsvp | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(Rsvp).where(Rsvp.post_id == post.id, Rsvp.user_id == user.id))


def recount_rsvps(post: Post) -> None:
    """Set the post's `going` and `maybe` counters from its RSVP rows (call with the post locked)."""
    counts = dict(db.session.execute(select(Rsvp.status, func.count()).where(Rsvp.post_id == post.id)
                                     .group_by(Rsvp.status)).all())
    post.going_count = counts.get("going", 0)
    post.maybe_count = counts.get("maybe", 0)


def set_rsvp(user, post: Post, status) -> Rsvp:
    """Sign up for an event or wijkschouw; never more `going` than its capacity.

    Under any interleaving of requests: the wijk's seq is taken first (every writer of the wijk takes it
    before its other writes, so they queue in one order), then the post is locked and the person's current
    answer read; the counters are counted from the rows, never adjusted from what was read earlier.
    """
    require_writer(can_participate(user, post), user, post.wijk, _("You cannot sign up for this."))
    if not post.kind_info.is_event:
        raise ValidationError(_("This post is not an event."), fields={"status": _("Not an event.")})
    fields = Input(schemas.RsvpRequest, {"status": status})
    status = fields["status"]
    fields.check()
    post_id, user_id = post.id, user.id
    seq = live.next_seq(post.wijk)
    post = lock(Post, post_id)
    rsvp = db.session.execute(select(Rsvp).where(Rsvp.post_id == post_id, Rsvp.user_id == user_id)
                              .execution_options(populate_existing=True)).scalar_one_or_none()
    if rsvp is not None and rsvp.status == status:
        db.session.rollback()  # nothing changes: no seq, no event
        return rsvp
    if status == "going" and post.capacity is not None:
        going = db.session.scalar(select(func.count()).where(Rsvp.post_id == post_id, Rsvp.status == "going"))
        if going >= post.capacity:
            db.session.rollback()
            raise Conflict(_("This activity is full."), code="full")
    if rsvp is None:
        rsvp = Rsvp(post_id=post_id, user_id=user_id, status=status)
        db.session.add(rsvp)
    rsvp.status = status
    rsvp.updated_at = utcnow()
    db.session.flush()
    recount_rsvps(post)
    payload = {"post_id": post.id, "going": post.going_count, "maybe": post.maybe_count,
               "capacity": post.capacity}
    live.publish(post.wijk, seq, "rsvp_changed", payload, post_id=post.id)
    commit()
    return rsvp


def attendees(post: Post) -> list[Rsvp]:
    return list(db.session.scalars(select(Rsvp).where(Rsvp.post_id == post.id, Rsvp.status != "not_going")
                                   .order_by(Rsvp.status, Rsvp.updated_at)))


# --- comments ----------------------------------------------------------------

def _replied_to(post: Post, fields: Input) -> Comment | None:
    """The published comment of this post that `parent_id` names, if any."""
    parent_id = fields["parent_id"]
    if parent_id is None and fields.errors.pop("parent_id", None) is None:
        return None
    parent = db.session.get(Comment, parent_id) if row_id(parent_id) is not None else None
    if parent is None or parent.post_id != post.id or parent.status != "published":
        fields.error("parent_id", _("You cannot reply to this comment."))
        return None
    return parent


def add_comment(author, post: Post, data, photos=()) -> Comment:
    """A comment (or a reply) with at most PHOTOS_PER_COMMENT photo."""
    require_writer(can_participate(author, post), author, post.wijk, _("You cannot comment on this post."))
    refusal = thread_refusal(author, post)
    if refusal:
        raise Conflict(refusal, code="thread_closed")
    fields = Input(schemas.CommentCreate, data)
    body = fields["body"]
    replied_to = _replied_to(post, fields)
    organisation = _organisation_by_slug(fields)
    pictures = read_photos(fields, list(photos), PHOTOS_PER_COMMENT)
    fields.check()
    require(organisation is None or can_comment_as(author, post, organisation),
            _("You may not reply on behalf of this organisation here."))
    # One level of replies: a reply to a reply joins the same conversation.
    parent = db.session.get(Comment, replied_to.parent_id) if replied_to and replied_to.parent_id else replied_to
    return _insert_comment(Comment(post=post, author=author, organisation=organisation, body=body,
                                   parent_id=parent.id if parent else None), replied_to, pictures)


def add_tool_comment(author, post: Post, organisation, body: str) -> Comment:
    """A higher area's entry in a post's thread (a melding's status change with the handler's text), validated
    by that area, written as its organisation with the badge; also where the post has no open thread."""
    return _insert_comment(Comment(post=post, author=author, organisation=organisation, body=body), None)


def _insert_comment(comment: Comment, replied_to: Comment | None, pictures=()) -> Comment:
    post = comment.post
    seq = live.next_seq(post.wijk)
    comment.body_html, comment.seq = render_markdown(comment.body), seq
    comment.author_function = function_title(comment.author, comment.organisation)
    db.session.add(comment)
    db.session.flush()
    if pictures:
        attach(comment.author, post, pictures, comment=comment)
        db.session.expire(comment, ["photos"])
    recount_comments(post)
    live.publish(post.wijk, seq, "comment_created", public_comment(comment),
                     post_id=post.id, comment_id=comment.id)
    signals.comment_added.send(comment, replied_to=replied_to)
    commit()
    return comment


def update_comment(actor, comment: Comment, data) -> Comment:
    require(can_edit(actor, comment), _("Only the author can edit this."))
    fields = Input(schemas.CommentUpdate, data)
    body = fields["body"]
    fields.check()
    comment.body = body
    comment.body_html = render_markdown(body)
    comment.edited_at = utcnow()
    comment.seq = live.next_seq(comment.post.wijk)
    live.publish(comment.post.wijk, comment.seq, "comment_updated", public_comment(comment),
                     post_id=comment.post_id, comment_id=comment.id)
    signals.comment_edited.send(comment)
    commit()
    return comment


def delete_comment(actor, comment: Comment) -> None:
    """Remove a comment (author or moderator)."""
    _delete(actor, comment)


def recount_comments(post: Post) -> None:
    """Keep the post's comment count in step with its visible comments."""
    post.comment_count = db.session.scalar(
        select(func.count()).where(Comment.post_id == post.id, Comment.status == "published"))
