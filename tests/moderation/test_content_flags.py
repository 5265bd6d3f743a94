"""Ideas and stellingen flagged into the one review queue (moderation.targets): three reports hide one pending
review, the coordinator sees it in their queue and restores or hides it with a reason in the audit log, the author
is told, a hidden stelling is not voted on nor shown, and bad reports change nothing. On SQLite and PostgreSQL."""
import pytest
from sqlalchemy import func, select

from audit.models import AuditEntry
from core.extensions import db
from moderation.models import Flag
from notifications.models import Notification
from tests.conftest import log_in
from tests.ideas.test_ideas_api import open_round, submit
from tests.stellingen.test_stellingen_api import open_set
from wijken.roles import grant_wijk_role


@pytest.fixture
def world(make_world, make_user):
    world = make_world("besoijen", "Besoijen")
    world.coordinator = make_user("Coördinator")
    grant_wijk_role(world.coordinator, world.wijk, "coordinator")
    world.dirk = make_user("Dirk")
    return world


def flag(api, user, target, item_id, **extra):
    return api.as_user(user).post("/api/v1/flags", json={"target": target, "id": item_id, "reason": "spam"} | extra)


def act(api, user, **data):
    return api.as_user(user).post("/api/v1/moderation/actions", json={"reason": "Zie de huisregels"} | data)


def test_a_flagged_idea_is_hidden_after_three_reports_and_restored_from_the_queue(api, world):
    pid = _round(api, world)
    idea = submit(api, world.anna, pid, "Koop mijn fietsen", "Goedkoop te koop")
    assert flag(api, world.anna, "idea", idea["id"]).status_code == 403  # not one's own
    assert flag(api, world.bram, "idea", 999_999).status_code == 404
    assert flag(api, world.bram, "idea", idea["id"], reason="anders").status_code == 422
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 0
    first = flag(api, world.bram, "idea", idea["id"])
    assert first.status_code == 201 and first.json["target"] == "idea"
    assert flag(api, world.bram, "idea", idea["id"]).status_code == 409
    assert flag(api, world.cor, "idea", idea["id"]).status_code == 201
    assert api.get(f"/api/v1/ideas/{idea['id']}").status_code == 200
    assert flag(api, world.dirk, "idea", idea["id"]).status_code == 201
    assert api.get(f"/api/v1/ideas/{idea['id']}").status_code == 404  # hidden pending review
    told = db.session.scalar(select(Notification).where(Notification.user_id == world.anna.id)
                             .order_by(Notification.id.desc()).limit(1))
    assert told.kind == "moderation" and "Koop mijn fietsen" in told.message

    queue = api.as_user(world.coordinator).get("/api/v1/moderation/queue").json["items"]
    assert [(q["target"], q["id"], q["status"], q["open_flags"]) for q in queue] == [
        ("idea", idea["id"], "hidden", 3)]
    assert queue[0]["item"]["title"] == "Koop mijn fietsen" and queue[0]["item"]["url"].endswith(
        f"/ideeen/{idea['id']}")
    assert api.as_user(world.bram).get("/api/v1/moderation/queue").status_code == 403
    page = log_in(api.client, world.coordinator).get("/moderatie")
    assert page.status_code == 200 and "Koop mijn fietsen" in page.text

    assert act(api, world.bram, action="restore", target="idea", id=idea["id"]).status_code == 403
    assert act(api, world.coordinator, action="remove", target="idea", id=idea["id"]).status_code == 422
    restored = act(api, world.coordinator, action="restore", target="idea", id=idea["id"])
    assert restored.status_code == 200 and restored.json == {"action": "restore", "target": "idea",
                                                             "id": idea["id"], "status": "published"}
    assert api.get(f"/api/v1/ideas/{idea['id']}").status_code == 200
    assert api.as_user(world.coordinator).get("/api/v1/moderation/queue").json["items"] == []
    entries = db.session.execute(select(AuditEntry.action, AuditEntry.target_type).order_by(AuditEntry.id)).all()
    assert [tuple(e) for e in entries][-2:] == [("auto_hide", "idea"), ("restore", "idea")]


def _round(api, world):
    return open_round(api, world, threshold=10)


def test_a_hidden_stelling_is_not_voted_on_nor_in_the_list(api, world):
    pid = open_set(api, world, wijken=["besoijen"])
    statement = api.as_user(world.anna).post(f"/api/v1/participations/{pid}/statements",
                                             json={"text": "Parkeren moet overal gratis zijn."}).json
    assert flag(api, world.bram, "statement", statement["id"]).status_code == 404  # waiting: not shown to others
    assert api.as_user(world.poster).post(f"/api/v1/statements/{statement['id']}/review",
                                          json={"action": "approve"}).status_code == 200
    assert flag(api, world.bram, "statement", statement["id"]).status_code == 201
    queue = api.as_user(world.coordinator).get("/api/v1/moderation/queue").json["items"]
    assert [(q["target"], q["status"]) for q in queue] == [("statement", "published")]
    hidden = act(api, world.coordinator, action="hide", target="statement", id=statement["id"])
    assert hidden.status_code == 200 and hidden.json["status"] == "hidden"
    texts = [s["text"] for s in api.get(f"/api/v1/participations/{pid}/statements").json["items"]]
    assert "Parkeren moet overal gratis zijn." not in texts
    assert api.as_user(world.cor).put(f"/api/v1/statements/{statement['id']}/vote",
                                      json={"value": 1}).status_code in (403, 404)
    assert act(api, world.coordinator, action="hide", target="statement", id=statement["id"]).status_code == 409
    assert db.session.scalar(select(Flag.status).where(Flag.target_type == "statement")) == "upheld"
    mine = api.as_user(world.poster).get(f"/api/v1/participations/{pid}/statements",
                                         query_string={"status": "hidden"}).json["items"]
    assert [s["id"] for s in mine] == [statement["id"]]


def test_the_report_form_on_an_idea_page(api, world):
    pid = _round(api, world)
    idea = submit(api, world.anna, pid, "Een moestuin")
    client = log_in(api.client, world.bram)
    page = client.get(f"/doe-mee/{pid}/ideeen/{idea['id']}")
    assert 'name="target" value="idea"' in page.text
    sent = client.post("/w/besoijen/melden", data={"target": "idea", "id": idea["id"], "reason": "spam"})
    assert sent.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Flag).where(Flag.target_type == "idea")) == 1


def test_a_hidden_stelling_is_restored_from_the_review_page(api, world):
    pid = open_set(api, world, wijken=["besoijen"])
    statement = api.as_user(world.anna).post(f"/api/v1/participations/{pid}/statements",
                                             json={"text": "Meer bankjes langs de Maas."}).json
    api.as_user(world.poster).post(f"/api/v1/statements/{statement['id']}/review", json={"action": "approve"})
    assert act(api, world.coordinator, action="hide", target="statement", id=statement["id"]).status_code == 200
    client = log_in(api.client, world.coordinator)
    page = client.get(f"/doe-mee/{pid}/stellingen/beoordelen").text
    assert "Meer bankjes langs de Maas." in page and 'name="target" value="statement"' in page
    restored = client.post("/moderatie/acties", data={"action": "restore", "target": "statement",
                                                      "id": statement["id"], "reason": "Toch in orde"})
    assert restored.status_code == 302
    assert api.get(f"/api/v1/statements/{statement['id']}").json["status"] == "approved"
