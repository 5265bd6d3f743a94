"""The wijkbudget vote through the API: the definition and its checks, ballots within the rule (knapsack, approval,
minimum spend), one per person, frozen projects, paper ballots with their origin, the winners chosen greedily
with the cut-off line, and the winners as result items of the outcome. Every answer matches the generated
OpenAPI document, which names the budget shapes. On SQLite and PostgreSQL."""
import pytest
from sqlalchemy import func, select

from budgets.models import BudgetBallot, BudgetProject
from core.extensions import db
from openapi import build_spec
from tests.test_openapi import _check

from .conftest import frame, groen, projects, published


def _ids(shown, *titles) -> list[int]:
    by_title = {p["title"]: p["id"] for p in shown["definition"]["projects"]}
    return [by_title[t] for t in titles]


def _vote(api, user, shown, *titles):
    return api.as_user(user).put(f"/api/v1/participations/{shown['id']}/response",
                                 json={"projects": _ids(shown, *titles)})


@pytest.mark.parametrize("change, field", [
    ({"rule": "lottery"}, "definition.rule"),
    ({"budget": 0}, "definition.budget"),
    ({"rule": "approval"}, "definition.max_projects"),
    ({"rule": "minimum_spend"}, "definition.min_spend_percent"),
    ({"rule": "minimum_spend", "min_spend_percent": 120}, "definition.min_spend_percent"),
    ({"projects": projects()["projects"][:1]}, "definition.projects"),
    ({"projects": [{"title": "Te duur", "cost": 50_000}, {"title": "Bankjes", "cost": 8_000}]},
     "definition.projects.0.cost"),
    ({"projects": [{"title": "", "cost": 5_000}, {"title": "Bankjes", "cost": 8_000}]},
     "definition.projects.0.title"),
    ({"projects": [{"title": "Gratis", "cost": 0}, {"title": "Bankjes", "cost": 8_000}]},
     "definition.projects.0.cost"),
])
def test_a_bad_vote_definition_is_a_422_with_the_field_path_and_stores_nothing(api, world, change, field):
    response = api.as_user(world.poster).post("/api/v1/participations", json=frame("budget_vote", projects(**change)))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"], response.json
    assert db.session.scalar(select(func.count()).select_from(BudgetProject)) == 0


@pytest.mark.parametrize("rule, refused, accepted", [
    ({"rule": "knapsack"}, [("Moestuin", "Jeu-de-boulesbaan", "Speeltoestel")],  # € 47.000
     ("Moestuin", "Jeu-de-boulesbaan", "Bankjes", "Buurtfeest")),  # € 38.000
    ({"rule": "approval", "max_projects": 2}, [("Moestuin", "Bankjes", "Buurtfeest"), ("Moestuin", "Speeltoestel",
                                                                                     "Bankjes")],
     ("Moestuin", "Bankjes")),
    ({"rule": "minimum_spend", "min_spend_percent": 75}, [("Bankjes", "Buurtfeest"), ("Moestuin", "Speeltoestel",
                                                                                     "Bankjes")],
     ("Moestuin", "Jeu-de-boulesbaan", "Buurtfeest")),
])
def test_a_ballot_must_keep_the_rule_and_counts_once(api, world, rule, refused, accepted):
    shown = published(api, world, "budget_vote", projects(**rule))
    for titles in refused:
        response = _vote(api, world.anna, shown, *titles)
        assert response.status_code == 422 and "projects" in response.json["error"]["fields"], (titles, response.json)
    for body in ({"projects": []}, {"projects": [999_999]}, {"projects": _ids(shown, "Bankjes", "Bankjes")},
                 {"projects": "Bankjes"}):
        response = api.as_user(world.anna).put(f"/api/v1/participations/{shown['id']}/response", json=body)
        assert response.status_code == 422, (body, response.json)
    assert db.session.scalar(select(func.count()).select_from(BudgetBallot)) == 0
    _check(_vote(api, world.anna, shown, *accepted), 200, "Participation")
    again = _vote(api, world.anna, shown, *accepted)
    assert again.status_code == 409 and again.json["error"]["code"] == "already_answered"
    frozen = api.as_user(world.poster).patch(f"/api/v1/participations/{shown['id']}",
                                             json={"definition": projects(budget=50_000)})
    assert frozen.status_code == 409 and frozen.json["error"]["code"] == "frozen"
    assert api.get(f"/api/v1/participations/{shown['id']}").json["definition"]["budget"] == 40_000


def test_winners_greedily_with_the_cut_off_and_paper_ballots_then_result_items(api, world, make_user):
    shown = published(api, world, "budget_vote", projects())
    pid = shown["id"]
    votes = [("Speeltoestel", "Moestuin", "Buurtfeest"), ("Speeltoestel", "Jeu-de-boulesbaan", "Bankjes"),
             ("Moestuin", "Jeu-de-boulesbaan", "Bankjes")]
    for person, titles in zip([world.anna, world.bram, world.cor], votes, strict=True):
        assert _vote(api, person, shown, *titles).status_code == 200
    paper = api.as_user(world.poster).post(f"/api/v1/participations/{pid}/paper-responses", json={
        "origin": "paper", "responses": [{"projects": _ids(shown, "Speeltoestel", "Moestuin")}]})
    assert paper.status_code == 201, paper.json
    results = api.get(f"/api/v1/participations/{pid}/results")
    _check(results, 200, "ParticipationResults")
    ranking = [(p["title"], p["votes"], p["funded"]) for p in results.json["projects"]]
    # Of equal votes the cheaper comes first. Moestuin (€ 15.000) and Speeltoestel (€ 20.000) leave € 5.000: the
    # Bankjes (€ 8.000) no longer fit, so the line is drawn above them; the Buurtfeest (€ 3.000) below it still does.
    assert ranking == [("Moestuin", 3, True), ("Speeltoestel", 3, True), ("Bankjes", 2, False),
                       ("Jeu-de-boulesbaan", 2, False), ("Buurtfeest", 1, True)]
    funded = {"Speeltoestel", "Moestuin", "Buurtfeest"}
    assert results.json["spent"] == 38_000 and results.json["origins"]["paper"] == 1
    cut = next(p for p in results.json["projects"] if p["id"] == results.json["cut_off"])
    assert cut["title"] == "Bankjes" and "Bankjes" in cut["reason"] and cut["left_before"] == 5_000
    api.as_user(world.poster).post(f"/api/v1/participations/{pid}/close")
    done = api.as_user(world.poster).post(f"/api/v1/participations/{pid}/outcome",
                                          json={"decision": "adopted", "body": "De winnaars worden uitgevoerd."})
    _check(done, 201, "Participation")
    assert {item["title"] for item in done.json["result_items"]} == funded


def test_the_document_names_the_budget_shapes():
    schemas = build_spec()["components"]["schemas"]
    created = [ref.get("$ref", "") for ref in schemas["ParticipationCreate"]["properties"]["definition"]["anyOf"]]
    assert {"#/components/schemas/BudgetDefinition", "#/components/schemas/VoteDefinition"} <= set(created)
    shown = [ref.get("$ref", "") for ref in schemas["Participation"]["properties"]["results"]["anyOf"]]
    assert {"#/components/schemas/BudgetResults", "#/components/schemas/VoteResults"} <= set(shown)
    assert {"amounts", "explanation", "projects"} <= set(schemas["Ballot"]["properties"])
    assert schemas["LineIn"]["properties"]["consequences"]["items"] == {"$ref": "#/components/schemas/ConsequenceIn"}


def test_budgetschuiver_answers_match_the_document(api, world):
    shown = published(api, world, "budgetschuiver", groen())
    amounts = {str(line["id"]): value for line, value in zip(shown["definition"]["lines"], (45_000, 40_000, 15_000),
                                                            strict=True)}
    _check(api.as_user(world.anna).put(f"/api/v1/participations/{shown['id']}/response", json={"amounts": amounts}),
           200, "Participation")
    _check(api.get(f"/api/v1/participations/{shown['id']}/results"), 200, "ParticipationResults")
    _check(api.get("/api/v1/wijken/centrum/participations"), 200, "ParticipationList")


def test_one_ballot_per_letter_code_a_verified_address(api, client, world):
    shown = published(api, world, "budget_vote", projects(), eligibility="code", title="Per adres")
    codes = api.as_user(world.poster).post(f"/api/v1/participations/{shown['id']}/letter-codes",
                                           json={"wijk": "centrum", "count": 3}).json["codes"]
    url = f"/api/v1/participations/{shown['id']}/response"
    over = api.put(url, json={"projects": _ids(shown, "Moestuin", "Speeltoestel", "Bankjes"), "code": codes[0]})
    assert over.status_code == 422  # nothing stored, the code still answers
    assert api.put(url, json={"projects": _ids(shown, "Moestuin"), "code": codes[0]}).status_code == 200
    again = api.put(url, json={"projects": _ids(shown, "Bankjes"), "code": codes[0]})
    assert again.status_code == 409 and again.json["error"]["code"] == "code_used"
    on_paper = client.post(f"/doe-mee/{shown['id']}/stembiljet", data={  # the letter's QR code opens the form
        "code": codes[1], "project": [str(i) for i in _ids(shown, "Speeltoestel", "Buurtfeest")]})
    assert on_paper.status_code == 302
    tally = api.as_user(world.poster).get(f"/api/v1/participations/{shown['id']}/results").json
    assert tally["participant_count"] == 2 and db.session.scalar(select(func.count()).select_from(BudgetBallot)) == 2
