"""Threads, reactions and RSVPs through the API."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import isoformat, utcnow
from wijken.models import Comment, Post, Reaction, Rsvp


@pytest.fixture
def thread(make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    author, neighbour = make_user("Auteur"), make_user("Buur")
    post = make_post(author, wijk, title="Wie weet een goede klusjesman?")
    return {"wijk": wijk, "author": author, "neighbour": neighbour, "post": post}


def test_comment_and_reply(api, thread):
    post = thread["post"]
    client = api.as_user(thread["neighbour"])
    first = client.post(f"/api/v1/posts/{post.id}/comments", json={"body": "Bel **Piet**."})
    assert first.status_code == 201
    assert first.json["body_html"] == "<p>Bel <strong>Piet</strong>.</p>"
    assert first.json["author"]["display_name"] == "Buur" and first.json["parent_id"] is None
    reply = api.as_user(thread["author"]).post(f"/api/v1/posts/{post.id}/comments",
                                                json={"body": "Dank!", "parent_id": first.json["id"]})
    assert reply.status_code == 201 and reply.json["parent_id"] == first.json["id"]
    # A reply to a reply joins the same conversation: one level of replies.
    deeper = client.post(f"/api/v1/posts/{post.id}/comments",
                         json={"body": "Graag gedaan", "parent_id": reply.json["id"]})
    assert deeper.json["parent_id"] == first.json["id"]

    items = api.get(f"/api/v1/posts/{post.id}/comments").json["items"]
    assert [c["body"] for c in items] == ["Bel **Piet**.", "Dank!", "Graag gedaan"]
    page = api.get(f"/api/v1/posts/{post.id}/comments?limit=2").json
    assert [c["body"] for c in page["items"]] == ["Bel **Piet**.", "Dank!"]
    rest = api.get(f"/api/v1/posts/{post.id}/comments?limit=2&before={page['next']}").json
    assert [c["body"] for c in rest["items"]] == ["Graag gedaan"] and rest["next"] is None
    assert api.get(f"/api/v1/posts/{post.id}").json["comment_count"] == 3


@pytest.mark.parametrize("data, field", [
    ({"body": ""}, "body"),
    ({"body": "x" * 5001}, "body"),
    ({"body": 5}, "body"),
    ({"body": "ok", "parent_id": 999999}, "parent_id"),
    ({"body": "ok", "parent_id": "abc"}, "parent_id"),
])
def test_bad_comments_change_nothing(api, thread, data, field):
    response = api.as_user(thread["neighbour"]).post(f"/api/v1/posts/{thread['post'].id}/comments", json=data)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0


def test_reply_to_a_comment_of_another_post_is_refused(api, thread, make_post):
    other = make_post(thread["author"], thread["wijk"], title="Ander")
    client = api.as_user(thread["neighbour"])
    foreign = client.post(f"/api/v1/posts/{other.id}/comments", json={"body": "hier"}).json
    response = client.post(f"/api/v1/posts/{thread['post'].id}/comments",
                           json={"body": "daar", "parent_id": foreign["id"]})
    assert response.status_code == 422


def test_edit_and_delete_comment(api, thread):
    post = thread["post"]
    comment = api.as_user(thread["neighbour"]).post(f"/api/v1/posts/{post.id}/comments",
                                                    json={"body": "Eerst"}).json
    assert api.as_user(thread["author"]).patch(f"/api/v1/comments/{comment['id']}",
                                               json={"body": "Gekaapt"}).status_code == 403
    edited = api.as_user(thread["neighbour"]).patch(f"/api/v1/comments/{comment['id']}", json={"body": "Later"})
    assert edited.status_code == 200 and edited.json["edited_at"] and edited.json["body"] == "Later"
    assert api.as_user(thread["author"]).delete(f"/api/v1/comments/{comment['id']}").status_code == 403
    assert api.as_user(thread["neighbour"]).delete(f"/api/v1/comments/{comment['id']}").status_code == 204
    assert api.get(f"/api/v1/posts/{post.id}/comments").json["items"] == []
    assert api.get(f"/api/v1/posts/{post.id}").json["comment_count"] == 0
    assert api.as_user(thread["neighbour"]).patch(f"/api/v1/comments/{comment['id']}",
                                                  json={"body": "weer"}).status_code == 404


def test_comments_on_a_removed_post_are_gone(api, thread):
    post = thread["post"]
    api.as_user(thread["neighbour"]).post(f"/api/v1/posts/{post.id}/comments", json={"body": "x"})
    api.as_user(thread["author"]).delete(f"/api/v1/posts/{post.id}")
    assert api.get(f"/api/v1/posts/{post.id}/comments").status_code == 404
    response = api.as_user(thread["neighbour"]).post(f"/api/v1/posts/{post.id}/comments", json={"body": "y"})
    assert response.status_code == 404


def test_reactions_one_of_each_kind_per_user(api, thread):
    post = thread["post"]
    client = api.as_user(thread["neighbour"])
    for _ in range(2):
        response = client.put(f"/api/v1/posts/{post.id}/reactions/like")
        assert response.status_code == 200
    assert response.json["reactions"] == {"like": 1, "thanks": 0, "useful": 0}
    client.put(f"/api/v1/posts/{post.id}/reactions/useful")
    api.as_user(thread["author"]).put(f"/api/v1/posts/{post.id}/reactions/like")
    assert api.get(f"/api/v1/posts/{post.id}").json["reactions"] == {"like": 2, "thanks": 0, "useful": 1}
    assert client.delete(f"/api/v1/posts/{post.id}/reactions/like").json["reactions"]["like"] == 1
    assert client.put(f"/api/v1/posts/{post.id}/reactions/boos").status_code == 404
    assert api.put(f"/api/v1/posts/{post.id}/reactions/like").status_code == 401
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 2


@pytest.fixture
def schouw(make_user, make_wijk, make_org, make_post):
    wijk = make_wijk("centrum")
    organiser = make_user("Organisator")
    org = make_org("gemeente-t", "gemeente", [wijk], [organiser])
    start = utcnow() + timedelta(days=5)
    post = make_post(organiser, wijk, kind="wijkschouw", title="Wijkschouw", organisation=org,
                     starts_at=isoformat(start), location="Speeltuin", capacity=2)
    return {"wijk": wijk, "post": post, "organiser": organiser}


def test_rsvp_capacity_and_changes(api, schouw, make_user):
    post = schouw["post"]
    a, b, c = make_user("A"), make_user("B"), make_user("C")
    assert api.as_user(a).put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "going"}).json["going"] == 1
    assert api.as_user(b).put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "going"}).json["going"] == 2
    full = api.as_user(c).put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "going"})
    assert full.status_code == 409 and full.json["error"]["code"] == "full"
    maybe = api.as_user(c).put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "maybe"})
    assert maybe.json == {"post_id": post.id, "status": "maybe", "going": 2, "maybe": 1, "capacity": 2}
    assert api.as_user(a).put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "not_going"}).json["going"] == 1
    assert api.as_user(c).put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "going"}).json == {
        "post_id": post.id, "status": "going", "going": 2, "maybe": 0, "capacity": 2}


def test_rsvp_bad_input(api, schouw, make_user, make_post):
    user = make_user()
    post = schouw["post"]
    bad = api.as_user(user).put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "ja"})
    assert bad.status_code == 422
    plain = make_post(user, schouw["wijk"])
    not_event = api.as_user(user).put(f"/api/v1/posts/{plain.id}/rsvp", json={"status": "going"})
    assert not_event.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Rsvp)) == 0


def test_capacity_cannot_drop_below_who_is_coming(api, schouw, make_user):
    post = schouw["post"]
    for user in (make_user(), make_user()):
        api.as_user(user).put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "going"})
    response = api.as_user(schouw["organiser"]).patch(f"/api/v1/posts/{post.id}", json={"capacity": 1})
    assert response.status_code == 422 and "capacity" in response.json["error"]["fields"]


def test_no_overbooking_under_concurrent_requests(app, api, schouw, make_user):
    """Ten people press 'going' at the same moment for two places."""
    post_id = schouw["post"].id
    clients = [api.as_user(make_user()) for _ in range(10)]
    headers = [c.headers for c in clients]  # issue tokens before the race
    statuses, barrier = [], threading.Barrier(len(clients))

    def press(index):
        barrier.wait()
        response = app.test_client().put(f"/api/v1/posts/{post_id}/rsvp", json={"status": "going"},
                                         headers=headers[index])
        statuses.append(response.status_code)

    threads = [threading.Thread(target=press, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 200] + [409] * 8
    db.session.expire_all()
    assert db.session.get(Post, post_id).going_count == 2
    assert db.session.scalar(select(func.count()).select_from(Rsvp).where(Rsvp.status == "going")) == 2


def test_events_resume_in_order_and_hide_removed_content(api, thread):
    post = thread["post"]
    client = api.as_user(thread["neighbour"])
    since = api.get("/api/v1/wijken/centrum/events").json["last_seq"]
    ids = [client.post(f"/api/v1/posts/{post.id}/comments", json={"body": f"nr {i}"}).json["id"] for i in range(3)]
    client.delete(f"/api/v1/comments/{ids[1]}")
    events = api.get(f"/api/v1/wijken/centrum/events?since={since}").json["items"]
    assert [e["event"] for e in events] == ["comment_created"] * 3 + ["comment_removed"]
    assert [e["seq"] for e in events] == list(range(since + 1, since + 5))
    assert events[0]["data"]["body"] == "nr 0"
    assert events[1]["data"] == {"id": ids[1], "post_id": post.id, "status": "removed", "seq": since + 2}
    assert api.get("/api/v1/wijken/centrum/events?since=x").status_code == 422


def test_old_events_are_pruned_and_a_client_that_far_behind_is_told_to_reload(app, api, thread):
    from wijken import live
    from wijken.models import WijkEvent
    post = thread["post"]
    client = api.as_user(thread["neighbour"])
    for i in range(3):
        client.post(f"/api/v1/posts/{post.id}/comments", json={"body": f"nr {i}"})
    old = db.session.scalars(select(WijkEvent).order_by(WijkEvent.seq).limit(2)).all()
    for row in old:
        row.created_at = row.created_at - timedelta(days=app.config["EVENT_LOG_RETENTION_DAYS"] + 1)
    last_pruned = old[-1].seq
    db.session.commit()
    live.prune(thread["wijk"])
    db.session.commit()
    remaining = db.session.scalars(select(WijkEvent.seq).order_by(WijkEvent.seq)).all()
    assert remaining[0] == last_pruned + 1
    assert api.get("/api/v1/wijken/centrum/events?since=0").json["reset"] is True
    assert api.get(f"/api/v1/wijken/centrum/events?since={last_pruned}").json["reset"] is False


def test_event_log_never_serves_edited_away_text(app, api, thread):
    """The log renders what the post and comment say now: an edit takes the old text out of every event,
    and nothing of it stays stored in the log."""
    from wijken.models import WijkEvent
    post, author, neighbour = thread["post"], thread["author"], thread["neighbour"]
    since = api.get("/api/v1/wijken/centrum/events").json["last_seq"]
    api.as_user(author).patch(f"/api/v1/posts/{post.id}", json={"title": "Geheim adres Dorpsstraat 1",
                                                                 "body": "Bel 0612345678"})
    comment = api.as_user(neighbour).post(f"/api/v1/posts/{post.id}/comments",
                                          json={"body": "Mijn pincode is 1234"}).json
    api.as_user(author).patch(f"/api/v1/posts/{post.id}", json={"title": "Opgeruimd", "body": "Niets meer"})
    api.as_user(neighbour).patch(f"/api/v1/comments/{comment['id']}", json={"body": "Weggehaald"})
    log = api.get(f"/api/v1/wijken/centrum/events?since={since}").json
    text = str(log)
    for secret in ("Geheim", "0612345678", "pincode"):
        assert secret not in text
    events = log["items"]
    assert [e["event"] for e in events] == ["post_updated", "comment_created", "post_updated", "comment_updated"]
    assert [e["data"]["seq"] for e in events] == [e["seq"] for e in events]
    assert events[0]["data"]["title"] == "Opgeruimd" and events[1]["data"]["body"] == "Weggehaald"
    stored = str(db.session.scalars(select(WijkEvent.payload)).all())
    for secret in ("Geheim", "0612345678", "pincode", "Opgeruimd"):
        assert secret not in stored
