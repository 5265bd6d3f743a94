"""Households of a wijk (admin page, API, CBS kerncijfers CSV by CLI), the response rate in results, and the share
of feedback promises an organisation kept on time. On SQLite and PostgreSQL."""
from datetime import timedelta

from core.extensions import db
from core.timeutil import utcnow
from participation.models import Participation
from participation.promises import promise_record
from tests.conftest import log_in
from tests.participation.test_participation_api import _published
from wijken.models import Wijk

CSV = ("\ufeffstatcode;statnaam;aantal_huishoudens\n"
       "WK086700;Besoijen;4 120\n"
       "WK086701;Elders;.\n"
       "WK999999;Nergens;12\n")


def test_the_cli_imports_households_from_a_cbs_csv_and_a_broken_file_imports_nothing(app, world, tmp_path):
    world.wijk.cbs_code, world.other_wijk.cbs_code = "WK086700", "WK086701"
    db.session.commit()
    good, broken, missing = tmp_path / "k.csv", tmp_path / "b.csv", tmp_path / "m.csv"
    good.write_text(CSV, encoding="utf-8")
    broken.write_text("statcode;aantal_huishoudens\nWK086700;10\nWK086701;veel\n", encoding="utf-8")
    missing.write_text("statcode,aantal_huishoudens\nWK086700,10\n", encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(args=["wijken", "import-households", str(good)])
    assert result.exit_code == 0 and "1 wijken updated, 1 codes not known here." in result.output
    for path, problem in ((broken, "veel"), (missing, "statcode;aantal_huishoudens")):
        result = runner.invoke(args=["wijken", "import-households", str(path)])
        assert result.exit_code != 0 and problem in result.output and "Nothing was imported" in result.output
    db.session.expire_all()
    assert (db.session.get(Wijk, world.wijk.id).households, db.session.get(Wijk, world.other_wijk.id).households) \
        == (4120, None)


def test_admins_set_households_on_the_admin_page_and_through_the_api(client, login, api, make_user, world):
    admin = make_user("Beheerder", admin=True)
    assert api.as_user(world.anna).put("/api/v1/wijken/besoijen/households", json={"households": 5}).status_code \
        == 403
    assert api.as_user(admin).put("/api/v1/wijken/besoijen/households", json={"households": -1}).status_code == 422
    done = api.as_user(admin).put("/api/v1/wijken/besoijen/households", json={"households": 2500})
    assert done.status_code == 200 and done.json["households"] == 2500
    assert api.get("/api/v1/wijken/besoijen").json["households"] == 2500
    login(admin)
    page = client.get("/beheer").text
    assert 'id="households-' in page and 'value="2500"' in page
    saved = client.post("/beheer/wijken/besoijen/huishoudens", data={"households": "2600"}, follow_redirects=True)
    assert "De huishoudens van Besoijen zijn opgeslagen." in saved.text
    refused = client.post("/beheer/wijken/besoijen/huishoudens", data={"households": "veel"}, follow_redirects=True)
    assert refused.status_code == 200 and db.session.get(Wijk, world.wijk.id).households == 2600
    other = client.application.test_client()
    log_in(other, world.anna)
    assert other.post("/beheer/wijken/besoijen/huishoudens", data={"households": "1"}).status_code == 403


def test_results_give_the_response_rate_against_the_households(api, client, world):
    shown = _published(api, world)
    pid, option = shown["id"], shown["definition"]["options"][0]["id"]
    api.as_user(world.anna).put(f"/api/v1/participations/{pid}/response", json={"choices": [option]})
    results = api.get(f"/api/v1/participations/{pid}/results").json
    assert (results["households"], results["response_rate"]) == (None, None)
    world.wijk.households = 8
    db.session.commit()
    results = api.get(f"/api/v1/participations/{pid}/results").json
    assert (results["households"], results["response_rate"]) == (8, 0.125)
    assert "Respons: 12,5% van 8 huishoudens." in client.get(f"/doe-mee/{pid}").text


def test_the_share_of_promises_kept_on_time(api, client, world):
    first, second, third = (_published(api, world, title=t) for t in ("Een", "Twee", "Drie"))
    now = utcnow()
    rows = {p["id"]: db.session.get(Participation, p["id"]) for p in (first, second, third)}
    for row in rows.values():
        row.status, row.feedback_due = "closed", now - timedelta(days=2)
    rows[first["id"]].outcome_at = now - timedelta(days=3)   # kept
    rows[second["id"]].outcome_at = now - timedelta(days=1)  # late
    db.session.commit()
    record = promise_record(world.org)
    assert (record.due, record.kept, record.share) == (3, 1, 0.3333)
    rows[third["id"]].feedback_due = now + timedelta(days=10)  # not due yet: neither kept nor broken
    db.session.commit()
    assert api.get("/api/v1/organisations/gemeente/promises").json == {
        "organisation": "gemeente", "due": 2, "kept": 1, "share": 0.5}
    page = client.get("/organisaties/gemeente/doe-mee").text
    assert "50%" in page and "van 2 beloftes om terug te koppelen zijn op tijd nagekomen." in page and "Drie" in page
    assert api.get("/api/v1/organisations/niemand/promises").status_code == 404
