"""The participation page as residents and the owner use it: answer through the form, see the results as a
table beside the chart, publish and close with one button; refusals are messages, not errors."""
from datetime import timedelta

from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from participation import services
from participation.models import Participation


def _poll(make_user, make_wijk, make_org, **changes):
    wijk = make_wijk("besoijen", "Besoijen")
    poster = make_user("Gemeente Medewerker")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    data = {"tool": "poll", "wijken": ["besoijen"], "organisation": "gemeente", "title": "Datum gemeenteavond",
            "body": "Welke avond past jou?", "level": "adviseren", "decision_owner": "college van B&W",
            "closes_at": (utcnow() + timedelta(days=7)).isoformat() + "Z", "results_visibility": "after_answering",
            "definition": {"options": ["Dinsdag", "Woensdag"]}} | changes
    return poster, services.create_participation(poster, data)


def test_a_resident_answers_on_the_page_and_then_sees_the_results(app, client, login, make_user, make_wijk, make_org):
    poster, participation = _poll(make_user, make_wijk, make_org)
    pid = participation.id
    assert client.get(f"/doe-mee/{pid}").status_code == 404  # a draft
    owner = app.test_client()
    from tests.conftest import log_in
    log_in(owner, poster)
    assert "Concept" in owner.get(f"/doe-mee/{pid}").text
    assert owner.post(f"/doe-mee/{pid}/publiceren").status_code == 302
    page = client.get(f"/doe-mee/{pid}").text
    assert "Adviseren" in page and "Je geeft advies" in page and "college van B&amp;W" in page
    assert "Log in om mee te doen" in page and "De resultaten zie je nadat je hebt geantwoord." in page

    login(make_user("Anna"))
    page = client.get(f"/doe-mee/{pid}").text
    assert 'type="radio"' in page and "Verstuur mijn antwoord" in page
    option = db.session.get(Participation, pid).options[1].id
    assert client.post(f"/doe-mee/{pid}/antwoord", data={"choice": str(option)}).status_code == 302
    page = client.get(f"/doe-mee/{pid}").text
    assert "Dank je: je antwoord is geteld." in page and "Je hebt meegedaan." in page
    assert "<th scope=\"row\">Woensdag</th><td>1</td>" in page and "<svg" in page
    again = client.post(f"/doe-mee/{pid}/antwoord", data={"choice": str(option)}, follow_redirects=True)
    assert again.status_code == 409 and "Je hebt al meegedaan." in again.text  # the page, with why
    assert db.session.get(Participation, pid).participant_count == 1


def test_the_vraag_post_links_to_the_page_and_others_cannot_publish(app, client, login, make_user, make_wijk,
                                                                    make_org):
    poster, participation = _poll(make_user, make_wijk, make_org)
    services.publish(poster, participation)
    post_id = db.session.scalar(select(Participation.post_id))
    post_page = client.get(f"/w/besoijen/p/{post_id}").text
    assert "Vraag aan de wijk" in post_page and f"/doe-mee/{participation.id}" in post_page
    login(make_user("Bram"))
    assert client.post(f"/doe-mee/{participation.id}/sluiten", follow_redirects=True).status_code == 200
    assert db.session.get(Participation, participation.id).status == "open"
    form = client.get("/w/besoijen/nieuw").text
    assert 'value="vraag"' not in form  # a tool's kind is made by its tool, not the post form
