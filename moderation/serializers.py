"""JSON shapes of the moderation side."""
from core.timeutil import isoformat
from wijken.serializers import comment_json, post_json, user_brief


def flag_json(flag) -> dict:
    return {"id": flag.id, "target": flag.target_type, "target_id": flag.target_id, "reason": flag.reason,
            "text": flag.text, "status": flag.status, "created_at": isoformat(flag.created_at),
            "by": user_brief(flag.user)}


def queue_item_json(entry) -> dict:
    """A queue entry as its moderator sees it: the item in full (also when hidden), in context."""
    item = comment_json(entry.item) if entry.target_type == "comment" else post_json(entry.item)
    return {
        "target": entry.target_type, "id": entry.item.id, "wijk": entry.post.wijk.slug, "status": entry.item.status,
        "waiting_since": isoformat(entry.waiting_since), "item": item,
        "post": {"id": entry.post.id, "title": entry.post.title, "status": entry.post.status},
        "open_flags": len(entry.open_flags), "flags": [flag_json(f) for f in entry.flags],
        "author_history": entry.history,
    }


def audit_json(entry) -> dict:
    return {"id": entry.id, "created_at": isoformat(entry.created_at),
            "actor": user_brief(entry.actor) if entry.actor else None, "action": entry.action,
            "target": entry.target_type, "target_id": entry.target_id, "reason": entry.reason,
            "details": entry.details}
