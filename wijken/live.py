"""The wijk's live log: events numbered and logged inside the write's transaction, emitted after commit.

A service calls `publish(wijk, seq, name, payload, ...)` while it writes. The event carries the wijk's
`seq` (from `next_seq`), is stored in the WijkEvent log in the same transaction (clients that reconnect
resume from it), and goes out through the core live bus (`core.realtime`) to the wijk's room and the
post's room only when the transaction commits; a rollback drops it.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from core import realtime
from core.extensions import db
from core.timeutil import utcnow
from core.transactions import after_commit, collect

from . import pagecache
from .models import Post, Wijk, WijkEvent
from .permissions import can_view

PRUNE_EVERY = 200  # every so many events, a wijk's log drops rows past the retention time
MAX_SLUG = 80


def next_seq(wijk) -> int:
    """Take the wijk's next event number.

    The single UPDATE ... RETURNING is atomic on SQLite and PostgreSQL and also
    serialises concurrent writers of one wijk, so seq order is commit order.
    """
    return db.session.execute(
        update(Wijk).where(Wijk.id == wijk.id).values(last_seq=Wijk.last_seq + 1)
        .returning(Wijk.last_seq).execution_options(synchronize_session=False)
    ).scalar_one()


def wijk_room(slug: str) -> str:
    """The room of a wijk: always the first room an event goes to."""
    return f"wijk:{slug}"


def post_room(post_id: int) -> str:
    return f"post:{post_id}"


def publish(wijk, seq: int, name: str, payload: dict, *, post_id=None, comment_id=None) -> None:
    """Log the event and queue it for emission to the wijk's room and the post's room."""
    payload = {**payload, "seq": seq}
    db.session.add(WijkEvent(wijk_id=wijk.id, seq=seq, name=name, payload=payload,
                             post_id=post_id, comment_id=comment_id))
    rooms = [wijk_room(wijk.slug)]
    if post_id is not None:
        rooms.append(post_room(post_id))
    realtime.queue(name, payload, rooms)
    collect("wijken.changed", wijk.slug)
    if seq % PRUNE_EVERY == 0:
        prune(wijk)


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
    if isinstance(post_id, int) and not isinstance(post_id, bool) and 0 < post_id < 2**31:
        post = db.session.get(Post, post_id)
        if post is not None and can_view(user, post):
            return post_room(post.id)
    return None
