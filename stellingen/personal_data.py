"""A person's stellingen and votes: exported; on deletion their votes go (the counts follow, the groups are
computed again without them) and their stellingen stay without their name."""
from sqlalchemy import select, update

from accounts.models import User
from accounts.personal_data import erases, exports
from core.extensions import db
from core.timeutil import isoformat

from .models import OpinionSnapshot, Statement, StatementVote

COUNTS = {1: "agree", 0: "passes", -1: "disagree"}


@exports("stellingen")
def _stellingen(user: User) -> dict:
    written = db.session.scalars(select(Statement).where(Statement.author_id == user.id).order_by(Statement.id))
    votes = db.session.scalars(select(StatementVote).where(StatementVote.user_id == user.id)
                               .order_by(StatementVote.created_at))
    return {"written": [{"id": s.id, "participation_id": s.participation_id, "text": s.text, "status": s.status,
                         "created_at": isoformat(s.created_at)} for s in written],
            "votes": [{"statement_id": v.statement_id, "value": v.value, "important": v.important,
                       "at": isoformat(v.updated_at)} for v in votes]}


@erases
def _forget(user: User, content: str) -> None:
    for vote in db.session.scalars(select(StatementVote).where(StatementVote.user_id == user.id)):
        name = COUNTS[vote.value]
        changes = {name: getattr(Statement, name) - 1}
        if vote.important:
            changes["important"] = Statement.important - 1
        db.session.execute(update(Statement).where(Statement.id == vote.statement_id).values(changes)
                           .execution_options(synchronize_session=False))
        db.session.delete(vote)
    for snapshot in db.session.scalars(select(OpinionSnapshot).where(
            OpinionSnapshot.members.is_not(None))):
        if str(user.id) in snapshot.members:
            snapshot.members = {k: v for k, v in snapshot.members.items() if k != str(user.id)}
    db.session.execute(update(Statement).where(Statement.author_id == user.id).values(author_id=None)
                       .execution_options(synchronize_session=False))
