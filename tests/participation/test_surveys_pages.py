"""The survey and its surrounding pages as people use them: a resident answers section by section (saved at
every step, continued later, conditional questions asked only after the right answer, submitted once), the
owner builds a survey and a poll with the HTML form, enters paper answers in the officer screen, downloads the
exports and prints the A4. Pages keep a constant number of queries. On SQLite and PostgreSQL."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from core.timeutil import to_local, utcnow
from participation import services
from participation.models import Participation
from participation.survey_models import SurveyResponse
from tests.conftest import log_in
from tests.querycount import count_queries
from tests.reach import test_flyer
from tests.reach.test_flyer import pdf_pages, pdf_text, qr_codes

from .test_surveys_api import DEFINITION, FULL

poppler = test_flyer.poppler  # the fixture: poppler-utils must be there


@pytest.fixture
def world(app, make_user, make_wijk, make_org):
    class World:
        pass
    w = World()
    w.wijk = make_wijk("besoijen", "Besoijen")
    w.poster = make_user("Gemeente Medewerker")
    w.org = make_org("gemeente", "gemeente", wijken=[w.wijk], members=[w.poster])
    w.owner = app.test_client()
    log_in(w.owner, w.poster)
    return w


def _survey(world, **changes):
    data = {"tool": "survey", "wijken": ["besoijen"], "organisation": "gemeente", "title": "Leefbaarheid Besoijen",
            "body": "Hoe woon je in Besoijen?", "level": "raadplegen", "decision_owner": "college van B&W",
            "closes_at": (utcnow() + timedelta(days=14)).isoformat() + "Z", "results_visibility": "live",
            "definition": DEFINITION} | changes
    participation = services.create_participation(world.poster, data)
    services.publish(world.poster, participation)
    return participation.id


def test_a_resident_answers_section_by_section_continues_later_and_submits_once(client, login, make_user, world):
    pid = _survey(world)
    login(make_user("Anna"))
    page = client.get(f"/doe-mee/{pid}").text
    assert "Vragenlijst" in page and "Begin" in page
    first = client.get(f"/doe-mee/{pid}/vragen/1").text
    assert "Deel 1 van 2" in first and 'name="q-hond"' in first and 'name="q-uitlaat"' not in first
    saved = client.post(f"/doe-mee/{pid}/vragen/1", data={"q-hond": "1", "q-tevreden": "7", "action": "later"})
    assert saved.status_code == 302
    assert "Ga verder" in client.get(f"/doe-mee/{pid}").text
    # "Nee" to the dog: the walking question is not asked
    assert 'name="q-uitlaat"' not in client.get(f"/doe-mee/{pid}/vragen/2").text
    client.post(f"/doe-mee/{pid}/vragen/1", data={"q-hond": "0", "q-tevreden": "7", "action": "next"})
    second = client.get(f"/doe-mee/{pid}/vragen/2").text
    assert 'name="q-uitlaat"' in second and "Volgende" in second
    to_send = client.post(f"/doe-mee/{pid}/vragen/2", data={"q-idee": "Meer licht", "action": "next"})
    assert to_send.headers["Location"].endswith(f"/doe-mee/{pid}/vragen/versturen")
    missing = client.post(f"/doe-mee/{pid}/vragen/versturen", follow_redirects=True)
    assert "Sommige vragen moet je nog beantwoorden." in missing.text
    assert "Deze vraag moet je beantwoorden." in missing.text and "Meer licht" in missing.text  # kept
    client.post(f"/doe-mee/{pid}/vragen/2", data={
        "q-uitlaat": ["0", "2"], "q-stellingen-0": "0", "q-stellingen-1": "2", "q-prioriteit-0": "2",
        "q-prioriteit-1": "1", "q-prioriteit-2": "3", "q-idee": "Meer licht", "action": "next"})
    assert "Je hebt 6 vragen beantwoord." in client.get(f"/doe-mee/{pid}/vragen/versturen").text
    done = client.post(f"/doe-mee/{pid}/vragen/versturen", follow_redirects=True)
    assert "Dank je: je antwoorden zijn geteld." in done.text and "Je hebt meegedaan." in done.text
    response = db.session.scalar(select(SurveyResponse))
    assert response.submitted_at is not None and response.answers["prioriteit"] == [1, 0, 2]
    assert response.answers["stellingen"] == [0, 2] and response.answers["uitlaat"] == [0, 2]
    again = client.get(f"/doe-mee/{pid}/vragen/1", follow_redirects=True)
    assert "Je kunt deze vragenlijst niet (meer) invullen." in again.text


def test_the_results_page_shows_charts_with_tables_in_a_constant_number_of_queries(app, client, world):
    pid = _survey(world)
    participation = db.session.get(Participation, pid)

    def measure():
        with count_queries(app) as statements:
            assert client.get(f"/doe-mee/{pid}").status_code == 200
        return len(statements)

    from participation.survey_services import enter_paper_answers
    enter_paper_answers(world.poster, participation, {"origin": "paper", "responses": [{"answers": FULL}]})
    before = measure()
    enter_paper_answers(world.poster, db.session.get(Participation, pid),
                        {"origin": "booth", "responses": [{"answers": FULL}] * 30})
    assert measure() == before
    page = client.get(f"/doe-mee/{pid}").text
    assert "31 deelnemers" in page and '<th scope="row">Ja</th><td>31</td>' in page and "<svg" in page
    assert "Antwoorden per herkomst" in page and '<th scope="row">Stand</th><td>30</td>' in page
    assert "Meer bankjes" not in page  # open text is not public


def test_officer_screen_enters_paper_answers_for_a_survey_and_a_poll(client, login, make_user, world):
    pid = _survey(world)
    screen = world.owner.get(f"/doe-mee/{pid}/invoeren").text
    assert "Alleen gevraagd na “Heb je een hond?”" in screen and 'name="origin"' in screen
    bad = world.owner.post(f"/doe-mee/{pid}/invoeren", data={"origin": "paper", "q-hond": "0"})
    assert bad.status_code == 200 and "Deze vraag moet je beantwoorden." in bad.text
    assert db.session.scalar(select(SurveyResponse.id)) is None
    entered = world.owner.post(f"/doe-mee/{pid}/invoeren", data={
        "origin": "phone", "q-hond": "1", "q-tevreden": "4"}, follow_redirects=True)
    assert "Ingevoerd: 1." in entered.text and '<th scope="row">Telefoon</th><td>1</td>' in entered.text
    poll = services.create_participation(world.poster, {
        "tool": "poll", "wijken": ["besoijen"], "organisation": "gemeente", "title": "Avond", "body": "Welke?",
        "level": "raadplegen", "decision_owner": "gemeente", "closes_at": (utcnow() + timedelta(days=3)).isoformat(),
        "definition": {"options": ["Di", "Wo"]}})
    services.publish(world.poster, poll)
    option = poll.options[1].id
    world.owner.post(f"/doe-mee/{poll.id}/invoeren", data={"origin": "booth", "choice": str(option), "count": "12"})
    assert db.session.get(Participation, poll.id).options[1].votes == 12
    login(make_user("Bram"))
    assert client.get(f"/doe-mee/{pid}/invoeren").status_code == 403


def test_exports_for_dutch_excel_and_raw_answers_only_for_the_owner(client, login, make_user, world):
    pid = _survey(world, identity="pseudonymous", results_visibility="after_closing")
    assert client.get(f"/doe-mee/{pid}/resultaten.csv").status_code == 403  # not public yet
    from participation.survey_services import enter_paper_answers
    enter_paper_answers(world.poster, db.session.get(Participation, pid),
                        {"origin": "paper", "responses": [{"answers": FULL}, {"answers": FULL | {"hond": 1,
                                                                                                 "uitlaat": None}}]})
    services.close(world.poster, db.session.get(Participation, pid))
    csv_response = client.get(f"/doe-mee/{pid}/resultaten.csv")
    text = csv_response.data.decode("utf-8")
    assert text.startswith("\ufeffVraag;Antwoord;Aantal;Percentage\r\n")
    assert "Heb je een hond?;Ja;1;50,0" in text and "Herkomst;paper;2;100,0" in text
    assert "Meer bankjes" not in text
    shown = json.loads(client.get(f"/doe-mee/{pid}/resultaten.json").data)
    assert shown["participant_count"] == 2
    assert client.get(f"/doe-mee/{pid}/antwoorden.csv").status_code in (302, 401)
    raw = world.owner.get(f"/doe-mee/{pid}/antwoorden.csv").data.decode("utf-8")
    assert raw.startswith("\ufeffid;Deelnemer;Herkomst;Dag;Heb je een hond?")
    assert "Meer bankjes bij de Maas." in raw and ";paper;" in raw and "Groen, Bankjes, Licht" in raw
    login(make_user("Cor"))
    assert client.get(f"/doe-mee/{pid}/antwoorden.json").status_code == 403


def test_every_poll_and_survey_prints_an_a4_with_a_qr_code(client, world, poppler):
    pid = _survey(world)
    pdf = client.get(f"/doe-mee/{pid}/a4.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert pdf_pages(pdf.data) == 1 and "Leefbaarheid Besoijen" in text and "Raadplegen" in text
    assert [code.endswith(f"/doe-mee/{pid}") for code in qr_codes(pdf.data)] == [True]
    poll = services.create_participation(world.poster, {
        "tool": "poll", "wijken": ["besoijen"], "organisation": "gemeente", "title": "Avond", "body": "Welke?",
        "level": "raadplegen", "decision_owner": "gemeente", "closes_at": (utcnow() + timedelta(days=3)).isoformat(),
        "definition": {"options": ["Dinsdagavond", "Woensdagavond"]}})
    assert client.get(f"/doe-mee/{poll.id}/a4.pdf").status_code == 404  # a draft is not public
    sheet = pdf_text(world.owner.get(f"/doe-mee/{poll.id}/a4.pdf").data)
    assert "Dinsdagavond" in sheet and "Woensdagavond" in sheet


def test_the_owner_builds_a_survey_with_the_html_form(client, world):
    wijk_page = world.owner.get("/w/besoijen").text
    assert "/doe-mee/nieuw?wijk=besoijen" in wijk_page
    form = world.owner.get("/doe-mee/nieuw?wijk=besoijen&tool=survey").text
    assert 'name="q0-kind"' in form and 'name="q2-text"' in form and "Raadplegen" in form
    closes = to_local(utcnow() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    data = {"tool": "survey", "organisation": "gemeente", "wijken": "besoijen", "title": "Groen in Besoijen",
            "body": "Wat vind je van het groen?", "level": "raadplegen", "decision_owner": "college van B&W",
            "closes_at": closes, "eligibility": "account", "identity": "anonymous", "results_visibility": "live",
            "phase_rows": "2", "phase0-title": "Vragen", "phase0-starts_on": "2026-12-01", "rows": "3",
            "q0-section": "Groen", "q0-kind": "single", "q0-text": "Is er genoeg groen?", "q0-options": "Ja\nNee",
            "q0-required": "1", "q1-section": "Meer", "q1-kind": "long_text", "q1-text": "Waar wil je meer groen?",
            "q1-show_if": "1", "q1-show_if_options": "nee", "q2-kind": "scale", "q2-text": "", "action": "save"}
    more = world.owner.post("/doe-mee/nieuw?wijk=besoijen", data=data | {"action": "more"})
    assert 'name="q5-text"' in more.text and "Is er genoeg groen?" in more.text
    bad = world.owner.post("/doe-mee/nieuw?wijk=besoijen", data=data | {"q0-options": "Ja"})
    assert bad.status_code == 422 and "Geef er tussen 2 en 20." in bad.text
    saved = world.owner.post("/doe-mee/nieuw?wijk=besoijen", data=data)
    assert saved.status_code == 302, saved.text
    participation = db.session.scalar(select(Participation))
    assert participation.tool == "survey" and participation.identity == "anonymous"
    assert [s.title for s in participation.sections] == ["Groen", "Meer"]
    assert participation.questions[1].show_if == {"question": "q1", "options": [1]}
    assert participation.feedback_due - participation.closes_at == timedelta(weeks=6)
    assert participation.phases[0]["title"] == "Vragen"
    edit = world.owner.get(f"/doe-mee/{participation.id}/bewerken").text
    assert "Is er genoeg groen?" in edit and 'value="nee"' in edit.lower()
    page = world.owner.get(f"/doe-mee/{participation.id}").text
    assert "Stappen" in page and "Vragen" in page
    assert client.get("/doe-mee/nieuw?wijk=besoijen").status_code in (302, 401)


def test_the_owner_builds_a_poll_with_the_html_form_and_changes_it_until_the_first_answer(world, make_user):
    closes = to_local(utcnow() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    untitled = world.owner.post("/doe-mee/nieuw?wijk=besoijen", data={  # errors elsewhere than the options
        "tool": "poll", "organisation": "gemeente", "wijken": "besoijen", "options": "Dinsdag\nWoensdag"})
    assert untitled.status_code == 422 and "Dinsdag" in untitled.text  # shown again, not a 500
    same = world.owner.post("/doe-mee/nieuw?wijk=besoijen", data={
        "tool": "poll", "organisation": "gemeente", "wijken": "besoijen", "options": "Dinsdag\nDinsdag"})
    assert same.status_code == 422 and "field-error" in same.text
    saved = world.owner.post("/doe-mee/nieuw?wijk=besoijen", data={
        "tool": "poll", "organisation": "gemeente", "wijken": "besoijen", "title": "Datum", "body": "Welke avond?",
        "level": "adviseren", "decision_owner": "gemeente", "closes_at": closes, "eligibility": "account",
        "identity": "named", "results_visibility": "after_answering", "options": "Di\nWo\nDo", "max_choices": "1",
        "phase_rows": "0", "action": "save"})
    assert saved.status_code == 302
    participation = db.session.scalar(select(Participation))
    assert [o.label for o in participation.options] == ["Di", "Wo", "Do"]
    services.publish(world.poster, participation)
    form = {"title": "Datum gemeenteavond", "body": "Welke avond?", "decision_owner": "gemeente", "closes_at": closes,
            "eligibility": "account", "identity": "named", "results_visibility": "after_answering",
            "options": "Di\nWo", "max_choices": "1", "phase_rows": "0", "action": "save"}
    assert world.owner.post(f"/doe-mee/{participation.id}/bewerken", data=form).status_code == 302
    assert [o.label for o in db.session.get(Participation, participation.id).options] == ["Di", "Wo"]
    services.respond(make_user("Anna"), db.session.get(Participation, participation.id),
                     {"choices": [db.session.get(Participation, participation.id).options[0].id]})
    edit = world.owner.get(f"/doe-mee/{participation.id}/bewerken").text
    assert "De vragen kunnen niet meer veranderen" in edit and 'name="options"' not in edit
    looser = world.owner.post(f"/doe-mee/{participation.id}/bewerken", data=form | {"results_visibility": "live"})
    assert looser.status_code == 422 and "alleen strenger" in looser.text
