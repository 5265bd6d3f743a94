"""Find my wijk by postcode: CBS's postcode-huisnummer table, buurten, group pages and the lookup."""
import json

import pytest
from sqlalchemy import func, select

from core.extensions import db
from tests.querycount import count_queries
from wijken.models import Buurt, PostcodeRange, Wijk
from wijken.postcodes import normalise_postcode

HEADER = "PC6;Huisnummer;Buurt2023;Wijk2023;Gemeente2023\n"


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def square(x: float, y: float, size: float = 0.01) -> dict:
    return {"type": "Polygon", "coordinates": [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]]}


def write_buurten(tmp_path, *codes):
    features = [{"type": "Feature", "properties": {"statcode": code, "statnaam": f"Buurt {code[-2:]}"},
                 "geometry": square(5.0 + i * 0.01, 51.7)} for i, code in enumerate(codes)]
    path = tmp_path / "buurten.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def pages(make_wijk):
    """Two CBS wijk pages of municipality 0867, and a postcode table over them."""
    centrum, noord = make_wijk("centrum"), make_wijk("noord")
    centrum.cbs_code, noord.cbs_code = "WK086700", "WK086701"
    db.session.commit()
    return centrum, noord


def import_csv(app, tmp_path, rows: str, *options, name="pc6hnr.csv", encoding="utf-8", separator=";"):
    path = tmp_path / name
    path.write_text((HEADER + rows).replace(";", separator), encoding=encoding)
    return run(app, "wijken", "import-postcodes", str(path), *options)


CSV = ("5141AB;1;08670000;086700;0867\n5141AB;3;08670000;086700;0867\n5141AB;9;08670000;086700;0867\n"
       "5141AC;2;8670000;86700;867\n5141AC;4;8670100;86701;867\n5141AC;20;8670100;86701;867\n"
       "5141AC;30;8670000;86700;867\n9999ZZ;1;00140000;001400;0014\n")


@pytest.mark.parametrize("typed", ["5141AB", "5141ab", "5141 ab", " 5141 AB ", "5141-AB", "5141  Ab"])
def test_postcodes_are_read_however_they_are_typed(typed):
    assert normalise_postcode(typed) == "5141AB"


@pytest.mark.parametrize("typed", ["", "5141", "514AB", "0141AB", "5141 A", "5141ABC", "AB5141", "5141 1B",
                                   "5141\nAB", "５１４１AB", None])
def test_what_is_no_postcode(typed):
    assert normalise_postcode(typed) is None


def test_import_folds_runs_and_the_lookup_answers_the_page(app, api, tmp_path, pages):
    result = import_csv(app, tmp_path, CSV)
    assert result.exit_code == 0, result.output
    assert "5 runs of house numbers imported" in result.output  # 5141AB: 1 run; 5141AC: 3; 9999ZZ: 1
    assert db.session.scalar(select(func.count()).select_from(PostcodeRange)) == 5

    answer = api.get("/api/v1/lookup?postcode=5141 ab")
    assert answer.status_code == 200
    assert answer.json["slug"] == "centrum" and answer.json["demo"] is False
    assert answer.json["buurt"] is None  # the buurt layer is not imported: the page comes from the wijk code

    both = api.get("/api/v1/lookup?postcode=5141AC")  # numbers in two pages: the house number decides
    assert both.status_code == 422 and both.json["error"]["code"] == "huisnummer_required"
    assert "huisnummer" in both.json["error"]["fields"]
    for number, slug in (("2", "centrum"), ("4", "noord"), ("12b", "noord"), ("20", "noord"), ("25", "noord"),
                         ("30", "centrum"), ("999", "centrum"), ("1", "centrum")):
        answer = api.get(f"/api/v1/lookup?postcode=5141AC&huisnummer={number}")
        assert answer.json["slug"] == slug, number


@pytest.mark.parametrize("query, status, code", [
    ("postcode=1234AB", 404, "unknown_postcode"),
    ("postcode=9999ZZ", 404, "unknown_postcode"),  # in the table, but no page covers it
    ("postcode=", 422, "invalid_postcode"),
    ("postcode=hallo", 422, "invalid_postcode"),
    ("postcode=%22%3B--", 422, "invalid_postcode"),
    ("postcode=" + "5" * 5000, 422, "invalid_postcode"),
    ("postcode=5141AB&huisnummer=twaalf", 422, "validation_failed"),
    ("postcode=5141AB&huisnummer=-3", 422, "validation_failed"),
])
def test_bad_or_unknown_postcodes(app, api, tmp_path, pages, query, status, code):
    import_csv(app, tmp_path, CSV)
    answer = api.get(f"/api/v1/lookup?{query}")
    assert answer.status_code == status, answer.json
    assert answer.json["error"]["code"] == code


def test_lookup_is_one_query_and_a_follower_count(app, api, tmp_path, pages):
    import_csv(app, tmp_path, CSV)
    with count_queries(app) as statements:
        assert api.get("/api/v1/lookup?postcode=5141AC&huisnummer=4").status_code == 200
    assert len(statements) == 2


def test_municipality_filter_and_cbs_file_forms(app, tmp_path, pages):
    rows = "5141AB;1;BU08670000;WK086700;GM0867\n1011AB;1;03630000;036300;0363\n"
    result = import_csv(app, tmp_path, rows, "--municipality", "GM0867", name="x.csv", encoding="utf-8-sig",
                        separator=",")
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(PostcodeRange.postcode)).all() == ["5141AB"]


@pytest.mark.parametrize("rows, message", [
    ("5141AB;1;08670000;086700;0867\n5141AB;een;08670000;086700;0867\n", "line 3"),
    ("5141AB;1;08670000\n", "line 2"),
    ("51AB;1;08670000;086700;0867\n", "line 2"),
    ("5141AB;1;0867000000000;086700;0867\n", "line 2"),
])
def test_a_bad_file_imports_nothing(app, tmp_path, pages, rows, message):
    import_csv(app, tmp_path, "5141AB;1;08670000;086700;0867\n")
    result = import_csv(app, tmp_path, rows)
    assert result.exit_code != 0 and message in result.output and "Nothing was imported" in result.output
    assert db.session.scalar(select(func.count()).select_from(PostcodeRange)) == 1  # the old table stands


def test_a_file_without_the_cbs_columns_is_refused(app, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("postcode;number\n5141AB;1\n")
    result = run(app, "wijken", "import-postcodes", str(path))
    assert result.exit_code != 0 and "no column PC6" in result.output


def test_buurt_pages_and_groups_cover_their_addresses(app, api, tmp_path, pages, make_wijk):
    import_csv(app, tmp_path, CSV)
    result = run(app, "wijken", "import-buurten", str(write_buurten(tmp_path, "BU08670000", "BU08670100",
                                                                    "BU08670101")))
    assert result.exit_code == 0, result.output
    assert "3 buurten created, 0 updated" in result.output
    answer = api.get("/api/v1/lookup?postcode=5141AB")
    assert answer.json["slug"] == "centrum" and answer.json["buurt"] == {"cbs_code": "BU08670000",
                                                                         "name": "Buurt 00"}

    # The municipality cuts its own pages: buurt 00 and 01 of wijk 01 as one group "Noord-Oost".
    result = run(app, "wijken", "group", "WLW-NOORDOOST", "--name", "Noord-Oost", "--buurt", "BU08670000",
                 "--buurt", "08670100")
    assert result.exit_code == 0, result.output
    group = db.session.scalar(select(Wijk).where(Wijk.cbs_code == "WLW-NOORDOOST"))
    assert group.geometry["type"] in ("Polygon", "MultiPolygon")
    assert api.get("/api/v1/lookup?postcode=5141AB").json["slug"] == group.slug
    assert api.get("/api/v1/lookup?postcode=5141AC&huisnummer=4").json["slug"] == group.slug

    # A buurt with a page of its own is covered by that page, whatever group it is in.
    own = tmp_path / "own.geojson"
    own.write_text(write_buurten(tmp_path, "BU08670000").read_text())
    assert run(app, "wijken", "import", str(own)).exit_code == 0
    db.session.expire_all()
    assert db.session.scalar(select(Buurt).where(Buurt.cbs_code == "BU08670000")).page.cbs_code == "BU08670000"


def test_grouping_unknown_buurten_changes_nothing(app, tmp_path):
    result = run(app, "wijken", "group", "X1", "--name", "X", "--buurt", "BU08679999")
    assert result.exit_code != 0 and "Unknown buurt: BU08679999" in result.output
    assert db.session.scalar(select(func.count()).select_from(Wijk)) == 0


def test_home_page_field_lands_on_the_wijk_page(app, client, tmp_path, pages):
    import_csv(app, tmp_path, CSV)
    home = client.get("/").text
    assert 'name="postcode"' in home and 'autocomplete="postal-code"' in home
    answer = client.get("/postcode?postcode=5141ab")
    assert answer.status_code == 302 and answer.location.endswith("/w/centrum")

    ask = client.get("/postcode?postcode=5141ac")
    assert ask.status_code == 422 and 'name="huisnummer"' in ask.text and "required" in ask.text
    assert client.get("/postcode?postcode=5141ac&huisnummer=4").location.endswith("/w/noord")

    unknown = client.get("/postcode?postcode=1234AB")
    assert unknown.status_code == 404 and 'role="alert"' in unknown.text and 'href="/#map-title"' in unknown.text
    assert client.get("/postcode?postcode=%3Cscript%3E").status_code == 422
    assert "<script>" not in client.get("/postcode?postcode=%3Cscript%3E").text


def test_demo_table_is_labelled(app, client, api, make_wijk):
    from demo.postcodes import load_demo_postcodes

    make_wijk("waalwijk").cbs_code = "WK086700"
    db.session.commit()
    load_demo_postcodes()
    load_demo_postcodes()  # idempotent
    answer = api.get("/api/v1/lookup?postcode=5141AA")
    assert answer.json["demo"] is True and answer.json["buurt"]["name"] == "Centrum"
    assert "5141 AA" in client.get("/").text
