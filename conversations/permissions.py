"""Who may start, write in, vote in, moderate and close a spreekuur or a debate: plain predicates with explicit
arguments, used by the views, the API, the thread rule every comment obeys and the templates.

What a write needs to know about the person (their last message, a mute for the session) is loaded by the
services and passed in; nothing here reads the database or the request.
"""
from datetime import datetime, timedelta

from accounts.permissions import is_admin, is_user
from partners.permissions import POSTING_ROLES, membership_role
from wijken.permissions import can_manage_wijk, can_moderate, can_participate, can_post


def window_state(conversation, now: datetime) -> str:
    """`scheduled` (before its start), `live` (people may write), or `ended` (read-only)."""
    if conversation.status == "closed":
        return "ended"
    if conversation.starts_at is not None and now < conversation.starts_at:
        return "scheduled"
    if conversation.ends_at is not None and now >= conversation.ends_at:
        return "ended"
    return "live"


def is_host(user, conversation) -> bool:
    return is_user(user) and conversation.host_id == user.id


def speaks_for_organisation(user, conversation) -> bool:
    """The host, and the organisation's posters and admins: they answer and are not slowed down."""
    return is_host(user, conversation) or (conversation.organisation is not None
                                           and membership_role(user, conversation.organisation) in POSTING_ROLES)


def can_moderate_conversation(user, conversation) -> bool:
    """Hide messages and mute people for the session: the wijk's coordinators, the organisation's moderators
    and site admins (the moderation scope of the post's thread)."""
    return conversation.post is not None and can_moderate(user, conversation.post)


def can_manage_conversation(user, conversation) -> bool:
    """Write the summary or the conclusions, end early: the host and the organisation's posters; for a
    residents' debate its starter and the wijk's coordinators; site admins always."""
    if is_admin(user) or speaks_for_organisation(user, conversation):
        return True
    if conversation.organisation is None:
        return (is_user(user) and conversation.created_by_id == user.id) or can_manage_wijk(user, conversation.wijk)
    return False


def is_exempt(user, conversation) -> bool:
    """Slow mode does not apply to the host, the organisation and the moderators."""
    return speaks_for_organisation(user, conversation) or can_moderate_conversation(user, conversation)


def write_refusal(user, conversation, now: datetime, *, last_written: datetime | None,
                  muted: bool) -> tuple[str, datetime | None] | None:
    """Why `user` may not write in the conversation now, as (code, when it is possible again or None), or None.

    Codes: `not_started`, `ended`, `muted` (for this session), `slow_mode`. The wijk's own rules (a verified
    account, a wijk mute, a published post) come first: `can_participate`.
    """
    state = window_state(conversation, now)
    if state == "scheduled":
        return "not_started", conversation.starts_at
    if state == "ended":
        return "ended", None
    if muted and not is_exempt(user, conversation):
        return "muted", None
    if conversation.slow_mode_seconds and last_written is not None and not is_exempt(user, conversation):
        again = last_written + timedelta(seconds=conversation.slow_mode_seconds)
        if now < again:
            return "slow_mode", again
    return None


def can_write(user, conversation, now: datetime, *, last_written=None, muted=False) -> bool:
    return (conversation.post is not None and can_participate(user, conversation.post)
            and write_refusal(user, conversation, now, last_written=last_written, muted=muted) is None)


def can_vote(user, conversation, entry, now: datetime) -> bool:
    """Upvote a question (while the spreekuur is live) or call an argument useful (while the debate is open):
    anyone who may take part in the wijk, never their own."""
    if entry.kind not in ("question", "argument") or entry.user_id == getattr(user, "id", None):
        return False
    return can_participate(user, conversation.post) and window_state(conversation, now) == "live"


def can_hold_spreekuur(user, wijk, organisation) -> bool:
    """Posters and admins of an organisation serving the wijk schedule a spreekuur."""
    return organisation is not None and can_post(user, wijk, "spreekuur", organisation)


def can_start_debate(user, wijk, organisation, residents_may_start: bool) -> bool:
    """An organisation's posters, in a wijk it serves; a resident only where the coordinator allows it."""
    if organisation is None and not residents_may_start:
        return False
    return can_post(user, wijk, "debat", organisation)


def can_summarise(user, conversation, now: datetime) -> bool:
    """After a spreekuur: its summary, once."""
    return (conversation.kind == "spreekuur" and conversation.closing is None
            and window_state(conversation, now) == "ended" and can_manage_conversation(user, conversation))


def can_close_debate(user, conversation) -> bool:
    """Close a debate with its conclusions: once, by whoever manages it (before or after its time box ends)."""
    return (conversation.kind == "debat" and conversation.status == "open"
            and can_manage_conversation(user, conversation))


TEMPLATE_PREDICATES = {f.__name__: f for f in (
    window_state, is_host, can_moderate_conversation, can_manage_conversation, can_vote, can_summarise,
    can_close_debate, speaks_for_organisation,
)}
