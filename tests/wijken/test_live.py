"""Live events reach the rooms after commit (Flask-SocketIO's test client; issue 4 adds real servers)."""
from core.extensions import socketio


def received(client, name):
    return [event["args"][0] for event in client.get_received() if event["name"] == name]


def test_comment_event_reaches_post_and_wijk_rooms_only_after_commit(app, api, make_user, make_wijk, make_post):
    centrum = make_wijk("centrum")
    make_wijk("noord")
    author = make_user()
    post = make_post(author, centrum)
    in_post, in_wijk, elsewhere = (socketio.test_client(app) for _ in range(3))
    assert in_post.emit("join", {"post": post.id}, callback=True)["ok"]
    assert in_wijk.emit("join", {"wijk": "centrum"}, callback=True)["ok"]
    assert elsewhere.emit("join", {"wijk": "noord"}, callback=True)["ok"]

    comment = api.as_user(author).post(f"/api/v1/posts/{post.id}/comments", json={"body": "Live!"}).json
    assert received(in_post, "comment_created") == [comment]
    assert received(in_wijk, "comment_created") == [comment]
    assert received(elsewhere, "comment_created") == []

    api.as_user(author).post(f"/api/v1/posts/{post.id}/comments", json={"body": ""})  # refused: no event
    assert in_post.get_received() == []

    api.as_user(author).delete(f"/api/v1/comments/{comment['id']}")
    assert received(in_wijk, "comment_removed") == [
        {"id": comment["id"], "post_id": post.id, "status": "removed", "seq": comment["seq"] + 1}]
    for client in (in_post, in_wijk, elsewhere):
        client.disconnect()


def test_bad_join_messages_get_an_error_not_a_crash(app, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    post = make_post(make_user(), wijk)
    from wijken.services import delete_post
    delete_post(post.author, post)
    client = socketio.test_client(app)
    for message in (None, "centrum", {"wijk": "atlantis"}, {"post": "1"}, {"post": post.id},
                    {"wijk": "x" * 10_000}, {"wijk": "centrum", "post": 1}):
        assert client.emit("join", message, callback=True) == {"ok": False}
    assert len(received(client, "error")) == 7
    client.disconnect()
