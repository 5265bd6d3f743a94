"""Pins in the API's shapes (moodboard/schemas.py)."""
from core.urls import path_for
from wijken.serializers import user_brief

from . import schemas


def image_json(participation_id: int, image, alt: str) -> dict:
    sizes = [{"width": w, "height": image.height_at(w),
              "url": path_for("moodboard.image", participation_id=participation_id, key=image.key, width=w)}
             for w in image.widths]
    return {"alt": alt, "width": image.width, "height": image.height, "sizes": sizes}


def pin_json(pin, participation, show_dots: bool) -> dict:
    named = participation.identity == "named"
    return schemas.Pin(**{
        "id": pin.id, "participation_id": pin.participation_id,
        "author": user_brief(pin.author) if named else None, "caption": pin.caption,
        "category": {"id": pin.category.id, "label": pin.category.label} if pin.category else None,
        "image": image_json(participation.id, pin.image, pin.alt or "") if pin.image else None,
        "x": pin.x, "y": pin.y, "status": pin.status, "dots": pin.dot_count if show_dots else None,
        "created_at": pin.created_at,
    }).dump()
