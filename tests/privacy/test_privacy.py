"""Privacy (AVG/GDPR): the data export, deleting an account (keep or remove content), the privacy pages."""
import json
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from accounts import personal_data
from accounts.models import ApiToken, RecoveryCode, User
from accounts.personal_data import DELETED_NAME
from accounts.services import create_user, issue_token
from audit.models import AuditEntry
from core.errors import Conflict, ValidationError
from core.extensions import db, socketio
from core.timeutil import isoformat, utcnow
from moderation.models import Flag
from moderation.services import flag as flag_item
from moderation.services import moderate
from notifications.models import Notification
from notifications.services import notify
from partners.models import IdentityProvider, Invitation, Membership, UserIdentity
from privacy import services as privacy
from tests.conftest import TOTP_SECRET
from tests.querycount import count_queries
from wijken.models import Comment, Follow, Post, Reaction, Rsvp, Wijk, WijkEvent, WijkMute, WijkRole
from wijken.roles import grant_wijk_role
from wijken.services import add_comment, follow, set_reaction, set_rsvp

PASSWORD = "correct horse battery"
ISSUER = "https://login.buurthuis.example"


def deleted_label(app, locale: str) -> str:
    """How pages in `locale` name a deleted user (the catalogs may or may not have the Dutch yet)."""
    with app.test_request_context(), force_locale(locale):
        return _("deleted user")


def by_name(client) -> dict[str, list]:
    """Every live event the socket client got so far, by event name."""
    events: dict[str, list] = {}
    for event in client.get_received():
        events.setdefault(event["name"], []).append(event["args"][0])
    return events


@pytest.fixture
def world(make_user, make_wijk, make_post):
    """Anna and Bram in Centrum: posts, a comment each on the other's post, reactions, sign-ups, a flag."""
    wijk = make_wijk("centrum", "Centrum")
    anna = make_user("Anna Jansen", email="anna@example.test")
    bram = make_user("Bram de Vries", email="bram@example.test")
    follow(anna, wijk, "all")
    follow(bram, wijk, "all")
    post_a = make_post(anna, wijk, title="Fietsenstalling kapot", body="Wie weet meer?")
    start = utcnow() + timedelta(days=3)
    event = make_post(bram, wijk, kind="evenement", title="Burendag", body="Kom ook!", location="Plein",
                      starts_at=isoformat(start), ends_at=isoformat(start + timedelta(hours=3)), capacity=10)
    comment_a = add_comment(anna, event, {"body": "Ik neem taart mee"})
    comment_b = add_comment(bram, post_a, {"body": "Ik bel de gemeente"})
    set_reaction(anna, event, "thanks", True)
    set_reaction(bram, post_a, "useful", True)
    set_rsvp(anna, event, "going")
    set_rsvp(bram, event, "maybe")
    flag_item(anna, {"target": "comment", "id": comment_b.id, "reason": "spam"})
    return SimpleNamespace(wijk=wijk, anna=anna, bram=bram, post_a=post_a, event=event, comment_a=comment_a,
                           comment_b=comment_b, anna_id=anna.id, bram_id=bram.id)


def _snapshot(user_id: int) -> dict:
    """What a failed or refused deletion must leave exactly as it was."""
    db.session.expire_all()
    user = db.session.get(User, user_id)

    def count(model, column):
        return db.session.scalar(select(func.count()).select_from(model).where(column == user_id))

    return {
        "user": (user.email, user.display_name, user.password_hash, user.totp_secret, user.deleted_at, user.is_admin),
        "rows": {model.__name__: count(model, model.user_id) for model in (
            Follow, Reaction, Rsvp, Flag, Notification, WijkMute, ApiToken, RecoveryCode, Membership, WijkRole)},
        "statuses": sorted(db.session.execute(select(Post.id, Post.status, Post.going_count, Post.maybe_count))
                           .all()),
        "comments": sorted(db.session.execute(select(Comment.id, Comment.status)).all()),
        "seqs": sorted(db.session.execute(select(Wijk.slug, Wijk.last_seq)).all()),
        "events": db.session.scalar(select(func.count()).select_from(WijkEvent)),
        "audit": db.session.scalar(select(func.count()).select_from(AuditEntry)),
    }


# --- export ----------------------------------------------------------------------------

def test_export_holds_the_users_data_and_nothing_of_others_or_any_secret(app, api, world, make_org):
    anna, bram = world.anna, world.bram
    grant_wijk_role(anna, world.wijk, "coordinator")
    make_org("buurthuis", "welzijn", [world.wijk], [anna])
    with app.test_request_context():  # the author's notification links to the post
        moderate(anna, {"action": "hide", "target": "comment", "id": world.comment_b.id, "reason": "Even nakijken"})
    notify(anna, "moderation", "Welkom als coördinator")
    provider = IdentityProvider(organisation_id=db.session.scalar(select(Membership.organisation_id)),
                                issuer=ISSUER, client_id="wijkpagina", client_secret="s3cret")
    db.session.add(provider)
    db.session.flush()
    db.session.add(UserIdentity(user_id=anna.id, provider_id=provider.id, subject="anna-123"))
    db.session.add(WijkMute(user_id=anna.id, wijk_id=world.wijk.id, until=utcnow() + timedelta(days=1),
                            reason="Even rustig aan"))
    db.session.commit()
    raw_token, _record = issue_token(anna)
    issue_token(bram)

    response = api.as_user(anna).get("/api/v1/me/export")
    assert response.status_code == 200
    assert re.fullmatch(r'attachment; filename="wijkpagina-gegevens-\d{4}-\d{2}-\d{2}\.json"',
                        response.headers["Content-Disposition"])
    data = response.get_json()
    anna = db.session.get(User, world.anna_id)
    profile = data["profile"]
    assert (profile["email"], profile["display_name"], profile["two_factor_enabled"]) == (
        "anna@example.test", "Anna Jansen", True)
    assert profile["email_verified_at"] and profile["created_at"]
    assert [f["wijk"] for f in data["follows"]] == ["centrum"]
    assert [p["title"] for p in data["posts"]] == ["Fietsenstalling kapot"]
    assert [(c["body"], c["status"], c["wijk"]) for c in data["comments"]] == [
        ("Ik neem taart mee", "published", "centrum")]
    assert [(r["post_id"], r["kind"]) for r in data["reactions"]] == [(world.event.id, "thanks")]
    assert [(r["post_id"], r["status"]) for r in data["rsvps"]] == [(world.event.id, "going")]
    assert [(f["target"], f["target_id"], f["reason"], f["status"]) for f in data["flags"]] == [
        ("comment", world.comment_b.id, "spam", "upheld")]
    assert [n["message"] for n in data["notifications"]] == [
        "Evenement in Centrum: “Burendag”", "Bram de Vries heeft gereageerd op je bericht “Fietsenstalling kapot”",
        "Bram de Vries waardeert je bericht “Fietsenstalling kapot”", "Welkom als coördinator"]
    assert [(m["organisation"], m["role"]) for m in data["memberships"]] == [("buurthuis", "poster")]
    assert [(r["wijk"], r["role"]) for r in data["wijk_roles"]] == [("centrum", "coordinator")]
    assert [(i["issuer"], i["subject"]) for i in data["identities"]] == [(ISSUER, "anna-123")]
    assert len(data["api_tokens"]) == 2  # the one this request uses and the one issued above
    assert set(data["api_tokens"][0]) == {"created_at", "expires_at"}
    assert [(m["wijk"], m["reason"]) for m in data["mutes"]] == [("centrum", "Even rustig aan")]
    assert [(e["action"], e["target"], e["reason"]) for e in data["audit_entries"]] == [
        ("hide", "comment", "Even nakijken")]

    text = response.get_data(as_text=True)
    for secret in (anna.password_hash, TOTP_SECRET, raw_token, "s3cret",
                   *db.session.scalars(select(ApiToken.token_hash)),
                   *db.session.scalars(select(RecoveryCode.code_hash))):
        assert secret not in text
    # Her notifications name others as they were shown to her ("Bram ... commented"); nothing else does.
    mine_only = json.dumps({key: value for key, value in data.items() if key != "notifications"}, ensure_ascii=False)
    for other in ("Bram", "bram@example.test", "Burendag", "Ik bel de gemeente", "Kom ook!"):
        assert other not in mine_only
    assert "Ik bel de gemeente" not in text and "Kom ook!" not in text  # never a body, not even there


def test_export_takes_the_same_number_of_queries_however_much_there_is(app, api, world, make_post, make_wijk):
    me = api.as_user(world.anna)
    me.get("/api/v1/me/export")  # the token is issued and used once
    with count_queries(app) as few:
        assert me.get("/api/v1/me/export").status_code == 200
    for n in range(4):
        post = make_post(world.anna, world.wijk, title=f"Bericht {n}")
        add_comment(world.anna, post, {"body": f"Reactie {n}"})
        set_reaction(world.anna, post, "like", True)
        grant_wijk_role(world.anna, make_wijk(f"wijk-{n}"), "coordinator")
    with count_queries(app) as many:
        data = me.get("/api/v1/me/export").get_json()
    assert len(data["posts"]) == 5 and len(data["comments"]) == 5 and len(data["wijk_roles"]) == 4
    assert len(many) == len(few)


def test_the_html_download_is_an_attachment_of_the_logged_in_user(client, login, world):
    assert client.get("/me/gegevens").status_code == 302  # log in first
    login(world.anna)
    response = client.get("/me/gegevens")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="wijkpagina-gegevens-')
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == "anna@example.test"
    assert api_export_keys() <= set(data)


def api_export_keys() -> set[str]:
    return {"profile", "follows", "posts", "comments", "reactions", "rsvps", "flags", "notifications",
            "memberships", "wijk_roles", "identities", "api_tokens", "mutes", "audit_entries"}


def test_export_needs_a_token(api):
    assert api.get("/api/v1/me/export").status_code == 401


# --- deleting: keep the content ------------------------------------------------------------------

def test_keep_leaves_the_content_signed_deleted_user_on_every_channel(app, api, client, world):
    anna_id, post_a, event, comment_a = world.anna_id, world.post_a, world.event, world.comment_a
    assert "Anna Jansen" in client.get("/w/centrum").text  # cached now, keyed on the wijk's seq
    audit_before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    live = socketio.test_client(app)
    assert live.emit("join", {"wijk": "centrum"}, callback=True)["ok"]
    token_api = api.as_user(world.anna)
    assert token_api.get("/api/v1/me").status_code == 200

    response = token_api.delete("/api/v1/me", json={"password": PASSWORD, "content": "keep"})
    assert response.status_code == 204

    dutch, english = deleted_label(app, "nl"), deleted_label(app, "en")
    assert english == "deleted user"
    page = client.get("/w/centrum").text
    assert "Anna Jansen" not in page and "Fietsenstalling kapot" in page
    assert f'<span class="person">{dutch}</span>' in page
    thread = client.get(f"/w/centrum/p/{event.id}").text
    assert "Ik neem taart mee" in thread and "Anna Jansen" not in thread and dutch in thread
    rss = client.get("/w/centrum/feed.xml").text
    assert "Fietsenstalling kapot" in rss and "Anna Jansen" not in rss
    assert f"<dc:creator>{DELETED_NAME}</dc:creator>" in rss
    assert api.get(f"/api/v1/posts/{post_a.id}").get_json()["author"] == {"id": anna_id, "display_name": dutch}
    comments = api.get(f"/api/v1/posts/{event.id}/comments").get_json()["items"]
    assert [c["author"]["display_name"] for c in comments if c["id"] == comment_a.id] == [dutch]
    client.set_cookie("lang", "en")
    assert f'<span class="person">{english}</span>' in client.get("/w/centrum").text

    # Open pages hear it; the event log no longer carries the old name.
    heard = by_name(live)
    updates = heard["post_updated"]
    assert [u["id"] for u in updates] == [post_a.id] and updates[0]["author"]["display_name"] == dutch
    assert [c["id"] for c in heard["comment_updated"]] == [comment_a.id]
    assert {k: v for k, v in heard["rsvp_changed"][-1].items() if k != "seq"} == {
        "post_id": event.id, "going": 0, "maybe": 1, "capacity": 10}
    assert heard["reaction_changed"][-1]["reactions"]["thanks"] == 0
    live.disconnect()
    log = api.get("/api/v1/wijken/centrum/events?since=0").get_data(as_text=True)
    assert "Anna Jansen" not in log and "anna@example.test" not in log

    user = db.session.get(User, anna_id)
    assert user.email == f"deleted-{anna_id}@deleted.invalid" and user.display_name == DELETED_NAME
    assert (user.password_hash, user.totp_secret, user.totp_enabled_at, user.locale) == (None, None, None, None)
    assert user.deleted_at is not None and not user.is_active
    assert db.session.get(Post, post_a.id).status == "published"
    assert db.session.get(Post, event.id).going_count == 0
    for model in (Follow, Reaction, Rsvp, Flag, Notification, ApiToken, RecoveryCode):
        assert db.session.scalar(select(func.count()).select_from(model).where(model.user_id == anna_id)) == 0
    assert db.session.scalar(select(func.count()).select_from(Reaction)) == 1  # Bram's stays
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before + 1
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor_id, entry.details["content"]) == ("delete_account", anna_id, "keep")
    assert token_api.get("/api/v1/me").status_code == 401  # the old token is gone


def test_cached_wijk_pages_show_the_new_byline_at_once(client, login, make_user, make_wijk, make_post):
    """A wijk where the person only posted: nothing but the post's own event moves the page cache on."""
    make_wijk("noord", "Noord")
    author, reader = make_user("Carla Smit"), make_user("Lezer")
    post = make_post(author, db.session.scalar(select(Wijk).where(Wijk.slug == "noord")), title="Oud papier")
    anonymous = client.application.test_client()
    login(reader)  # `client` is the reader's: logged-in pages are cached per viewer
    for viewer in (client, anonymous):
        assert "Carla Smit" in viewer.get("/w/noord").text
    privacy.delete_account(db.session.get(User, author.id), {"password": PASSWORD, "content": "keep"})
    for viewer in (client, anonymous):
        page = viewer.get("/w/noord").text
        assert "Carla Smit" not in page and "Oud papier" in page
    assert db.session.get(Post, post.id).seq == db.session.scalar(select(Wijk.last_seq).where(Wijk.slug == "noord"))


# --- deleting: remove the content ----------------------------------------------------------------

def test_remove_takes_the_content_off_every_channel_with_removal_events(app, api, client, world):
    post_a, event, comment_a, comment_b = world.post_a, world.event, world.comment_a, world.comment_b
    assert "Fietsenstalling kapot" in client.get("/w/centrum").text
    live = socketio.test_client(app)
    assert live.emit("join", {"wijk": "centrum"}, callback=True)["ok"]

    privacy.delete_account(world.anna, {"password": PASSWORD, "content": "remove"})

    assert "Fietsenstalling kapot" not in client.get("/w/centrum").text
    assert "Fietsenstalling kapot" not in client.get("/w/centrum/feed.xml").text
    assert client.get(f"/w/centrum/p/{post_a.id}").status_code == 404
    assert api.get(f"/api/v1/posts/{post_a.id}").status_code == 404
    assert "Ik neem taart mee" not in client.get(f"/w/centrum/p/{event.id}").text
    assert api.get(f"/api/v1/posts/{event.id}/comments").get_json()["items"] == []
    assert api.get(f"/api/v1/posts/{event.id}").get_json()["comment_count"] == 0
    heard = by_name(live)
    assert [e["id"] for e in heard["post_removed"]] == [post_a.id]
    assert [(e["id"], e["status"]) for e in heard["comment_removed"]] == [(comment_a.id, "removed")]
    assert "post_updated" not in heard and "comment_updated" not in heard
    live.disconnect()
    log = api.get("/api/v1/wijken/centrum/events?since=0").get_data(as_text=True)
    assert "Fietsenstalling kapot" not in log and "Ik neem taart mee" not in log and "Anna Jansen" not in log
    assert db.session.get(Comment, comment_b.id).status == "published"  # Bram's reply to her post stays stored
    assert db.session.get(User, world.anna_id).deleted_at is not None


# --- refusals and failures change nothing ----------------------------------------------------------

@pytest.mark.parametrize("body, field", [
    ({"password": "wrong password", "content": "keep"}, "password"),
    ({"content": "remove"}, "password"),
    ({"password": PASSWORD, "content": "everything"}, "content"),
    ({"password": PASSWORD}, "content"),
])
def test_a_wrong_password_or_choice_is_a_422_and_changes_nothing(api, world, body, field):
    me = api.as_user(world.anna)
    me.get("/api/v1/me")
    before = _snapshot(world.anna_id)
    response = me.delete("/api/v1/me", json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert _snapshot(world.anna_id) == before
    assert me.get("/api/v1/me").status_code == 200


def test_a_malformed_body_is_a_400(api, world):
    me = api.as_user(world.anna)
    assert me.delete("/api/v1/me", data="nope", content_type="application/json").status_code == 400
    assert me.delete("/api/v1/me").status_code == 400
    assert api.delete("/api/v1/me", json={"password": PASSWORD, "content": "keep"}).status_code == 401


@pytest.mark.parametrize("content, position", [("keep", -1), ("remove", 3)])
def test_a_failure_half_way_leaves_everything_as_it_was(app, monkeypatch, world, content, position):
    grant_wijk_role(world.anna, world.wijk, "coordinator")
    before = _snapshot(world.anna_id)
    live = socketio.test_client(app)
    assert live.emit("join", {"wijk": "centrum"}, callback=True)["ok"]

    def broken(*args):
        raise RuntimeError("the database went away")

    erasers = list(personal_data._ERASERS)
    erasers.insert(position if position >= 0 else len(erasers), broken)  # after some areas erased their part
    monkeypatch.setattr(personal_data, "_ERASERS", erasers)
    with pytest.raises(RuntimeError):
        privacy.delete_account(db.session.get(User, world.anna_id), {"password": PASSWORD, "content": content})
    assert _snapshot(world.anna_id) == before
    assert live.get_received() == []  # nothing was announced
    live.disconnect()


def test_the_last_site_admin_cannot_delete_themselves(api, make_user, world):
    admin = make_user("Beheerder", admin=True)
    with pytest.raises(Conflict):
        privacy.delete_account(admin, {"password": PASSWORD, "content": "keep"})
    response = api.as_user(admin).delete("/api/v1/me", json={"password": PASSWORD, "content": "keep"})
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "last_admin"
    assert db.session.get(User, admin.id).deleted_at is None
    make_user("Tweede beheerder", admin=True)
    assert api.as_user(admin).delete("/api/v1/me", json={"password": PASSWORD, "content": "keep"}).status_code == 204
    assert db.session.get(User, admin.id).is_admin is False


# --- after deletion ------------------------------------------------------------------------------

def test_a_deleted_user_cannot_log_in_and_the_address_can_register_again(app, client, login, world):
    other = app.test_client()
    login(world.anna)
    assert client.get("/me").status_code == 200
    privacy.delete_account(db.session.get(User, world.anna_id), {"password": PASSWORD, "content": "keep"})
    assert client.get("/me").status_code == 302  # an old session counts as logged out
    for email in ("anna@example.test", f"deleted-{world.anna_id}@deleted.invalid"):
        assert other.post("/login", data={"email": email, "password": PASSWORD}).status_code != 302
        assert other.get("/me").status_code == 302
    again = create_user({"email": "Anna@Example.test", "display_name": "Anna", "password": "een nieuw wachtwoord"})
    assert again.id != world.anna_id


def test_roles_end_in_the_audit_log_and_old_entries_stay(app, api, world, make_org):
    anna = world.anna
    grant_wijk_role(anna, world.wijk, "coordinator")
    org = make_org("buurthuis", "welzijn", [world.wijk], [anna])
    with app.test_request_context():  # the author's notification links to the post
        moderate(anna, {"action": "hide", "target": "comment", "id": world.comment_b.id, "reason": "Even nakijken"})
    db.session.add(Invitation(organisation_id=org.id, email="c@example.test", role="poster", token_hash="x" * 64,
                              invited_by_id=anna.id, expires_at=utcnow() + timedelta(days=7)))
    db.session.commit()
    old = db.session.execute(select(AuditEntry.id, AuditEntry.action, AuditEntry.actor_id, AuditEntry.reason)
                             .order_by(AuditEntry.id)).all()

    privacy.delete_account(db.session.get(User, world.anna_id), {"password": PASSWORD, "content": "keep"})

    rows = db.session.execute(select(AuditEntry.id, AuditEntry.action, AuditEntry.actor_id, AuditEntry.reason)
                              .order_by(AuditEntry.id)).all()
    assert rows[:len(old)] == old
    assert sorted(r.action for r in rows[len(old):]) == ["delete_account", "revoke_role", "revoke_role"]
    assert {r.actor_id for r in rows[len(old):]} == {world.anna_id}
    assert db.session.scalar(select(func.count()).select_from(WijkRole)) == 0
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 0
    assert db.session.scalar(select(Invitation.invited_by_id)) is None
    log = api.as_user(make_admin(world)).get("/api/v1/audit").get_json()["items"]
    assert {e["actor"]["display_name"] for e in log if e["actor"] and e["actor"]["id"] == world.anna_id} == {
        deleted_label(api.client.application, "nl")}


def make_admin(world):
    """Bram becomes a site admin (he has two-factor on, so the role counts)."""
    user = db.session.get(User, world.bram_id)
    user.is_admin = True
    db.session.commit()
    return user


def test_an_account_without_a_password_confirms_with_its_email_address(api, world):
    anna = db.session.get(User, world.anna_id)
    anna.password_hash = None
    db.session.commit()
    with pytest.raises(ValidationError) as refused:
        privacy.delete_account(anna, {"email": "someone@example.test", "content": "keep"})
    assert "email" in refused.value.fields
    privacy.delete_account(anna, {"email": " ANNA@example.test ", "content": "keep"})
    assert db.session.get(User, world.anna_id).deleted_at is not None


# --- pages -------------------------------------------------------------------------------------

def test_privacy_page_says_what_is_kept_and_how_long(app, client, make_wijk):
    make_wijk("centrum")
    response = client.get("/privacy")
    assert response.status_code == 200
    page = response.text
    assert "Teststad" in page  # the municipality is the contact
    for days in (app.config["EVENT_LOG_RETENTION_DAYS"], app.config["API_TOKEN_DAYS"]):
        assert re.search(rf"\b{days} (days|dagen)\b", page)
    assert 'href="/privacy"' in client.get("/").text  # the footer links to it


def test_profile_links_to_download_and_delete(client, login, world):
    login(world.anna)
    page = client.get("/me").text
    assert 'href="/me/gegevens"' in page and 'href="/me/verwijderen"' in page
    assert 'href="/me/gegevens"' in client.get("/privacy").text


def test_delete_page_needs_login_password_and_confirmation(client, login, world):
    assert client.get("/me/verwijderen").status_code == 302
    login(world.anna)
    form = client.get("/me/verwijderen")
    assert form.status_code == 200
    assert 'name="password"' in form.text and 'value="keep"' in form.text and 'value="remove"' in form.text
    before = _snapshot(world.anna_id)

    unconfirmed = client.post("/me/verwijderen", data={"password": PASSWORD, "content": "keep"})
    assert unconfirmed.status_code == 422 and 'id="confirm-error"' in unconfirmed.text
    wrong = client.post("/me/verwijderen", data={"password": "fout", "content": "keep", "confirm": "y"})
    assert wrong.status_code == 422 and 'id="password-error"' in wrong.text
    assert _snapshot(world.anna_id) == before

    done = client.post("/me/verwijderen", data={"password": PASSWORD, "content": "remove", "confirm": "y"})
    assert done.status_code == 302 and done.location.endswith("/")
    assert client.get("/me").status_code == 302  # logged out
    assert db.session.get(Post, world.post_a.id).status == "removed"


def test_delete_page_asks_an_account_without_password_for_its_address(client, login, world):
    login(world.anna)
    anna = db.session.get(User, world.anna_id)
    anna.password_hash = None
    db.session.commit()
    form = client.get("/me/verwijderen").text
    assert 'name="email"' in form and 'name="password"' not in form
    done = client.post("/me/verwijderen", data={"email": "anna@example.test", "content": "keep", "confirm": "y"})
    assert done.status_code == 302
    assert db.session.get(User, world.anna_id).deleted_at is not None


def test_export_shows_notifications_as_the_list_does_no_titles_of_hidden_or_removed_posts(app, api, world,
                                                                                            make_post, make_user):
    """A follower's export is the notification list: the title of a post hidden or removed since is gone."""
    from wijken.services import delete_post
    follow(world.anna, world.wijk, "all")
    hidden = make_post(world.bram, world.wijk, title="Adres van de dief")
    removed = make_post(world.bram, world.wijk, title="Telefoonnummer buurvrouw")
    listed = api.as_user(world.anna).get("/api/v1/me/notifications").get_json()["items"]
    assert any("Adres van de dief" in n["message"] for n in listed)
    with app.test_request_context():
        moderate(make_user(admin=True), {"action": "hide", "target": "post", "id": hidden.id, "reason": "adres"})
    delete_post(world.bram, removed)
    listed = api.as_user(world.anna).get("/api/v1/me/notifications").get_json()["items"]
    exported = api.as_user(world.anna).get("/api/v1/me/export").get_json()["notifications"]
    assert sorted(n["message"] for n in exported) == sorted(n["message"] for n in listed)
    text = json.dumps(exported, ensure_ascii=False)
    assert "Adres van de dief" not in text and "Telefoonnummer buurvrouw" not in text
