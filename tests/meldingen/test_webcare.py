"""Webcare and the scorecards: a question to an organisation serving the wijk (public as a post, private without
one), its two clocks in the organisation's business hours, a holding reply that stops only the first, answers as
the organisation with its badge (also from the ordinary thread), assignment, "dit helpt", turning it into a
melding, the inbox; the public scorecards from the stored clocks in a fixed number of queries, with private and
hidden items left out. Bad input is 422 and stores nothing. SQLite and PostgreSQL."""
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import LOCAL_TZ, to_utc
from meldingen import scorecards, webcare
from meldingen.models import Question, Report
from wijken.models import Comment, Post
from wijken.services import add_comment, set_status

from ..querycount import count_queries
from .conftest import melding

MONDAY = date(2026, 11, 2)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return to_utc(datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ))


@pytest.fixture
def clock(monkeypatch):
    now = {"at": _at(MONDAY, 16)}
    monkeypatch.setattr(webcare, "utcnow", lambda: now["at"])

    def set_to(moment: datetime) -> None:
        now["at"] = moment
    return set_to


def _ask(api, world, user=None, organisation="casade", **changes):
    data = {"wijk": "besoijen", "title": "Lekkage in de gang", "body": "Het lekt al een week."} | changes
    return api.as_user(user or world.anna).post(f"/api/v1/organisations/{organisation}/questions", json=data)


def test_a_public_question_is_a_post_with_two_clocks(app, world, api, clock):
    response = _ask(api, world)
    assert response.status_code == 201, response.json
    shown = response.json
    post = db.session.get(Post, shown["post_id"])
    assert post.kind == webcare.KIND and post.author_id == world.anna.id and post.thread_open
    # Monday 16:00 + 8 business hours of 09:00-17:00: Tuesday 16:00; the answer 5 working days on.
    assert shown["reaction_due_at"] == _at(MONDAY + timedelta(days=1), 16).isoformat() + "Z"
    assert shown["answer_due_at"].startswith("2026-11-09")
    assert shown["state"] == "open" and "assignee" not in shown
    assert api.as_user(world.casade_staff).get(f"/api/v1/questions/{shown['id']}").json["assignee"] is None


@pytest.mark.parametrize("changes, field", [
    ({"wijk": "nergens"}, "wijk"), ({"wijk": None}, "wijk"), ({"wijk": 12}, "wijk"),
    ({"title": ""}, "title"), ({"body": "x" * 5001}, "body"), ({"title": ["lijst"]}, "title")])
def test_bad_questions_are_422_and_store_nothing(app, world, api, make_org, changes, field):
    make_org("elders", "woningcorporatie")  # exists, but does not serve Besoijen
    response = _ask(api, world, **changes)
    assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert "wijk" in _ask(api, world, organisation="elders").json["error"]["fields"]
    assert _ask(api, world, organisation="nergens").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0


def test_a_holding_reply_stops_only_the_first_clock_and_the_answer_carries_the_badge(app, world, api, clock):
    qid = _ask(api, world).json["id"]
    staff = api.as_user(world.casade_staff)
    assert api.as_user(world.bram).post(f"/api/v1/questions/{qid}/replies", json={"body": "Ik weet het"}) \
        .status_code == 403
    assert api.as_user(world.handler).post(f"/api/v1/questions/{qid}/replies", json={"body": "x"}).status_code == 403
    clock(_at(MONDAY + timedelta(days=1), 10))  # 2 business hours later
    held = staff.post(f"/api/v1/questions/{qid}/replies", json={"body": "We zoeken het uit.", "holding": True})
    assert held.status_code == 201 and held.json["state"] == "open" and held.json["answered_at"] is None
    question = db.session.get(Question, qid)
    assert (question.reaction_minutes, question.reaction_in_time) == (120, True)
    clock(_at(MONDAY + timedelta(days=3), 11))
    answered = staff.post(f"/api/v1/questions/{qid}/replies", json={"body": "De loodgieter komt vrijdag."}).json
    assert answered["state"] == "answered" and answered["answered_at"]
    assert db.session.get(Question, qid).reaction_minutes == 120  # the first clock stopped at the holding reply
    comments = db.session.scalars(select(Comment).where(Comment.post_id == answered["post_id"])
                                  .order_by(Comment.id)).all()
    assert [c.organisation_id for c in comments] == [world.casade.id, world.casade.id]
    page = api.client.get(f"/w/besoijen/p/{answered['post_id']}").text
    assert "De loodgieter komt vrijdag." in page and "Casade" in page
    # "dit helpt": only the asker, only on an answer
    reply_ids = [r["id"] for r in answered["replies"]]
    assert api.as_user(world.bram).put(f"/api/v1/questions/{qid}/accepted", json={"reply": reply_ids[1]}) \
        .status_code == 403
    wrong = api.as_user(world.anna).put(f"/api/v1/questions/{qid}/accepted", json={"reply": reply_ids[0]})
    assert wrong.status_code == 422 and db.session.get(Question, qid).accepted_at is None
    accepted = api.as_user(world.anna).put(f"/api/v1/questions/{qid}/accepted", json={"reply": reply_ids[1]})
    assert accepted.status_code == 200 and accepted.json["state"] == "accepted"


def test_a_staff_reply_in_the_ordinary_thread_as_the_organisation_answers_the_question(app, world, api, clock):
    shown = _ask(api, world).json
    post = db.session.get(Post, shown["post_id"])
    add_comment(world.bram, post, {"body": "Bij mij ook!"})
    assert db.session.get(Question, shown["id"]).first_reaction_at is None  # a neighbour is no reaction
    add_comment(world.casade_staff, post, {"body": "We komen morgen kijken.", "organisation": "casade"})
    question = db.session.get(Question, shown["id"])
    assert question.state == "answered" and question.replies[0].comment_id is not None


def test_a_private_question_has_no_post_and_only_asker_and_staff_see_it(app, world, api, client, clock):
    shown = _ask(api, world, private=True, body="Mijn adres is Dorpsstraat 3.").json
    assert shown["post_id"] is None
    for outsider in (world.bram, world.handler, None):
        caller = api.as_user(outsider) if outsider else api
        assert caller.get(f"/api/v1/questions/{shown['id']}").status_code == 404
    assert api.as_user(world.casade_staff).get(f"/api/v1/questions/{shown['id']}").status_code == 200
    assert "Dorpsstraat" not in client.get("/w/besoijen").text
    assert "Dorpsstraat" not in client.get("/w/besoijen/feed.xml").text
    assert "Dorpsstraat" not in api.get("/api/v1/search?q=Dorpsstraat").text
    assert client.get(f"/vragen/{shown['id']}").status_code in (302, 404)


def test_assignment_and_the_inbox(app, world, api, client, login, make_user, clock):
    colleague = make_user("Casade Collega")
    from partners.services import grant_membership
    grant_membership(colleague, world.casade, "poster")
    db.session.commit()
    qid = _ask(api, world).json["id"]
    staff = api.as_user(world.casade_staff)
    assert staff.put(f"/api/v1/questions/{qid}/assignee", json={"assignee": world.bram.id}).status_code == 422
    assert staff.put(f"/api/v1/questions/{qid}/assignee", json={"assignee": "zomaar"}).status_code == 422
    assert db.session.get(Question, qid).assignee_id is None
    assigned = staff.put(f"/api/v1/questions/{qid}/assignee", json={"assignee": colleague.id})
    assert assigned.status_code == 200 and assigned.json["assignee"]["id"] == colleague.id
    mine = api.as_user(colleague).get("/api/v1/organisations/casade/questions?filter=mine").json["items"]
    assert [q["id"] for q in mine] == [qid]
    assert api.as_user(world.anna).get("/api/v1/organisations/casade/questions").status_code == 403
    assert staff.get("/api/v1/organisations/casade/questions?filter=zomaar").status_code == 422
    login(world.casade_staff)
    page = client.get("/organisaties/casade/vragen")
    assert page.status_code == 200 and "Lekkage in de gang" in page.text and "Casade Collega" in page.text


def test_a_question_becomes_a_melding(app, world, api, clock):
    world.lights.organisation = world.org
    db.session.commit()
    qid = _ask(api, world, organisation="gemeente", title="Lamp kapot").json["id"]
    bad = api.as_user(world.anna).post(f"/api/v1/questions/{qid}/report", json=melding(lat=1, lon=1))
    assert bad.status_code == 422 and db.session.scalar(select(func.count()).select_from(Report)) == 0
    made = api.as_user(world.anna).post(f"/api/v1/questions/{qid}/report", json=melding())
    assert made.status_code == 201
    question = db.session.get(Question, qid)
    assert question.state == "converted" and question.report_id == made.json["id"]
    assert db.session.get(Report, made.json["id"]).reporter_id == world.anna.id
    assert api.as_user(world.anna).post(f"/api/v1/questions/{qid}/report", json=melding()).status_code == 403


def test_the_html_form_asks_and_shows_errors(app, world, client, login, clock):
    login(world.anna)
    assert "Casade" in client.get("/w/besoijen").text
    form = client.get("/w/besoijen/vraag-stellen?aan=casade")
    assert form.status_code == 200 and 'value="casade" selected' in form.text
    bad = client.post("/w/besoijen/vraag-stellen", data={"organisation": "casade", "title": "", "body": "Hoi"})
    assert bad.status_code == 422 and db.session.scalar(select(func.count()).select_from(Question)) == 0
    sent = client.post("/w/besoijen/vraag-stellen", data={"organisation": "casade", "title": "Waar is de "
                                                          "container?", "body": "Hij is weg.", "private": "on"})
    assert sent.status_code == 302 and "/vragen/" in sent.location
    assert "Hij is weg." in client.get(sent.location).text


# --- scorecards ----------------------------------------------------------------------------------------------

def _answered_question(api, world, clock, asked: datetime, reacted_after_minutes: int, accept: bool):
    clock(asked)
    shown = _ask(api, world).json
    clock(asked + timedelta(minutes=reacted_after_minutes))
    reply = api.as_user(world.casade_staff).post(f"/api/v1/questions/{shown['id']}/replies",
                                                 json={"body": "Antwoord"}).json["replies"][-1]
    if accept:
        api.as_user(world.anna).put(f"/api/v1/questions/{shown['id']}/accepted", json={"reply": reply["id"]})
    return shown


def test_the_scorecard_counts_the_measured_times_of_public_questions_only(app, world, api, clock):
    day = MONDAY
    for n, minutes in enumerate((30, 60, 90, 600)):  # 600: 10 business hours, too late for 8
        _answered_question(api, world, clock, _at(day, 9), minutes, accept=n < 2)
    _ask(api, world, private=True)  # not counted
    hidden = _ask(api, world).json
    set_status(db.session.get(Post, hidden["post_id"]), "hidden")
    db.session.commit()
    now = _at(day + timedelta(days=3), 12)
    figures = scorecards.question_figures(organisation=world.casade, days=30, now=now)
    assert (figures.count, figures.decided, figures.reacted_in_time, figures.answered) == (4, 4, 3, 4)
    assert figures.share_in_time == 0.75 and figures.share_accepted == 0.5
    assert (figures.median_reaction_minutes, figures.p90_reaction_minutes) == (60, 90)
    assert scorecards.question_figures(wijk=world.wijk, days=30, now=now).count == 4
    assert scorecards.question_figures(organisation=world.org, days=30, now=now).count == 0
    assert scorecards.question_figures(organisation=world.casade, days=30, now=now + timedelta(days=31)).count == 0


def test_meldingen_figures_show_the_share_in_time_only_from_five_closed(app, world, api, monkeypatch):
    from meldingen import services
    start = _at(MONDAY, 9)
    monkeypatch.setattr(services, "utcnow", lambda: start)
    ids = [api.as_user(world.anna).post("/api/v1/wijken/besoijen/reports", json=melding(lon=5.05 + n / 10_000))
           .json["id"] for n in range(6)]
    for n, rid in enumerate(ids[:4]):
        monkeypatch.setattr(services, "utcnow", lambda n=n: start + timedelta(days=n + 1))
        report = db.session.get(Report, rid)
        services.change_status(world.handler, report, {"state": "afgehandeld", "text": "Gemaakt."})
    now = start + timedelta(days=10)
    figures = scorecards.report_figures(organisation=world.org, days=30, now=now)
    assert (figures.count, figures.closed, figures.share_in_time) == (6, 4, None)  # fewer than 5 closed
    assert figures.median_closed_minutes == 2 * 1440 and figures.median_reaction_minutes == 2 * 1440
    monkeypatch.setattr(services, "utcnow", lambda: start + timedelta(days=9))
    services.change_status(world.handler, db.session.get(Report, ids[4]), {"state": "afgehandeld", "text": "Ok"})
    figures = scorecards.report_figures(organisation=world.org, days=30, now=now)
    assert figures.closed == 5 and figures.share_in_time == 0.8  # 9 days is past the 5 working days


def test_scorecards_run_a_fixed_number_of_queries_and_are_public(app, world, api, client, clock):
    def queries(path):
        client.get(path)
        with count_queries(app) as statements:
            response = client.get(path)
            assert response.status_code == 200
        return len(statements), response

    few, _page = queries("/organisaties/casade/reactietijden")
    for n in range(3):
        _answered_question(api, world, clock, _at(MONDAY, 9), 30 + n, accept=True)
    many, page = queries("/organisaties/casade/reactietijden")
    assert many <= few + 6 and many <= 22  # the medians only run once there is something to rank
    assert "Casade" in page.text and "%" in page.text
    api_card = api.get("/api/v1/organisations/casade/scorecard").json
    assert [w["days"] for w in api_card["windows"]] == [30, 90] and api_card["responds_fast"] is False
    assert api.get("/api/v1/wijken/besoijen/scorecard").status_code == 200
    in_wijk = api.get("/api/v1/organisations/casade/scorecard?wijk=besoijen&days=90").json
    assert [w["days"] for w in in_wijk["windows"]] == [90] and in_wijk["windows"][0]["questions"]["count"] == 3
    assert api.get("/api/v1/organisations/casade/scorecard?days=7").status_code == 422
    assert api.get("/api/v1/organisations/casade/scorecard?wijk=nergens").status_code == 404
    assert client.get("/w/besoijen/reactietijden").status_code == 200


def test_reageert_snel_from_ninety_percent_and_ten_questions(app, world, api, clock):
    for n in range(10):
        _answered_question(api, world, clock, _at(MONDAY + timedelta(days=7 * (n % 3)), 9), 20, accept=False)
    card = scorecards.scorecard(organisation=world.casade, now=_at(MONDAY + timedelta(days=30), 9))
    assert card.fast
    assert not scorecards.scorecard(organisation=world.org, now=_at(MONDAY + timedelta(days=30), 9)).fast
