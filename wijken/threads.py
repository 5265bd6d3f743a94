"""Threads: the comments of a post a viewer may see, with one level of replies."""
from dataclasses import dataclass, field

from sqlalchemy import select

from core.extensions import db
from wijken.permissions import can_view

from .models import Comment


def thread_comments(post, user) -> list[Comment]:
    """Every comment of the post this user may see, oldest first."""
    comments = db.session.scalars(select(Comment).where(Comment.post_id == post.id)
                                  .order_by(Comment.created_at, Comment.id)).unique()
    return [c for c in comments if can_view(user, c)]


@dataclass
class ThreadEntry:
    comment: Comment | None  # None: a removed comment kept as a placeholder for its replies
    replies: list[Comment] = field(default_factory=list)


def build_thread(post, user) -> list[ThreadEntry]:
    """Top-level comments with their replies; replies under a removed comment stay, under a placeholder."""
    visible = thread_comments(post, user)
    entries: dict[int, ThreadEntry] = {}
    order: list[ThreadEntry] = []
    for comment in visible:
        if comment.parent_id is None:
            entries[comment.id] = ThreadEntry(comment)
            order.append(entries[comment.id])
    for comment in visible:
        if comment.parent_id is not None:
            if comment.parent_id not in entries:
                entries[comment.parent_id] = ThreadEntry(None)
                order.append(entries[comment.parent_id])
            entries[comment.parent_id].replies.append(comment)
    return order
