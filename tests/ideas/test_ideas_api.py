"""Idea rounds through the API: submitting (similar ideas offered), steun (idempotent, withdrawable, the
threshold and the answer due), every idea answered (one by one and in bulk with a template), merging with the
supporters, moderation that never leaks, result items, and bad input. On SQLite and PostgreSQL."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from audit.models import AuditEntry
from core.extensions import db
from core.timeutil import utcnow
from ideas.models import Idea, Support
from notifications.models import Notification
from participation.models import Participation


@pytest.fixture
def world(make_world):
    return make_world("besoijen", "Besoijen")


def open_round(api, world, **definition):
    body = {"tool": "ideas", "wijken": ["besoijen"], "organisation": "gemeente",
            "title": "Hoe maken we het Akkerlaanplein groener?", "body": "Jouw ideeën voor het plein.",
            "level": "adviseren", "decision_owner": "college van B&W",
            "closes_at": (utcnow() + timedelta(days=30)).isoformat() + "Z",
            "definition": {"threshold": 2, "response_days": 14} | definition}
    created = api.as_user(world.poster).post("/api/v1/participations", json=body)
    assert created.status_code == 201, created.json
    assert created.json["definition"] == {"threshold": 2, "response_days": 14, "standing": False} | definition
    pid = created.json["id"]
    assert api.as_user(world.poster).post(f"/api/v1/participations/{pid}/publish").status_code == 200
    return pid


def submit(api, user, pid, title, body="Dat zou mooi zijn.", **extra):
    response = api.as_user(user).post(f"/api/v1/participations/{pid}/ideas",
                                      json={"title": title, "body": body} | extra)
    assert response.status_code == 201, response.json
    return response.json


def test_an_idea_is_submitted_and_similar_ideas_are_offered(api, world):
    pid = open_round(api, world)
    first = submit(api, world.anna, pid, "Meer bomen op het Akkerlaanplein", location="Akkerlaanplein")
    submit(api, world.bram, pid, "Een speeltuin bij de school")
    assert first["state"] == "submitted" and first["author"]["display_name"] == "Anna"
    assert first["supported"] is False and first["threshold"] == 2 and first["location"] == "Akkerlaanplein"

    similar = api.get(f"/api/v1/participations/{pid}/ideas/similar",
                      query_string={"title": "Bomen planten op het Akkerlaanplein"}).json["items"]
    assert [i["title"] for i in similar] == ["Meer bomen op het Akkerlaanplein"]
    assert api.get(f"/api/v1/participations/{pid}/ideas/similar", query_string={"title": "xyz"}).json["items"] == []
    listed = api.get(f"/api/v1/participations/{pid}/ideas").json
    assert len(listed["items"]) == 2 and listed["next"] is None
    assert db.session.get(Participation, pid).participant_count == 2


def test_steun_is_idempotent_withdrawable_and_reaching_the_threshold_sets_the_answer_due(api, world):
    pid = open_round(api, world)
    idea = submit(api, world.anna, pid, "Meer bomen")
    path = f"/api/v1/ideas/{idea['id']}/support"
    assert api.as_user(world.bram).put(path).json["support_count"] == 1
    again = api.as_user(world.bram).put(path).json
    assert again["support_count"] == 1 and again["supported"] is True and again["threshold_reached_at"] is None
    assert api.as_user(world.bram).delete(path).status_code == 204
    withdrawn = api.as_user(world.bram).get(f"/api/v1/ideas/{idea['id']}").json
    assert withdrawn["support_count"] == 0 and withdrawn["supported"] is False
    assert api.as_user(world.bram).delete(path).status_code == 204
    api.as_user(world.bram).put(path)
    reached = api.as_user(world.cor).put(path).json
    assert reached["support_count"] == 2 and reached["threshold_reached_at"] is not None
    assert reached["answer_due"][:10] == (utcnow() + timedelta(days=14)).date().isoformat()
    told = db.session.scalars(select(Notification.message).where(Notification.user_id == world.poster.id)).all()
    assert any("drempel" in m for m in told)
    assert db.session.query(Support).count() == 2
    assert api.put(path).status_code == 401


def test_steun_after_closing_is_refused_and_nothing_is_stored(api, world):
    pid = open_round(api, world)
    idea = submit(api, world.anna, pid, "Meer bomen")
    assert api.as_user(world.poster).post(f"/api/v1/participations/{pid}/close").status_code == 200
    assert api.as_user(world.bram).put(f"/api/v1/ideas/{idea['id']}/support").status_code == 403
    assert api.as_user(world.bram).post(f"/api/v1/participations/{pid}/ideas",
                                        json={"title": "Laat", "body": "Te laat"}).status_code == 403
    assert db.session.query(Support).count() == 0 and db.session.query(Idea).count() == 1


@pytest.mark.parametrize("body, field", [({"title": "", "body": "x"}, "title"),
                                         ({"title": "x" * 141, "body": "x"}, "title"),
                                         ({"title": "Goed", "body": ""}, "body"),
                                         ({"title": "Goed", "body": "x", "location": "x" * 201}, "location")])
def test_too_long_or_empty_ideas_are_refused(api, world, body, field):
    pid = open_round(api, world)
    response = api.as_user(world.anna).post(f"/api/v1/participations/{pid}/ideas", json=body)
    assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert db.session.query(Idea).count() == 0


def test_the_owner_answers_every_idea_and_the_author_and_supporters_are_told(api, world):
    pid = open_round(api, world)
    idea = submit(api, world.anna, pid, "Meer bomen")
    api.as_user(world.bram).put(f"/api/v1/ideas/{idea['id']}/support")
    path = f"/api/v1/ideas/{idea['id']}/answer"
    assert api.as_user(world.bram).post(path, json={"state": "adopted", "body": "Ja"}).status_code == 403
    missing = api.as_user(world.poster).post(path, json={"state": "rejected"})
    assert missing.status_code == 422 and "body" in missing.json["error"]["fields"]
    assert api.as_user(world.poster).post(path, json={"state": "in_review"}).json["state"] == "in_review"
    answered = api.as_user(world.poster).post(path, json={"state": "partly", "body": "Twee bomen, geen vijf."})
    assert answered.status_code == 200 and answered.json["state"] == "partly"
    assert "Twee bomen" in answered.json["answer"]["body_html"]
    assert api.as_user(world.poster).post(path, json={"state": "adopted", "body": "x"}).status_code == 409
    for user in (world.anna, world.bram):
        messages = db.session.scalars(select(Notification.message).where(Notification.user_id == user.id)).all()
        assert any("deels overgenomen" in m for m in messages), messages


def test_bulk_answers_with_a_saved_template(api, world):
    pid = open_round(api, world)
    ids = [submit(api, world.anna, pid, title)["id"] for title in ("Bankjes", "Fietsenrekken", "Een fontein")]
    owner = api.as_user(world.poster)
    template = owner.post(f"/api/v1/participations/{pid}/answer-templates",
                          json={"title": "Buiten budget", "state": "rejected", "body": "Dit past niet in het budget."})
    assert template.status_code == 201
    assert owner.get(f"/api/v1/participations/{pid}/answer-templates").json["items"][0]["title"] == "Buiten budget"
    assert api.as_user(world.anna).get(f"/api/v1/participations/{pid}/answer-templates").status_code == 403
    done = owner.post(f"/api/v1/participations/{pid}/idea-answers", json={"ids": ids[:2],
                                                                        "template": template.json["id"]})
    assert done.status_code == 200 and done.json == {"answered": 2}
    again = owner.post(f"/api/v1/participations/{pid}/idea-answers", json={"ids": ids, "state": "adopted",
                                                                         "body": "Ja"})
    assert again.status_code == 422  # two of them were answered already: nothing changes
    states = dict(db.session.execute(select(Idea.id, Idea.state)).all())
    assert [states[i] for i in ids] == ["rejected", "rejected", "submitted"]


def test_merging_moves_the_supporters_once_and_tells_both_authors(api, world, make_user):
    pid = open_round(api, world, threshold=3)
    keep = submit(api, world.anna, pid, "Meer bomen op het plein")
    dup = submit(api, world.bram, pid, "Bomen op het plein")
    dave = make_user("Dave")
    for user in (world.cor, dave):
        api.as_user(user).put(f"/api/v1/ideas/{dup['id']}/support")
    api.as_user(world.cor).put(f"/api/v1/ideas/{keep['id']}/support")
    assert api.as_user(world.anna).post(f"/api/v1/ideas/{dup['id']}/answer",
                                        json={"state": "merged", "merged_into": keep["id"]}).status_code == 403
    merged = api.as_user(world.poster).post(f"/api/v1/ideas/{dup['id']}/answer",
                                            json={"state": "merged", "merged_into": keep["id"]})
    assert merged.status_code == 200 and merged.json["id"] == keep["id"]
    assert merged.json["support_count"] == 2 and merged.json["threshold_reached_at"] is None
    gone = api.get(f"/api/v1/ideas/{dup['id']}").json
    assert gone["state"] == "merged" and gone["merged_into"] == keep["id"] and gone["support_count"] == 0
    assert api.as_user(dave).get(f"/api/v1/ideas/{keep['id']}").json["supported"] is True
    for author in (world.anna, world.bram):
        assert db.session.scalar(select(Notification.id).where(Notification.user_id == author.id,
                                                               Notification.message.contains("samengevoegd")))
    assert db.session.scalar(select(AuditEntry.action).where(AuditEntry.target_id == dup["id"])) == "idea_merge"
    assert api.as_user(dave).put(f"/api/v1/ideas/{dup['id']}/support").status_code == 403
    self_merge = api.as_user(world.poster).post(f"/api/v1/ideas/{keep['id']}/answer",
                                                json={"state": "merged", "merged_into": keep["id"]})
    assert self_merge.status_code == 422


def test_a_hidden_idea_is_never_shown_to_others(api, world, make_user):
    pid = open_round(api, world)
    idea = submit(api, world.anna, pid, "Iets ongepasts")
    assert api.as_user(world.bram).post(f"/api/v1/ideas/{idea['id']}/moderation",
                                        json={"action": "hide", "reason": "x"}).status_code == 403
    hidden = api.as_user(world.poster).post(f"/api/v1/ideas/{idea['id']}/moderation",
                                            json={"action": "hide", "reason": "Scheldwoorden"})
    assert hidden.status_code == 200 and hidden.json["status"] == "hidden"
    assert api.get(f"/api/v1/ideas/{idea['id']}").status_code == 404
    assert api.get(f"/api/v1/participations/{pid}/ideas").json["items"] == []
    assert api.get(f"/api/v1/participations/{pid}/ideas/similar",
                   query_string={"title": "Iets ongepasts"}).json["items"] == []
    assert "Iets ongepasts" not in api.get(f"/doe-mee/{pid}").text
    assert api.as_user(world.poster).get(f"/api/v1/participations/{pid}/ideas").json["items"][0]["status"] == "hidden"
    assert db.session.scalar(select(AuditEntry.reason).where(AuditEntry.action == "idea_hide")) == "Scheldwoorden"


def test_an_adopted_idea_becomes_a_result_item_of_the_outcome(api, world):
    pid = open_round(api, world)
    idea = submit(api, world.anna, pid, "Meer bomen")
    owner = api.as_user(world.poster)
    owner.post(f"/api/v1/ideas/{idea['id']}/answer", json={"state": "adopted", "body": "Ja!"})
    assert owner.post(f"/api/v1/ideas/{idea['id']}/result-item").status_code == 409  # no outcome yet
    owner.post(f"/api/v1/participations/{pid}/close")
    owner.post(f"/api/v1/participations/{pid}/outcome", json={"decision": "adopted", "body": "Bomen komen er."})
    made = owner.post(f"/api/v1/ideas/{idea['id']}/result-item")
    assert made.status_code == 201 and made.json["result_item"]["title"] == "Meer bomen"
    item_id = made.json["result_item"]["id"]
    owner.patch(f"/api/v1/participations/{pid}/results-items/{item_id}", json={"progress": 40})
    assert api.get(f"/api/v1/ideas/{idea['id']}").json["result_item"]["progress"] == 40


def test_list_pagination_and_bad_cursors(api, world):
    pid = open_round(api, world)
    for n in range(5):
        submit(api, world.anna, pid, f"Idee nummer {n}")
    first = api.get(f"/api/v1/participations/{pid}/ideas", query_string={"limit": 2, "sort": "new"}).json
    second = api.get(f"/api/v1/participations/{pid}/ideas",
                     query_string={"limit": 2, "sort": "new", "before": first["next"]}).json
    assert [i["title"] for i in first["items"] + second["items"]] == [f"Idee nummer {n}" for n in (4, 3, 2, 1)]
    assert api.get(f"/api/v1/participations/{pid}/ideas", query_string={"before": "x"}).status_code == 400
    assert api.get(f"/api/v1/participations/{pid}/ideas", query_string={"sort": "x"}).status_code == 422
    poll = db.session.scalar(select(Participation.id).where(Participation.id != pid)) or 999
    assert api.get(f"/api/v1/participations/{poll}/ideas").status_code == 404


def test_the_live_events_are_in_the_wijk_log(api, world):
    pid = open_round(api, world)
    idea = submit(api, world.anna, pid, "Meer bomen")
    api.as_user(world.bram).put(f"/api/v1/ideas/{idea['id']}/support")
    api.as_user(world.poster).post(f"/api/v1/ideas/{idea['id']}/moderation", json={"action": "hide", "reason": "x"})
    events = api.get("/api/v1/wijken/besoijen/events", query_string={"since": 0})
    assert events.status_code == 200
    names = [e["event"] for e in events.json["items"]]
    assert names.count("idea_changed") == 2 and names[-1] == "idea_removed"
    assert events.json["items"][-1]["data"] == {"participation_id": pid, "idea_id": idea["id"],
                                                "seq": events.json["items"][-1]["seq"]}
