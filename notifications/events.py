"""A logged-in socket hears its person's unread count at once (so a reconnecting page catches up)."""
from flask_socketio import emit

from core import realtime

from .services import unread_count


@realtime.on_connect
def greet(user) -> None:
    if user.is_authenticated:
        emit("notifications", {"unread": unread_count(user)})
