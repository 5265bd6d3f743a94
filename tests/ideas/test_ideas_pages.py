"""Ideas on the pages: a resident submits an idea and is first offered a similar one to support; the owner
answers ideas in bulk with a saved answer, merges a duplicate and hides one; refusals are messages; list pages
use a bounded number of queries whatever the number of ideas."""
from datetime import timedelta

from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from ideas import services
from ideas.models import Idea
from participation import services as participations
from tests.conftest import log_in
from tests.querycount import count_queries


def open_round(make_user, make_wijk, make_org, threshold=3):
    wijk = make_wijk("besoijen", "Besoijen")
    poster = make_user("Gemeente Medewerker")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    participation = participations.create_participation(poster, {
        "tool": "ideas", "wijken": ["besoijen"], "organisation": "gemeente",
        "title": "Hoe maken we het Akkerlaanplein groener?", "body": "Jouw ideeën.", "level": "adviseren",
        "decision_owner": "college van B&W", "closes_at": (utcnow() + timedelta(days=30)).isoformat() + "Z",
        "definition": {"threshold": threshold}})
    participations.publish(poster, participation)
    return poster, participation


def test_a_resident_is_offered_a_similar_idea_and_supports_it_or_submits_theirs(client, login, make_user,
                                                                                 make_wijk, make_org):
    poster, p = open_round(make_user, make_wijk, make_org)
    existing = services.submit_idea(make_user("Anna"), p, {"title": "Meer bomen op het Akkerlaanplein",
                                                           "body": "Schaduw in de zomer."})
    page = client.get(f"/doe-mee/{p.id}").text
    assert "Meer bomen op het Akkerlaanplein" in page and "Log in om een idee in te dienen" in page
    assert "Elk idee krijgt antwoord van Gemeente" in page

    login(make_user("Bram"))
    offered = client.post(f"/doe-mee/{p.id}/ideeen", data={"title": "Bomen planten op het Akkerlaanplein",
                                                           "body": "Meer groen graag."})
    assert offered.status_code == 200 and "Bedoel je een van deze?" in offered.text
    assert "Meer bomen op het Akkerlaanplein" in offered.text and 'name="confirm" type="hidden" value="1"' in \
        offered.text
    assert db.session.query(Idea).count() == 1
    supported = client.post(f"/doe-mee/{p.id}/ideeen/{existing.id}/steun", follow_redirects=True)
    assert "Je steunt dit idee." in supported.text and "1 steunbetuiging" in supported.text

    submitted = client.post(f"/doe-mee/{p.id}/ideeen", data={"title": "Bomen planten op het Akkerlaanplein",
                                                             "body": "Meer groen graag.", "confirm": "1"},
                            follow_redirects=True)
    assert "Je idee is ingediend." in submitted.text and db.session.query(Idea).count() == 2
    empty = client.post(f"/doe-mee/{p.id}/ideeen", data={"title": "", "body": "", "confirm": "1"})
    assert empty.status_code == 422 and "field-error" in empty.text and db.session.query(Idea).count() == 2


def test_the_owner_answers_in_bulk_merges_and_hides(app, client, make_user, make_wijk, make_org):
    poster, p = open_round(make_user, make_wijk, make_org)
    anna, bram = make_user("Anna"), make_user("Bram")
    ideas = [services.submit_idea(anna, p, {"title": title, "body": "Graag."})
             for title in ("Bankjes bij de vijver", "Een fontein", "Bankjes aan de vijver")]
    resident = app.test_client()
    log_in(resident, bram)
    assert resident.get(f"/doe-mee/{p.id}/beantwoorden").status_code == 403
    log_in(client, poster)
    assert "3 ideeën wachten op antwoord" in client.get(f"/doe-mee/{p.id}").text
    client.post(f"/doe-mee/{p.id}/antwoorden-opslaan", data={
        "template-title": "Buiten budget", "template-state": "rejected", "template-body": "Past niet in het budget."})
    template = services.answer_templates(p.organisation)[0]
    done = client.post(f"/doe-mee/{p.id}/beantwoorden", data={"idea": [str(ideas[1].id)],
                                                              "template": str(template.id)}, follow_redirects=True)
    assert "1 ideeën beantwoord." in done.text and "Een fontein" not in done.text
    merged = client.post(f"/doe-mee/{p.id}/ideeen/{ideas[2].id}/antwoord", data={"merged_into": str(ideas[0].id)},
                         follow_redirects=True)
    assert "Het antwoord is verstuurd." in merged.text
    refused = client.post(f"/doe-mee/{p.id}/ideeen/{ideas[0].id}/verbergen", data={"reason": ""},
                          follow_redirects=True)
    assert refused.status_code == 200 and db.session.get(Idea, ideas[0].id).status == "published"
    client.post(f"/doe-mee/{p.id}/ideeen/{ideas[0].id}/verbergen", data={"reason": "Dubbel geplaatst"})
    assert db.session.get(Idea, ideas[0].id).status == "hidden"
    assert "Bankjes bij de vijver" not in resident.get(f"/doe-mee/{p.id}").text
    states = dict(db.session.execute(select(Idea.title, Idea.state)).all())
    assert states == {"Bankjes bij de vijver": "submitted", "Een fontein": "rejected",
                      "Bankjes aan de vijver": "merged"}


def test_round_and_list_pages_use_a_bounded_number_of_queries(app, client, login, make_user, make_wijk, make_org):
    poster, p = open_round(make_user, make_wijk, make_org)
    people = [make_user(f"Bewoner {n}") for n in range(3)]
    login(people[0])

    def measure():
        counts = []
        for path in (f"/doe-mee/{p.id}", f"/doe-mee/{p.id}/ideeen", f"/doe-mee/{p.id}/ideeen?sort=new"):
            with count_queries(app) as statements:
                assert client.get(path).status_code == 200
            counts.append(len(statements))
        return counts

    for n in range(2):
        idea = services.submit_idea(people[n], p, {"title": f"Idee {n}", "body": "Tekst."})
        services.support(people[2], idea)
    few = measure()
    for n in range(12):
        idea = services.submit_idea(people[n % 3], p, {"title": f"Nog een idee {n}", "body": "Tekst."})
        services.support(people[(n + 1) % 3], idea)
    assert measure() == few and max(few) <= 25, few
