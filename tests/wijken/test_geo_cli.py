"""CBS GeoJSON import, point lookup, and the CONTRACT's CLI commands."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from accounts.models import User
from audit.models import AuditEntry
from core.extensions import db
from partners.models import Membership, Organisation
from wijken.models import Wijk, WijkRole

WAALWIJK = Path(__file__).resolve().parents[2] / "data" / "waalwijk_wijken_2023.geojson"


def count_wijken():
    return db.session.scalar(select(func.count()).select_from(Wijk))


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_import_waalwijk_and_reimport_updates(app, tmp_path):
    result = run(app, "wijken", "import", str(WAALWIJK), "--municipality", "Waalwijk")
    assert result.exit_code == 0, result.output
    assert "3 wijken created, 0 updated" in result.output
    names = db.session.scalars(select(Wijk.name).order_by(Wijk.cbs_code)).all()
    assert names == ["Waalwijk", "Sprang-Capelle", "Waspik"]

    data = json.loads(WAALWIJK.read_text())
    data["features"][0]["properties"]["statnaam"] = "Waalwijk-Centrum"
    changed = tmp_path / "changed.geojson"
    changed.write_text(json.dumps(data))
    result = run(app, "wijken", "import", str(changed))
    assert "0 wijken created, 3 updated" in result.output
    db.session.expire_all()
    assert count_wijken() == 3
    wijk = db.session.scalar(select(Wijk).where(Wijk.cbs_code == "WK086700"))
    assert wijk.name == "Waalwijk-Centrum" and wijk.slug == "waalwijk" and wijk.municipality_name == "Waalwijk"


BROKEN = {
    "not json": "{nope",
    "no features": json.dumps({"type": "FeatureCollection", "features": []}),
    "no statcode": json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"statnaam": "X"}, "geometry": {"type": "Point", "coordinates": [5, 51]}}]}),
    "a point": json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"statcode": "WK1", "statnaam": "X"},
         "geometry": {"type": "Point", "coordinates": [5, 51]}}]}),
    "bow tie": json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"statcode": "WK1", "statnaam": "X"},
         "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}}]}),
}




def _one(properties=None, geometry=None, **feature) -> str:
    """A FeatureCollection with one feature, parts replaced."""
    square = {"type": "Polygon", "coordinates": [[[5.0, 51.0], [5.1, 51.0], [5.1, 51.1], [5.0, 51.0]]]}
    base = {"type": "Feature", "properties": {"statcode": "WK1", "statnaam": "X"} if properties is None
            else properties, "geometry": square if geometry is None else geometry} | feature
    return json.dumps({"type": "FeatureCollection", "features": [base]})


def _square(x0, y0, size):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size],
                                                [x0, y0 + size], [x0, y0]]]}


BROKEN |= {
    "a list as feature": json.dumps({"type": "FeatureCollection", "features": [[5, 51]]}),
    "a string as feature": json.dumps({"type": "FeatureCollection", "features": ["WK1"]}),
    "properties a list": _one(properties=["statcode", "WK1"]),
    "statnaam an object": _one(properties={"statcode": "WK1", "statnaam": {"nl": "X"}}),
    "geometry a list": _one(geometry=[5, 51]),
    "coordinates nested deep": _one(geometry={"type": "Polygon", "coordinates": json.loads("[" * 60 + "]" * 60)}),
    "longitude beyond 180": _one(geometry=_square(200.0, 51.0, 0.1)),
    "latitude beyond 90": _one(geometry=_square(5.0, 95.0, 0.1)),
    "RD New coordinates": _one(geometry=_square(130_000, 412_000, 1_000)),
    "RD New crs member": json.dumps(json.loads(_one()) | {
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}}),
    "CR LF in the name": _one(properties={"statcode": "WK1", "statnaam": "Centrum\r\nBcc: iedereen@example.test"}),
    "a name too long": _one(properties={"statcode": "WK1", "statnaam": "x" * 121}),
    "a statcode with spaces": _one(properties={"statcode": "WK 1; DROP", "statnaam": "X"}),
}
# Not JSON that a good feature can be added to.
RAW = {
    "nested 5000 deep": "[" * 5000 + "]" * 5000,
    "objects nested 5000 deep": '{"a":' * 5000 + "1" + "}" * 5000,
    "NaN coordinates": _one().replace("5.1, 51.1", "NaN, 51.1"),
    "Infinity coordinates": _one().replace("5.1, 51.1", "Infinity, 51.1"),
}


@pytest.mark.parametrize("name", list(BROKEN) + list(RAW))
def test_broken_files_import_nothing(app, tmp_path, name):
    valid = json.loads(WAALWIJK.read_text())["features"][0]
    path = tmp_path / "broken.geojson"
    content = BROKEN.get(name) or RAW[name]
    # A good feature first: the bad one after it must still stop everything.
    if name not in ("not json", "no features", *RAW):
        data = json.loads(content)
        data["features"].insert(0, valid)
        content = json.dumps(data)
    path.write_text(content)
    result = run(app, "wijken", "import", str(path))
    assert result.exit_code != 0
    assert "Nothing was imported" in result.output and "Traceback" not in result.output, result.output
    assert count_wijken() == 0


def test_a_file_in_rd_new_is_refused_with_advice(app, client, login, make_user, tmp_path):
    """CBS downloads come in RD New (metres): the refusal says so and how to convert, on the CLI and the admin
    page."""
    path = tmp_path / "cbs.geojson"
    path.write_text(BROKEN["RD New coordinates"])
    result = run(app, "wijken", "import", str(path))
    assert result.exit_code != 0 and "EPSG:28992" in result.output and "EPSG:4326" in result.output
    login(make_user(admin=True))
    import io
    response = client.post("/beheer/wijken/import", data={
        "geojson": (io.BytesIO(BROKEN["RD New coordinates"].encode()), "cbs.geojson")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert "EPSG:28992" in client.get("/beheer").text and count_wijken() == 0
    for name in ("nested 5000 deep", "properties a list"):
        content = RAW.get(name) or BROKEN[name]
        response = client.post("/beheer/wijken/import", data={"geojson": (io.BytesIO(content.encode()), "x.geojson")},
                               content_type="multipart/form-data")
        assert response.status_code == 302, name
    assert count_wijken() == 0


def test_a_wijk_stored_without_wgs84_coordinates_does_not_break_the_home_page(app, client, make_wijk):
    """Stored before the import checked coordinates: the map leaves it out, the page works for everyone."""
    make_wijk("centrum")
    make_wijk("rd", geometry=_square(130_000, 412_000, 1_000))
    make_wijk("oost", geometry=_square(1.6e308, 51.0, 1e307))  # spans beyond any float: NaN in the map
    make_wijk("west", geometry=_square(-1.7e308, 51.0, 1e307))
    page = client.get("/g/teststad")
    assert page.status_code == 200 and 'aria-label="Centrum"' in page.text and "nan" not in page.text.lower()


def test_lookup_point_in_polygon(app, api):
    run(app, "wijken", "import", str(WAALWIJK))
    assert api.get("/api/v1/lookup?lat=51.69&lon=5.07").json["slug"] == "waalwijk"
    assert api.get("/api/v1/lookup?lat=51.685&lon=4.96").json["slug"] == "waspik"
    missing = api.get("/api/v1/lookup?lat=52.37&lon=4.89")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "no_wijk_here"
    assert api.get("/api/v1/lookup?lat=x&lon=5").status_code == 422
    assert api.get("/api/v1/lookup?lat=91&lon=5").status_code == 422


def test_wijken_api(app, api):
    run(app, "wijken", "import", str(WAALWIJK))
    items = api.get("/api/v1/wijken").json["items"]
    assert {w["cbs_code"] for w in items} == {"WK086700", "WK086701", "WK086702"}
    assert all(w["follower_count"] == 0 for w in items)
    one = api.get("/api/v1/wijken/waspik").json
    assert one["geometry"]["type"] == "Polygon" and one["name"] == "Waspik"
    assert api.get("/api/v1/wijken/atlantis").status_code == 404


def test_users_orgs_and_roles_commands(app, make_wijk):
    make_wijk("centrum")
    assert run(app, "users", "create", "Agent@Example.test", "--name", "Agent", "--password",
               "geheim wachtwoord", "--verified").exit_code == 0
    assert run(app, "users", "create", "admin@example.test", "--name", "Admin", "--password",
               "geheim wachtwoord", "--admin").exit_code == 0
    result = run(app, "orgs", "create", "politie", "--name", "Politie", "--kind", "politie", "--wijk", "centrum")
    assert result.exit_code == 0, result.output
    assert run(app, "roles", "grant", "agent@example.test", "--org", "politie", "--role", "poster").exit_code == 0
    assert run(app, "roles", "grant", "agent@example.test", "--wijk", "centrum",
               "--role", "coordinator").exit_code == 0
    agent = db.session.scalar(select(User).where(User.email == "agent@example.test"))
    assert agent.email_verified_at is not None
    assert db.session.scalar(select(User.is_admin).where(User.email == "admin@example.test"))
    org = db.session.scalars(select(Organisation)).one()
    assert org.kind == "politie" and [w.slug for w in org.wijken] == ["centrum"]
    assert db.session.scalars(select(Membership.role)).all() == ["poster"]
    assert db.session.scalars(select(WijkRole.role)).all() == ["coordinator"]
    logged = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_id, e.target_id) for e in logged] == [("grant_role", None, agent.id)] * 2


@pytest.mark.parametrize("args, message", [
    (["users", "create", "dubbel@example.test", "--name", "X", "--password", "geheim wachtwoord"], "email:"),
    (["users", "create", "x@example.test", "--name", "X", "--password", "kort"], "password:"),
    (["orgs", "create", "o", "--name", "O", "--kind", "politie", "--wijk", "atlantis"], "atlantis"),
    (["roles", "grant", "niemand@example.test", "--org", "o", "--role", "poster"], "No user"),
    (["roles", "grant", "dubbel@example.test", "--org", "bestaat-niet", "--role", "poster"], "No organisation"),
    (["roles", "grant", "dubbel@example.test", "--wijk", "centrum", "--role", "koning"], "coordinator"),
    (["roles", "grant", "dubbel@example.test", "--role", "poster"], "exactly one"),
])
def test_cli_refuses_bad_input_clearly(app, make_user, make_wijk, args, message):
    make_wijk("centrum")
    make_user(email="dubbel@example.test")
    result = run(app, *args)
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
