"""The spreekuur live: real server processes (gunicorn, two of them sharing Redis) and real python-socketio
clients in the post's room. A message reaches everyone at once with what it is (question, answer with the host's
badge and function); a hidden message's text never reaches another socket again; a write refused (outside the
window, slow mode, muted) says when it is possible again and sends nothing to anyone."""
import json
from datetime import datetime, timedelta

import requests

from conversations.models import Entry
from core.extensions import db
from partners.services import grant_membership
from tests.live.conftest import bearer


def _say(base, headers, conversation, body, **extra):
    return requests.post(f"{base}/api/v1/spreekuren/{conversation.id}/messages", json={"body": body, **extra},
                         headers=headers, timeout=10)


def _texts(listener) -> str:
    return json.dumps(listener.events)


def test_questions_votes_and_the_hosts_answer_reach_every_socket(start_server, listener, redis_url, hold, clock,
                                                                 make_user):
    conversation, host, _poster = hold(slow_mode_seconds=0)
    clock.live(conversation)
    anna, bert = make_user("Anna"), make_user("Bert")
    db.session.rollback()
    server_a, server_b = start_server(redis_url), start_server(redis_url)
    on_a = listener(server_a).connect(post=conversation.post_id)
    on_b = listener(server_b).connect(post=conversation.post_id)  # the other process: through Redis
    anna_h, bert_h, host_h = bearer(server_a, anna), bearer(server_b, bert), bearer(server_a, host)

    asked = _say(server_a, anna_h, conversation, "Komen er starterswoningen?")
    assert asked.status_code == 201, asked.text
    question = asked.json()
    for client in (on_a, on_b):
        created = client.wait_for("comment_created")
        assert [c["id"] for c in created] == [question["id"]] and "starterswoningen" in created[0]["body_html"]
        assert client.wait_for("entry_updated")[0] | {"seq": 0} == {
            "post_id": conversation.post_id, "conversation_id": conversation.id, "comment_id": question["id"],
            "kind": "question", "stance": None, "votes": 0, "answered": False, "seq": 0}

    voted = requests.put(f"{server_b}/api/v1/spreekuren/{conversation.id}/messages/{question['id']}/vote",
                         headers=bert_h, timeout=10)
    assert voted.status_code == 200, voted.text
    assert [e["votes"] for e in on_a.wait_for("entry_updated", count=2)] == [0, 1]

    answered = _say(server_a, host_h, conversation, "Ja, veertig aan de Akkerlaan.", parent_id=question["id"])
    assert answered.status_code == 201, answered.text
    for client in (on_a, on_b):
        reply = client.wait_for("comment_created", count=2)[-1]
        assert reply["parent_id"] == question["id"] and reply["organisation"]["slug"] == "gemeente"
        assert reply["author"]["display_name"] == "Wethouder Jansen"
        updates = client.wait_for("entry_updated", count=4)
        assert {(u["comment_id"], u["kind"], u["answered"]) for u in updates[-2:]} == {
            (reply["id"], "answer", False), (question["id"], "question", True)}
    seqs = [data["seq"] for _name, data in on_b.events]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)  # in commit order, none twice


def test_a_hidden_message_never_reaches_another_socket_again(start_server, listener, redis_url, hold, clock,
                                                            make_user):
    conversation, host, _poster = hold(slow_mode_seconds=0)
    clock.live(conversation)
    troll, moderator = make_user("Troll"), make_user("Moderator")
    grant_membership(moderator, conversation.organisation, "moderator")
    db.session.rollback()
    base = start_server(redis_url)
    watching = listener(base).connect(post=conversation.post_id)
    bad = _say(base, bearer(base, troll), conversation, "Geheim scheldwoord").json()
    assert watching.wait_for("comment_created")
    hidden = requests.post(f"{base}/api/v1/moderation/actions", headers=bearer(base, moderator), timeout=10, json={
        "action": "hide", "target": "comment", "id": bad["id"], "reason": "Schelden"})
    assert hidden.status_code in (200, 201), hidden.text
    gone = watching.wait_for("comment_updated")
    assert gone == [{"id": bad["id"], "post_id": conversation.post_id, "status": "hidden", "seq": gone[0]["seq"]}]

    late = listener(base).connect(post=conversation.post_id)  # joins after: nothing of it
    requests.put(f"{base}/api/v1/spreekuren/{conversation.id}/messages/{bad['id']}/vote",
                 headers=bearer(base, host), timeout=10)  # a vote on it is refused: no event about it
    _say(base, bearer(base, make_user("Anna")), conversation, "Nette vraag")
    assert late.wait_for("comment_created") and watching.wait_for("comment_created", count=2)
    for client in (watching, late):
        after = [data for _name, data in client.events if data.get("seq", 0) > gone[0]["seq"]]
        assert after and all(bad["id"] not in (data.get("id"), data.get("comment_id")) for data in after)
        assert "scheldwoord" not in json.dumps(after)
    assert "scheldwoord" not in _texts(late)
    log = requests.get(f"{base}/api/v1/wijken/besoijen/events?since=0", timeout=10).text
    transcript = requests.get(f"{base}/api/v1/spreekuren/{conversation.id}", timeout=10).text
    page = requests.get(f"{base}/spreekuur/{conversation.id}", timeout=10).text
    assert "scheldwoord" not in log + transcript + page and "Nette vraag" in transcript


def test_refused_writes_say_when_again_and_send_nothing(start_server, listener, redis_url, hold, clock, make_user):
    conversation, host, _poster = hold(slow_mode_seconds=30)
    anna, moderator = make_user("Anna"), make_user("Moderator")
    grant_membership(moderator, conversation.organisation, "moderator")
    db.session.rollback()
    base = start_server(redis_url)
    watching = listener(base).connect(post=conversation.post_id)
    anna_h = bearer(base, anna)

    early = _say(base, anna_h, conversation, "Te vroeg")  # scheduled: starts in an hour
    assert early.status_code == 409 and early.json()["error"]["code"] == "not_started"
    assert early.json()["error"]["retry_at"].startswith(conversation.starts_at.isoformat()[:16])

    clock.live(conversation)
    assert _say(base, anna_h, conversation, "Eerste vraag").status_code == 201
    again = _say(base, anna_h, conversation, "Tweede vraag")
    assert again.status_code == 429 and again.json()["error"]["code"] == "slow_mode"
    first = db.session.get(Entry, watching.wait_for("comment_created")[0]["id"])
    retry_at = datetime.fromisoformat(again.json()["error"]["retry_at"].removesuffix("Z"))
    assert abs(retry_at - (first.created_at + timedelta(seconds=30))) < timedelta(seconds=1)

    muted = requests.put(f"{base}/api/v1/spreekuren/{conversation.id}/mutes/{anna.id}", timeout=10,
                         headers=bearer(base, moderator), json={"user": anna.id, "reason": "Blijft schelden"})
    assert muted.status_code == 200, muted.text
    clock.written_ago(first, 31)  # slow mode would let her: the mute is what refuses
    refused = _say(base, anna_h, conversation, "Ik weer")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "muted"

    clock.ended(conversation)
    late = _say(base, bearer(base, host), conversation, "Nog iets")
    assert late.status_code == 409 and late.json()["error"]["code"] == "ended"
    bodies = [data.get("body_html", "") for name, data in watching.events if name == "comment_created"]
    assert len(bodies) == 1 and "Eerste vraag" in bodies[0]  # nothing of the refused ones reached anyone
