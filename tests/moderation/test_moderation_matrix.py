"""Every role × every moderation action × inside and outside its scope, through the API.

An allowed action answers 200 and changes the target; a refused one answers 403,
changes nothing and writes nothing to the audit log (CONTRACT.md, Moderation scope).
"""
import pytest
from sqlalchemy import func, select

from audit.models import AuditEntry
from core.extensions import db
from partners.services import grant_membership
from wijken.models import Comment, Post, WijkMute
from wijken.roles import grant_wijk_role
from wijken.services import add_comment

ROLES = ("admin", "coordinator", "org_moderator", "org_poster", "resident")
POSTS = ("org_post", "other_org_post", "resident_post", "other_wijk_post")
COMMENTS = ("comment_on_org_post", "comment_on_resident_post", "comment_in_other_wijk")

# Who may act on what: the CONTRACT's table, written out per target.
MODERATES = {
    "admin": set(POSTS + COMMENTS),
    "coordinator": {"org_post", "other_org_post", "resident_post", "comment_on_org_post", "comment_on_resident_post"},
    "org_moderator": {"org_post", "comment_on_org_post"},
    "org_poster": set(),
    "resident": set(),
}
PINS = {"admin": set(POSTS), "coordinator": {"org_post", "other_org_post", "resident_post"}}
MANAGES_WIJK = {"admin": {"centrum", "noord"}, "coordinator": {"centrum"}}


@pytest.fixture
def world(make_user, make_wijk, make_org, make_post):
    centrum, noord = make_wijk("centrum"), make_wijk("noord")
    users = {role: make_user(role.replace("_", " ").title()) for role in ROLES}
    users["admin"].is_admin = True
    db.session.commit()
    grant_wijk_role(users["coordinator"], centrum, "coordinator")
    gemeente = make_org("gemeente", "gemeente", [centrum, noord])
    grant_membership(users["org_moderator"], gemeente, "moderator")
    grant_membership(users["org_poster"], gemeente, "poster")
    woningcorporatie = make_org("casade", "woningcorporatie", [centrum], [make_user("Casade medewerker")])
    neighbour = make_user("Buur")
    items = {
        "org_post": make_post(users["org_poster"], centrum, kind="aankondiging", organisation=gemeente),
        "other_org_post": make_post(woningcorporatie.memberships[0].user, centrum, kind="aankondiging",
                                    organisation=woningcorporatie),
        "resident_post": make_post(neighbour, centrum),
        "other_wijk_post": make_post(neighbour, noord),
    }
    items["comment_on_org_post"] = add_comment(neighbour, items["org_post"], {"body": "Vraagje"})
    items["comment_on_resident_post"] = add_comment(neighbour, items["resident_post"], {"body": "Eens"})
    items["comment_in_other_wijk"] = add_comment(neighbour, items["other_wijk_post"], {"body": "Hier ook"})
    return {"users": users, "items": items, "neighbour": neighbour}


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry))


def state(item):
    db.session.expire_all()
    fresh = db.session.get(type(item), item.id)
    return fresh.status, getattr(fresh, "pinned", None)


def target_type(key: str) -> str:
    return "comment" if key.startswith("comment") else "post"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["hide", "remove"])
@pytest.mark.parametrize("key", POSTS + COMMENTS)
def test_hide_and_remove(api, world, role, action, key):
    item = world["items"][key]
    before, audits = state(item), audit_count()
    response = api.as_user(world["users"][role]).post("/api/v1/moderation/actions", json={
        "action": action, "target": target_type(key), "id": item.id, "reason": "Matrix"})
    if key in MODERATES[role]:
        assert response.status_code == 200, response.json
        assert state(item)[0] == {"hide": "hidden", "remove": "removed"}[action]
        assert audit_count() == audits + 1
    else:
        assert response.status_code == 403, response.json
        assert response.json["error"]["code"] == "forbidden"
        assert state(item) == before and audit_count() == audits


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", POSTS)
def test_pin(api, world, role, key):
    item = world["items"][key]
    audits = audit_count()
    response = api.as_user(world["users"][role]).post("/api/v1/moderation/actions", json={
        "action": "pin", "target": "post", "id": item.id, "reason": "Belangrijk"})
    if key in PINS.get(role, set()):
        assert response.status_code == 200 and state(item)[1] is True
    else:
        assert response.status_code == 403 and state(item)[1] is False and audit_count() == audits


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("wijk", ["centrum", "noord"])
def test_mute(api, world, role, wijk):
    audits = audit_count()
    response = api.as_user(world["users"][role]).post("/api/v1/moderation/actions", json={
        "action": "mute", "target": "user", "id": world["neighbour"].id, "wijk": wijk, "until": "1w",
        "reason": "Te fel"})
    mutes = db.session.scalar(select(func.count()).select_from(WijkMute))
    if wijk in MANAGES_WIJK.get(role, set()):
        assert response.status_code == 200 and mutes == 1
    else:
        assert response.status_code == 403 and mutes == 0 and audit_count() == audits


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("wijk", ["centrum", "noord"])
def test_read_audit_log(api, world, role, wijk):
    response = api.as_user(world["users"][role]).get(f"/api/v1/audit?wijk={wijk}")
    assert response.status_code == (200 if wijk in MANAGES_WIJK.get(role, set()) else 403)


QUEUE_SCOPE = {
    "admin": set(POSTS + COMMENTS),
    "coordinator": MODERATES["coordinator"],
    "org_moderator": MODERATES["org_moderator"],
}


@pytest.mark.parametrize("role", ROLES)
def test_queue_shows_exactly_what_each_role_may_act_on(api, world, role):
    from moderation.services import flag
    for key, item in world["items"].items():
        reporter = world["users"]["org_poster"] if item.author_id == world["neighbour"].id else world["neighbour"]
        flag(reporter, {"target": target_type(key), "id": item.id, "reason": "spam"})
    response = api.as_user(world["users"][role]).get("/api/v1/moderation/queue")
    if role not in QUEUE_SCOPE:
        assert response.status_code == 403
        return
    ids = {(entry["target"], entry["id"]) for entry in response.json["items"]}
    expected = {(target_type(key), world["items"][key].id) for key in QUEUE_SCOPE[role]}
    assert ids == expected


@pytest.mark.parametrize("role", ["coordinator", "org_moderator"])
def test_queue_of_another_wijk_is_refused(api, world, role):
    response = api.as_user(world["users"][role]).get("/api/v1/moderation/queue?wijk=noord")
    if role == "coordinator":
        assert response.status_code == 403
    else:  # an organisation moderator sees the organisation's items in any wijk it serves
        assert response.status_code == 200


def test_refusals_through_the_pages_change_nothing(client, login, world):
    item = world["items"]["resident_post"]
    login(world["users"]["org_moderator"])
    response = client.post("/moderatie/acties", data={"action": "hide", "target": "post", "id": item.id,
                                                      "reason": "Niet mijn taak"})
    audits = audit_count()
    assert response.status_code == 403 and state(item)[0] == "published" and audit_count() == audits
    assert db.session.scalar(select(func.count()).select_from(Comment).where(Comment.status != "published")) == 0
    assert db.session.scalar(select(func.count()).select_from(Post).where(Post.status != "published")) == 0
