"""A person's part of moodboards: their pins (the images themselves go with media's eraser) and their dots."""
from sqlalchemy import delete, func, select

from accounts.personal_data import erases, exports, rows
from core.extensions import db
from core.timeutil import isoformat
from core.urls import external_url

from .models import Board, Dot, Pin


@exports("moodboard_pins")
def _pins(user) -> list[dict]:
    return [{"id": pin.id, "participation_id": pin.participation_id, "caption": pin.caption, "alt": pin.alt,
             "x": pin.x, "y": pin.y, "status": pin.status, "created_at": isoformat(pin.created_at),
             "image": external_url("moodboard.image", participation_id=pin.participation_id, key=pin.image.key,
                                   width=pin.image.width) if pin.image else None}
            for pin in rows(select(Pin).where(Pin.author_id == user.id).order_by(Pin.id))]


@exports("moodboard_dots")
def _dots(user) -> list[dict]:
    return [{"pin_id": dot.pin_id, "count": dot.count, "created_at": isoformat(dot.created_at)}
            for dot in rows(select(Dot).where(Dot.user_id == user.id).order_by(Dot.id))]


@erases
def _erase(user, content: str) -> None:
    """Their dots go back (the pins' counts are counted again); their pins are removed, or kept as text under
    "deleted user" (their images are deleted either way)."""
    pin_ids = set(db.session.scalars(select(Dot.pin_id).where(Dot.user_id == user.id)))
    db.session.execute(delete(Dot).where(Dot.user_id == user.id))
    if content == "remove":
        own = rows(select(Pin).where(Pin.author_id == user.id, Pin.status != "removed"))
        for pin in own:
            pin.status = "removed"
        pin_ids |= {pin.id for pin in own}
        db.session.execute(delete(Dot).where(Dot.pin_id.in_([pin.id for pin in own])))
    for pin in rows(select(Pin).where(Pin.id.in_(pin_ids))):
        pin.dot_count = db.session.scalar(select(func.coalesce(func.sum(Dot.count), 0)).where(Dot.pin_id == pin.id))
        board = db.session.get(Board, pin.participation_id)
        board.version += 1
