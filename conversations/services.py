"""What a spreekuur and a debate share: writing in the thread (its window, slow mode, mutes for the session),
votes, moderating live, reading the thread, and telling people when it closes.

Messages are the post's comments (`wijken.services.add_comment`), so they reach the post's live room, the
review queue and the transcript like any comment; the thread rule registered here makes every channel (this
page, the post page, the API's comments) obey the conversation's window, slow mode and mutes.
"""
from datetime import datetime

from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import joinedload

from accounts.models import User
from audit.services import audit, audit_actions, audit_reason
from core import realtime
from core.errors import AppError, Conflict, NotFound, PermissionDenied, require
from core.extensions import db
from core.mail import render_mail
from core.markup import render_markdown
from core.schemas import Input
from core.timeutil import isoformat, utcnow
from core.transactions import commit, lock, unit_of_work
from core.urls import external_url, path_for
from moderation.services import moderate
from notifications.services import notify
from reach.mailings import MAILABLE
from reach.outbox import queue_mail
from wijken import live
from wijken.live import register_event
from wijken.models import Comment, Follow, Rsvp, Wijk
from wijken.permissions import can_comment_as, can_participate, can_view, thread_rule
from wijken.serializers import public_post
from wijken.services import add_comment, require_writer

from . import schemas
from .models import Conversation, Entry, SessionMute, Vote
from .permissions import (
    can_moderate_conversation,
    can_vote,
    speaks_for_organisation,
    window_state,
    write_refusal,
)

for _event in ("entry_updated", "conversation_updated"):  # logged in the wijk's event log: part of its shape
    register_event(_event)
audit_actions(session_mute=_l("muted for the session"), session_unmute=_l("no longer muted for the session"))


class TooSoon(AppError):
    """Slow mode: written again too soon. `retry_at` (in the JSON error) says when it is possible again."""
    status = 429
    code = "slow_mode"


def get_conversation(conversation_id: int, kind: str) -> Conversation:
    """A conversation whose post the public may see (a hidden or removed post takes its conversation along)."""
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None or conversation.kind != kind or conversation.post is None:
        raise NotFound(_("Not found."))
    return conversation


def require_visible(viewer, conversation: Conversation) -> Conversation:
    if not can_view(viewer, conversation.post):
        raise NotFound(_("Not found."))
    return conversation


def conversation_of_post(post) -> Conversation | None:
    return db.session.scalar(select(Conversation).where(Conversation.post_id == post.id))


# --- who may write now ----------------------------------------------------------------------------------

def last_written(user, conversation: Conversation) -> datetime | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(func.max(Entry.created_at)).where(Entry.conversation_id == conversation.id,
                                                                       Entry.user_id == user.id))


def is_muted(user, conversation: Conversation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(SessionMute.id).where(SessionMute.conversation_id == conversation.id,
                                                          SessionMute.user_id == user.id)) is not None


def refusal(user, conversation: Conversation, now: datetime | None = None) -> AppError | None:
    """The error a write by `user` would get now (worded, with when it is possible again), or None."""
    now = now or utcnow()
    found = write_refusal(user, conversation, now, last_written=last_written(user, conversation),
                          muted=is_muted(user, conversation))
    if found is None:
        return None
    code, again = found
    when = format_datetime(again, "HH:mm:ss") if again else None
    if code == "not_started":
        return Conflict(_("This starts at %(time)s: you can write then.",
                          time=format_datetime(again, "d MMMM, HH:mm")), code=code,
                        details={"retry_at": isoformat(again)})
    if code == "ended":
        return Conflict(_("This has ended: you can read it, but no longer write in it."), code=code)
    if code == "muted":
        return PermissionDenied(_("A moderator has muted you for the rest of this conversation."), code=code)
    return TooSoon(_("Slow mode: you can send your next message at %(time)s.", time=when),
                   details={"retry_at": isoformat(again)})


def _thread_rule(user, post) -> str | None:
    conversation = conversation_of_post(post)
    found = refusal(user, conversation) if conversation is not None else None
    return found.message if found else None


thread_rule("spreekuur")(_thread_rule)
thread_rule("debat")(_thread_rule)


# --- writing ----------------------------------------------------------------------------------------------

def say(user, conversation: Conversation, data, now: datetime | None = None) -> Entry:
    """A message in the conversation: a question, an answer, a message or an argument (by who writes what).

    Refused, and nothing written, outside the window, while muted for the session or faster than slow mode;
    the error says when it is possible again.
    """
    post = conversation.post
    require_writer(can_participate(user, post), user, post.wijk, _("You cannot write here."))
    fields = Input(schemas.MessageCreate, data)
    stance = fields["stance"]
    if conversation.kind == "debat" and fields["parent_id"] is None and stance is None:
        fields.error("stance", _("Say whether this argument is for or against, or neutral."))
    fields["body"]  # noqa: B018  (reading collects the field's error)
    fields.check()
    lock(Wijk, post.wijk_id)  # writers of the wijk take turns (the wijk first): slow mode counts exactly
    now = now or utcnow()
    refused = refusal(user, conversation, now)
    if refused is not None:
        db.session.rollback()
        raise refused
    written = {"body": fields["body"], "parent_id": fields["parent_id"]}
    if speaks_for_organisation(user, conversation) and can_comment_as(user, post, conversation.organisation):
        written["organisation"] = conversation.organisation.slug  # the organisation's badge on the host's messages
    with unit_of_work():
        comment = add_comment(user, post, written)
        parent = db.session.get(Entry, comment.parent_id) if comment.parent_id else None
        entry = Entry(comment_id=comment.id, conversation_id=conversation.id, user_id=user.id, votes=0,
                      kind=_entry_kind(user, conversation, parent), created_at=now,
                      stance=stance if conversation.kind == "debat" and parent is None else None)
        db.session.add(entry)
        _announce(conversation, entry)  # right after comment_created: what the message is (question, answer...)
        if entry.kind == "answer" and parent.answered_at is None:
            parent.answered_at = now
            _announce(conversation, parent)
    return entry


def _entry_kind(user, conversation: Conversation, parent: Entry | None) -> str:
    if conversation.kind == "debat":
        return "argument" if parent is None else "message"
    if parent is None:
        return "message" if speaks_for_organisation(user, conversation) else "question"
    return "answer" if parent.kind == "question" and speaks_for_organisation(user, conversation) else "message"


def _announce(conversation: Conversation, entry: Entry) -> None:
    """Votes and answered state of a question or argument, to the post's room (no text: that is the comment's)."""
    post = conversation.post
    live.publish(post.wijk, live.next_seq(post.wijk), "entry_updated", entry_event(conversation, entry),
                 post_id=post.id)


def announce_state(conversation: Conversation) -> None:
    """The conversation's state (ended early, closed, summary or conclusions written) to the post's room."""
    post = conversation.post
    live.publish(post.wijk, live.next_seq(post.wijk), "conversation_updated", {
        "post_id": post.id, "conversation_id": conversation.id, "state": window_state(conversation, utcnow()),
        "closed": conversation.closing is not None}, post_id=post.id)


def entry_event(conversation: Conversation, entry: Entry) -> dict:
    return {"post_id": conversation.post_id, "conversation_id": conversation.id, "comment_id": entry.comment_id,
            "kind": entry.kind, "stance": entry.stance, "votes": entry.votes,
            "answered": entry.answered_at is not None}


def entry_in(conversation: Conversation, comment_id: int) -> Entry:
    entry = db.session.get(Entry, comment_id)
    if entry is None or entry.conversation_id != conversation.id or entry.comment.status != "published":
        raise NotFound(_("Not found."))
    return entry


def set_vote(user, conversation: Conversation, entry: Entry, on: bool, now: datetime | None = None) -> Entry:
    """Upvote a question or call an argument useful (on), or take it back; the count is kept on the entry."""
    require(can_vote(user, conversation, entry, now or utcnow()), _("You cannot vote on this."))
    post = conversation.post
    seq_taken = live.next_seq(post.wijk)  # the wijk first: votes on one entry take turns, counted from the rows
    mine = (Vote.comment_id == entry.comment_id) & (Vote.user_id == user.id)
    if on == bool(db.session.scalar(select(Vote.id).where(mine))):
        db.session.rollback()
        return entry
    if on:
        db.session.add(Vote(comment_id=entry.comment_id, user_id=user.id))
    else:
        db.session.execute(delete(Vote).where(mine))
    db.session.flush()
    entry.votes = db.session.scalar(select(func.count()).where(Vote.comment_id == entry.comment_id))
    live.publish(post.wijk, seq_taken, "entry_updated", entry_event(conversation, entry), post_id=post.id)
    commit()
    return entry


# --- moderating live ----------------------------------------------------------------------------------------

def hide_message(actor, conversation: Conversation, comment_id: int, reason) -> dict:
    """Hide a message: the moderation action (review queue, audit log, the author told); every open page drops it."""
    entry_in(conversation, comment_id)
    return moderate(actor, {"action": "hide", "target": "comment", "id": comment_id, "reason": reason})


def mute_for_session(actor, conversation: Conversation, user_id, reason, on: bool = True) -> bool:
    """Mute someone for the rest of this conversation (they still read), or lift it; logged in the audit log."""
    require(can_moderate_conversation(actor, conversation), _("You cannot moderate this conversation."))
    fields = Input(schemas.SessionMuteRequest, {"user": user_id, "reason": reason if on else audit_reason(reason)})
    user = db.session.get(User, fields["user"]) if fields["user"] else None
    reason = fields["reason"]
    fields.check()
    if user is None:
        raise NotFound(_("Not found."))
    if speaks_for_organisation(user, conversation):
        raise Conflict(_("The host and the organisation cannot be muted here."), code="not_mutable")
    existing = db.session.scalar(select(SessionMute).where(SessionMute.conversation_id == conversation.id,
                                                           SessionMute.user_id == user.id))
    if on and existing is None:
        db.session.add(SessionMute(conversation_id=conversation.id, user_id=user.id, muted_by_id=actor.id,
                                   reason=reason))
    elif not on and existing is not None:
        db.session.delete(existing)
    else:
        return on
    post = conversation.post
    audit(actor, "session_mute" if on else "session_unmute", "user", user.id, reason, wijk=post.wijk,
          organisation=post.organisation, conversation=conversation.id)
    with force_locale(user.locale or "nl"):
        message = (_("A moderator has muted you in “%(title)s” for the rest of it. Reason: %(reason)s",
                     title=conversation.title, reason=reason) if on else
                   _("You can write in “%(title)s” again.", title=conversation.title))
    notify(user, "moderation", message, page_link(conversation))
    realtime.notify_user(user.id, "conversation_muted", {"conversation_id": conversation.id,
                                                         "post_id": post.id, "muted": on})
    commit()
    return on


# --- reading --------------------------------------------------------------------------------------------

def thread(viewer, conversation: Conversation) -> list[Entry]:
    """The conversation's messages, oldest first, as `viewer` may see them (hidden ones only for moderators and
    their authors): one query whatever the length. A chat shows no photos: they are not loaded (the photos'
    eager load runs one more query per 500 messages)."""
    rows = db.session.scalars(
        select(Entry).join(Entry.comment).where(Entry.conversation_id == conversation.id,
                                                Comment.status.in_(("published", "hidden")))
        .options(joinedload(Entry.comment).lazyload(Comment.photos))
        .order_by(Entry.created_at, Entry.comment_id)).unique().all()
    return [entry for entry in rows if entry.comment.status == "published" or can_view(viewer, entry.comment)]


def ranked(entries: list[Entry], kind: str) -> list[Entry]:
    """Questions (or arguments) most asked (most useful) first; answered questions after the open ones."""
    chosen = [e for e in entries if e.kind == kind and e.comment.status == "published"]
    return sorted(chosen, key=lambda e: (e.answered_at is not None, -e.votes, e.comment_id))


def replies_by_parent(entries: list[Entry]) -> dict[int, list[Entry]]:
    replies: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.comment.parent_id is not None:
            replies.setdefault(entry.comment.parent_id, []).append(entry)
    return replies


def my_votes(viewer, conversation: Conversation) -> set[int]:
    if not getattr(viewer, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(Vote.comment_id).join(Entry, Entry.comment_id == Vote.comment_id).where(
        Entry.conversation_id == conversation.id, Vote.user_id == viewer.id)))


def muted_ids(conversation: Conversation) -> set[int]:
    return set(db.session.scalars(select(SessionMute.user_id).where(SessionMute.conversation_id == conversation.id)))


def _endpoint(conversation: Conversation) -> str:
    return "conversations.spreekuur" if conversation.kind == "spreekuur" else "conversations.debate"


def page_link(conversation: Conversation) -> str:
    return path_for(_endpoint(conversation), conversation_id=conversation.id)


# --- closing: the post shows it above the thread, and people hear of it ------------------------------------

def refresh_post(conversation: Conversation, body: str) -> None:
    """The conversation's wijk post with its new text (a summary, conclusions), announced like an edit."""
    post = conversation.post
    post.body, post.body_html = body, render_markdown(body)
    post.seq = live.next_seq(post.wijk)
    db.session.flush()
    live.publish(post.wijk, post.seq, "post_updated", public_post(post), post_id=post.id)


def participants(conversation: Conversation) -> list[User]:
    """Everyone who wrote in it or said they would come (not deleted), and whoever started it."""
    writers = select(Entry.user_id).where(Entry.conversation_id == conversation.id)
    coming = select(Rsvp.user_id).where(Rsvp.post_id == conversation.post_id, Rsvp.status != "not_going")
    return list(db.session.scalars(select(User).where(
        or_(User.id.in_(writers), User.id.in_(coming), User.id == conversation.created_by_id),
        User.deleted_at.is_(None)).order_by(User.id)))


def followers(conversation: Conversation) -> list[User]:
    """The wijk's followers who hear of important posts at once."""
    return list(db.session.scalars(select(User).join(Follow, Follow.user_id == User.id).where(
        Follow.wijk_id == conversation.wijk_id, Follow.level.in_(("all", "important")), *MAILABLE)
        .order_by(User.id)))


def tell(users, conversation: Conversation, what: str, compose, actor=None) -> None:
    """In the app and by e-mail, each in their own language: `compose()` gives (subject, lines) in it. The
    `actor` (who wrote the summary or the conclusions) is not told of their own doing."""
    link = external_url(_endpoint(conversation), conversation_id=conversation.id)
    for user in dict.fromkeys(users):
        if user.is_service or user == actor:
            continue
        with force_locale(user.locale or "nl"):
            subject, lines = compose()
            notify(user, what, subject, page_link(conversation))
        if user.email_verified_at is None:
            continue
        mail_subject, text, html = render_mail("account", subject, user.locale, name=user.display_name,
                                               lines=lines, link=link)
        queue_mail(f"conversation:{conversation.id}:{what}:to:{user.email}", user.email, what, mail_subject, text,
                   html)
