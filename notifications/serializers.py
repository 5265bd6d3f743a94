"""JSON shape of a notification."""
from core.timeutil import isoformat


def notification_json(note) -> dict:
    return {"id": note.id, "kind": note.kind, "message": note.message, "link": note.link,
            "created_at": isoformat(note.created_at), "read": note.read_at is not None}
