"""In-app notifications: who hears what, in their own language, and the live unread count.

Kinds (`Notification.kind`):

- `reply`: someone commented on my post or replied to my comment (not in a live chat: `PostKind.chat`);
- `reaction`: people reacted to my post; one unread notification per post, rewritten with the number of
  people who reacted since I last read one (taking a reaction back lowers it, and at zero it goes);
- `new_post`: a post became visible in a wijk I follow at level `all` (every post) or `important` (the
  kinds in wijken.kinds.IMPORTANT_KINDS); `digest` and `none` get nothing here (the digest is mail);
- `moderation`: what a moderator did to my content, or a mute (written by the moderation area);
- `event_changed`, `event_cancelled`: an event or wijkschouw I said I would (maybe) come to moved, or was
  removed.

Nobody is told about their own doing, and deleted accounts and partner systems' service accounts are never
told anything. The wijk side's signals (wijken.signals) and the moderation area call these functions inside
the writing transaction, so a rolled-back write notifies nobody. A message is written once, in the
recipient's language, and quotes at most a post's title, never a body. When the post (or comment) a
notification links to is no longer visible to its reader, the list shows a neutral text instead of the
message (`entries`).

Live count: every change of a user's unread count is collected in the transaction (core.transactions);
just before the commit the new counts are read (one query per kind of change) and queued for the users' private rooms
(`realtime.notify_user`), which emit them after the commit, as the `notifications` event `{"unread": n}`.
"""
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale, format_datetime, ngettext
from flask_babel import gettext as _
from sqlalchemy import DateTime, String, and_, func, insert, literal, or_, select, update
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import HTTPException

from accounts.models import User
from core import realtime
from core.errors import NotFound
from core.extensions import db
from core.i18n import LANGUAGES
from core.schemas import Input
from core.timeutil import utcnow
from core.transactions import before_commit, collect, commit
from core.urls import path_for
from core.validation import id_before, row_id
from notifications import schemas
from notifications.models import Notification
from wijken import signals
from wijken.feeds import BadCursor
from wijken.kinds import KINDS, levels_told_at_once
from wijken.models import Comment, Follow, Post, Reaction, Rsvp
from wijken.permissions import can_view
from wijken.serializers import shown_name

PAGE_SIZE = 30
EVENT_FIELDS = frozenset({"starts_at", "ends_at", "location"})
COMING = ("going", "maybe")


# --- writing ------------------------------------------------------------------

def locale_of(user) -> str:
    return user.locale if user.locale in LANGUAGES else "nl"


def reachable(user) -> bool:
    """Someone who reads the site: not a deleted account, not a partner system's service account."""
    return user.deleted_at is None and not user.is_service


def notify(user, kind: str, message: str, link: str | None = None, actor=None) -> Notification | None:
    """One notification for one user; their cached pages and their open sockets show it after commit.

    `actor`: the person the message names by their shown name (so the name can be taken out if they go)."""
    if not reachable(user):
        return None
    note = Notification(user_id=user.id, kind=kind, message=message, link=link, **_named(actor))
    db.session.add(note)
    _count_changed(user)
    return note


def _named(actor) -> dict:
    return {"actor_id": actor.id, "actor_name": shown_name(actor)} if actor is not None else {}


def post_link(post: Post, comment: Comment | None = None) -> str:
    """The post's path (with the comment's anchor); works outside a request too (CLI, jobs)."""
    path = path_for("wijken.post", slug=post.wijk.slug, post_id=post.id)
    return f"{path}#c{comment.id}" if comment is not None else path


def _count_changed(user) -> None:
    user.page_state_changed()
    collect("notifications.changed", user.id)


def _speaks(locale: str):
    """The users whose pages are in `locale` (no or an unknown choice means Dutch)."""
    if locale == "nl":
        return or_(User.locale.is_(None), User.locale.not_in([code for code in LANGUAGES if code != "nl"]))
    return User.locale == locale


def _notify_group(people: tuple, kind: str, link: str | None, write) -> None:
    """The same notification for every user matching `people` (conditions on User), whatever their number.

    One INSERT ... SELECT per language, with the message `write()` gives in that language, one UPDATE for
    their page caches, and (before commit) one query for their new unread counts.
    """
    now = utcnow()
    for locale in LANGUAGES:
        with force_locale(locale):
            message = write()
        rows = select(User.id, literal(kind, String()), literal(message, String()), literal(link, String()),
                      literal(now, DateTime())).where(*people, _speaks(locale))
        db.session.execute(insert(Notification).from_select(
            ["user_id", "kind", "message", "link", "created_at"], rows))
    db.session.execute(update(User).where(*people).values(state_version=User.state_version + 1)
                       .execution_options(synchronize_session=False))
    collect("notifications.changed", people)


def _people(*conditions) -> tuple:
    """Conditions on User naming people who read the site (see `reachable`) and match `conditions`."""
    return (User.deleted_at.is_(None), User.is_service.is_(False), *conditions)


# --- what the wijk side tells (wijken.signals) -------------------------------

@signals.post_published.connect
def post_published(post: Post) -> None:
    """A post became visible (published at once, or approved): tell the wijk's followers at their level."""
    if post.status != "published":
        return
    levels = levels_told_at_once(post.kind)
    followers = _people(User.id.in_(select(Follow.user_id).where(
        Follow.wijk_id == post.wijk_id, Follow.level.in_(levels))), User.id != post.author_id)
    wijk_name, title = post.wijk.name, post.title
    _notify_group(followers, "new_post", post_link(post), lambda: _(
        "%(kind)s in %(wijk)s: “%(title)s”", kind=KINDS[post.kind].label, wijk=wijk_name, title=title))


@signals.comment_added.connect
def comment_added(comment: Comment, replied_to: Comment | None) -> None:
    """Tell the author of the comment replied to, and the post's author, that someone wrote (not in a chat: a
    spreekuur's host would hear of every message; what reaches people there is its summary)."""
    post, writer = comment.post, comment.author
    if KINDS[post.kind].chat:
        return
    link = post_link(post, comment)
    told = set()
    if replied_to is not None and replied_to.author_id != writer.id:
        with force_locale(locale_of(replied_to.author)):
            message = _("%(name)s replied to your comment on “%(title)s”", name=shown_name(writer),
                        title=post.title)
        notify(replied_to.author, "reply", message, link, actor=writer)
        told.add(replied_to.author_id)
    if post.author_id != writer.id and post.author_id not in told:
        with force_locale(locale_of(post.author)):
            message = _("%(name)s commented on your post “%(title)s”", name=shown_name(writer), title=post.title)
        notify(post.author, "reply", message, link, actor=writer)


@signals.reactions_changed.connect
def reactions_changed(post: Post, actor) -> None:
    """Keep the author's one unread reaction notification of this post in step with the reactions.

    It counts the people (other than the author) who reacted since the author last read a reaction
    notification of this post; taking a reaction back lowers the count, and at zero the notification goes.
    """
    author = post.author
    if actor.id == author.id or not reachable(author) or post.status != "published":
        return
    link = post_link(post)
    theirs = and_(Notification.user_id == author.id, Notification.kind == "reaction", Notification.link == link)
    seen_until = db.session.scalar(select(func.max(Notification.read_at)).where(
        theirs, Notification.read_at.is_not(None)))
    new = [Reaction.post_id == post.id, Reaction.user_id != author.id]
    if seen_until is not None:
        new.append(Reaction.created_at > seen_until)
    people = db.session.scalar(select(func.count(func.distinct(Reaction.user_id))).where(*new))
    unread = list(db.session.scalars(select(Notification).where(theirs, Notification.read_at.is_(None))
                                     .order_by(Notification.id)))
    keep = unread[:1] if people else []
    for extra in unread[len(keep):]:
        db.session.delete(extra)
        _count_changed(author)
    if not people:
        return
    latest = db.session.scalar(select(User).join(Reaction, Reaction.user_id == User.id).where(*new)
                               .order_by(Reaction.id.desc()).limit(1))
    with force_locale(locale_of(author)):
        if people == 1:
            message = _("%(name)s reacted to your post “%(title)s”", name=shown_name(latest), title=post.title)
        else:
            message = ngettext("%(name)s and %(num)d other person reacted to your post “%(title)s”",
                               "%(name)s and %(num)d others reacted to your post “%(title)s”", people - 1,
                               name=shown_name(latest), title=post.title)
    if keep:
        keep[0].message = message
        keep[0].actor_id, keep[0].actor_name = latest.id, shown_name(latest)
    else:
        notify(author, "reaction", message, link, actor=latest)


@signals.post_edited.connect
def post_edited(post: Post, actor, changed: set[str]) -> None:
    """An event or wijkschouw moved (time or place): tell who said they would (maybe) come."""
    moved = changed & EVENT_FIELDS
    if not moved or not post.kind_info.is_event or post.status != "published":
        return
    title, starts_at = post.title, post.starts_at
    timing = bool(moved & {"starts_at", "ends_at"})

    def write():
        when = format_datetime(starts_at, "EEEE d MMMM, HH:mm")
        if timing and "location" in moved:
            return _("The time and place of “%(title)s” have changed: it now starts on %(when)s.",
                     title=title, when=when)
        if timing:
            return _("The time of “%(title)s” has changed: it now starts on %(when)s.", title=title, when=when)
        return _("The place of “%(title)s” has changed.", title=title)
    _notify_group(_attendees(post, actor), "event_changed", post_link(post), write)


@signals.post_removed.connect
def event_cancelled(post: Post, actor) -> None:
    """An upcoming event or wijkschouw was removed: tell who said they would (maybe) come.

    The message names the day and the wijk, not the title: removed content is not quoted anywhere.
    """
    if not post.kind_info.is_event or post.starts_at is None or (post.ends_at or post.starts_at) < utcnow():
        return
    wijk_name, starts_at = post.wijk.name, post.starts_at
    _notify_group(_attendees(post, actor), "event_cancelled", None, lambda: _(
        "The activity on %(when)s in %(wijk)s that you signed up for has been cancelled.",
        when=format_datetime(starts_at, "EEEE d MMMM, HH:mm"), wijk=wijk_name))


def _attendees(post: Post, actor):
    coming = select(Rsvp.user_id).where(Rsvp.post_id == post.id, Rsvp.status.in_(COMING))
    return _people(User.id.in_(coming), User.id != (actor.id if actor is not None else None))


# --- reading ------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """A notification as its reader may see it now (partners.serializers.notification_json reads it)."""
    id: int
    kind: str
    message: str
    link: str | None
    created_at: datetime
    read_at: datetime | None
    gone: bool = False


def unread_count(user) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def parse_before(value) -> int | None:
    """The `before` cursor of a list: a notification id."""
    try:
        return id_before(value)
    except ValueError:
        raise BadCursor(_("This page link is not valid.")) from None


def page(user, *, before: int | None = None, limit: int = PAGE_SIZE) -> tuple[list[Entry], int | None]:
    """Newest first, `limit` at a time; the cursor of the next page or None."""
    query = select(Notification).where(Notification.user_id == user.id)
    if before is not None:
        query = query.where(Notification.id < before)
    rows = list(db.session.scalars(query.order_by(Notification.id.desc()).limit(limit + 1)))
    next_cursor = rows[limit - 1].id if len(rows) > limit else None
    return entries(user, rows[:limit]), next_cursor


def everything(user) -> list[Entry]:
    """All of the user's notifications, oldest first, as the list shows them (the data export)."""
    notes = db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                               .order_by(Notification.id)).all()
    return entries(user, notes)


def entries(user, notes) -> list[Entry]:
    """The notifications as `user` may see them: about content they can no longer see, a neutral text.

    Two queries at most (the linked posts with their wijken, the linked comments), whatever the number.
    """
    targets = {note.id: linked_item(note.link) for note in notes}
    post_ids = {t[0] for t in targets.values() if t}
    comment_ids = {t[1] for t in targets.values() if t and t[1]}
    posts = {p.id: p for p in db.session.scalars(
        select(Post).where(Post.id.in_(post_ids)).options(selectinload(Post.wijk)))} if post_ids else {}
    comments = {c.id: c for c in db.session.scalars(
        select(Comment).where(Comment.id.in_(comment_ids)))} if comment_ids else {}
    result = []
    for note in notes:
        target = targets[note.id]
        gone = target is not None and not (
            _readable(user, posts.get(target[0]))
            and (target[1] is None or _readable(user, comments.get(target[1]))))
        result.append(Entry(note.id, note.kind,
                            _("This was about something that is no longer available.") if gone else note.message,
                            None if gone else note.link, note.created_at, note.read_at, gone))
    return result


def _readable(user, item) -> bool:
    """Visible to the user, or their own (the author is told what happened to their own content)."""
    return item is not None and (can_view(user, item) or item.author_id == user.id)


def linked_item(link: str | None) -> tuple[int, int | None] | None:
    """(post id, comment id or None) when the link leads to a post (and a comment in its thread)."""
    if not link:
        return None
    path, _sep, anchor = link.partition("#")
    try:
        endpoint, args = current_app.url_map.bind("").match(path, method="GET")
    except HTTPException:
        return None
    if endpoint != "wijken.post":
        return None
    comment_id = int(anchor[1:]) if anchor[:1] == "c" and anchor[1:].isdigit() else None
    if comment_id is not None:
        comment_id = row_id(comment_id) or 0  # beyond any id: no comment has it, reads as gone
    return args["post_id"], comment_id


def own(user, note_id: int) -> Entry:
    """One of the user's own notifications, as they may see it; 404 for anyone else's."""
    note = db.session.scalar(select(Notification).where(Notification.id == note_id,
                                                        Notification.user_id == user.id))
    if note is None:
        raise NotFound(_("Not found."))
    return entries(user, [note])[0]


# --- marking read -------------------------------------------------------------

def mark_read(user, ids: list[int] | None = None) -> int:
    """Mark the user's unread notifications read: those with these ids (others' are ignored), or all.

    Returns how many changed.
    """
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if ids is not None:
        stmt = stmt.where(Notification.id.in_(ids))
    changed = db.session.execute(stmt.values(read_at=utcnow()).execution_options(
        synchronize_session=False)).rowcount
    if changed:
        _count_changed(user)
    commit()
    return changed


def mark_read_request(user, data: dict) -> int:
    """The API's `{"ids": [...]}` or `{"all": true}`; an empty body means all."""
    fields = Input(schemas.NotificationsRead, data)
    everything, ids = fields["all"], fields["ids"]
    if everything is False and ids is None:
        fields.error("all", _("Say which notifications: ids, or all: true."))
    if everything and ids is not None:
        fields.error("ids", _("Give ids or all, not both."))
    fields.check()
    return mark_read(user, ids)


# --- the live count -------------------------------------------------------------

@before_commit("notifications.changed")
def _queue_unread_counts(changes: list) -> None:
    """Read the new unread counts of everyone whose count changed and queue them for their rooms."""
    ids = {change for change in changes if isinstance(change, int)}
    groups = [change for change in changes if not isinstance(change, int)]
    unread = (select(Notification.user_id, func.count()).where(Notification.read_at.is_(None))
              .group_by(Notification.user_id))
    counts = dict.fromkeys(ids, 0)
    if ids:
        counts |= dict(db.session.execute(unread.where(Notification.user_id.in_(ids))).all())
    for people in groups:
        counts |= dict(db.session.execute(unread.where(Notification.user_id.in_(select(User.id).where(*people)))).all())
    for user_id, n in counts.items():
        realtime.notify_user(user_id, "notifications", {"unread": n})
