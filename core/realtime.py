"""The live bus: events queued in the writing transaction, emitted through Socket.IO after it commits.

A service calls `queue(name, payload, rooms)` while it writes; only when the transaction commits is
the event emitted, and a rollback drops it. So HTTP views, the API, CLI commands and jobs all emit
alike, and a failed write emits nothing. The areas decide what their events and rooms are: the wijk
log with its numbered events lives in `wijken.live`.

The socket only delivers. Clients `join` and `leave` rooms by naming them in a one-key message
(`{"wijk": slug}`, `{"post": id}`, ...); each area registers the resolver for its key with
`room_resolver(key)`, which answers the room for this client or None. Areas that want to greet a
connecting client register with `on_connect`.
"""
from collections.abc import Callable

from flask import current_app
from flask_login import current_user
from flask_socketio import emit, join_room, leave_room
from socketio.packet import Packet

from .api import json_depth_ok
from .extensions import db, socketio
from .registries import keyed
from .transactions import after_commit, collect

MALFORMED_EVENT = "\x00malformed"  # no client can name it: a real event name is JSON text without NUL escapes

_ROOM_RESOLVERS: dict[str, Callable] = {}
_CONNECT_HANDLERS: list[Callable] = []
_EMITTED_LISTENERS: list[Callable] = []


def queue(name: str, payload: dict, rooms: list[str]) -> None:
    """Emit `name` with `payload` to `rooms` once the current transaction commits."""
    collect("realtime", (name, payload, rooms))


def on_emitted(listener: Callable) -> Callable:
    """Register `listener(name, payload, rooms)`, called after commit for every event emitted."""
    _EMITTED_LISTENERS.append(listener)
    return listener


def user_room(user_id: int) -> str:
    """One person's private room: each of their logged-in sockets joins it on connect."""
    return f"user:{user_id}"


def notify_user(user_id: int, name: str, payload: dict) -> None:
    """Queue an event for one person's sockets."""
    queue(name, payload, [user_room(user_id)])


@after_commit("realtime")
def _emit(events: list) -> None:
    for name, payload, rooms in events:
        for listener in _EMITTED_LISTENERS:
            listener(name, payload, rooms)
        socketio.emit(name, payload, to=rooms)


# --- parsing what clients send ------------------------------------------------------------

class BoundedPacket(Packet):
    """Socket.IO packets whose JSON may nest at most MAX_JSON_DEPTH deep (core.api).

    python-socketio parses a message with Python's recursive JSON parser and does not catch a
    RecursionError: a message nested thousands deep vanished, and its client waited forever. Such a
    message (or one merely nested too deep) becomes the event MALFORMED_EVENT, with its ack id, which
    `on_malformed` answers with the error event; the connection carries on.
    """

    def decode(self, encoded_packet):
        try:
            attachments = super().decode(encoded_packet)
        except RecursionError:
            attachments = 0
            self.data = [MALFORMED_EVENT]
        if not json_depth_ok(self.data):
            self.data = [MALFORMED_EVENT]
        return attachments


@socketio.on(MALFORMED_EVENT)
def on_malformed(*args):
    current_app.logger.info("socket message nested too deeply")
    emit("error", {"code": "malformed", "message": "The message could not be read."})
    return {"ok": False}


# --- the socket handlers: joining and leaving rooms --------------------------------------

def room_resolver(key: str):
    """Register `resolver(value, user) -> room or None` for join/leave messages `{key: value}`."""
    return keyed(_ROOM_RESOLVERS, key)


def on_connect(handler: Callable) -> Callable:
    """Register `handler(user)`, called in the socket context of every new connection."""
    _CONNECT_HANDLERS.append(handler)
    return handler


def _room_for(message) -> str | None:
    """The room a join/leave message names, if it exists and this client may be there."""
    if not isinstance(message, dict) or len(message) != 1:
        return None
    (key, value), = message.items()
    resolver = _ROOM_RESOLVERS.get(key)
    return resolver(value, current_user) if resolver else None


@socketio.on_error_default
def on_error(exc):
    """A handler that fails answers with an error event; the connection and server carry on."""
    current_app.logger.warning("socket handler failed: %r", exc)
    db.session.rollback()
    emit("error", {"code": "server_error", "message": "The message could not be handled."})
    return {"ok": False}


@socketio.on("connect")
def on_connect_event(auth=None):
    """Anyone may connect; the areas greet the client (a logged-in person joins their own room)."""
    if current_user.is_authenticated:
        join_room(user_room(current_user.id))
    for handler in _CONNECT_HANDLERS:
        handler(current_user)


@socketio.on("join")
def on_join(message=None):
    room = _room_for(message)
    if room is None:
        emit("error", {"code": "bad_room", "message": "Unknown or forbidden room."})
        return {"ok": False}
    join_room(room)
    return {"ok": True, "room": room}


@socketio.on("leave")
def on_leave(message=None):
    room = _room_for(message)
    if room is not None:
        leave_room(room)
    return {"ok": room is not None}
