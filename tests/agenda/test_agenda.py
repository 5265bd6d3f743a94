"""The wijkagenda: agendapunten from an idea that reached its threshold, from a broadly supported stelling
(coordinators only), or from a partner; a meeting that is an evenement post of the wijk (or a new one); status
changes by the owner; a standing round proposes its ideas itself; the wijk page and the flyer list the open
ones. On SQLite and PostgreSQL."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from agenda import services as agenda
from agenda.models import AgendaItem
from core.extensions import db
from core.timeutil import utcnow
from ideas import services as ideas
from notifications.models import Notification
from participation import services as participations
from reach.flyer import flyer_content
from stellingen import services as stellingen
from wijken.models import Post
from wijken.roles import grant_wijk_role


@pytest.fixture
def world(make_user, make_wijk, make_org):
    class World:
        pass
    w = World()
    w.wijk = make_wijk("bomenbuurt", "Bomenbuurt")
    w.poster = make_user("Gemeente Medewerker")
    w.org = make_org("gemeente", "gemeente", wijken=[w.wijk], members=[w.poster])
    w.coordinator = make_user("Coördinator")
    grant_wijk_role(w.coordinator, w.wijk, "coordinator")
    w.residents = [make_user(f"Bewoner {n}") for n in range(4)]
    return w


def _frame(tool, title, definition, **extra):
    return {"tool": tool, "wijken": ["bomenbuurt"], "organisation": "gemeente", "title": title, "body": "Doe mee.",
            "level": "adviseren", "decision_owner": "college van B&W",
            "closes_at": (utcnow() + timedelta(days=30)).isoformat() + "Z", "definition": definition} | extra


def idea_over_threshold(world, standing=False):
    round_ = participations.create_participation(world.poster, _frame(
        "ideas", "Ideeën voor de buurt", {"threshold": 2, "standing": standing}))
    participations.publish(world.poster, round_)
    idea = ideas.submit_idea(world.residents[0], round_, {"title": "Een buurtmoestuin", "body": "Samen tuinieren."})
    for person in world.residents[1:3]:
        ideas.support(person, idea)
    return idea


def broadly_supported(world):
    statement_set = participations.create_participation(world.poster, _frame(
        "stellingen", "Verkeer", {"statements": [f"Stelling {n}" for n in range(1, 8)]}))
    participations.publish(world.poster, statement_set)
    seeds = list(statement_set.statements)
    for index, person in enumerate(world.residents):
        for n, statement in enumerate(seeds):
            value = 1 if n == 0 else (1 if (index + n) % 2 else -1)
            stellingen.vote(person, statement, {"value": value})
    statement_set.statement_set.groups_requested_at = None
    stellingen.request_groups(statement_set)
    db.session.commit()
    return seeds


def test_a_partner_adds_an_agendapunt_with_a_meeting_and_updates_it(api, world, make_post):
    event = make_post(world.poster, world.wijk, kind="evenement", title="Wijkoverleg", organisation=world.org,
                      starts_at=(utcnow() + timedelta(days=9)).isoformat() + "Z",
                      ends_at=(utcnow() + timedelta(days=9, hours=2)).isoformat() + "Z", location="Buurthuis")
    owner = api.as_user(world.poster)
    added = owner.post("/api/v1/wijken/bomenbuurt/agenda", json={
        "title": "Verlichting in het park", "organisation": "gemeente", "status": "scheduled",
        "meeting": event.id, "feedback_due": (utcnow() + timedelta(days=40)).isoformat() + "Z"})
    assert added.status_code == 201, added.json
    item = added.json
    assert (item["source"], item["status"], item["organisation"]["slug"]) == ("partner", "scheduled", "gemeente")
    assert item["meeting"]["post_id"] == event.id and item["meeting"]["title"] == "Wijkoverleg"
    listed = api.get("/api/v1/wijken/bomenbuurt/agenda").json["items"]
    assert [i["title"] for i in listed] == ["Verlichting in het park"]
    changed = owner.patch(f"/api/v1/agenda/{item['id']}", json={"status": "in_progress"})
    assert changed.status_code == 200 and changed.json["status"] == "in_progress"
    resident = api.as_user(world.residents[0])
    assert resident.patch(f"/api/v1/agenda/{item['id']}", json={"status": "done"}).status_code == 403
    assert resident.post("/api/v1/wijken/bomenbuurt/agenda", json={"title": "Mijn punt"}).status_code == 403
    own_post = make_post(world.residents[0], world.wijk, title="Gewoon een bericht")
    assert owner.patch(f"/api/v1/agenda/{item['id']}", json={"meeting": own_post.id}).status_code == 422
    assert owner.post("/api/v1/wijken/bomenbuurt/agenda", json={"organisation": "gemeente"}).status_code == 422
    assert db.session.query(AgendaItem).count() == 1


def test_an_idea_over_its_threshold_goes_on_the_agenda_once_and_its_author_hears(api, world):
    idea = idea_over_threshold(world)
    coordinator = api.as_user(world.coordinator)
    added = coordinator.post("/api/v1/wijken/bomenbuurt/agenda", json={"idea": idea.id})
    assert added.status_code == 201, added.json
    assert added.json["title"] == "Een buurtmoestuin" and added.json["source"] == "resident"
    assert added.json["idea"]["id"] == idea.id and added.json["organisation"]["slug"] == "gemeente"
    assert coordinator.post("/api/v1/wijken/bomenbuurt/agenda", json={"idea": idea.id}).status_code == 409
    told = db.session.scalars(select(Notification.message).where(
        Notification.user_id == world.residents[0].id)).all()
    assert any("wijkagenda" in m for m in told)


def test_only_a_broadly_supported_stelling_is_promoted_and_only_by_a_coordinator(api, world):
    seeds = broadly_supported(world)
    consensus, divided = seeds[0], seeds[1]
    assert api.as_user(world.poster).post("/api/v1/wijken/bomenbuurt/agenda",
                                          json={"statement": consensus.id}).status_code == 403
    coordinator = api.as_user(world.coordinator)
    refused = coordinator.post("/api/v1/wijken/bomenbuurt/agenda", json={"statement": divided.id})
    assert refused.status_code == 422 and "statement" in refused.json["error"]["fields"]
    promoted = coordinator.post("/api/v1/wijken/bomenbuurt/agenda", json={
        "statement": consensus.id, "new_meeting": {
            "title": "Bewonersavond verkeer", "location": "Buurthuis De Boom",
            "starts_at": (utcnow() + timedelta(days=14)).isoformat() + "Z",
            "ends_at": (utcnow() + timedelta(days=14, hours=2)).isoformat() + "Z"}})
    assert promoted.status_code == 201, promoted.json
    assert promoted.json["source"] == "stelling" and promoted.json["statement"]["text"] == "Stelling 1"
    meeting = db.session.get(Post, promoted.json["meeting"]["post_id"])
    assert meeting.kind == "evenement" and meeting.title == "Bewonersavond verkeer"


def test_a_standing_rounds_idea_is_proposed_when_it_reaches_the_threshold(world):
    idea = idea_over_threshold(world, standing=True)
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.idea_id == idea.id))
    assert item is not None and (item.status, item.source) == ("proposed", "resident")


def test_the_wijk_page_and_the_flyer_list_the_open_agendapunten(client, world):
    idea = idea_over_threshold(world)
    agenda.add_item(world.coordinator, world.wijk, {"idea": idea.id, "status": "scheduled"})
    page = client.get("/w/bomenbuurt").text
    assert "Wijkagenda" in page and "/w/bomenbuurt/wijkagenda" in page
    agenda_page = client.get("/w/bomenbuurt/wijkagenda")
    assert agenda_page.status_code == 200 and "Een buurtmoestuin" in agenda_page.text
    sections = flyer_content(world.wijk, utcnow()).sections
    assert sections and any("Een buurtmoestuin" in line for line in sections[0][1])
