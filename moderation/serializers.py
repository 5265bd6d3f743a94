"""JSON shapes of the moderation side (moderation/schemas.py) filled from the models."""
from wijken.serializers import comment_json, post_json, user_brief

from . import schemas


def flag_json(flag) -> dict:
    return schemas.Flag(id=flag.id, target=flag.target_type, target_id=flag.target_id, reason=flag.reason,
                        text=flag.text, status=flag.status, created_at=flag.created_at,
                        by=user_brief(flag.user)).dump()


def queue_item_json(entry) -> dict:
    """A queue entry as its moderator sees it: the item in full (also when hidden), in context."""
    if entry.content is not None:
        item = schemas.QueueContent(id=entry.item.id, title=entry.title, body_html=entry.body_html,
                                    author=user_brief(entry.item.author) if entry.item.author else None,
                                    created_at=entry.item.created_at, url=entry.link).dump()
    else:
        item = comment_json(entry.item) if entry.target_type == "comment" else post_json(entry.item)
    return schemas.QueueItem(
        target=entry.target_type, id=entry.item.id, wijk=entry.post.wijk.slug, status=entry.status,
        waiting_since=entry.waiting_since, item=item,
        post={"id": entry.post.id, "title": entry.post.title, "status": entry.post.status},
        open_flags=len(entry.open_flags), flags=[flag_json(f) for f in entry.flags],
        author_history=entry.history).dump()


def audit_json(entry) -> dict:
    return schemas.AuditEntry(id=entry.id, created_at=entry.created_at,
                              actor=user_brief(entry.actor) if entry.actor else None, action=entry.action,
                              target=entry.target_type, target_id=entry.target_id, reason=entry.reason,
                              details=entry.details).dump()


def moderation_result_json(result: dict) -> dict:
    return schemas.ModerationResult(**result).dump()


def wijk_settings_json(wijk) -> dict:
    return schemas.WijkSettings(slug=wijk.slug, premoderation=wijk.premoderation,
                                premoderation_posts=wijk.premoderation_posts,
                                flag_threshold=wijk.flag_threshold).dump()
