"""Content of the areas above that residents may flag into the one review queue (ideas, stellingen).

A tool registers a `ContentTarget` for its kind (one of `schemas.CONTENT_TARGETS`, so the API document does not
depend on which areas were imported). A flag on such an item hangs under the wijk post of its participation (its
`post`): the queue's scope (the wijk's coordinators, the owning organisation's moderators, admins), the open-flag
counts and the author's history work as for comments. Moderators hide, restore or dismiss the flags; `remove`,
`pin`, `approve` are for posts and comments only. The area keeps its own status words and live events through
`set_shown`; moderation writes the flags, the audit entry and tells the author.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accounts.permissions import is_verified

from .schemas import CONTENT_TARGETS


@dataclass(frozen=True)
class ContentTarget:
    kind: str                                  # "idea", "statement"
    label: Any                                 # lazy text: "Idea"
    yours: Any                                 # lazy text: "Your idea", for telling the author
    model: type
    post: Callable[[Any], Any]                 # item -> the wijk post it hangs under, or None (a draft)
    can_view: Callable[[Any, Any], bool]       # (user, item)
    can_moderate: Callable[[Any, Any], bool]   # (user, item): hide, restore, dismiss
    is_shown: Callable[[Any], bool]            # item -> shown to everyone
    set_shown: Callable[[Any, bool], None]     # (item, shown): the area's status and live events
    title: Callable[[Any], str]
    body_html: Callable[[Any], str]
    link: Callable[[Any], str]


TARGETS: dict[str, ContentTarget] = {}


def content_target(target: ContentTarget) -> ContentTarget:
    """Register a kind of flaggable content (at import time of the area that owns it)."""
    if target.kind not in CONTENT_TARGETS:
        raise ValueError(f"add {target.kind!r} to moderation.schemas.CONTENT_TARGETS")
    if target.kind in TARGETS:
        raise ValueError(f"two content targets of {target.kind!r}")
    TARGETS[target.kind] = target
    return target


def target_of(item) -> ContentTarget | None:
    for target in TARGETS.values():
        if isinstance(item, target.model):
            return target
    return None


def can_flag_content(user, item) -> bool:
    """Like `wijken.permissions.can_flag`: verified people flag shown content of others that they can see."""
    target = target_of(item)
    post = target.post(item) if target else None
    return (target is not None and post is not None and is_verified(user) and target.is_shown(item)
            and post.status == "published" and item.author_id != user.id and target.can_view(user, item))
