"""A person's part in participations: exported; on deletion their named answers lose the name (the tallies
stay, the answers were given), and who took part is forgotten."""
from sqlalchemy import select, update

from accounts.models import User
from accounts.personal_data import delete_rows, erases, exports
from core.extensions import db
from core.timeutil import isoformat

from .models import Participant, Participation, PollOption, Response


@exports("participations")
def _participations(user: User) -> list[dict]:
    """Each participation the person took part in, with their named answers (anonymous ones name nobody)."""
    taken = db.session.execute(select(Participation.id, Participation.title, Participant.created_at)
                               .join(Participant, Participant.participation_id == Participation.id)
                               .where(Participant.user_id == user.id).order_by(Participant.id))
    labels = dict(db.session.execute(select(PollOption.id, PollOption.label).join(
        Response, Response.participation_id == PollOption.participation_id).where(Response.user_id == user.id)).all())
    answers = {}
    for response in db.session.scalars(select(Response).where(Response.user_id == user.id)):
        answers[response.participation_id] = {"choices": [labels.get(c) for c in response.choices],
                                              "other": response.other_text}
    return [{"participation_id": pid, "title": title, "answered_at": isoformat(at), "answer": answers.get(pid)}
            for pid, title, at in taken]


@erases
def _forget_participant(user: User, content: str) -> None:
    db.session.execute(update(Response).where(Response.user_id == user.id).values(user_id=None, other_text=None)
                       .execution_options(synchronize_session=False))
    delete_rows(user, Participant)
