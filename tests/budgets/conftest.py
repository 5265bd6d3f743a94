"""A wijk, the gemeente serving it with a poster, residents, and the definitions of a budgetschuiver and a
wijkbudget vote to create through the API."""
from datetime import timedelta

import pytest

from core.timeutil import utcnow


@pytest.fixture
def world(make_world):
    return make_world("centrum", "Centrum")


def frame(tool: str, definition: dict, **changes) -> dict:
    return {"tool": tool, "wijken": ["centrum"], "organisation": "gemeente", "title": "Groenbudget Centrum",
            "body": "Hoe verdelen we het geld?", "level": "adviseren", "decision_owner": "gemeenteraad",
            "closes_at": (utcnow() + timedelta(days=14)).isoformat() + "Z", "results_visibility": "live",
            "definition": definition} | changes


def groen(**changes) -> dict:
    """€ 100.000 over three lines that today add up to € 110.000: residents must cut € 10.000."""
    return {"total": 100_000, "rule": "balance", "first_year": 2027, "lines": [
        {"label": "Speeltuinen", "current": 50_000, "minimum": 30_000, "maximum": 70_000, "step": 5_000,
         "minimum_reason": "Veiligheidskeuringen zijn verplicht.",
         "consequences": [{"delta": -10_000, "text": "De speeltuin gaat één dag per week dicht."},
                          {"delta": -20_000, "text": "Twee speeltuinen gaan dicht."},
                          {"delta": 10_000, "text": "Een nieuw klimrek."}]},
        {"label": "Bomen", "current": 40_000, "minimum": 20_000, "maximum": 60_000, "step": 5_000},
        {"label": "Bloembakken", "current": 20_000, "minimum": 0, "maximum": 30_000, "step": 1_000,
         "consequences": [{"delta": -20_000, "text": "Geen bloembakken meer."}]},
    ]} | changes


def projects(**changes) -> dict:
    """€ 40.000 for five projects."""
    return {"budget": 40_000, "rule": "knapsack", "projects": [
        {"title": "Moestuin", "cost": 15_000, "location": "Achter de bibliotheek", "body": "Samen **kweken**."},
        {"title": "Jeu-de-boulesbaan", "cost": 12_000},
        {"title": "Bankjes", "cost": 8_000},
        {"title": "Speeltoestel", "cost": 20_000},
        {"title": "Buurtfeest", "cost": 3_000},
    ]} | changes


def published(api, world, tool: str, definition: dict, **changes) -> dict:
    created = api.as_user(world.poster).post("/api/v1/participations", json=frame(tool, definition, **changes))
    assert created.status_code == 201, created.json
    shown = api.as_user(world.poster).post(f"/api/v1/participations/{created.json['id']}/publish")
    assert shown.status_code == 200, shown.json
    return shown.json


from tests.live.conftest import listener, start_server  # noqa: E402,F401  (real servers for the live tests)
