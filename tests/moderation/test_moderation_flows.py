"""Flag → auto-hide → queue → restore/remove, mutes, pre-moderation, notifications, the audit log."""
import contextvars
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from audit.models import AuditEntry
from core.extensions import db, socketio
from core.timeutil import utcnow
from moderation.models import Flag
from notifications.models import Notification
from tests.conftest import log_in
from wijken.models import Post
from wijken.roles import grant_wijk_role
from wijken.services import add_comment


@pytest.fixture
def wijk(make_wijk):
    return make_wijk("centrum")


@pytest.fixture
def coordinator(make_user, wijk):
    user = make_user("Coördinator")
    grant_wijk_role(user, wijk, "coordinator")
    return user


def act(api, user, **data):
    return api.as_user(user).post("/api/v1/moderation/actions", json={"reason": "Zie huisregels"} | data)


def test_three_flags_hide_a_comment_until_a_coordinator_restores_it(app, api, make_user, make_post, wijk,
                                                                   coordinator):
    author = make_user("Schrijver")
    post = make_post(make_user(), wijk)
    comment = add_comment(author, post, {"body": "Iets twijfelachtigs"})
    anonymous = socketio.test_client(app)
    assert anonymous.emit("join", {"wijk": "centrum"}, callback=True)["ok"]

    reporters = [make_user() for _ in range(3)]
    for n, reporter in enumerate(reporters, start=1):
        response = api.as_user(reporter).post("/api/v1/flags", json={"target": "comment", "id": comment.id,
                                                                      "reason": "intimidatie"})
        assert response.status_code == 201
        assert db.session.get(type(comment), comment.id).status == ("hidden" if n == 3 else "published")
    again = api.as_user(reporters[0]).post("/api/v1/flags", json={"target": "comment", "id": comment.id,
                                                                   "reason": "spam"})
    assert again.status_code in (404, 409)  # hidden now: gone for the reporter too

    # Gone for everyone else, on every channel; the author is told.
    assert api.get(f"/api/v1/posts/{post.id}/comments").json["items"] == []
    hidden_events = [e["args"][0] for e in anonymous.get_received() if e["name"] == "comment_updated"]
    assert hidden_events == [{"id": comment.id, "post_id": post.id, "status": "hidden", "seq": hidden_events[0]["seq"]}]
    assert db.session.scalar(select(Notification.message).where(Notification.user_id == author.id))

    queue = api.as_user(coordinator).get("/api/v1/moderation/queue").json["items"]
    assert [(q["target"], q["id"], q["open_flags"]) for q in queue] == [("comment", comment.id, 3)]
    assert queue[0]["item"]["body"] == "Iets twijfelachtigs"  # moderators see the hidden content

    assert act(api, coordinator, action="restore", target="comment", id=comment.id).status_code == 200
    assert [c["id"] for c in api.get(f"/api/v1/posts/{post.id}/comments").json["items"]] == [comment.id]
    assert api.as_user(coordinator).get("/api/v1/moderation/queue").json["items"] == []
    assert db.session.scalar(select(func.count()).select_from(Flag).where(Flag.status == "dismissed")) == 3
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["grant_role", "auto_hide", "restore"]  # the coordinator's appointment, then moderation
    anonymous.disconnect()


def test_flag_rules(api, make_user, make_post, wijk):
    author, reader = make_user(), make_user()
    post = make_post(author, wijk)
    flag = {"target": "post", "id": post.id, "reason": "spam"}
    assert api.as_user(author).post("/api/v1/flags", json=flag).status_code == 403  # not your own
    assert api.post("/api/v1/flags", json=flag).status_code == 401
    assert api.as_user(reader).post("/api/v1/flags", json=flag | {"id": 99999}).status_code == 404
    other = api.as_user(reader).post("/api/v1/flags", json=flag | {"reason": "anders"})
    assert other.status_code == 422 and "text" in other.json["error"]["fields"]
    assert api.as_user(reader).post("/api/v1/flags", json=flag | {"reason": "boos"}).status_code == 422
    assert api.as_user(reader).post("/api/v1/flags", json=flag).status_code == 201
    twice = api.as_user(reader).post("/api/v1/flags", json=flag)
    assert twice.status_code == 409 and twice.json["error"]["code"] == "already_flagged"
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 1


def test_action_input_errors_change_nothing(api, make_user, make_post, wijk, coordinator):
    post = make_post(make_user(), wijk)
    no_reason = api.as_user(coordinator).post("/api/v1/moderation/actions",
                                              json={"action": "hide", "target": "post", "id": post.id})
    assert no_reason.status_code == 422 and "reason" in no_reason.json["error"]["fields"]
    assert act(api, coordinator, action="hide", target="post", id=424242).status_code == 404
    assert act(api, coordinator, action="explode", target="post", id=post.id).status_code == 422
    assert act(api, coordinator, action="mute", target="post", id=post.id).status_code == 422
    assert act(api, coordinator, action="restore", target="post", id=post.id).status_code == 409
    assert db.session.get(Post, post.id).status == "published"
    assert db.session.scalars(select(AuditEntry.action)).all() == ["grant_role"]


def test_muted_user_cannot_write_and_sees_until_when(api, client, login, make_user, make_post, wijk, coordinator):
    loud = make_user("Luid")
    post = make_post(make_user(), wijk)
    assert act(api, coordinator, action="mute", target="user", id=loud.id, wijk="centrum", until="1d").status_code \
        == 200
    refused = api.as_user(loud).post(f"/api/v1/posts/{post.id}/comments", json={"body": "Toch nog even"})
    assert refused.status_code == 403
    assert api.as_user(loud).post("/api/v1/wijken/centrum/posts", json={
        "kind": "bericht", "title": "x", "body": "y"}).status_code == 403
    login(loud)
    page = client.get("/w/centrum").text
    assert 'class="muted-notice"' in page
    assert act(api, coordinator, action="unmute", target="user", id=loud.id, wijk="centrum").status_code == 200
    assert api.as_user(loud).post(f"/api/v1/posts/{post.id}/comments", json={"body": "Sorry"}).status_code == 201


def test_purge_removes_a_spammers_content_in_one_wijk(api, make_user, make_post, make_wijk, wijk, coordinator):
    spammer = make_user("Spam")
    elsewhere = make_wijk("noord")
    posts = [make_post(spammer, wijk, title=f"Koop nu {i}") for i in range(3)]
    kept = make_post(spammer, elsewhere, title="Buiten bereik")
    add_comment(spammer, make_post(make_user(), wijk), {"body": "Klik hier"})
    response = act(api, coordinator, action="purge", target="user", id=spammer.id, wijk="centrum")
    assert response.json["removed"] == {"posts": 3, "comments": 1}
    assert {db.session.get(Post, p.id).status for p in posts} == {"removed"}
    assert db.session.get(Post, kept.id).status == "published"


def test_premoderation_holds_a_new_accounts_first_posts(api, make_user, wijk, coordinator):
    assert api.as_user(coordinator).patch("/api/v1/wijken/centrum", json={
        "premoderation": True, "premoderation_posts": 1}).status_code == 200
    newcomer = make_user("Nieuw")
    post = api.as_user(newcomer).post("/api/v1/wijken/centrum/posts", json={
        "kind": "bericht", "title": "Hallo allemaal", "body": "Ik woon hier net"}).json
    assert post["status"] == "pending"
    assert api.get("/api/v1/wijken/centrum/posts").json["items"] == []
    assert api.get(f"/api/v1/posts/{post['id']}").status_code == 404
    assert api.as_user(newcomer).get(f"/api/v1/posts/{post['id']}").json["status"] == "pending"
    queue = api.as_user(coordinator).get("/api/v1/moderation/queue").json["items"]
    assert [(q["id"], q["status"]) for q in queue] == [(post["id"], "pending")]
    assert act(api, coordinator, action="approve", target="post", id=post["id"]).status_code == 200
    assert [p["id"] for p in api.get("/api/v1/wijken/centrum/posts").json["items"]] == [post["id"]]
    second = api.as_user(newcomer).post("/api/v1/wijken/centrum/posts", json={
        "kind": "bericht", "title": "Nog eentje", "body": "Nu direct zichtbaar"}).json
    assert second["status"] == "published"
    assert api.as_user(newcomer).patch("/api/v1/wijken/centrum", json={"premoderation": False}).status_code == 403


def test_author_is_told_why_content_was_removed(api, client, login, make_user, make_post, wijk, coordinator):
    author = make_user("Auteur")
    post = make_post(author, wijk, title="Te ver")
    act(api, coordinator, action="remove", target="post", id=post.id, reason="Persoonsgegevens van een buur")
    login(author)
    page = client.get("/notificaties").text
    assert "Persoonsgegevens van een buur" in page and "Te ver" in page
    assert api.as_user(author).get("/api/v1/me/notifications").json["unread"] == 1
    client.post("/notificaties")
    assert db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.read_at.is_(None))) == 0


def test_audit_log_is_append_only(api, make_user, make_post, wijk, coordinator, database_url):
    post = make_post(make_user(), wijk)
    act(api, coordinator, action="hide", target="post", id=post.id)
    log = api.as_user(coordinator).get("/api/v1/audit?wijk=centrum").json["items"]
    assert [(e["action"], e["reason"], e["actor"] and e["actor"]["display_name"]) for e in log] == [
        ("hide", "Zie huisregels", "Coördinator"), ("grant_role", "via beheer", None)]
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "hide")).one()
    entry.reason = "Achteraf anders"
    with pytest.raises(RuntimeError):
        db.session.flush()
    db.session.rollback()
    if database_url.startswith("postgresql"):  # the database itself refuses, whatever the code does
        for statement in ("UPDATE audit_entry SET reason = 'x'", "DELETE FROM audit_entry"):
            with pytest.raises(Exception, match="append-only"):
                db.session.execute(text(statement))
            db.session.rollback()
    assert db.session.scalars(select(AuditEntry.reason).order_by(AuditEntry.id)).all() == [
        "via beheer", "Zie huisregels"]


def isolated(call, *args, **kwargs):
    """Run a socket test client call outside the test's app context, as a real server would."""
    return contextvars.Context().run(call, *args, **kwargs)


def test_live_flag_count_reaches_the_coordinator_only(app, make_user, make_post, wijk, coordinator):
    from moderation.services import flag
    post = make_post(make_user(), wijk)
    resident = make_user()
    moderator_socket = isolated(socketio.test_client, app,
                                flask_test_client=_logged_in_client(app, coordinator))
    snooper = isolated(socketio.test_client, app, flask_test_client=_logged_in_client(app, resident))
    assert isolated(moderator_socket.emit, "join", {"moderation": "centrum"}, callback=True)["ok"]
    assert isolated(snooper.emit, "join", {"moderation": "centrum"}, callback=True) == {"ok": False}
    flag(make_user(), {"target": "post", "id": post.id, "reason": "spam"})
    counts = [e["args"][0] for e in moderator_socket.get_received() if e["name"] == "flags_changed"]
    assert counts == [{"wijk": "centrum", "open_flags": 1}]
    assert not [e for e in snooper.get_received() if e["name"] == "flags_changed"]
    moderator_socket.disconnect()
    snooper.disconnect()


def _logged_in_client(app, user):
    return log_in(app.test_client(), user)


def test_expired_mute_no_longer_blocks(api, make_user, make_post, wijk, coordinator):
    from wijken.models import WijkMute
    user = make_user()
    post = make_post(make_user(), wijk)
    db.session.add(WijkMute(user_id=user.id, wijk_id=wijk.id, until=utcnow() - timedelta(minutes=1), reason="oud"))
    db.session.commit()
    assert api.as_user(user).post(f"/api/v1/posts/{post.id}/comments", json={"body": "weer welkom"}).status_code \
        == 201


def test_the_audit_page_takes_any_number_as_cursor(client, login, wijk, coordinator):
    login(coordinator)
    for before in ("99999999999999999999", "-5", "0"):
        assert client.get(f"/moderatie/logboek?wijk=centrum&before={before}").status_code == 200
