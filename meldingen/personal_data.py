"""What meldingen keep about a person: their meldingen (exported); on deletion a private melding's text and spot
description go (the melding stays for the handler and the figures, without its reporter), and what they follow.
Their questions to organisations likewise: exported; on deletion a private question's text goes, a public one stays
(its post follows the posts' own rule) without its asker."""
from sqlalchemy import select, update

from accounts.models import User
from accounts.personal_data import delete_rows, erases, exports
from core.extensions import db
from core.timeutil import isoformat

from .models import Question, Report, ReportFollower


@exports("meldingen")
def _meldingen(user: User) -> list[dict]:
    return [{"id": r.id, "category": r.category.name, "state": r.state, "private": r.private, "lat": r.lat,
             "lon": r.lon, "location": r.location_text, "body": r.body, "created_at": isoformat(r.created_at),
             "satisfied": r.satisfied, "satisfaction_reason": r.satisfaction_reason}
            for r in db.session.scalars(select(Report).where(Report.reporter_id == user.id).order_by(Report.id))]


@erases
def _forget_reporter(user: User, content: str) -> None:
    db.session.execute(update(Report).where(Report.reporter_id == user.id, Report.private.is_(True))
                       .values(body="", location_text="", satisfaction_reason=None)
                       .execution_options(synchronize_session=False))
    db.session.execute(update(Report).where(Report.reporter_id == user.id).values(reporter_id=None)
                       .execution_options(synchronize_session=False))
    delete_rows(user, ReportFollower)


@exports("questions")
def _questions(user: User) -> list[dict]:
    return [{"id": q.id, "organisation": q.organisation.name, "title": q.title, "body": q.body, "private": q.private,
             "state": q.state, "created_at": isoformat(q.created_at)}
            for q in db.session.scalars(select(Question).where(Question.asker_id == user.id).order_by(Question.id))]


@erases
def _forget_asker(user: User, content: str) -> None:
    db.session.execute(update(Question).where(Question.asker_id == user.id, Question.private.is_(True))
                       .values(body="", title="…").execution_options(synchronize_session=False))
    db.session.execute(update(Question).where(Question.asker_id == user.id).values(asker_id=None)
                       .execution_options(synchronize_session=False))
