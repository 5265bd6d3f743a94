"""Meldingen through the API and the services: reporting (the spot in the wijk, the category), the working-day target
with Dutch holidays, the transition table, who may change a status, the thread entries and who is told, the
duplicate search and following (+1), "tevreden?", and a private melding on every channel. On SQLite and PostgreSQL."""
from datetime import date, datetime, time

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import LOCAL_TZ, to_local, to_utc
from core.workdays import add_business_minutes, add_working_days, business_minutes_between
from meldingen import workflow
from meldingen.models import Report, ReportFollower
from notifications.models import Notification
from wijken.models import Comment, Post, WijkEvent

from .conftest import melding


def _local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return to_utc(datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ))


# --- the clocks ----------------------------------------------------------------------------------------------

def test_working_days_skip_weekends_and_dutch_public_holidays():
    # Friday 24 April 2026 + 1 working day: Monday 27 April is King's Day, so Tuesday.
    assert to_local(add_working_days(_local(date(2026, 4, 24)), 1)).date() == date(2026, 4, 28)
    # Thursday 24 December + 2: both Christmas days and the weekend pass, Monday 28 and Tuesday 29 count.
    assert to_local(add_working_days(_local(date(2026, 12, 24)), 2)).date() == date(2026, 12, 29)
    # An ordinary week: Monday + 5 is the next Monday.
    assert to_local(add_working_days(_local(date(2026, 11, 2)), 5)).date() == date(2026, 11, 9)


def test_business_hours_run_only_on_working_days_between_opening_and_closing():
    opens, closes = time(9), time(17)
    friday = _local(date(2026, 4, 24), 16, 30)
    due = to_local(add_business_minutes(friday, 8 * 60, opens, closes))
    assert (due.date(), due.hour, due.minute) == (date(2026, 4, 28), 16, 30)  # King's Day skipped
    assert business_minutes_between(friday, _local(date(2026, 4, 28), 9, 30), opens, closes) == 60
    assert business_minutes_between(_local(date(2026, 11, 7), 10), _local(date(2026, 11, 8), 15), opens, closes) == 0


def test_the_transition_table_is_explicit():
    assert workflow.allowed("gemeld", "ingepland") == workflow.HANDLER
    assert workflow.allowed("afgehandeld", "verzoek_heropenen") == workflow.REPORTER
    assert workflow.allowed("afgehandeld", "ingepland") is None
    assert workflow.allowed("geannuleerd", "afgehandeld") is None
    assert workflow.allowed("gemeld", "gemeld") is None
    assert set(workflow.TRANSITIONS) == set(workflow.STATES)
    assert all(to in workflow.STATES for moves in workflow.TRANSITIONS.values() for to in moves)


# --- reporting -----------------------------------------------------------------------------------------------

def _report(api, world, user=None, **changes):
    response = api.as_user(user or world.anna).post("/api/v1/wijken/besoijen/reports", json=melding(**changes))
    assert response.status_code == 201, response.json
    return response.json


def test_a_melding_is_a_wijk_post_with_a_target_in_working_days(api, world):
    shown = _report(api, world)
    report = db.session.get(Report, shown["id"])
    post = db.session.get(Post, shown["post_id"])
    assert (post.kind, post.title, post.author_id) == ("melding", "Straatverlichting · bij nummer 12", world.anna.id)
    assert post.body == "De lantaarnpaal is kapot." and post.thread_open
    assert shown["state"] == "gemeld" and shown["organisation"]["slug"] == "gemeente"
    assert report.due_at == add_working_days(report.created_at, 5)
    assert shown["follower_count"] == 1
    staff_told = db.session.scalar(select(func.count()).where(Notification.user_id == world.handler.id,
                                                              Notification.kind == "melding"))
    assert staff_told == 1


@pytest.mark.parametrize("changes, field", [
    ({"lat": 52.3, "lon": 4.9}, "lat"),            # Amsterdam: not in the wijk
    ({"category": "vuurwerk"}, "category"),        # not a category of this municipality
    ({"lat": "noord"}, "lat"),
    ({"lon": float("inf")}, "lon"),
    ({"body": ""}, "body"),
])
def test_bad_input_is_422_with_the_reason_and_nothing_is_stored(api, world, changes, field):
    body = melding(**changes)
    if body["lon"] == float("inf"):
        response = api.as_user(world.anna).post("/api/v1/wijken/besoijen/reports",
                                                data='{"category": "afval", "lat": 51.05, "lon": 1e999, "body": "x"}',
                                                content_type="application/json")
    else:
        response = api.as_user(world.anna).post("/api/v1/wijken/besoijen/reports", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


# --- the workflow --------------------------------------------------------------------------------------------

def test_the_handler_moves_it_along_with_thread_entries_and_everyone_told(api, world):
    shown = _report(api, world)
    rid = shown["id"]
    assert api.as_user(world.bram).put(f"/api/v1/reports/{rid}/follow").json["follower_count"] == 2

    # Someone not of the handling organisation: 403, nothing changes.
    refused = api.as_user(world.casade_staff).post(f"/api/v1/reports/{rid}/status",
                                                   json={"state": "afgehandeld", "text": "Klaar"})
    assert refused.status_code == 403
    assert db.session.get(Report, rid).state == "gemeld"

    planned = api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status", json={
        "state": "ingepland", "text": "De monteur komt donderdag.", "planned_for": "2026-12-10"})
    assert planned.status_code == 200, planned.json
    assert (planned.json["state"], planned.json["planned_for"]) == ("ingepland", "2026-12-10")
    entry = db.session.scalars(select(Comment).where(Comment.post_id == shown["post_id"])).one()
    assert entry.organisation_id == world.org.id and "De monteur komt donderdag." in entry.body
    assert "10-12-2026" in entry.body
    told = set(db.session.scalars(select(Notification.user_id).where(Notification.kind == "melding",
                                                                     Notification.user_id != world.handler.id)))
    assert told == {world.anna.id, world.bram.id}
    event = db.session.scalars(select(WijkEvent).where(WijkEvent.name == "report_status_changed")
                               .order_by(WijkEvent.id.desc())).first()
    assert event.payload["state"] == "ingepland" and event.post_id == shown["post_id"]
    logged = api.get("/api/v1/wijken/besoijen/events", query_string={"since": 0})
    assert logged.status_code == 200, logged.json
    assert "report_status_changed" in {e["event"] for e in logged.json["items"]}

    # Not in the table: 409 with the reason (CONTRACT.md), nothing changes.
    wrong = api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status", json={"state": "gemeld", "text": "x"})
    assert wrong.status_code == 409 and wrong.json["error"]["code"] == "transition_not_allowed"
    assert "gemeld" in wrong.json["error"]["message"] and db.session.get(Report, rid).state == "ingepland"
    no_date = api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status", json={"state": "ingepland",
                                                                                     "text": "x"})
    assert no_date.status_code == 422 and "planned_for" in no_date.json["error"]["fields"]

    done = api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status",
                                           json={"state": "afgehandeld", "text": "De lamp brandt weer."})
    assert done.json["state"] == "afgehandeld" and done.json["open"] is False
    report = db.session.get(Report, rid)
    assert report.closed_at is not None and report.within_target is True
    assert report.first_reaction_at is not None and report.first_reaction_at <= report.closed_at


def test_tevreden_no_with_a_reason_asks_to_reopen(api, world):
    rid = _report(api, world)["id"]
    api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status", json={"state": "afgehandeld", "text": "Klaar"})
    assert api.as_user(world.bram).put(f"/api/v1/reports/{rid}/satisfaction",
                                       json={"satisfied": False, "reason": "x"}).status_code == 403
    missing = api.as_user(world.anna).put(f"/api/v1/reports/{rid}/satisfaction", json={"satisfied": False})
    assert missing.status_code == 422 and "reason" in missing.json["error"]["fields"]
    answered = api.as_user(world.anna).put(f"/api/v1/reports/{rid}/satisfaction",
                                           json={"satisfied": False, "reason": "Hij is alweer uit."})
    assert answered.json["state"] == "verzoek_heropenen" and answered.json["satisfied"] is False
    again = api.as_user(world.anna).put(f"/api/v1/reports/{rid}/satisfaction", json={"satisfied": True})
    assert again.status_code == 403
    reopened = api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status",
                                               json={"state": "heropend", "text": "We kijken opnieuw."})
    assert reopened.json["state"] == "heropend" and reopened.json["open"] is True


def test_passing_it_on_makes_the_other_organisation_the_handler(api, world):
    rid = _report(api, world)["id"]
    unknown = api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status", json={
        "state": "doorgezet", "text": "Dit is van Casade.", "organisation": "niemand"})
    assert unknown.status_code == 422 and "organisation" in unknown.json["error"]["fields"]
    passed = api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status", json={
        "state": "doorgezet", "text": "Dit is van Casade.", "organisation": "casade"})
    assert passed.json["organisation"]["slug"] == "casade"
    assert api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status", json={
        "state": "afgehandeld", "text": "x"}).status_code == 403
    assert api.as_user(world.casade_staff).post(f"/api/v1/reports/{rid}/status", json={
        "state": "in_behandeling", "text": "Wij pakken het op."}).status_code == 200


# --- nearby and following ------------------------------------------------------------------------------------

def test_open_meldingen_within_50_metres_in_the_same_category_are_offered(api, world):
    first = _report(api, world)
    _report(api, world, category="afval")  # same spot, other category
    far = _report(api, world, lat=51.0510)  # about 110 m north
    near = api.get("/api/v1/reports/nearby?lat=51.0503&lon=5.0502&category=straatverlichting").json["items"]
    assert [r["id"] for r in near] == [first["id"]]
    any_kind = api.get("/api/v1/reports/nearby?lat=51.0503&lon=5.0502").json["items"]
    assert first["id"] in [r["id"] for r in any_kind] and far["id"] not in [r["id"] for r in any_kind]
    bad = api.get("/api/v1/reports/nearby?lat=91&lon=5")
    assert bad.status_code == 422
    # A closed one is not offered.
    api.as_user(world.handler).post(f"/api/v1/reports/{first['id']}/status", json={"state": "geannuleerd",
                                                                                  "text": "Dubbel."})
    assert api.get("/api/v1/reports/nearby?lat=51.05&lon=5.05&category=straatverlichting").json["items"] == []


def test_following_counts_once_and_the_reporter_cannot_unfollow(api, world):
    rid = _report(api, world)["id"]
    for _ in range(2):
        assert api.as_user(world.bram).put(f"/api/v1/reports/{rid}/follow").json["follower_count"] == 2
    assert api.as_user(world.anna).put(f"/api/v1/reports/{rid}/follow").status_code == 403
    assert api.as_user(world.anna).delete(f"/api/v1/reports/{rid}/follow").status_code == 204
    assert db.session.get(Report, rid).follower_count == 2
    assert api.as_user(world.bram).delete(f"/api/v1/reports/{rid}/follow").status_code == 204
    assert db.session.get(Report, rid).follower_count == 1
    assert db.session.scalar(select(func.count()).select_from(ReportFollower)) == 1


# --- a private melding ----------------------------------------------------------------------------------------

def test_a_private_melding_shows_only_its_category_to_everyone_else(api, world, client, login):
    secret = "Mijn buurman op nummer 7 laat zijn hond hier poepen."
    shown = _report(api, world, category="afval", body=secret, location="voor nummer 7", private=True)
    rid, post_id = shown["id"], shown["post_id"]
    post = db.session.get(Post, post_id)
    assert post.title == "Een melding over afval" and secret not in post.body and not post.thread_open

    # API: the melding itself, lists, the map, nearby, the post.
    assert api.get(f"/api/v1/reports/{rid}").status_code == 404
    assert api.as_user(world.bram).get(f"/api/v1/reports/{rid}").status_code == 404
    assert api.as_user(world.casade_staff).get(f"/api/v1/reports/{rid}").status_code == 404
    assert api.as_user(world.handler).get(f"/api/v1/reports/{rid}").json["body"] == secret
    assert api.as_user(world.anna).get(f"/api/v1/reports/{rid}").json["updates"][0]["to_state"] == "gemeld"
    for path in ("/api/v1/wijken/besoijen/reports", "/api/v1/wijken/besoijen/reports/map",
                 "/api/v1/reports/nearby?lat=51.05&lon=5.05", f"/api/v1/posts/{post_id}",
                 "/api/v1/wijken/besoijen/posts", "/api/v1/wijken/besoijen/events?since=0"):
        text = api.get(path).get_data(as_text=True)
        assert secret not in text and "nummer 7" not in text, path
    assert f'"id":{rid}' not in api.get("/api/v1/wijken/besoijen/reports/map").get_data(as_text=True)

    # Its status changes: no thread entry, the live event names only the state.
    api.as_user(world.handler).post(f"/api/v1/reports/{rid}/status", json={"state": "in_behandeling",
                                                                          "text": "We spreken hem aan."})
    assert db.session.scalar(select(func.count()).where(Comment.post_id == post_id)) == 0
    event = db.session.scalars(select(WijkEvent).where(WijkEvent.name == "report_status_changed")).first()
    assert set(event.payload) <= {"id", "post_id", "state", "state_label", "open", "planned_for", "follower_count",
                                  "seq"}

    # Pages and feeds: the feed and the post say only "een melding over afval"; nobody else comments.
    for path in ("/w/besoijen", f"/w/besoijen/p/{post_id}", "/w/besoijen/feed.xml", "/w/besoijen/meldingen"):
        text = client.get(path).get_data(as_text=True)
        assert secret not in text and "We spreken hem aan" not in text, path
    assert api.as_user(world.bram).post(f"/api/v1/posts/{post_id}/comments", json={"body": "?"}).status_code == 403
    assert api.as_user(world.bram).put(f"/api/v1/reports/{rid}/follow").status_code == 404
    login(world.anna)
    assert "We spreken hem aan" in client.get(f"/w/besoijen/p/{post_id}").get_data(as_text=True)


def test_the_report_form_on_the_wijk_page_creates_a_melding(world, client, login):
    """The form has its own address: /w/<slug>/melden is moderation's flag form, which once took these posts."""
    login(world.anna)
    page = client.get("/w/besoijen")
    assert b"/w/besoijen/probleem-melden" in page.data
    response = client.post("/w/besoijen/probleem-melden", data=melding(send="1"))
    assert response.status_code == 302
    report = db.session.scalars(select(Report)).one()
    assert (report.reporter_id, report.body) == (world.anna.id, "De lantaarnpaal is kapot.")
