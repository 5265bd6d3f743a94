"""JSON shape of a notification (notifications/schemas.py)."""
from .schemas import Notification


def notification_json(note) -> dict:
    return Notification(id=note.id, kind=note.kind, message=note.message, link=note.link,
                        created_at=note.created_at, read=note.read_at is not None).dump()
