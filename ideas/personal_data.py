"""A person's ideas and steun: exported; on deletion their ideas stay (others support them, the owner answered
them) without their name, and their steun is withdrawn from the counts."""
from sqlalchemy import select, update

from accounts.models import User
from accounts.personal_data import erases, exports
from core.extensions import db
from core.timeutil import isoformat

from .models import Idea, Support
from .serializers import photo_json


@exports("ideas")
def _ideas(user: User) -> dict:
    ideas = db.session.scalars(select(Idea).where(Idea.author_id == user.id).order_by(Idea.id))
    supported = db.session.execute(select(Support.idea_id, Support.created_at).where(Support.user_id == user.id)
                                   .order_by(Support.created_at))
    return {"submitted": [{"id": i.id, "participation_id": i.participation_id, "title": i.title, "body": i.body,
                           "location": i.location, "point": {"lat": i.lat, "lon": i.lon} if i.lat is not None else None,
                           "photo": photo_json(i), "state": i.state, "created_at": isoformat(i.created_at)}
                          for i in ideas],
            "supported": [{"idea_id": idea_id, "at": isoformat(at)} for idea_id, at in supported]}


@erases
def _forget(user: User, content: str) -> None:
    """Steun goes (the counts follow); ideas lose their author."""
    counted = select(Support.idea_id).where(Support.user_id == user.id)
    db.session.execute(update(Idea).where(Idea.id.in_(counted)).values(support_count=Idea.support_count - 1)
                       .execution_options(synchronize_session=False))
    db.session.execute(Support.__table__.delete().where(Support.user_id == user.id))
    db.session.execute(update(Idea).where(Idea.author_id == user.id).values(author_id=None)
                       .execution_options(synchronize_session=False))
