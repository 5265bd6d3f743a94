"""Letter codes: the owner makes single-use codes for a wijk (one per household) and prints them as letters; a
code answers once, with or without an account; wrong and used codes are refused, and a client that keeps trying is
rate-limited. On SQLite and PostgreSQL."""
import re

import pytest
from sqlalchemy import func, select

from core.extensions import db
from participation.codes import LetterCode, normalise
from participation.models import Participant, Response
from tests.participation.test_participation_api import _published
from tests.reach.test_flyer import pdf_pages, pdf_text, qr_codes


def _by_code(api, world, **changes):
    world.wijk.households = 3
    db.session.commit()
    return _published(api, world, eligibility="code", **changes)


def test_codes_are_made_per_household_stored_hashed_and_shown_once(api, world):
    shown = _by_code(api, world)
    owner = api.as_user(world.poster)
    made = owner.post(f"/api/v1/participations/{shown['id']}/letter-codes", json={"wijk": "besoijen"})
    assert made.status_code == 201, made.json
    codes = made.json["codes"]
    assert made.json["issued"] == 3 and len(set(codes)) == 3
    assert all(len(code) == 11 and code[5] == "-" for code in codes)
    stored = db.session.scalars(select(LetterCode.digest)).all()
    assert len(stored) == 3 and not any(normalise(code) in digest for code in codes for digest in stored)
    # every household has one: more need a number
    again = owner.post(f"/api/v1/participations/{shown['id']}/letter-codes", json={"wijk": "besoijen"})
    assert again.status_code == 422 and "count" in again.json["error"]["fields"]
    extra = owner.post(f"/api/v1/participations/{shown['id']}/letter-codes", json={"wijk": "besoijen", "count": 2})
    assert extra.json["issued"] == 5
    for body, status in (({"wijk": "elders"}, 422), ({"wijk": "besoijen", "count": 0}, 422),
                         ({"wijk": "besoijen", "count": 5001}, 422)):
        assert owner.post(f"/api/v1/participations/{shown['id']}/letter-codes", json=body).status_code == status
    assert api.as_user(world.anna).post(f"/api/v1/participations/{shown['id']}/letter-codes",
                                        json={"wijk": "besoijen"}).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(LetterCode)) == 5


def test_codes_only_for_participations_answered_with_codes(api, world):
    shown = _published(api, world)
    refused = api.as_user(world.poster).post(f"/api/v1/participations/{shown['id']}/letter-codes",
                                             json={"wijk": "besoijen"})
    assert refused.status_code == 409 and refused.json["error"]["code"] == "not_by_code"
    switch = api.as_user(world.poster).patch(f"/api/v1/participations/{shown['id']}", json={"eligibility": "code"})
    assert switch.status_code == 422 and "eligibility" in switch.json["error"]["fields"]


def test_a_code_answers_once_without_an_account_and_wrong_codes_are_refused(api, world):
    shown = _by_code(api, world)
    pid, option = shown["id"], shown["definition"]["options"][0]["id"]
    codes = api.as_user(world.poster).post(f"/api/v1/participations/{pid}/letter-codes",
                                           json={"wijk": "besoijen"}).json["codes"]
    url = f"/api/v1/participations/{pid}/response"
    assert api.put(url, json={"choices": [option]}).json["error"]["code"] == "code_required"
    wrong = api.put(url, json={"choices": [option], "code": "AAAAA-AAAAA"})
    assert wrong.status_code == 403 and wrong.json["error"]["code"] == "bad_code"
    assert api.put(url, json={"choices": [option], "code": "x" * 41}).status_code == 403
    bad_ballot = api.put(url, json={"choices": [999999], "code": codes[0]})
    assert bad_ballot.status_code == 422  # nothing used: the code still answers
    typed = codes[0].lower().replace("-", " ")
    assert api.put(url, json={"choices": [option], "code": typed}).status_code == 200
    used = api.put(url, json={"choices": [option], "code": codes[0]})
    assert used.status_code == 409 and used.json["error"]["code"] == "code_used"
    # with an account: named, told of the outcome; a second letter does not give a second answer
    assert api.as_user(world.anna).put(url, json={"choices": [option], "code": codes[1]}).status_code == 200
    assert api.as_user(world.anna).put(url, json={"choices": [option], "code": codes[2]}).status_code == 409
    assert db.session.scalar(select(func.count()).select_from(Response)) == 2
    assert db.session.scalars(select(Participant.user_id)).all() == [world.anna.id]
    assert sorted(db.session.scalars(select(Response.user_id)).all(), key=str) == [world.anna.id, None]
    assert api.get(f"/api/v1/participations/{pid}/results").json["options"][0]["votes"] == 2


def test_many_wrong_codes_from_one_client_are_rate_limited(make_app, make_user, make_wijk, make_org):
    from tests.conftest import Api

    app = make_app(RATELIMIT_ENABLED=True, CODE_LIMIT_PER_IP="3 per minute")
    with app.app_context():
        class W:
            pass
        w = W()
        w.wijk = make_wijk("besoijen", "Besoijen")
        make_wijk("elders", "Elders")
        w.poster = make_user("Gemeente Medewerker")
        w.org = make_org("gemeente", "gemeente", wijken=[w.wijk], members=[w.poster])
        api = Api(app.test_client())
        shown = _by_code(api, w)
        pid, option = shown["id"], shown["definition"]["options"][0]["id"]
        code = api.as_user(w.poster).post(f"/api/v1/participations/{pid}/letter-codes",
                                          json={"wijk": "besoijen"}).json["codes"][0]
        url = f"/api/v1/participations/{pid}/response"
        statuses = [api.put(url, json={"choices": [option], "code": f"AAAAA-AAAA{c}"}).status_code for c in "BCDE"]
        assert statuses == [403, 403, 403, 429]
        assert api.put(url, json={"choices": [option], "code": code}).status_code == 429
        db.session.remove()


def test_the_letters_pdf_has_one_page_per_code_and_the_page_takes_the_code(app, client, login, api, world, poppler):
    shown = _by_code(api, world)
    pid = shown["id"]
    login(world.poster)
    page = client.get(f"/doe-mee/{pid}").text
    assert "Brieven voor Besoijen" in page
    pdf = client.post(f"/doe-mee/{pid}/brieven", data={"wijk": "besoijen"})
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"] and pdf.headers["Cache-Control"] == "no-store"
    assert pdf_pages(pdf.data) == 3
    text = pdf_text(pdf.data)
    assert "Jouw code" in text and "Datum gemeenteavond" in text
    codes = re.findall(r"\b[A-Z2-9]{5}-[A-Z2-9]{5}\b", text)
    assert len(set(codes)) == 3
    code = codes[0]
    assert qr_codes(pdf.data) == [f"http://localhost/doe-mee/{pid}?code={code}"]
    assert db.session.scalar(select(func.count()).select_from(LetterCode)) == 3
    refused = client.post(f"/doe-mee/{pid}/brieven", data={"wijk": "besoijen"}, follow_redirects=True)
    assert "Elk huishouden van Besoijen heeft een code" in refused.text

    visitor = app.test_client()
    filled = visitor.get(f"/doe-mee/{pid}?code={code}").text
    assert f'value="{code}"' in filled and "Code uit je brief" in filled
    option = shown["definition"]["options"][1]["id"]
    wrong = visitor.post(f"/doe-mee/{pid}/antwoord", data={"code": "AAAAA-AAAAA", "choice": str(option)})
    assert wrong.status_code == 403 and "Deze code klopt niet" in wrong.text and 'value="AAAAA-AAAAA"' in wrong.text
    done = visitor.post(f"/doe-mee/{pid}/antwoord", data={"code": code, "choice": str(option)},
                        follow_redirects=True)
    assert "Dank je: je antwoord is geteld." in done.text
    used = visitor.post(f"/doe-mee/{pid}/antwoord", data={"code": code, "choice": str(option)})
    assert used.status_code == 409 and "al gebruikt" in used.text


@pytest.mark.parametrize("eligibility", ["account", "followers"])
def test_without_codes_an_anonymous_form_answer_asks_to_log_in(app, client, api, world, eligibility):
    shown = _published(api, world, eligibility=eligibility)
    option = shown["definition"]["options"][0]["id"]
    answered = client.post(f"/doe-mee/{shown['id']}/antwoord", data={"choice": str(option)})
    assert answered.status_code == 302 and "/login" in answered.location
    assert db.session.scalar(select(func.count()).select_from(Response)) == 0
