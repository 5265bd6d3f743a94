"""Stellingen through the API: seeds, pre-moderated resident stellingen that never leak before approval,
voting (idempotent, changeable, refused when closed or not eligible), the card order, the opinion groups after
7 votes (computed at most once per 10 s), and the Polis export without personal data. On SQLite and PostgreSQL."""
import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from audit.models import AuditEntry
from core.extensions import db
from core.timeutil import utcnow
from notifications.models import Notification
from stellingen import services
from stellingen.models import OpinionSnapshot, Statement, StatementVote

SEEDS = ["Er moet een 30 km-zone komen in de Bomenbuurt.", "De Eikenlaan moet eenrichtingsverkeer worden.",
         "Er zijn te weinig parkeerplaatsen.", "Fietsers moeten voorrang krijgen op de Beukenstraat.",
         "Vrachtwagens horen niet in de wijk.", "De bus moet vaker door de wijk rijden.",
         "Er moet een zebrapad bij de school komen.", "Drempels maken de wijk veiliger."]


@pytest.fixture
def world(make_world):
    return make_world("bomenbuurt", "Bomenbuurt")


def open_set(api, world, **changes):
    body = {"tool": "stellingen", "wijken": ["bomenbuurt"], "organisation": "gemeente",
            "title": "Verkeer rond de Bomenbuurt", "body": "Wat vind jij?", "level": "raadplegen",
            "decision_owner": "college van B&W", "closes_at": (utcnow() + timedelta(days=30)).isoformat() + "Z",
            "definition": {"statements": SEEDS}} | changes
    created = api.as_user(world.poster).post("/api/v1/participations", json=body)
    assert created.status_code == 201, created.json
    pid = created.json["id"]
    assert api.as_user(world.poster).post(f"/api/v1/participations/{pid}/publish").status_code == 200
    return pid


def ids(api, pid):
    return [s["id"] for s in api.get(f"/api/v1/participations/{pid}/statements").json["items"]]


def test_a_set_needs_five_to_fifteen_seeds_labelled_with_the_organisation(api, world):
    refused = api.as_user(world.poster).post("/api/v1/participations", json={
        "tool": "stellingen", "wijken": ["bomenbuurt"], "organisation": "gemeente", "title": "T", "body": "B",
        "level": "raadplegen", "decision_owner": "x", "closes_at": (utcnow() + timedelta(days=3)).isoformat() + "Z",
        "definition": {"statements": SEEDS[:4]}})
    assert refused.status_code == 422 and "definition.statements" in refused.json["error"]["fields"]
    pid = open_set(api, world)
    items = api.get(f"/api/v1/participations/{pid}/statements").json["items"]
    assert [s["text"] for s in items] == SEEDS
    assert {(s["source"], s["organisation"]["slug"], s["status"]) for s in items} == {
        ("organisation", "gemeente", "approved")}


def test_a_residents_stelling_is_reviewed_first_and_never_shown_to_others_before(api, world):
    pid = open_set(api, world)
    added = api.as_user(world.anna).post(f"/api/v1/participations/{pid}/statements",
                                         json={"text": "Er moet een speelstraat komen."})
    assert added.status_code == 201 and added.json["status"] == "pending" and added.json["source"] == "resident"
    sid = added.json["id"]
    assert sid not in ids(api, pid)
    assert api.get(f"/api/v1/statements/{sid}").status_code == 404
    assert api.as_user(world.bram).get(f"/api/v1/statements/{sid}").status_code == 404
    assert api.as_user(world.bram).get(f"/api/v1/participations/{pid}/statements",
                                       query_string={"status": "pending"}).status_code == 403
    assert api.as_user(world.bram).put(f"/api/v1/statements/{sid}/vote", json={"value": 1}).status_code == 404
    assert "speelstraat" not in api.get(f"/doe-mee/{pid}").text
    export = api.get(f"/doe-mee/{pid}/export/comments.csv").text
    assert "speelstraat" not in export

    owner = api.as_user(world.poster)
    assert [s["id"] for s in owner.get(f"/api/v1/participations/{pid}/statements",
                                       query_string={"status": "pending"}).json["items"]] == [sid]
    no_reason = owner.post(f"/api/v1/statements/{sid}/review", json={"action": "refuse"})
    assert no_reason.status_code == 422 and "reason" in no_reason.json["error"]["fields"]
    refused = owner.post(f"/api/v1/statements/{sid}/review", json={"action": "refuse",
                                                                   "reason": "Dit gaat niet over verkeer."})
    assert refused.json["status"] == "refused" and refused.json["refusal_reason"] == "Dit gaat niet over verkeer."
    told = db.session.scalar(select(Notification.message).where(Notification.user_id == world.anna.id))
    assert "Dit gaat niet over verkeer." in told
    assert api.as_user(world.anna).get(f"/api/v1/statements/{sid}").json["refusal_reason"] == \
        "Dit gaat niet over verkeer."
    assert owner.post(f"/api/v1/statements/{sid}/review", json={"action": "approve"}).status_code == 409
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == sid)) == "statement_refuse"

    second = api.as_user(world.anna).post(f"/api/v1/participations/{pid}/statements",
                                          json={"text": "Auto's rijden te hard op de Eikenlaan."}).json["id"]
    assert owner.post(f"/api/v1/statements/{second}/review", json={"action": "approve"}).status_code == 200
    assert second in ids(api, pid) and api.get(f"/api/v1/statements/{second}").json["refusal_reason"] is None


@pytest.mark.parametrize("text", ["", "x" * 141, SEEDS[0]])
def test_empty_too_long_or_duplicate_stellingen_are_refused(api, world, text):
    pid = open_set(api, world)
    response = api.as_user(world.anna).post(f"/api/v1/participations/{pid}/statements", json={"text": text})
    assert response.status_code == 422 and "text" in response.json["error"]["fields"]
    assert db.session.query(Statement).count() == len(SEEDS)


def test_voting_is_idempotent_changeable_and_refused_when_closed(api, world):
    pid = open_set(api, world)
    first = ids(api, pid)[0]
    path = f"/api/v1/statements/{first}/vote"
    anna = api.as_user(world.anna)
    assert anna.put(path, json={"value": 1, "important": True}).json["statement"]["agree"] == 1
    again = anna.put(path, json={"value": 1, "important": True}).json
    assert (again["statement"]["agree"], again["statement"]["important"], again["votes_cast"]) == (1, 1, 1)
    changed = anna.put(path, json={"value": -1}).json["statement"]
    assert (changed["agree"], changed["disagree"], changed["important"]) == (0, 1, 0)
    assert anna.put(path, json={"value": 2}).status_code == 422
    assert anna.put(path, json={}).status_code == 422
    assert api.put(path, json={"value": 1}).status_code == 401
    api.as_user(world.poster).post(f"/api/v1/participations/{pid}/close")
    assert api.as_user(world.bram).put(path, json={"value": 1}).status_code == 403
    assert db.session.query(StatementVote).count() == 1


def test_only_eligible_people_vote(api, world):
    pid = open_set(api, world, eligibility="followers")
    path = f"/api/v1/statements/{ids(api, pid)[0]}/vote"
    assert api.as_user(world.anna).put(path, json={"value": 1}).status_code == 403
    api.as_user(world.anna).put("/api/v1/wijken/bomenbuurt/follow")
    assert api.as_user(world.anna).put(path, json={"value": 1}).status_code == 200


def test_seeds_come_first_then_the_stellingen_with_fewest_votes(api, world):
    pid = open_set(api, world, definition={"statements": SEEDS[:5]})
    owner = api.as_user(world.poster)
    extra = []
    for n in range(2):
        sid = api.as_user(world.bram).post(f"/api/v1/participations/{pid}/statements",
                                           json={"text": f"Stelling {n}"}).json["id"]
        owner.post(f"/api/v1/statements/{sid}/review", json={"action": "approve"})
        extra.append(sid)
    api.as_user(world.cor).put(f"/api/v1/statements/{extra[1]}/vote", json={"value": 1})
    anna = api.as_user(world.anna)
    seen = []
    for _ in range(7):
        card = anna.get(f"/api/v1/participations/{pid}/statements/next").json
        seen.append(card["id"])
        anna.put(f"/api/v1/statements/{card['id']}/vote", json={"value": 0})
    assert seen[-2:] == extra and len(set(seen)) == 7  # the one without votes before the one with a vote
    assert anna.get(f"/api/v1/participations/{pid}/statements/next").status_code == 204


def test_opinion_groups_after_seven_votes_with_consensus(api, world, make_user):
    pid = open_set(api, world)
    statements = ids(api, pid)
    people = [world.anna, world.bram, world.cor] + [make_user(f"Bewoner {n}") for n in range(5)]
    anna = api.as_user(world.anna)
    assert anna.get(f"/api/v1/participations/{pid}/opinion-groups").status_code == 403
    for index, person in enumerate(people):
        side = 1 if index % 2 else -1
        for n, sid in enumerate(statements):
            value = 1 if n == 0 else (side if n < 4 else -side)
            services.vote(person, db.session.get(Statement, sid), {"value": value})
    db.session.get(Statement, statements[0]).participation.statement_set.groups_requested_at = None
    services.request_groups(db.session.get(Statement, statements[0]).participation)
    db.session.commit()
    shown = anna.get(f"/api/v1/participations/{pid}/opinion-groups").json
    assert shown["participant_count"] == 8 and len(shown["groups"]) == 2 and shown["votes_cast"] == len(SEEDS)
    assert [c["statement"]["id"] for c in shown["consensus"]] == [statements[0]]
    assert shown["your_group"] is not None
    together = {g["id"]: g["size"] for g in shown["groups"]}
    assert sorted(together.values()) == [4, 4]
    assert api.as_user(world.poster).get(f"/api/v1/participations/{pid}/opinion-groups").status_code == 200
    assert api.get(f"/api/v1/participations/{pid}/opinion-groups").status_code == 403


def test_the_groups_are_computed_at_most_once_per_ten_seconds(api, world):
    pid = open_set(api, world)
    statements = [db.session.get(Statement, sid) for sid in ids(api, pid)]
    services.vote(world.anna, statements[0], {"value": 1})
    first = db.session.scalar(select(OpinionSnapshot.computed_at))
    services.vote(world.bram, statements[1], {"value": 1})
    assert db.session.scalars(select(OpinionSnapshot.computed_at)).all() == [first]
    statements[0].participation.statement_set.groups_requested_at = utcnow() - timedelta(seconds=11)
    services.vote(world.cor, statements[2], {"value": 1})
    assert db.session.scalar(select(OpinionSnapshot.computed_at)) > first


def test_the_polis_export_has_no_personal_data(api, world):
    pid = open_set(api, world)
    statements = ids(api, pid)
    for person in (world.anna, world.bram):
        api.as_user(person).put(f"/api/v1/statements/{statements[0]}/vote", json={"value": 1})
    files = {name: api.get(f"/doe-mee/{pid}/export/{name}.csv") for name in
             ("summary", "comments", "votes", "participant-votes")}
    assert all(r.status_code == 200 and r.mimetype == "text/csv" for r in files.values())
    everything = "".join(r.text for r in files.values())
    for person in (world.anna, world.bram):
        assert person.email not in everything and person.display_name not in everything
    votes = list(csv.DictReader(io.StringIO(files["votes"].text)))
    assert [(v["comment-id"], v["voter-id"], v["vote"]) for v in votes] == [
        (str(statements[0]), "0", "1"), (str(statements[0]), "1", "1")]
    comments = list(csv.DictReader(io.StringIO(files["comments"].text)))
    assert len(comments) == len(SEEDS) and comments[0]["agrees"] == "2"
    assert api.get(f"/doe-mee/{pid}/export/secrets.csv").status_code == 404
