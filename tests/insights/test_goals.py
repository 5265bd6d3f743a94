"""Goals: only site admins set them (form and API, 422 on bad input, nothing stored), the public page shows target,
actual and trend per wijk from the roll-up's scores, in a bounded number of queries."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import utcnow
from insights.goals import goals_progress
from insights.models import DailyCount, Goal
from insights.rollup import rollup
from tests.querycount import count_queries

TODAY = utcnow().date()
GOAL = {"municipality": "teststad", "metric": "followers_share", "target_percent": "30",
        "starts_on": (TODAY - timedelta(days=7)).isoformat(), "ends_on": (TODAY + timedelta(days=300)).isoformat()}


@pytest.fixture
def admin(make_user):
    return make_user("Beheer", admin=True)


def test_an_admin_sets_a_goal_and_it_is_public(app, client, login, world, admin):
    login(admin)
    response = client.post("/inzichten/doelen/nieuw", data=GOAL)
    assert response.status_code == 302
    goal = db.session.scalar(select(Goal))
    assert (goal.municipality.name, goal.metric, goal.target) == ("Teststad", "followers_share", 0.3)
    rollup()
    client.post("/logout")
    page = client.get("/inzichten/doelen").text
    assert "Teststad" in page and "30 %" in page and "2,0 %" in page  # 3 follows and 1 e-mail of 200 households
    (progress,) = goals_progress(TODAY)
    assert progress.wijken[0].actual == 0.02


def test_each_night_keeps_its_score_for_the_trend(app, world, admin):
    from insights.goals import create_goal
    create_goal(admin, GOAL)
    now = utcnow()
    rollup(now - timedelta(days=7))
    rollup(now)  # re-counts the days since, but keeps last week's snapshot
    days = db.session.scalars(select(DailyCount.day).where(DailyCount.metric == "score",
                                                           DailyCount.key == "followers_share")).all()
    assert sorted(days) == [(now - timedelta(days=7)).date(), now.date()]
    (progress,) = goals_progress(now.date())
    assert [v for v in progress.wijken[0].trend if v is not None] == [0.02, 0.02]


@pytest.mark.parametrize("change, field", [
    ({"metric": "iets"}, "metric"), ({"target_percent": "0"}, "target_percent"),
    ({"municipality": "nergens"}, "municipality"), ({"ends_on": "2020-01-01"}, "ends_on"),
    ({"starts_on": "gisteren"}, "starts_on")])
def test_bad_goals_are_refused_and_nothing_is_stored(app, client, login, api, world, admin, change, field):
    login(admin)
    response = client.post("/inzichten/doelen/nieuw", data=GOAL | change)
    assert response.status_code == 422 and 'aria-invalid="true"' in response.text
    answer = api.as_user(admin).post("/api/v1/insights/goals", json=GOAL | change)
    assert answer.status_code == 422 and field in answer.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Goal)) == 0


def test_only_site_admins_set_goals(app, client, login, api, world):
    login(world.poster)
    assert client.get("/inzichten/doelen/nieuw").status_code == 403
    assert client.post("/inzichten/doelen/nieuw", data=GOAL).status_code == 403
    assert api.as_user(world.poster).post("/api/v1/insights/goals", json=GOAL).status_code == 403
    assert api.post("/api/v1/insights/goals", json=GOAL).status_code == 401
    assert db.session.scalar(select(func.count()).select_from(Goal)) == 0


def test_the_api_sets_and_lists_goals(app, api, world, admin):
    created = api.as_user(admin).post("/api/v1/insights/goals", json=GOAL | {"target_percent": 30})
    assert created.status_code == 201
    listed = api.get("/api/v1/insights/goals").json["items"]
    assert listed[0]["target"] == 0.3 and listed[0]["wijken"][0]["wijk"] == "centrum"


def test_the_goals_page_reads_scores_in_a_fixed_number_of_queries(app, client, world, admin, make_wijk):
    from insights.goals import create_goal
    create_goal(admin, GOAL)
    rollup()

    def queries():
        with count_queries(app) as statements:
            assert client.get("/inzichten/doelen").status_code == 200
        return len(statements)

    few = queries()
    for i in range(5):
        make_wijk(f"wijk-{i}")
    create_goal(admin, GOAL | {"metric": "promises_kept"})
    db.session.execute(DailyCount.__table__.delete())
    db.session.commit()
    rollup(utcnow() + timedelta(days=1))
    assert queries() == few <= 6
