"""The budgetschuiver through the API: the definition and its checks, distributions that keep the rule, one
per person, frozen lines, the results (median, spread, raised and lowered, the residents' budget balanced by
the rule) and the real decision beside it. On SQLite and PostgreSQL."""
import pytest
from sqlalchemy import func, select

from budgets.models import BudgetAmount, BudgetLine, BudgetSubmission
from core.extensions import db

from .conftest import frame, groen, published


def _amounts(shown, *values) -> dict:
    return {str(line["id"]): value for line, value in zip(shown["definition"]["lines"], values, strict=True)}


def _respond(api, user, shown, *values, **extra):
    return api.as_user(user).put(f"/api/v1/participations/{shown['id']}/response",
                                 json={"amounts": _amounts(shown, *values)} | extra)


def test_the_owner_defines_lines_with_limits_steps_and_consequences(api, world):
    shown = published(api, world, "budgetschuiver", groen())
    definition = shown["definition"]
    assert (definition["total"], definition["rule"], definition["first_year"]) == (100_000, "balance", 2027)
    play = definition["lines"][0]
    assert (play["label"], play["minimum"], play["step"], play["decided"]) == ("Speeltuinen", 30_000, 5_000, None)
    assert play["minimum_reason"] == "Veiligheidskeuringen zijn verplicht."
    assert [c["delta"] for c in play["consequences"]] == [-20_000, -10_000, 10_000]
    assert shown["tool"] == "budgetschuiver" and shown["results"]["collective_total"] == 100_000


@pytest.mark.parametrize("change, field", [
    ({"rule": "sometimes"}, "definition.rule"),
    ({"total": -5}, "definition.total"),
    ({"lines": groen()["lines"][:1]}, "definition.lines"),
    ({"lines": [groen()["lines"][0] | {"current": 80_000}, groen()["lines"][1]]}, "definition.lines.0.current"),
    ({"lines": [groen()["lines"][0] | {"step": 7_000}, groen()["lines"][1]]}, "definition.lines.0.step"),
    ({"lines": [groen()["lines"][0] | {"step": 0}, groen()["lines"][1]]}, "definition.lines.0.step"),
    ({"lines": [groen()["lines"][0] | {"consequences": [{"delta": -3_000, "text": "x"}]}, groen()["lines"][1]]},
     "definition.lines.0.consequences.0.delta"),
    ({"lines": [groen()["lines"][0] | {"consequences": [{"delta": -30_000, "text": "x"}]}, groen()["lines"][1]]},
     "definition.lines.0.consequences.0.delta"),
    ({"lines": [groen()["lines"][0] | {"label": ""}, groen()["lines"][1]]}, "definition.lines.0.label"),
    ({"total": 500_000}, "definition.total"),  # the maximums together are 160.000
    ({"total": 20_000}, "definition.total"),  # the minimums together are 50.000
    ({"total": 100_500}, "definition.total"),  # the steps (gcd 1.000) can never reach it
    ({"first_year": 2028, "last_year": 2027}, "definition.last_year"),
])
def test_a_bad_definition_is_a_422_with_the_field_path_and_stores_nothing(api, world, change, field):
    response = api.as_user(world.poster).post("/api/v1/participations", json=frame("budgetschuiver", groen(**change)))
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"], response.json
    assert db.session.scalar(select(func.count()).select_from(BudgetLine)) == 0


def test_a_distribution_must_keep_the_rule_and_the_limits_and_counts_once(api, world):
    shown = published(api, world, "budgetschuiver", groen())
    lines = shown["definition"]["lines"]
    for values, field in [((50_000, 40_000, 20_000), "amounts"),          # € 10.000 too much
                          ((25_000, 55_000, 20_000), f"amounts.{lines[0]['id']}"),  # below the minimum
                          ((52_000, 38_000, 10_000), f"amounts.{lines[0]['id']}"),  # not whole steps
                          ((45_000, 40_000, 10_500), f"amounts.{lines[2]['id']}")]:
        refused = _respond(api, world.anna, shown, *values)
        assert refused.status_code == 422 and field in refused.json["error"]["fields"], (values, refused.json)
    missing = api.as_user(world.anna).put(f"/api/v1/participations/{shown['id']}/response",
                                          json={"amounts": {str(lines[0]["id"]): 50_000, "999": 1}})
    assert missing.status_code == 422
    assert {f"amounts.{lines[1]['id']}", "amounts.999"} <= set(missing.json["error"]["fields"])
    assert db.session.scalar(select(func.count()).select_from(BudgetSubmission)) == 0

    accepted = _respond(api, world.anna, shown, 40_000, 40_000, 20_000, explanation="Bomen zijn belangrijker.")
    assert accepted.status_code == 200, accepted.json
    again = _respond(api, world.anna, shown, 40_000, 40_000, 20_000)
    assert again.status_code == 409 and again.json["error"]["code"] == "already_answered"
    assert db.session.scalar(select(func.count()).select_from(BudgetAmount)) == 3
    frozen = api.as_user(world.poster).patch(f"/api/v1/participations/{shown['id']}",
                                             json={"definition": groen(total=110_000)})
    assert frozen.status_code == 409 and frozen.json["error"]["code"] == "frozen"


def test_results_are_medians_spread_shares_and_the_residents_budget_balanced_by_the_rule(api, world, make_user):
    shown = published(api, world, "budgetschuiver", groen())
    people = [world.anna, world.bram, world.cor, make_user("Dirk")]
    distributions = [(40_000, 40_000, 20_000), (30_000, 50_000, 20_000), (50_000, 30_000, 20_000),
                     (50_000, 40_000, 10_000)]
    for person, values in zip(people, distributions, strict=True):
        assert _respond(api, person, shown, *values).status_code == 200
    results = api.get(f"/api/v1/participations/{shown['id']}/results").json
    play, trees, flowers = results["lines"]
    assert (play["median"], play["low"], play["high"]) == (45_000, 30_000, 50_000)
    assert (play["raised"], play["lowered"]) == (0, 0.5)
    assert (trees["median"], trees["raised"], trees["lowered"]) == (40_000, 0.25, 0.25)
    assert flowers["median"] == 20_000 and flowers["lowered"] == 0.25
    # The medians add up to 105.000 (45.000 is off the 5.000 grid: 45.000 is on it, from 50.000); the rule
    # says exactly 100.000, so the residents' budget takes 5.000 off the line with the most room.
    assert results["collective_total"] == 100_000
    assert sum(line["collective"] for line in results["lines"]) == 100_000
    assert results["participant_count"] == 4 and results["origins"]["online"] == 4


def test_not_exceed_and_free_rules(api, world):
    capped = published(api, world, "budgetschuiver", groen(rule="not_exceed"))
    assert _respond(api, world.anna, capped, 40_000, 40_000, 10_000).status_code == 200  # under is fine
    over = _respond(api, world.bram, capped, 50_000, 40_000, 20_000)
    assert over.status_code == 422 and "10.000" in over.json["error"]["fields"]["amounts"]
    free = published(api, world, "budgetschuiver", groen(rule="free"), title="Vrij")
    assert _respond(api, world.bram, free, 70_000, 60_000, 30_000).status_code == 200
    assert api.get(f"/api/v1/participations/{free['id']}/results").json["collective_total"] == 160_000


def test_paper_distributions_carry_their_origin(api, world):
    shown = published(api, world, "budgetschuiver", groen())
    paper = api.as_user(world.poster).post(f"/api/v1/participations/{shown['id']}/paper-responses", json={
        "origin": "paper", "responses": [{"amounts": _amounts(shown, 45_000, 35_000, 20_000)},
                                         {"amounts": _amounts(shown, 45_000, 35_000, 25_000)}]})
    assert paper.status_code == 422 and "responses.1.amounts" in paper.json["error"]["fields"]
    paper = api.as_user(world.poster).post(f"/api/v1/participations/{shown['id']}/paper-responses", json={
        "origin": "booth", "responses": [{"amounts": _amounts(shown, 45_000, 35_000, 20_000)}]})
    assert paper.status_code == 201
    assert api.get(f"/api/v1/participations/{shown['id']}/results").json["origins"]["booth"] == 1


def test_the_real_decision_is_entered_after_closing_and_shown_beside(api, world):
    shown = published(api, world, "budgetschuiver", groen())
    pid, url = shown["id"], f"/api/v1/participations/{shown['id']}/budget-decision"
    decided = {"amounts": _amounts(shown, 45_000, 40_000, 15_000)}
    assert api.as_user(world.poster).put(url, json=decided).status_code == 409  # still open
    api.as_user(world.poster).post(f"/api/v1/participations/{pid}/close")
    assert api.as_user(world.anna).put(url, json=decided).status_code == 403
    bad = api.as_user(world.poster).put(url, json={"amounts": {"1": "veel"}})
    assert bad.status_code == 422
    answer = api.as_user(world.poster).put(url, json=decided)
    assert answer.status_code == 200, answer.json
    assert [line["decided"] for line in answer.json["results"]["lines"]] == [45_000, 40_000, 15_000]
    assert answer.json["results"]["decided_total"] == 100_000
