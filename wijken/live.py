"""The wijk's live log: events numbered and logged inside the write's transaction, emitted after commit.

A service calls `publish(wijk, seq, name, payload, ...)` while it writes. The event carries the wijk's
`seq` (from `next_seq`), is stored in the WijkEvent log in the same transaction (clients that reconnect
resume from it), and goes out through the core live bus (`core.realtime`) to the wijk's room and the
post's room only when the transaction commits; a rollback drops it.

The log keeps no text: an event about a post or comment stores only its ids and seq, and
`logged_event` renders the item as it is *now* when the log is read, so text edited away, hidden or
removed is never served again (and a deleted author's name is "deleted user" there too). Only the
counter events (reactions, RSVPs) and removals (ids and status) keep their payload.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from core import realtime
from core.extensions import db
from core.timeutil import utcnow
from core.transactions import after_commit, collect
from core.validation import row_id

from . import pagecache
from .models import Post, Wijk, WijkEvent
from .permissions import can_view
from .schemas import EVENT_NAMES
from .serializers import public_comment, public_post

# Events whose payload is the post or comment itself: logged without it, rendered from the current row.
# (A removal event's payload is already only the id and status: it is logged as it is.)
CONTENT_EVENTS = frozenset({"post_created", "post_updated", "alert", "comment_created", "comment_updated"})
PRUNE_EVERY = 200  # every so many events, a wijk's log drops rows past the retention time
MAX_SLUG = 80


_OWN_EVENTS = len(EVENT_NAMES)


def register_event(name: str) -> None:
    """A higher area's live event in the wijk log (its name joins the log's documented shape). The registered
    names are kept sorted after the wijk's own, so the document does not depend on the order areas were imported."""
    if name not in EVENT_NAMES:
        EVENT_NAMES.append(name)
        EVENT_NAMES[_OWN_EVENTS:] = sorted(EVENT_NAMES[_OWN_EVENTS:])


def next_seq(wijk) -> int:
    """Take the wijk's next event number.

    The single UPDATE ... RETURNING is atomic on SQLite and PostgreSQL and also
    serialises concurrent writers of one wijk, so seq order is commit order. Changes
    the caller made to posts or comments are not flushed before it: the wijk's row is
    locked before theirs, the one lock order (core.transactions.lock) that keeps two
    writers of a wijk from waiting for each other.
    """
    with db.session.no_autoflush:
        return db.session.execute(
            update(Wijk).where(Wijk.id == wijk.id).values(last_seq=Wijk.last_seq + 1)
            .returning(Wijk.last_seq).execution_options(synchronize_session=False)
        ).scalar_one()


def wijk_room(slug: str) -> str:
    """The room of a wijk: always the first room an event goes to."""
    return f"wijk:{slug}"


def post_room(post_id: int) -> str:
    return f"post:{post_id}"


def publish(wijk, seq: int, name: str, payload: dict, *, post_id=None, comment_id=None,
            logged: dict | None = None) -> None:
    """Log the event and queue it for emission to the wijk's room and the post's room. `logged`, when given, is
    what the log keeps instead of the payload (a part anyone may read later, whatever changes meanwhile)."""
    if name not in EVENT_NAMES:
        raise ValueError(f"{name!r} is not a registered live event (wijken.live.register_event)")
    payload = {**payload, "seq": seq}
    stored = {"seq": seq} if name in CONTENT_EVENTS else payload if logged is None else {**logged, "seq": seq}
    db.session.add(WijkEvent(wijk_id=wijk.id, seq=seq, name=name, payload=stored,
                             post_id=post_id, comment_id=comment_id))
    rooms = [wijk_room(wijk.slug)]
    if post_id is not None:
        rooms.append(post_room(post_id))
    realtime.queue(name, payload, rooms)
    collect("wijken.changed", wijk.slug)
    if seq % PRUNE_EVERY == 0:
        prune(wijk)


def logged_event(row: WijkEvent, post, comment, reactions: dict | None) -> dict:
    """A logged event as an anonymous visitor may see it now: the post or comment as it is today, gone
    content by id only, removals and counter events as logged."""
    if row.name not in CONTENT_EVENTS:
        return {"seq": row.seq, "event": row.name, "data": row.payload}
    item = comment if row.comment_id is not None else post
    gone = [x.status for x in (post, comment) if x is not None and x.status != "published"]
    if item is None:  # a row outlived its item (cannot happen with the cascades; say nothing of it)
        data = {"id": row.comment_id or row.post_id, "post_id": row.post_id, "status": "removed"}
    elif gone:
        data = {"id": item.id, "post_id": row.post_id, "status": gone[-1]}
    elif item is comment:
        data = public_comment(comment)
    else:
        data = public_post(post, reactions)
    return {"seq": row.seq, "event": row.name, "data": {**data, "seq": row.seq}}


@after_commit("wijken.changed")
def _forget_cached_pages(slugs: list) -> None:
    for slug in dict.fromkeys(slugs):
        pagecache.forget_state(slug)


def prune(wijk) -> None:
    """Forget this wijk's events older than EVENT_LOG_RETENTION_DAYS (clients that far behind reload)."""
    cutoff = utcnow() - timedelta(days=current_app.config["EVENT_LOG_RETENTION_DAYS"])
    db.session.execute(delete(WijkEvent).where(WijkEvent.wijk_id == wijk.id, WijkEvent.created_at < cutoff))


@realtime.room_resolver("wijk")
def _wijk_room(slug, user) -> str | None:
    if not isinstance(slug, str) or not 0 < len(slug) <= MAX_SLUG:
        return None
    return wijk_room(slug) if db.session.scalar(select(Wijk.id).where(Wijk.slug == slug)) else None


@realtime.room_resolver("post")
def _post_room(post_id, user) -> str | None:
    if isinstance(post_id, int) and row_id(post_id) is not None:
        post = db.session.get(Post, post_id)
        if post is not None and can_view(user, post):
            return post_room(post.id)
    return None
