"""Live events: numbered and logged inside the write's transaction, emitted after commit.

A service calls `publish(wijk, name, payload, ...)` while it writes. The event
gets the wijk's next `seq`, is stored in the WijkEvent log in the same
transaction, and is queued on the session. Only when the transaction commits is
it emitted through Socket.IO; a rollback drops it. So HTTP views, the API, CLI
commands and jobs all emit alike, and a failed write emits nothing.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, event, update
from sqlalchemy.orm import Session

from extensions import db, socketio
from timeutil import utcnow

_PENDING = "realtime_pending"
PRUNE_EVERY = 200  # every so many events, a wijk's log drops rows past the retention time


def next_seq(wijk) -> int:
    """Take the wijk's next event number.

    The single UPDATE ... RETURNING is atomic on SQLite and PostgreSQL and also
    serialises concurrent writers of one wijk, so seq order is commit order.
    """
    from wijken.models import Wijk

    seq = db.session.execute(
        update(Wijk).where(Wijk.id == wijk.id).values(last_seq=Wijk.last_seq + 1)
        .returning(Wijk.last_seq).execution_options(synchronize_session=False)
    ).scalar_one()
    return seq


def wijk_room(slug: str) -> str:
    """The room of a wijk: always the first room an event goes to."""
    return f"wijk:{slug}"


def post_room(post_id: int) -> str:
    return f"post:{post_id}"


def publish(wijk, seq: int, name: str, payload: dict, *, post_id=None, comment_id=None) -> None:
    """Log the event and queue it for emission to the wijk's room and the post's room."""
    from wijken.models import WijkEvent

    payload = {**payload, "seq": seq}
    db.session.add(WijkEvent(wijk_id=wijk.id, seq=seq, name=name, payload=payload,
                             post_id=post_id, comment_id=comment_id))
    rooms = [wijk_room(wijk.slug)]
    if post_id is not None:
        rooms.append(post_room(post_id))
    db.session.info.setdefault(_PENDING, []).append((name, payload, rooms))
    if seq % PRUNE_EVERY == 0:
        prune(wijk)


def notify_room(name: str, payload: dict, room: str) -> None:
    """Queue an event for one room that is not part of the public wijk log (e.g. moderators' counts)."""
    db.session.info.setdefault(_PENDING, []).append((name, payload, [room]))


def user_room(user_id: int) -> str:
    """One person's private room: each of their logged-in sockets joins it on connect."""
    return f"user:{user_id}"


def notify_user(user_id: int, name: str, payload: dict) -> None:
    """Queue an event for one person's sockets (their unread count); it takes no wijk seq."""
    notify_room(name, payload, user_room(user_id))


def moderation_room(wijk_slug: str) -> str:
    return f"moderation:{wijk_slug}"


def prune(wijk) -> None:
    """Forget this wijk's events older than EVENT_LOG_RETENTION_DAYS (clients that far behind reload)."""
    from wijken.models import WijkEvent

    cutoff = utcnow() - timedelta(days=current_app.config["EVENT_LOG_RETENTION_DAYS"])
    db.session.execute(delete(WijkEvent).where(WijkEvent.wijk_id == wijk.id, WijkEvent.created_at < cutoff))


@event.listens_for(Session, "after_commit")
def _emit_after_commit(session: Session) -> None:
    from wijken.pagecache import forget_state

    for name, payload, rooms in session.info.pop(_PENDING, []):
        if rooms[0].startswith("wijk:"):
            forget_state(rooms[0].removeprefix("wijk:"))
        socketio.emit(name, payload, to=rooms)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
