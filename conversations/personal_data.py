"""What spreekuren and debates keep about a person: their votes, the stance of their arguments (the messages
themselves are comments: the wijk's export has them) and mutes for a session. Votes and mutes go with the account."""
from sqlalchemy import select

from accounts.models import User
from accounts.personal_data import delete_rows, erases, exports
from core.extensions import db
from core.timeutil import isoformat

from .models import Conversation, Entry, SessionMute, Vote


@exports("conversations")
def _conversations(user: User) -> dict:
    entries = db.session.execute(select(Entry.comment_id, Entry.kind, Entry.stance, Conversation.title).join(
        Conversation, Conversation.id == Entry.conversation_id).where(Entry.user_id == user.id)
        .order_by(Entry.comment_id))
    votes = db.session.scalars(select(Vote.comment_id).where(Vote.user_id == user.id).order_by(Vote.id))
    mutes = db.session.execute(select(Conversation.title, SessionMute.reason, SessionMute.created_at).join(
        Conversation, Conversation.id == SessionMute.conversation_id).where(SessionMute.user_id == user.id))
    return {
        "messages": [{"comment_id": c, "kind": k, "stance": s, "conversation": t} for c, k, s, t in entries],
        "voted_for_comment_ids": list(votes),
        "muted_in": [{"conversation": t, "reason": r, "at": isoformat(at)} for t, r, at in mutes],
    }


@erases
def _forget_votes_and_mutes(user: User, content: str) -> None:
    delete_rows(user, Vote, SessionMute)
