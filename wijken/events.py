"""Socket.IO handlers: clients join and leave rooms; the socket only delivers.

Anyone may listen to a public wijk or post room. Messages are checked and bad
ones answered with an `error` event, never an exception. A logged-in browser's
socket is put in its person's private room on connect, where it hears its
unread notification count (`notifications`).
"""
from flask import current_app
from flask_login import current_user
from flask_socketio import emit, join_room, leave_room
from sqlalchemy import select

from accounts.notifications import unread_count
from extensions import db, socketio
from partners.models import Organisation
from permissions import MODERATING_ROLES, can_manage_wijk, can_view, is_admin, membership_role
from realtime import moderation_room, post_room, user_room, wijk_room

from .models import Post, Wijk

MAX_SLUG = 80


def _moderation_room(name) -> str | None:
    """`moderation:<wijk>` for its coordinators, `moderation:org:<slug>` for the organisation's moderators."""
    if not isinstance(name, str) or not 0 < len(name) <= MAX_SLUG + 4:
        return None
    if name.startswith("org:"):
        org = db.session.scalar(select(Organisation).where(Organisation.slug == name[4:]))
        allowed = org is not None and (is_admin(current_user)
                                       or membership_role(current_user, org) in MODERATING_ROLES)
    else:
        wijk = db.session.scalar(select(Wijk).where(Wijk.slug == name))
        allowed = wijk is not None and can_manage_wijk(current_user, wijk)
    return moderation_room(name) if allowed else None


def _room_for(message) -> str | None:
    """The room a join/leave message names, if it exists and this client may see it."""
    if not isinstance(message, dict) or len(message) != 1:
        return None
    if "moderation" in message:
        return _moderation_room(message["moderation"])
    if isinstance(slug := message.get("wijk"), str) and 0 < len(slug) <= MAX_SLUG:
        if db.session.scalar(select(Wijk.id).where(Wijk.slug == slug)):
            return wijk_room(slug)
    post_id = message.get("post")
    if isinstance(post_id, int) and not isinstance(post_id, bool) and 0 < post_id < 2**31:
        post = db.session.get(Post, post_id)
        if post is not None and can_view(current_user, post):
            return post_room(post.id)
    return None


@socketio.on_error_default
def on_error(exc):
    """A handler that fails answers with an error event; the connection and server carry on."""
    current_app.logger.warning("socket handler failed: %r", exc)
    db.session.rollback()
    emit("error", {"code": "server_error", "message": "The message could not be handled."})
    return {"ok": False}


@socketio.on("connect")
def on_connect(auth=None):
    """Anyone may connect; a logged-in person joins their own room and hears their unread count at once
    (so a reconnecting page catches up on what it missed)."""
    if current_user.is_authenticated:
        join_room(user_room(current_user.id))
        emit("notifications", {"unread": unread_count(current_user)})


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
