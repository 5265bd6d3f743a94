"""Participations through the API: the frame's rules (draft, publish, answer once, close, outcome, result
items), eligibility and results visibility, frozen questions and bad input. On SQLite and PostgreSQL."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import utcnow
from notifications.models import Notification
from participation.models import Participant, PollOption, Response
from reach.outbox import deliver_due
from wijken.models import Comment, Post


@pytest.fixture
def world(make_world, make_wijk):
    w = make_world("besoijen", "Besoijen")
    w.other_wijk = make_wijk("elders", "Elders")
    return w


def _draft(api, world, **changes):
    body = {"tool": "poll", "wijken": ["besoijen"], "organisation": "gemeente", "title": "Datum gemeenteavond",
            "body": "Welke avond past jou?", "level": "raadplegen", "decision_owner": "college van B&W",
            "closes_at": (utcnow() + timedelta(days=14)).isoformat() + "Z", "results_visibility": "live",
            "definition": {"options": ["Dinsdag", "Woensdag", "Donderdag"]}} | changes
    return api.as_user(world.poster).post("/api/v1/participations", json=body)


def _published(api, world, **changes):
    created = _draft(api, world, **changes)
    assert created.status_code == 201, created.json
    pid = created.json["id"]
    published = api.as_user(world.poster).post(f"/api/v1/participations/{pid}/publish")
    assert published.status_code == 200, published.json
    return published.json


def test_a_draft_is_private_until_published_and_then_a_vraag_post_in_the_wijk(api, world):
    created = _draft(api, world)
    assert created.status_code == 201
    draft = created.json
    assert draft["status"] == "draft" and draft["post_id"] is None
    assert draft["promise"].startswith("We vragen je mening") and draft["level_label"] == "Raadplegen"
    assert (utcnow() + timedelta(days=14 + 41)).date() <= \
        __import__("datetime").datetime.fromisoformat(draft["feedback_due"].rstrip("Z")).date()
    assert api.get(f"/api/v1/participations/{draft['id']}").status_code == 404
    assert api.as_user(world.anna).get(f"/api/v1/participations/{draft['id']}").status_code == 404

    shown = api.as_user(world.poster).post(f"/api/v1/participations/{draft['id']}/publish").json
    post = db.session.get(Post, shown["post_id"])
    assert (post.kind, post.title, post.organisation_id, post.wijk.slug) == (
        "vraag", "Datum gemeenteavond", world.org.id, "besoijen")
    assert "college van B&amp;W" in post.body_html and f"/doe-mee/{draft['id']}" in post.body_html
    assert api.get(f"/api/v1/participations/{draft['id']}").json["status"] == "open"
    listed = api.get("/api/v1/wijken/besoijen/participations").json["items"]
    assert [p["id"] for p in listed] == [draft["id"]]
    assert api.as_user(world.poster).post(f"/api/v1/participations/{draft['id']}/publish").status_code == 409


def test_only_posters_of_a_serving_organisation_create(api, world):
    assert _draft(api, world, wijken=["elders"]).status_code == 403
    refused = api.as_user(world.anna).post("/api/v1/participations", json={
        "tool": "poll", "wijken": ["besoijen"], "organisation": "gemeente"})
    assert refused.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(PollOption)) == 0


@pytest.mark.parametrize("changes, field", [
    ({"level": "beslissen"}, "level"),
    ({"definition": {"options": ["Alleen"]}}, "definition.options"),
    ({"definition": {"options": ["Ja", "ja"]}}, "definition.options"),
    ({"definition": {"options": ["Ja", "x" * 201]}}, "definition.options.1"),
    ({"definition": {"options": ["Ja", "Nee"], "max_choices": 3}}, "definition.max_choices"),
    ({"closes_at": "2020-01-01T00:00:00Z"}, "closes_at"),
    ({"feedback_due": (utcnow() + timedelta(days=1)).isoformat() + "Z"}, "feedback_due"),
    ({"wijken": "besoijen"}, "wijken"),
    ({"wijken": ["\x00"]}, "wijken"),
])
def test_bad_input_is_a_422_with_the_field_path_and_stores_nothing(api, world, changes, field):
    response = _draft(api, world, **changes)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(PollOption)) == 0


def test_answer_once_with_tallies_kept_and_the_thread_told_on_close(api, world):
    shown = _published(api, world, definition={"options": ["Di", "Wo", "Do"], "max_choices": 2,
                                               "allow_other": True})
    pid, options = shown["id"], [o["id"] for o in shown["definition"]["options"]]
    url = f"/api/v1/participations/{pid}/response"
    assert api.as_user(world.anna).put(url, json={"choices": [options[0], options[1]]}).status_code == 200
    assert api.as_user(world.anna).put(url, json={"choices": [options[2]]}).status_code == 409
    assert api.as_user(world.bram).put(url, json={"choices": [options[1]], "other": "Zaterdag"}).status_code == 200
    for bad in ({"choices": [options[0], options[1], options[2]]}, {"choices": [999999]}, {"choices": []},
                {"choices": "1"}, {"choices": [options[0], options[0]]}):
        assert api.as_user(world.cor).put(url, json=bad).status_code == 422
    assert api.put(url, json={"choices": [options[0]]}).status_code == 401
    results = api.get(f"/api/v1/participations/{pid}/results").json
    assert [o["votes"] for o in results["options"]] == [1, 2, 0]
    assert results["other"] == 1 and results["participant_count"] == 2 and results["origins"]["online"] == 2
    closed = api.as_user(world.poster).post(f"/api/v1/participations/{pid}/close")
    assert closed.status_code == 200 and closed.json["status"] == "closed"
    assert api.as_user(world.cor).put(url, json={"choices": [options[0]]}).status_code == 409
    thread = [c.body for c in db.session.scalars(select(Comment).where(Comment.post_id == shown["post_id"]))]
    assert any(body.startswith("Gesloten: 2 deelnemers") for body in thread)


def test_results_visibility_after_answering_and_after_closing(api, world):
    after_answer = _published(api, world, results_visibility="after_answering")
    pid = after_answer["id"]
    assert api.get(f"/api/v1/participations/{pid}/results").status_code == 403
    assert api.get(f"/api/v1/participations/{pid}").json["results"] is None
    option = after_answer["definition"]["options"][0]["id"]
    api.as_user(world.anna).put(f"/api/v1/participations/{pid}/response", json={"choices": [option]})
    assert api.as_user(world.anna).get(f"/api/v1/participations/{pid}/results").status_code == 200
    assert api.as_user(world.bram).get(f"/api/v1/participations/{pid}/results").status_code == 403
    assert api.as_user(world.poster).get(f"/api/v1/participations/{pid}/results").status_code == 200
    # once open, a rule only gets stricter
    patch = api.as_user(world.poster).patch
    assert patch(f"/api/v1/participations/{pid}", json={"results_visibility": "live"}).status_code == 422
    assert patch(f"/api/v1/participations/{pid}", json={"results_visibility": "after_closing"}).status_code == 200
    assert api.as_user(world.anna).get(f"/api/v1/participations/{pid}/results").status_code == 403
    api.as_user(world.poster).post(f"/api/v1/participations/{pid}/close")
    assert api.get(f"/api/v1/participations/{pid}/results").json["participant_count"] == 1


def test_the_question_freezes_at_the_first_answer(api, world):
    shown = _published(api, world)
    pid = shown["id"]
    patch = api.as_user(world.poster).patch
    assert patch(f"/api/v1/participations/{pid}", json={"definition": {"options": ["A", "B"]}}).status_code == 200
    option = api.get(f"/api/v1/participations/{pid}").json["definition"]["options"][0]["id"]
    api.as_user(world.anna).put(f"/api/v1/participations/{pid}/response", json={"choices": [option]})
    frozen = patch(f"/api/v1/participations/{pid}", json={"definition": {"options": ["C", "D"]}})
    assert frozen.status_code == 409 and frozen.json["error"]["code"] == "frozen"
    assert [o.label for o in db.session.scalars(select(PollOption).order_by(PollOption.position))] == ["A", "B"]


def test_followers_only_and_anonymous_answers_name_nobody(api, world):
    shown = _published(api, world, eligibility="followers", identity="anonymous")
    pid, option = shown["id"], shown["definition"]["options"][0]["id"]
    url = f"/api/v1/participations/{pid}/response"
    assert api.as_user(world.anna).put(url, json={"choices": [option]}).status_code == 403
    assert api.as_user(world.anna).put("/api/v1/wijken/besoijen/follow", json={}).status_code in (200, 201, 204)
    assert api.as_user(world.anna).put(url, json={"choices": [option]}).status_code == 200
    assert db.session.scalar(select(Response.user_id)) is None
    assert db.session.scalar(select(Participant.user_id)) == world.anna.id


def test_the_outcome_tells_every_participant_and_result_items_go_into_the_thread(api, world, smtp):
    shown = _published(api, world)
    pid, option = shown["id"], shown["definition"]["options"][1]["id"]
    for person in (world.anna, world.bram):
        api.as_user(person).put(f"/api/v1/participations/{pid}/response", json={"choices": [option]})
    owner = api.as_user(world.poster)
    early = owner.post(f"/api/v1/participations/{pid}/outcome", json={"decision": "adopted", "body": "Woensdag."})
    assert early.status_code == 409
    owner.post(f"/api/v1/participations/{pid}/close")
    assert owner.post(f"/api/v1/participations/{pid}/outcome", json={"decision": "maybe", "body": "x"}).status_code \
        == 422
    done = owner.post(f"/api/v1/participations/{pid}/outcome", json={"decision": "adopted", "body": "Woensdag."})
    assert done.status_code == 201 and done.json["outcome"]["decision"] == "adopted"
    told = db.session.scalars(select(Notification.user_id).where(Notification.kind == "outcome")).all()
    assert sorted(told) == sorted([world.anna.id, world.bram.id])
    deliver_due()
    mailed = {rcpt: message for rcpts, message in smtp.messages for rcpt in rcpts}
    assert sorted(mailed) == sorted([world.anna.email, world.bram.email])
    text = mailed[world.anna.email].get_body(("plain",)).get_content()
    assert "Uitkomst: overgenomen." in text and "Woensdag." in text and f"/doe-mee/{pid}" in text
    item = owner.post(f"/api/v1/participations/{pid}/results-items", json={"title": "Zaal gehuurd", "progress": 50})
    assert item.status_code == 201
    moved = owner.patch(f"/api/v1/participations/{pid}/results-items/{item.json['id']}",
                        json={"progress": 100, "status": "done", "update": "De zaal is vastgelegd."})
    assert moved.json["progress"] == 100
    assert owner.patch(f"/api/v1/participations/{pid}/results-items/{item.json['id']}",
                       json={"progress": 101}).status_code == 422
    thread = [c.body for c in db.session.scalars(select(Comment).where(Comment.post_id == shown["post_id"]))]
    assert any("Zaal gehuurd: 100% klaar" in body for body in thread)
    assert api.as_user(world.anna).post(f"/api/v1/participations/{pid}/results-items",
                                        json={"title": "x"}).status_code == 403


def test_paper_answers_count_per_origin(api, world):
    shown = _published(api, world)
    pid, option = shown["id"], shown["definition"]["options"][2]["id"]
    owner = api.as_user(world.poster)
    entered = owner.post(f"/api/v1/participations/{pid}/paper-responses",
                         json={"origin": "paper", "responses": [{"choices": [option]}] * 3})
    assert entered.status_code == 201 and entered.json == {"entered": 3}
    bad = owner.post(f"/api/v1/participations/{pid}/paper-responses",
                     json={"origin": "paper", "responses": [{"choices": [option]}, {"choices": [0]}]})
    assert bad.status_code == 422 and "responses.1.choices" in bad.json["error"]["fields"]
    results = api.get(f"/api/v1/participations/{pid}/results").json
    assert results["origins"]["paper"] == 3 and results["options"][2]["votes"] == 3
    assert api.as_user(world.anna).post(f"/api/v1/participations/{pid}/paper-responses",
                                        json={"origin": "paper", "responses": [{"choices": [option]}]}
                                        ).status_code == 403


def test_the_daily_tick_closes_at_the_end_and_reminds_the_owner_before_feedback_is_due(app, api, world):
    from participation.models import Participation
    from participation.services import tick

    shown = _published(api, world)
    pid = shown["id"]
    participation = db.session.get(Participation, pid)
    end, due = participation.closes_at, participation.feedback_due
    assert tick(end - timedelta(minutes=1)) == (0, 0)
    assert tick(end) == (1, 0)
    assert db.session.get(Participation, pid).status == "closed"
    assert tick(due - timedelta(days=8)) == (0, 0)
    assert tick(due - timedelta(days=6)) == (0, 1)
    assert tick(due - timedelta(days=5)) == (0, 0)  # once per stage
    assert tick(due + timedelta(hours=1)) == (0, 1)
    reminders = db.session.scalars(select(Notification.message).where(Notification.user_id == world.poster.id,
                                                                      Notification.kind == "reminder")).all()
    assert len(reminders) == 2 and "vandaag" in reminders[1]
    assert api.get(f"/api/v1/participations/{pid}").json["overdue_days"] == 0  # the clock here is today's
    runner = app.test_cli_runner()
    assert "0 closed, 0 reminded." in runner.invoke(args=["participation", "tick"]).output


def test_a_persons_export_holds_their_named_answers_and_deletion_unnames_them(api, world):
    from accounts.models import User
    from privacy.services import delete_account, export_user_data

    shown = _published(api, world)
    pid, option = shown["id"], shown["definition"]["options"][1]
    api.as_user(world.anna).put(f"/api/v1/participations/{pid}/response", json={"choices": [option["id"]]})
    exported = export_user_data(db.session.get(User, world.anna.id))["participations"]
    assert [(p["participation_id"], p["answer"]["choices"]) for p in exported] == [(pid, [option["label"]])]
    delete_account(db.session.get(User, world.anna.id), {"password": "correct horse battery", "content": "keep"})
    assert db.session.scalar(select(Response.user_id)) is None
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0
    assert api.get(f"/api/v1/participations/{pid}/results").json["options"][1]["votes"] == 1
