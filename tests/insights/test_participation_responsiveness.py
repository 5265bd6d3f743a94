"""Participation per origin, responsiveness (the scorecard as it is, promises, ideas answered) and the launch
checklist, against hand-counted fixtures."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from insights.launch import checklist
from insights.metrics import dashboard, participation_rows
from insights.models import LaunchMark
from insights.responsiveness import responsiveness
from insights.rollup import rollup
from participation import services as participations
from wijken.roles import grant_wijk_role

from .conftest import add_post

POLL = {"tool": "poll", "wijken": ["centrum"], "organisation": "gemeente", "title": "Welke avond?",
        "body": "Kies een avond.", "level": "raadplegen", "decision_owner": "college",
        "results_visibility": "after_answering", "definition": {"options": ["Maandag", "Dinsdag"], "max_choices": 1}}


@pytest.fixture
def poll(world):
    now = utcnow()
    poll = participations.create_participation(world.poster, POLL | {
        "closes_at": (now + timedelta(days=7)).isoformat() + "Z",
        "feedback_due": (now + timedelta(days=30)).isoformat() + "Z"})
    participations.publish(world.poster, poll)
    for user in (world.anna, world.bram):
        participations.respond(user, poll, {"choices": [poll.options[0].id]})
    participations.enter_paper_responses(world.poster, poll, {"origin": "paper", "responses": [
        {"choices": [poll.options[1].id]}] * 3})
    participations.enter_paper_responses(world.poster, poll, {"origin": "phone", "responses": [
        {"choices": [poll.options[0].id]}]})
    return poll


def test_participants_per_origin_as_share_of_households(app, world, poll):
    rollup()
    dash = dashboard(world.wijk, 4)
    (row,) = participation_rows(dash)
    assert row.origins == {"online": 2, "paper": 3, "booth": 0, "phone": 1}
    assert row.total == 6 and row.share_of_households == 0.03


def test_responsiveness_reuses_the_scorecard_and_counts_promises(app, world, poll):
    now = utcnow()
    poll.feedback_due = now - timedelta(days=1)  # due, no outcome: a promise not kept
    db.session.commit()
    figures = responsiveness(world.wijk, now)
    assert (figures.promises.due, figures.promises.kept) == (1, 0)
    assert figures.card.windows[0].questions.count == 0
    assert figures.ideas == 0 and figures.share_ideas_answered is None


def test_the_launch_checklist(app, world, poll, make_user):
    now = utcnow()
    done = {item.key: item.done for item in checklist(world.wijk, now)}
    assert done == {"partner": True, "posts": True, "participation": True, "meeting": False, "flyer": False}
    db.session.add(LaunchMark(wijk_id=world.wijk.id, item="flyer"))
    post = add_post(world.wijk, world.poster, now, kind="wijkschouw", org=world.org)
    post.starts_at = now + timedelta(days=3)
    db.session.commit()
    assert all(item.done for item in checklist(world.wijk, now))


def test_printing_the_flyer_ticks_it_off(app, client, login, world, make_user):
    coordinator = make_user("Coördinator")
    grant_wijk_role(coordinator, world.wijk, "coordinator")
    login(coordinator)
    assert "Een flyer gemaakt" in client.get("/inzichten/w/centrum").text
    assert client.get("/w/centrum/flyer.pdf").status_code == 200
    assert db.session.scalar(select(LaunchMark.item)) == "flyer"
    client.get("/w/centrum/flyer.pdf")  # twice is once
    assert len(db.session.scalars(select(LaunchMark)).all()) == 1


def test_checklist_only_for_coordinators_and_admins(app, client, login, world):
    login(world.poster)  # a member of a serving organisation sees the figures, not the checklist
    page = client.get("/inzichten/w/centrum").text
    assert 'id="reach"' in page and 'id="launch"' not in page
