"""Stellingen on the pages: one card at a time with eens / pas / oneens buttons, adding a stelling that waits
for review, the review page, the opinion groups after seven votes; the page's queries stay bounded."""
from datetime import timedelta

from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from participation import services as participations
from stellingen import services
from stellingen.models import Statement, StatementVote
from tests.conftest import log_in
from tests.querycount import count_queries
from wijken.roles import grant_wijk_role

SEEDS = [f"Stelling nummer {n} over verkeer." for n in range(1, 9)]


def open_set(make_user, make_wijk, make_org):
    wijk = make_wijk("bomenbuurt", "Bomenbuurt")
    poster = make_user("Gemeente Medewerker")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    participation = participations.create_participation(poster, {
        "tool": "stellingen", "wijken": ["bomenbuurt"], "organisation": "gemeente",
        "title": "Verkeer rond de Bomenbuurt", "body": "Wat vind jij?", "level": "raadplegen",
        "decision_owner": "college van B&W", "closes_at": (utcnow() + timedelta(days=30)).isoformat() + "Z",
        "definition": {"statements": SEEDS}})
    participations.publish(poster, participation)
    return poster, participation


def test_a_resident_votes_card_by_card_and_then_sees_the_groups(client, login, make_user, make_wijk, make_org):
    poster, p = open_set(make_user, make_wijk, make_org)
    page = client.get(f"/doe-mee/{p.id}").text
    assert "Stelling nummer 1 over verkeer." in page and "Log in om te stemmen" in page
    login(make_user("Anna"))
    for n in range(7):
        page = client.get(f"/doe-mee/{p.id}").text
        assert f"Stelling nummer {n + 1} over verkeer." in page and "van Gemeente" in page
        statement = db.session.scalar(select(Statement).where(Statement.text == SEEDS[n]))
        choice = ("eens", "oneens", "pas")[n % 3]
        assert client.post(f"/doe-mee/{p.id}/stellingen/{statement.id}/{choice}",
                           data={"important": "1"}).status_code == 302
    assert db.session.query(StatementVote).count() == 7
    page = client.get(f"/doe-mee/{p.id}").text
    assert "Je hebt op 7 van de 8 stellingen gestemd." in page and "Bekijk de meningsgroepen" in page
    groups = client.get(f"/doe-mee/{p.id}/meningen")
    assert groups.status_code == 200 and "Breed gedragen" in groups.text


def test_a_resident_adds_a_stelling_that_the_coordinator_reviews(app, client, make_user, make_wijk, make_org):
    poster, p = open_set(make_user, make_wijk, make_org)
    anna = make_user("Anna")
    log_in(client, anna)
    sent = client.post(f"/doe-mee/{p.id}/stellingen", data={"text": "Er moet een speelstraat komen."},
                       follow_redirects=True)
    assert "We beoordelen je stelling binnen 48 uur" in sent.text and "wacht op beoordeling" in sent.text
    other = app.test_client()
    log_in(other, make_user("Bram"))
    assert "speelstraat" not in other.get(f"/doe-mee/{p.id}").text
    assert other.get(f"/doe-mee/{p.id}/stellingen/beoordelen").status_code == 403
    owner = app.test_client()
    log_in(owner, poster)
    review = owner.get(f"/doe-mee/{p.id}/stellingen/beoordelen").text
    assert "Er moet een speelstraat komen." in review
    statement = db.session.scalar(select(Statement).where(Statement.text == "Er moet een speelstraat komen."))
    owner.post(f"/doe-mee/{p.id}/stellingen/beoordelen", data={"statement": str(statement.id), "action": "approve"})
    assert db.session.get(Statement, statement.id).status == "approved"
    assert owner.post(f"/doe-mee/{p.id}/stellingen/beoordelen", data={"statement": "x"}).status_code == 404


def test_the_set_page_uses_a_bounded_number_of_queries(app, client, login, make_user, make_wijk, make_org):
    poster, p = open_set(make_user, make_wijk, make_org)
    people = [make_user(f"Bewoner {n}") for n in range(4)]
    login(people[0])

    def measure():
        with count_queries(app) as statements:
            assert client.get(f"/doe-mee/{p.id}").status_code == 200
        return len(statements)

    first = measure()
    for person in people[1:]:
        for statement in db.session.scalars(select(Statement).where(Statement.status == "approved")).all():
            services.vote(person, statement, {"value": 1})
        services.add_statement(person, p, {"text": f"Nieuwe stelling van {person.display_name}"})
    assert measure() == first and first <= 25, first


def test_the_review_queue_shows_stellingen_waiting_for_review(app, client, make_user, make_wijk, make_org):
    poster, p = open_set(make_user, make_wijk, make_org)
    coordinator = make_user("Coördinator")
    grant_wijk_role(coordinator, p.wijken[0], "coordinator")
    services.add_statement(make_user("Anna"), p, {"text": "Er moet een speelstraat komen."})
    log_in(client, coordinator)
    queue = client.get("/moderatie").text
    assert "Stellingen die wachten op beoordeling" in queue and f"/doe-mee/{p.id}/stellingen/beoordelen" in queue
    other = app.test_client()
    log_in(other, make_user("Bram"))
    assert "Stellingen die wachten op beoordeling" not in other.get("/moderatie").text
