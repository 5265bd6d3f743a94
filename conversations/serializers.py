"""The JSON shape of a spreekuur or debate and its messages (conversations.schemas)."""
from core.timeutil import utcnow
from wijken.serializers import organisation_brief, user_brief

from . import schemas
from .permissions import window_state


def message_json(conversation, entry, voted: bool) -> dict:
    comment = entry.comment
    return schemas.Message(
        id=comment.id, parent_id=comment.parent_id, kind=entry.kind, stance=entry.stance, votes=entry.votes,
        answered=entry.answered_at is not None, voted=voted, body_html=comment.body_html,
        author=user_brief(comment.author), by_host=comment.author_id == conversation.host_id,
        organisation=organisation_brief(comment.organisation),
        author_function=conversation.host_function if comment.author_id == conversation.host_id and comment.organisation
        else comment.author_function,
        created_at=entry.created_at).dump()


def conversation_json(conversation, entries, voted: set[int]) -> dict:
    host = conversation.host
    return schemas.Conversation(
        id=conversation.id, kind=conversation.kind, wijk=conversation.wijk.slug, post_id=conversation.post_id,
        organisation=organisation_brief(conversation.organisation),
        host=schemas.Host(id=host.id, display_name=host.display_name, function=conversation.host_function)
        if host is not None else None,
        title=conversation.title, body_html=conversation.body_html, starts_at=conversation.starts_at,
        ends_at=conversation.ends_at, state=window_state(conversation, utcnow()),
        slow_mode_seconds=conversation.slow_mode_seconds, closing_html=conversation.closing_html,
        next_steps_html=conversation.next_steps_html, closed_at=conversation.closed_at,
        messages=[message_json(conversation, e, e.comment_id in voted) for e in entries
                  if e.comment.status == "published"]).dump()
