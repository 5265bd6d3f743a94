"""The JSON shape of an idea (docs/api.md "Ideas"): the same for the API and the live events."""
from core.timeutil import isoformat
from core.urls import path_for
from wijken.serializers import user_brief

from .deadlines import answer_by, is_overdue
from .states import state_label


def idea_json(idea, supported: bool | None = None) -> dict:
    """`supported`: whether the caller supports it (None where there is no caller, as in live events). The
    author is named only where the round's identity setting names people."""
    round_ = idea.participation.idea_round
    named = idea.participation.identity == "named" and idea.author is not None
    item = idea.result_item
    return {
        "id": idea.id,
        "participation_id": idea.participation_id,
        "title": idea.title,
        "body_html": idea.body_html,
        "location": idea.location,
        "point": {"lat": idea.lat, "lon": idea.lon} if idea.lat is not None else None,
        "photo": photo_json(idea),
        "author": user_brief(idea.author) if named else None,
        "state": idea.state,
        "state_label": state_label(idea.state),
        "status": idea.status,
        "support_count": idea.support_count,
        "threshold": round_.threshold,
        "threshold_reached_at": isoformat(idea.threshold_reached_at),
        "answer_due": isoformat(idea.answer_due),
        "answer_by": isoformat(answer_by(idea)),
        "overdue": is_overdue(idea),
        "answer": {"body_html": idea.answer_html, "answered_at": isoformat(idea.answered_at)}
        if idea.answer_html else None,
        "merged_into": idea.merged_into_id,
        "result_item": {"id": item.id, "title": item.title, "status": item.status, "progress": item.progress}
        if item else None,
        "supported": supported,
        "created_at": isoformat(idea.created_at),
    }


def photo_json(idea) -> dict | None:
    """The idea's photo in the shape of a post's (wijken.serializers.photo_json), served by ideas.photo."""
    image = idea.image
    if image is None:
        return None
    sizes = [{"width": w, "height": image.height_at(w), "url": path_for(
        "ideas.photo", participation_id=idea.participation_id, idea_id=idea.id, key=image.key, width=w)}
        for w in image.widths]
    return {"id": image.id, "alt": idea.image_alt, "width": image.width, "height": image.height, "sizes": sizes}


def template_json(template) -> dict:
    return {"id": template.id, "title": template.title, "state": template.state, "body": template.body}
