"""What happens on the wijk side, for the areas above it to act on (mail, notifications, moderation).

Sent inside the writing transaction by `wijken.services`; receivers write in the same transaction
(and queue their own after-commit work), so a rolled-back write leaves no trace anywhere. The wijk
side does not know who listens.
"""
from blinker import Namespace

_signals = Namespace()

# sender: the post; published at once or approved by a moderator
post_published = _signals.signal("post-published")
# sender: the post; kwargs: actor, changed (set of field names)
post_edited = _signals.signal("post-edited")
# sender: the post; kwargs: actor (None: a moderator or the system). The post no longer takes place.
post_removed = _signals.signal("post-removed")
# sender: the post; kwargs: actor (who reacted or took a reaction back)
reactions_changed = _signals.signal("reactions-changed")
# sender: the comment; its text changed (by its author)
comment_edited = _signals.signal("comment-edited")
# sender: the post or comment whose status changed (published, pending, hidden, removed); kwargs: before
status_changed = _signals.signal("status-changed")
# sender: the comment; kwargs: replied_to (the comment it answers, or None)
comment_added = _signals.signal("comment-added")
# sender: the new follow (someone started following a wijk; not sent when they only change its e-mail level)
followed = _signals.signal("followed")
# A higher area turned a post into something of its own (a webcare question into a melding): (post, link=path).
post_converted = _signals.signal("post-converted")
# sender: the post or comment; kwargs: actor. Someone other than the author removes it: a moderation action,
# carried out by the one receiver the moderation area connects.
removal_by_moderator = _signals.signal("removal-by-moderator")
