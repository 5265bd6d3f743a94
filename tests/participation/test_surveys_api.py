"""Surveys through the API: the definition with its 422 paths, drafts and one submission, conditional and
required questions enforced by the server, frozen questions, officer entries per origin, results kept on
write (a constant number of queries), raw answers per identity and published open-text answers that
moderation can take down. On SQLite and PostgreSQL."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import utcnow
from participation.survey_models import SurveyQuestion, SurveyResponse
from tests.querycount import count_queries
from wijken.models import Comment

DEFINITION = {"sections": [
    {"title": "Over jou", "questions": [
        {"key": "hond", "kind": "single", "text": "Heb je een hond?", "options": ["Ja", "Nee"], "required": True},
        {"key": "tevreden", "kind": "scale", "text": "Hoe tevreden ben je met de wijk?", "scale_max": 10,
         "low_label": "helemaal niet", "high_label": "heel erg", "required": True},
    ]},
    {"title": "Buiten", "intro": "Over de openbare ruimte.", "questions": [
        {"key": "uitlaat", "kind": "multiple", "text": "Waar laat je de hond uit?",
         "options": ["Park", "Dijk", "Straat"], "max_choices": 2, "required": True,
         "show_if": {"question": "hond", "options": [0]}},
        {"key": "stellingen", "kind": "matrix", "text": "Wat vind je hiervan?", "rows": ["Veilig", "Schoon"],
         "options": ["Eens", "Neutraal", "Oneens"]},
        {"key": "prioriteit", "kind": "ranking", "text": "Wat eerst?", "options": ["Bankjes", "Groen", "Licht"]},
        {"key": "idee", "kind": "long_text", "text": "Heb je nog een idee?"},
        {"key": "naam_straat", "kind": "short_text", "text": "In welke straat woon je?"},
    ]},
]}


@pytest.fixture
def world(make_world):
    return make_world("besoijen", "Besoijen")


def _draft(api, world, **changes):
    body = {"tool": "survey", "wijken": ["besoijen"], "organisation": "gemeente", "title": "Leefbaarheid Besoijen",
            "body": "Hoe woon je in Besoijen?", "level": "raadplegen", "decision_owner": "college van B&W",
            "closes_at": (utcnow() + timedelta(days=14)).isoformat() + "Z", "results_visibility": "live",
            "definition": DEFINITION} | changes
    return api.as_user(world.poster).post("/api/v1/participations", json=body)


def _open(api, world, **changes):
    created = _draft(api, world, **changes)
    assert created.status_code == 201, created.json
    published = api.as_user(world.poster).post(f"/api/v1/participations/{created.json['id']}/publish")
    assert published.status_code == 200
    return published.json


FULL = {"hond": 0, "tevreden": 8, "uitlaat": [0, 1], "stellingen": [0, None], "prioriteit": [1, 0, 2],
        "idee": "Meer bankjes bij de Maas.", "naam_straat": "Dijkstraat"}


def test_a_survey_definition_is_read_back_in_order_with_its_phases(api, world):
    created = _draft(api, world, phases=[{"title": "Vragen", "starts_on": "2026-12-01", "ends_on": "2026-12-20"},
                                         {"title": "Besluit"}])
    assert created.status_code == 201, created.json
    definition = created.json["definition"]
    assert [s["title"] for s in definition["sections"]] == ["Over jou", "Buiten"]
    questions = [q for s in definition["sections"] for q in s["questions"]]
    assert [q["key"] for q in questions] == ["hond", "tevreden", "uitlaat", "stellingen", "prioriteit", "idee",
                                             "naam_straat"]
    assert questions[1]["scale_max"] == 10 and questions[2]["show_if"] == {"question": "hond", "options": [0]}
    assert created.json["phases"][1] == {"title": "Besluit", "starts_on": None, "ends_on": None}


@pytest.mark.parametrize("sections, field", [
    ([], "definition.sections"),
    ([{"title": "", "questions": [{"kind": "single", "text": "x", "options": ["a", "b"]}]}],
     "definition.sections.0.title"),
    ([{"title": "A", "questions": [{"kind": "dropdown", "text": "x"}]}], "definition.sections.0.questions.0.kind"),
    ([{"title": "A", "questions": [{"kind": "single", "text": "x", "options": ["a"]}]}],
     "definition.sections.0.questions.0.options"),
    ([{"title": "A", "questions": [{"kind": "single", "text": "x", "options": ["a", "b\x00"]}]}],
     "definition.sections.0.questions.0.options.1"),
    ([{"title": "A", "questions": [{"kind": "scale", "text": "x", "scale_max": 7}]}],
     "definition.sections.0.questions.0.scale_max"),
    ([{"title": "A", "questions": [{"kind": "matrix", "text": "x", "options": ["a", "b"]}]}],
     "definition.sections.0.questions.0.rows"),
    ([{"title": "A", "questions": [{"key": "a", "kind": "single", "text": "x", "options": ["a", "b"]},
                                   {"kind": "short_text", "text": "y", "show_if": {"question": "a", "options": [0]}}]}],
     "definition.sections.0.questions.1.show_if.question"),  # the same section: not earlier
    ([{"title": "A", "questions": [{"key": "a", "kind": "single", "text": "x", "options": ["a", "b"]}]},
      {"title": "B", "questions": [{"kind": "short_text", "text": "y", "show_if": {"question": "a", "options": [5]}}]}],
     "definition.sections.1.questions.0.show_if.options"),
    ([{"title": "A", "questions": [{"key": "a", "kind": "short_text", "text": "x"},
                                   {"key": "a", "kind": "short_text", "text": "y"}]}],
     "definition.sections.0.questions.1.key"),
    ([{"title": "A", "questions": "nee"}], "definition.sections.0.questions"),
])
def test_a_malformed_definition_is_a_422_with_the_field_path_and_stores_nothing(api, world, sections, field):
    response = _draft(api, world, definition={"sections": sections})
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"], response.json
    assert db.session.scalar(select(func.count()).select_from(SurveyQuestion)) == 0


def test_draft_then_submit_once_with_required_and_conditional_questions_enforced(api, world):
    shown = _open(api, world)
    url = f"/api/v1/participations/{shown['id']}/response"
    anna = api.as_user(world.anna)
    assert anna.get(url).json == {"answers": {}, "submitted": False, "updated_at": None}
    saved = anna.put(url, json={"answers": {"hond": 1}})
    assert saved.status_code == 200 and shown["participant_count"] == 0
    assert anna.get(url).json["answers"] == {"hond": 1}
    # with "Nee" the dog question is not asked: answering it is refused, leaving it out is fine
    hidden = anna.put(url, json={"answers": {"hond": 1, "tevreden": 5, "uitlaat": [0]}, "submit": True})
    assert hidden.status_code == 422 and "answers.uitlaat" in hidden.json["error"]["fields"]
    missing = anna.put(url, json={"answers": {"hond": 0, "tevreden": 5}, "submit": True})
    assert missing.status_code == 422 and "answers.uitlaat" in missing.json["error"]["fields"]
    for bad, path in (({"onbekend": 1}, "answers.onbekend"), ({"hond": 2}, "answers.hond"),
                      ({"tevreden": 11}, "answers.tevreden"), ({"uitlaat": [0, 1, 2], "hond": 0}, "answers.uitlaat"),
                      ({"stellingen": [0]}, "answers.stellingen"), ({"prioriteit": [0, 0, 1]}, "answers.prioriteit"),
                      ({"idee": "x" * 3001}, "answers.idee"), ({"hond": True}, "answers.hond")):
        refused = anna.put(url, json={"answers": bad})
        assert refused.status_code == 422 and path in refused.json["error"]["fields"], (bad, refused.json)
    assert anna.get(url).json["answers"] == {"hond": 1}  # nothing stored by the refusals
    done = anna.put(url, json={"answers": FULL, "submit": True})
    assert done.status_code == 200 and done.json["participant_count"] == 1
    again = anna.put(url, json={"answers": FULL, "submit": True})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_answered"
    assert anna.get(url).json["submitted"] is True
    results = api.get(f"/api/v1/participations/{shown['id']}/results").json
    by_key = {q["key"]: q for q in results["questions"]}
    assert [b["count"] for b in by_key["hond"]["bars"]] == [1, 0]
    assert by_key["tevreden"]["bars"][7] == {"label": "8", "count": 1}
    assert by_key["tevreden"]["bars"][9]["label"] == "10 (heel erg)"
    assert [b["count"] for b in by_key["stellingen"]["rows"][0]["bars"]] == [1, 0, 0]
    assert [b["count"] for b in by_key["prioriteit"]["bars"]] == [1, 2, 0]  # Groen first: 2 points
    assert by_key["idee"]["published"] == [] and by_key["idee"]["answered"] == 1
    assert "Meer bankjes" not in str(results)  # open text is not public unless published


def test_closed_not_eligible_and_frozen(api, world):
    shown = _open(api, world, eligibility="followers")
    pid = shown["id"]
    url = f"/api/v1/participations/{pid}/response"
    refused = api.as_user(world.anna).put(url, json={"answers": {"hond": 1}})
    assert refused.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0
    patch = api.as_user(world.poster).patch
    assert patch(f"/api/v1/participations/{pid}", json={"definition": DEFINITION}).status_code == 200
    api.as_user(world.bram).put("/api/v1/wijken/besoijen/follow", json={})
    assert api.as_user(world.bram).put(url, json={"answers": {"hond": 1}}).status_code == 200  # a draft
    frozen = patch(f"/api/v1/participations/{pid}", json={"definition": DEFINITION})
    assert frozen.status_code == 409 and frozen.json["error"]["code"] == "frozen"
    api.as_user(world.poster).post(f"/api/v1/participations/{pid}/close")
    closed = api.as_user(world.bram).put(url, json={"answers": FULL, "submit": True})
    assert closed.status_code == 409 and closed.json["error"]["code"] == "closed"
    assert db.session.scalar(select(SurveyResponse.submitted_at)) is None


def test_officer_entries_count_per_origin_and_results_take_constant_queries(app, api, world):
    shown = _open(api, world)
    pid = shown["id"]
    owner = api.as_user(world.poster)
    url = f"/api/v1/participations/{pid}/paper-responses"
    bad = owner.post(url, json={"origin": "paper", "responses": [{"answers": FULL}, {"answers": {"hond": 0}}]})
    assert bad.status_code == 422 and "responses.1.answers.tevreden" in bad.json["error"]["fields"]
    assert owner.post(url, json={"origin": "phone", "responses": [{"answers": FULL}]}).status_code == 201
    assert api.as_user(world.anna).post(url, json={"origin": "paper", "responses": [{"answers": FULL}]}
                                        ).status_code == 403

    def measure():
        with count_queries(app) as statements:
            assert api.get(f"/api/v1/participations/{pid}/results").status_code == 200
        return len(statements)

    before = measure()
    assert owner.post(url, json={"origin": "booth", "responses": [{"answers": FULL}] * 40}).status_code == 201
    assert measure() == before
    results = api.get(f"/api/v1/participations/{pid}/results").json
    assert results["origins"] == {"online": 0, "paper": 0, "booth": 40, "phone": 1}
    assert results["participant_count"] == 41 and results["questions"][0]["bars"][0]["count"] == 41


@pytest.mark.parametrize("identity, shows", [("named", "Anna"), ("pseudonymous", "P-"), ("anonymous", None)])
def test_raw_answers_only_for_the_owner_and_only_as_named_as_the_identity_allows(api, world, identity, shows):
    shown = _open(api, world, identity=identity)
    pid = shown["id"]
    api.as_user(world.anna).put(f"/api/v1/participations/{pid}/response", json={"answers": FULL, "submit": True})
    assert api.as_user(world.anna).get(f"/api/v1/participations/{pid}/answers").status_code == 403
    raw = api.as_user(world.poster).get(f"/api/v1/participations/{pid}/answers").json
    item = raw["items"][0]
    assert raw["identity"] == identity and item["answers"]["idee"] == "Meer bankjes bij de Maas."
    if shows is None:
        assert item["respondent"] is None and item["submitted_on"] is None
        assert db.session.scalar(select(SurveyResponse.user_id)) is None
    else:
        assert item["respondent"].startswith(shows)


def test_a_published_open_answer_is_a_comment_that_moderation_can_take_down(api, world):
    shown = _open(api, world)
    pid = shown["id"]
    api.as_user(world.anna).put(f"/api/v1/participations/{pid}/response", json={"answers": FULL, "submit": True})
    response_id = db.session.scalar(select(SurveyResponse.id))
    owner = api.as_user(world.poster)
    url = f"/api/v1/participations/{pid}/published-answers"
    assert owner.post(url, json={"response_id": response_id, "question": "tevreden"}).status_code == 404
    assert api.as_user(world.bram).post(url, json={"response_id": response_id, "question": "idee"}).status_code == 403
    published = owner.post(url, json={"response_id": response_id, "question": "idee"})
    assert published.status_code == 201, published.json
    assert owner.post(url, json={"response_id": response_id, "question": "idee"}).status_code == 409
    comment = db.session.get(Comment, published.json["comment_id"])
    assert "Meer bankjes bij de Maas." in comment.body and comment.post_id == shown["post_id"]
    results = api.get(f"/api/v1/participations/{pid}/results").json
    assert results["questions"][5]["published"] == ["Meer bankjes bij de Maas."]
    flagged = api.as_user(world.bram).post("/api/v1/flags", json={"target": "comment", "id": comment.id,
                                                                   "reason": "spam"})
    assert flagged.status_code == 201, flagged.json
    comment.status = "hidden"
    db.session.commit()
    assert api.get(f"/api/v1/participations/{pid}/results").json["questions"][5]["published"] == []
