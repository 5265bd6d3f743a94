"""Debates: arguments with a stance, the strongest per side by "useful", residents only where the wijk allows it,
and a close that needs written conclusions and reaches every participant."""
import pytest
from sqlalchemy import select

from conversations import debates, services
from core.errors import Conflict, PermissionDenied, ValidationError
from core.extensions import db
from notifications.models import Notification
from tests.conftest import Api, log_in


@pytest.fixture
def debate(make_user, make_wijk, make_org):
    wijk = make_wijk("besoijen", "Besoijen")
    poster = make_user("Sanne Poster")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    return debates.create_debate(poster, wijk, {"organisation": "gemeente", "title": "Wat doen we met het plein?"}), \
        poster


def test_arguments_strongest_per_side_and_close_with_conclusions(debate, make_user, client):
    conversation, poster = debate
    anna, bert, carla = make_user("Anna"), make_user("Bert"), make_user("Carla")
    with pytest.raises(ValidationError):
        services.say(anna, conversation, {"body": "Zonder standpunt"})
    pro = services.say(anna, conversation, {"body": "Meer groen", "stance": "for"})
    con = services.say(bert, conversation, {"body": "Parkeren wordt lastig", "stance": "against"})
    services.say(carla, conversation, {"body": "Eens", "parent_id": pro.comment_id})
    for user in (bert, carla):
        services.set_vote(user, conversation, services.entry_in(conversation, pro.comment_id), True)
    best = debates.strongest(services.thread(None, conversation))
    assert [e.comment_id for e in best["for"]] == [pro.comment_id] and best["against"] == []
    page = client.get(f"/debat/{conversation.id}").text
    assert "Meer groen" in page and "Parkeren wordt lastig" in page
    with pytest.raises(PermissionDenied):
        debates.close_debate(anna, conversation, {"heard": "x", "next_steps": "y"})
    with pytest.raises(ValidationError):
        debates.close_debate(poster, conversation, {"heard": "Veel steun voor groen"})
    debates.close_debate(poster, conversation, {"heard": "Veel steun voor groen", "next_steps": "Ontwerp in maart"})
    assert "Ontwerp in maart" in conversation.post.body
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "conclusions")))
    assert {anna.id, bert.id, carla.id} <= told
    with pytest.raises(Conflict):
        services.say(anna, conversation, {"body": "Nog iets", "stance": "for"})
    assert con.kind == "argument"


def test_residents_start_debates_only_where_the_coordinator_allows_it(debate, make_user, client):
    conversation, _poster = debate
    wijk = conversation.wijk
    anna = make_user("Anna")
    with pytest.raises(PermissionDenied):
        debates.create_debate(anna, wijk, {"title": "Mijn vraag"})
    coordinator = make_user("Coördinator")
    from wijken.roles import grant_wijk_role
    grant_wijk_role(coordinator, wijk, "coordinator")
    log_in(client, coordinator)
    assert client.post("/w/besoijen/debat/instelling", data={"allowed": "1"}).status_code == 302
    mine = debates.create_debate(anna, wijk, {"title": "Mijn vraag"})
    assert mine.organisation is None and mine.post.organisation is None


def test_debate_api(debate, make_user, client):
    conversation, poster = debate
    anna = Api(client, make_user("Anna"))
    made = anna.post(f"/api/v1/debates/{conversation.id}/arguments", json={"body": "Voor!", "stance": "for"})
    assert made.status_code == 201 and made.json["stance"] == "for"
    useful = Api(client, poster).put(f"/api/v1/debates/{conversation.id}/arguments/{made.json['id']}/useful")
    assert useful.json == {"comment_id": made.json["id"], "votes": 1, "voted": True}
    closed = Api(client, poster).post(f"/api/v1/debates/{conversation.id}/close",
                                      json={"heard": "Voor", "next_steps": "Doen"})
    assert closed.status_code == 201 and closed.json["state"] == "ended" and "Doen" in closed.json["next_steps_html"]
