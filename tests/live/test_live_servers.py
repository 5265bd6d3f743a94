"""Live events through real server processes to real Socket.IO clients."""
import time

import requests

from tests.helpers import free_port
from tests.live.conftest import bearer


def test_comment_reaches_post_and_wijk_rooms_not_other_wijken(start_server, listener, make_user, make_wijk,
                                                             make_post):
    centrum = make_wijk("centrum")
    make_wijk("noord")
    author = make_user()
    post = make_post(author, centrum, title="Live draad")
    base = start_server()
    in_post = listener(base).connect(post=post.id)
    in_wijk = listener(base).connect(wijk="centrum")
    elsewhere = listener(base).connect(wijk="noord")

    headers = bearer(base, author)
    created = requests.post(f"{base}/api/v1/posts/{post.id}/comments", json={"body": "Hallo live"},
                            headers=headers, timeout=5).json()
    assert in_post.wait_for("comment_created") == [created]
    assert in_wijk.wait_for("comment_created") == [created]
    time.sleep(0.3)
    assert elsewhere.events == []

    requests.delete(f"{base}/api/v1/comments/{created['id']}", headers=headers, timeout=5)
    removed = in_wijk.wait_for("comment_removed")
    assert removed == [{"id": created["id"], "post_id": post.id, "status": "removed", "seq": created["seq"] + 1}]


def test_anonymous_clients_only_listen_and_bad_messages_get_errors(start_server, listener, make_user, make_wijk,
                                                                   make_post):
    wijk = make_wijk("centrum")
    make_post(make_user(), wijk)
    base = start_server()
    client = listener(base).connect()
    for message in (None, "centrum", {"wijk": "atlantis"}, {"post": "1"}, {"wijk": "x" * 10_000}, [1, 2]):
        assert client.client.call("join", message, timeout=5) == {"ok": False}
    assert len(client.wait_for("error", count=6)) == 6
    assert client.client.call("join", {"wijk": "centrum"}, timeout=5)["ok"]  # still connected and served


def test_two_processes_share_events_through_redis(start_server, listener, redis_url, make_user, make_wijk,
                                                  make_post):
    wijk = make_wijk("centrum")
    author = make_user()
    post = make_post(author, wijk)
    server_a, server_b = start_server(redis_url), start_server(redis_url)
    on_b = listener(server_b).connect(wijk="centrum")
    created = requests.post(f"{server_a}/api/v1/posts/{post.id}/comments", json={"body": "Via A naar B"},
                            headers=bearer(server_a, author), timeout=5).json()
    assert on_b.wait_for("comment_created") == [created]


def test_reconnecting_client_resumes_from_its_seq(start_server, listener, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    author = make_user()
    post = make_post(author, wijk)
    base = start_server()
    headers = bearer(base, author)
    client = listener(base).connect(wijk="centrum")
    first = requests.post(f"{base}/api/v1/posts/{post.id}/comments", json={"body": "voor de tunnel"},
                          headers=headers, timeout=5).json()
    last_seen = client.wait_for("comment_created")[-1]["seq"]
    assert last_seen == first["seq"]
    client.close()  # the train enters the tunnel

    missed = [requests.post(f"{base}/api/v1/posts/{post.id}/comments", json={"body": f"gemist {i}"},
                            headers=headers, timeout=5).json() for i in range(3)]
    back = listener(base).connect(wijk="centrum")
    page = requests.get(f"{base}/api/v1/wijken/centrum/events?since={last_seen}", timeout=5).json()
    assert [(e["event"], e["data"]) for e in page["items"]] == [("comment_created", c) for c in missed]
    assert page["reset"] is False and page["last_seq"] == missed[-1]["seq"]
    assert back.client.connected


def test_a_server_whose_redis_is_down_logs_in_and_stores_writes(start_server, listener, make_user, make_wijk,
                                                                 make_post):
    """gunicorn pointed at a Redis port where nothing listens (issue 12: every login and write was a 500)."""
    from sqlalchemy import func, select

    from core.extensions import db
    from reach.models import PendingJob
    from wijken.models import Comment
    dead = f"redis://127.0.0.1:{free_port()}/0"
    wijk = make_wijk("centrum")
    author = make_user()
    post = make_post(author, wijk)
    db.session.rollback()
    base = start_server(dead, RATELIMIT_ENABLED="1")
    headers = bearer(base, author)  # a login, rate limited per IP and per account
    created = requests.post(f"{base}/api/v1/posts/{post.id}/comments", json={"body": "Redis is weg"},
                            headers=headers, timeout=10)
    assert created.status_code == 201, created.text
    news = requests.post(f"{base}/api/v1/wijken/centrum/posts", headers=headers, timeout=10,
                         json={"kind": "bericht", "title": "Nieuws", "body": "Toch opgeslagen."})
    assert news.status_code == 201, news.text
    assert requests.get(f"{base}/w/centrum", timeout=10).status_code == 200
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 1
    assert db.session.scalar(select(func.count()).select_from(PendingJob)) >= 1  # its mail waits for Redis


def test_a_deeply_nested_message_gets_an_error_and_the_connection_stays_usable(start_server, listener, make_user,
                                                                               make_wijk):
    """A message nested thousands deep used to vanish in the server's JSON parser (a RecursionError), and the
    client never heard anything: now it is answered with the error event, its ack too."""
    make_wijk("centrum")
    base = start_server()
    client = listener(base).connect()
    deep = "[" * 5000 + "]" * 5000
    client.client.eio.send('2["join",' + deep + "]")  # a raw Socket.IO EVENT packet: the client cannot encode it
    errors = client.wait_for("error")
    assert errors and errors[0]["code"] == "malformed" and errors[0]["message"]
    client.client.eio.send('217["join",{"wijk":' + deep + "}]")  # with an ack id
    assert len(client.wait_for("error", count=2)) == 2
    assert client.client.call("join", {"wijk": "centrum"}, timeout=5)["ok"]  # still connected and served
    assert client.client.connected
