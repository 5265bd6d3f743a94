"""Voorzieningen: kept by their organisation, phone numbers normalised, nearest first, CSV import, search."""
import pytest
from sqlalchemy import func, select

from core.extensions import db
from places.models import Place
from tests.querycount import count_queries

PLACE = {"wijk": "centrum", "organisation": "welzijn", "kind": "buurthuis", "name": "Buurthuis De Linde",
         "address": "Lindelaan 1, 5141 AA Waalwijk", "lat": 51.687, "lon": 5.07, "phone": "0416 123 456",
         "email": "Info@Example.com", "opening_hours": "ma-vr 9:00-17:00"}


@pytest.fixture
def staff(make_user, make_wijk, make_org):
    wijk = make_wijk("centrum")
    worker = make_user("Medewerker")
    make_org("welzijn", "welzijn", [wijk], [worker])
    return worker


def test_staff_add_a_place_with_a_normalised_phone_number(api, staff):
    answer = api.as_user(staff).post("/api/v1/places", json=PLACE)
    assert answer.status_code == 201, answer.json
    assert answer.json["phone"] == "+31416123456" and answer.json["email"].lower() == "info@example.com"
    assert answer.json["organisation"] == "welzijn" and answer.json["kind_label"]


@pytest.mark.parametrize("field, value", [("phone", "12345"), ("phone", "bel me"), ("email", "geen-adres"),
                                          ("website", "javascript:alert(1)"), ("kind", "kroeg"), ("lat", 91),
                                          ("name", ""), ("lon", "oost")])
def test_bad_places_are_422_and_nothing_is_written(api, staff, field, value):
    answer = api.as_user(staff).post("/api/v1/places", json=PLACE | {field: value})
    assert answer.status_code == 422 and field in answer.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Place)) == 0


def test_only_the_owning_organisation_or_an_admin(api, staff, make_user):
    assert api.post("/api/v1/places", json=PLACE).status_code == 401
    assert api.as_user(make_user()).post("/api/v1/places", json=PLACE).status_code == 403
    assert api.as_user(make_user(admin=True)).post("/api/v1/places", json=PLACE).status_code == 201
    place_id = api.as_user(staff).post("/api/v1/places", json=PLACE).json["id"]
    assert api.as_user(make_user()).delete(f"/api/v1/places/{place_id}").status_code == 403
    assert api.as_user(staff).delete(f"/api/v1/places/{place_id}").status_code == 204


def test_nearby_is_nearest_first_with_distances(app, api, staff):
    for name, lat in (("Ver", 51.75), ("Dichtbij", 51.688), ("Midden", 51.70)):
        api.as_user(staff).post("/api/v1/places", json=PLACE | {"name": name, "lat": lat})
    api.as_user(staff).post("/api/v1/places", json=PLACE | {"name": "School", "kind": "school", "lat": 51.6875})
    with count_queries(app) as statements:
        answer = api.get("/api/v1/places/nearby?lat=51.687&lon=5.07")
    assert [p["name"] for p in answer.json["items"]] == ["School", "Dichtbij", "Midden", "Ver"]
    assert answer.json["items"][0]["distance_m"] == 56 and len(statements) <= 2
    assert [p["name"] for p in api.get("/api/v1/places/nearby?lat=51.687&lon=5.07&kind=school").json["items"]] \
        == ["School"]
    assert api.get("/api/v1/places/nearby?lat=x&lon=5").status_code == 422
    assert api.get("/api/v1/places/nearby?lat=51&lon=5&kind=kroeg").status_code == 422
    assert api.get("/api/v1/places/nearby?postcode=nope").status_code == 422
    assert api.get("/api/v1/places/nearby?postcode=1234AB").status_code == 404


def test_near_me_page_calls_and_mails_with_one_tap(client, api, staff):
    api.as_user(staff).post("/api/v1/places", json=PLACE)
    page = client.get("/in-de-buurt?lat=51.687&lon=5.07").text
    assert 'href="tel:+31416123456"' in page and "0416 123 456" in page
    assert "mailto:" in page and "@example.com" in page
    assert client.get("/in-de-buurt").status_code == 200
    assert client.get("/in-de-buurt?postcode=zzz").status_code == 422
    assert "Buurthuis De Linde" in client.get("/w/centrum/voorzieningen").text


def test_csv_import_all_or_nothing(app, staff, tmp_path):
    good = ("naam;soort;wijk;adres;lat;lon;telefoon;email;website;openingstijden\n"
            "Sporthal;sporthal;centrum;Sportlaan 1;51.69;5.07;0416-123457;;https://sport.example;\n"
            "Speeltuin;speeltuin;centrum;Parkweg 2;51.68;5.06;;;;altijd open\n")
    path = tmp_path / "voorzieningen.csv"
    path.write_text(good)
    result = app.test_cli_runner().invoke(args=["places", "import", str(path), "--organisation", "welzijn"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(Place.phone).where(Place.name == "Sporthal")) == "+31416123457"
    path.write_text(good + "Fout;school;centrum;Straat 3;51.68;5.06;123;;;\n")
    result = app.test_cli_runner().invoke(args=["places", "import", str(path)])
    assert result.exit_code != 0 and "line 4" in result.output
    assert db.session.scalar(select(func.count()).select_from(Place)) == 2


def test_places_are_found_by_search(api, staff):
    place_id = api.as_user(staff).post("/api/v1/places", json=PLACE).json["id"]
    hits = api.get("/api/v1/search?q=linde&kind=place").json["items"]
    assert [(h["kind"], h["id"]) for h in hits] == [("place", place_id)]
    api.as_user(staff).delete(f"/api/v1/places/{place_id}")
    assert api.get("/api/v1/search?q=linde").json["items"] == []
