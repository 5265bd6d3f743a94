"""Every idea gets an answer, by a date: an idea over the threshold within the response time, the others by the
round's feedback date (a standing round: the response time after submitting). Everyone sees how many wait and how
many are overdue; the daily tick reminds the owner (again when more are overdue, or a week later). A clock, no
sleeps. On SQLite and PostgreSQL."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import utcnow
from ideas.models import Idea
from ideas.services import remind_overdue
from notifications.models import Notification
from participation.models import Participation
from participation.services import tick
from reach.models import OutboundMail
from tests.ideas.test_ideas_api import open_round, submit


@pytest.fixture
def world(make_world):
    return make_world("besoijen", "Besoijen")


def reminders(world) -> list[str]:
    return db.session.scalars(select(Notification.message).where(
        Notification.user_id == world.poster.id, Notification.kind == "reminder",
        Notification.link.like("%/beantwoorden")).order_by(Notification.id)).all()


def test_overdue_ideas_are_shown_to_everyone_and_the_owner_is_reminded(api, world):
    pid = open_round(api, world)
    waiting = submit(api, world.anna, pid, "Meer bomen op het plein")
    popular = submit(api, world.bram, pid, "Een speeltuin bij de school")
    for user in (world.anna, world.cor):
        api.as_user(user).put(f"/api/v1/ideas/{popular['id']}/support")
    now = utcnow()
    feedback_due = db.session.get(Participation, pid).feedback_due
    assert now + timedelta(days=15) < feedback_due

    listed = api.get(f"/api/v1/participations/{pid}/ideas").json
    assert listed["answers"] == {"ideas": 2, "answered": 0, "waiting": 2, "overdue": 0}
    first = {i["id"]: i for i in listed["items"]}
    assert first[waiting["id"]]["answer_by"][:10] == feedback_due.date().isoformat()
    assert first[popular["id"]]["answer_by"] == first[popular["id"]]["answer_due"]
    assert remind_overdue(now) == 0 and reminders(world) == []

    # two weeks on, the popular idea is past its answer date: the owner hears it once, everyone sees it
    later = now + timedelta(days=15)
    assert tick(later)[1] >= 1  # the daily tick of participations runs the ideas' part
    assert remind_overdue(later + timedelta(hours=1)) == 0
    assert len(reminders(world)) == 1 and "1" in reminders(world)[0]
    assert db.session.scalar(select(func.count()).select_from(OutboundMail).where(
        OutboundMail.recipient == world.poster.email, OutboundMail.kind == "reminder")) == 1
    row = db.session.get(Idea, popular["id"])  # the page reads the real clock: move the date back instead
    row.answer_due = utcnow() - timedelta(days=1)
    db.session.commit()
    page = api.get(f"/doe-mee/{pid}").text
    assert 'id="idea-answers"' in page and 'class="overdue"' in page
    assert api.get(f"/api/v1/ideas/{popular['id']}").json["overdue"] is True
    assert api.get(f"/api/v1/participations/{pid}/ideas").json["answers"]["overdue"] == 1

    # answered: nothing overdue, no reminder; past the feedback date the other one is
    assert api.as_user(world.poster).post(f"/api/v1/ideas/{popular['id']}/answer", json={
        "state": "adopted", "body": "Komt er in het voorjaar."}).status_code == 200
    assert remind_overdue(later + timedelta(days=1)) == 0
    past = feedback_due + timedelta(days=1)
    assert remind_overdue(past) == 1
    assert len(reminders(world)) == 2
    assert remind_overdue(past + timedelta(days=3)) == 0  # no more than before, within the week
    assert remind_overdue(past + timedelta(days=8)) == 1  # a week later, again
    assert len(reminders(world)) == 3


def test_a_standing_rounds_ideas_are_due_within_the_response_time(api, world):
    pid = open_round(api, world, standing=True)
    idea = submit(api, world.anna, pid, "Een bankje bij de vijver")
    shown = api.get(f"/api/v1/ideas/{idea['id']}").json
    assert shown["answer_by"][:10] == (utcnow() + timedelta(days=14)).date().isoformat()
    assert shown["overdue"] is False
    assert remind_overdue(utcnow() + timedelta(days=13)) == 0
    assert remind_overdue(utcnow() + timedelta(days=15)) == 1
    assert len(reminders(world)) == 1
