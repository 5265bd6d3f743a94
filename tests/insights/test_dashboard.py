"""The dashboard pages, CSV and API: who may see what (403s), charts with their tables, Dutch Excel CSV, a bounded
number of queries whatever the wijk's size."""
import pytest

from core.extensions import db
from insights.rollup import rollup
from tests.querycount import count_queries
from wijken.roles import grant_wijk_role

from .conftest import NOW, TUESDAY, add_comment, add_post


@pytest.fixture
def people(world, make_user, make_wijk, make_org):
    other = make_wijk("noord", "Noord")
    coordinator, elsewhere, admin = make_user("Coördinator"), make_user("Coördinator Noord"), make_user(admin=True)
    grant_wijk_role(coordinator, world.wijk, "coordinator")
    grant_wijk_role(elsewhere, other, "coordinator")
    outsider = make_user("Woningcorporatie")
    make_org("casade", "woningcorporatie", wijken=[other], members=[outsider])
    return {"admin": admin, "coordinator": coordinator, "member": world.poster, "resident": world.anna,
            "elsewhere": elsewhere, "outsider": outsider}


@pytest.mark.parametrize("who, status", [("admin", 200), ("coordinator", 200), ("member", 200), ("resident", 403),
                                         ("elsewhere", 403), ("outsider", 403)])
def test_who_may_see_the_dashboard(app, client, login, api, people, who, status):
    login(people[who])
    assert client.get("/inzichten/w/centrum").status_code == status
    assert client.get("/inzichten/w/centrum.csv").status_code == status
    assert api.as_user(people[who]).get("/api/v1/insights/wijken/centrum").status_code == status


def test_anonymous_visitors_log_in_first(app, client, api, world):
    assert client.get("/inzichten/w/centrum").status_code == 302
    assert api.get("/api/v1/insights/wijken/centrum").status_code == 401


def test_index_lists_only_ones_own_wijken(app, client, login, people):
    login(people["coordinator"])
    page = client.get("/inzichten").text
    assert "/inzichten/w/centrum" in page and "/inzichten/w/noord" not in page


def test_index_refuses_residents(app, client, login, people):
    login(people["resident"])
    assert client.get("/inzichten").status_code == 403


def test_charts_are_accessible_svg_with_a_table(app, client, login, people, world):
    rollup(NOW)
    login(people["admin"])
    page = client.get("/inzichten/w/centrum?weeks=4").text
    assert 'role="img"' in page and "<title id=\"posts-who-title\">" in page
    assert page.count("<table") >= 8 and '<th scope="row">Gemeente</th>' not in page  # organisations head columns
    assert 'Gemeente</th>' in page
    assert "<script" not in page.split("<main")[-1].split("</main>")[0]


def test_bad_window_is_a_400_or_422(app, client, login, api, people):
    login(people["admin"])
    assert client.get("/inzichten/w/centrum?weeks=7").status_code == 400
    response = api.as_user(people["admin"]).get("/api/v1/insights/wijken/centrum?weeks=7")
    assert response.status_code == 422 and "weeks" in response.json["error"]["fields"]


def test_csv_is_for_dutch_excel(app, client, login, people):
    rollup(NOW)
    login(people["admin"])
    response = client.get("/inzichten/w/centrum.csv?weeks=4")
    body = response.data
    assert body.startswith("\ufeff".encode()) and response.mimetype == "text/csv"
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].count(";") == 3
    assert any(line.endswith(";0,6667") for line in lines)  # the share answered, with a decimal comma
    assert any(f";{TUESDAY.date().isoformat().replace('-11-24', '-11-23')};" in line for line in lines)


def test_api_gives_the_figures(app, api, people):
    rollup(NOW)
    body = api.as_user(people["admin"]).get("/api/v1/insights/wijken/centrum?weeks=4").json
    assert body["conversation"]["resident_posts"] >= 0 and len(body["weeks"]) == 4
    assert body["reach"]["follows"][-1]["count"] == 4
    assert body["participation"] == [] and body["responsiveness"]["promises_due"] == 0
    assert body["responsiveness"]["scorecard"]["windows"][0]["days"] == 30


def test_query_count_does_not_grow_with_the_wijk(app, client, login, people, world):
    login(people["admin"])

    def queries():
        rollup()
        with count_queries(app) as statements:
            assert client.get("/inzichten/w/centrum").status_code == 200
        return len(statements)

    few = queries()
    for _i in range(30):
        p = add_post(world.wijk, world.anna, NOW)
        add_comment(p, world.poster, NOW, org=world.org)
    db.session.commit()
    assert queries() == few <= 25
