"""Municipality admins: their two-factor rule, branding (the WCAG AA contrast check), and the limits of their
reach (another municipality: 403, nothing changed)."""
import io

import pytest
from sqlalchemy import func, select

from audit.models import AuditEntry
from core.colour import WHITE, contrast_ratio
from core.extensions import db
from tests.photofiles import photo
from wijken.models import Municipality, MunicipalityRole
from wijken.municipalities import grant_municipality_role, municipality_named
from wijken.permissions import can_manage_municipality, is_municipality_admin


@pytest.fixture
def towns(app, make_user):
    waalwijk, loon = municipality_named("Waalwijk", "GM0867"), municipality_named("Loon op Zand", "GM0809")
    db.session.commit()
    beheerder = make_user("Beheerder Loon")
    grant_municipality_role(beheerder, loon)
    return {"waalwijk": waalwijk, "loon": loon, "beheerder": beheerder}


def colour_of(slug):
    db.session.expire_all()
    return db.session.scalar(select(Municipality.primary_colour).where(Municipality.slug == slug))


def test_the_role_counts_only_with_two_factor(app, make_user, towns):
    zonder = make_user("Zonder", two_factor_on=False)
    grant_municipality_role(zonder, towns["loon"])
    assert is_municipality_admin(towns["beheerder"], towns["loon"])
    assert not is_municipality_admin(zonder, towns["loon"]) and not can_manage_municipality(zonder, towns["loon"])
    assert not can_manage_municipality(towns["beheerder"], towns["waalwijk"])
    from accounts.permissions import needs_two_factor
    assert needs_two_factor(zonder) and not needs_two_factor(towns["beheerder"])


def test_admin_changes_the_colour_through_the_api(api, towns):
    response = api.as_user(towns["beheerder"]).patch("/api/v1/municipalities/loon-op-zand/branding",
                                                      json={"primary_colour": "#1D6B3A"})
    assert response.status_code == 200, response.json
    assert response.json["primary_colour"] == "#1d6b3a" == colour_of("loon-op-zand")
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "change_branding")) == 1


@pytest.mark.parametrize("colour", ["#777777", "#ffcc00"])
def test_a_colour_failing_contrast_is_422_with_the_measured_ratio(api, towns, colour):
    response = api.as_user(towns["beheerder"]).patch("/api/v1/municipalities/loon-op-zand/branding",
                                                      json={"primary_colour": colour})
    assert response.status_code == 422
    error = response.json["error"]
    shown = f"{int(contrast_ratio(colour, WHITE) * 10) / 10:.1f}:1"
    assert error["code"] == "insufficient_contrast" and shown in error["fields"]["primary_colour"]
    assert "4.5:1" in error["fields"]["primary_colour"] and error["contrast"] < 4.5
    assert colour_of("loon-op-zand") == "#0b5c8c"


def test_not_a_colour_is_422(api, towns):
    for bad in ["groen", "#12345", "#gggggg", "", None, 7]:
        response = api.as_user(towns["beheerder"]).patch("/api/v1/municipalities/loon-op-zand/branding",
                                                          json={"primary_colour": bad})
        assert response.status_code == 422, (bad, response.json)
    assert colour_of("loon-op-zand") == "#0b5c8c"


def test_another_municipalitys_admin_is_refused_and_nothing_changes(api, client, login, towns, make_user):
    beheerder = towns["beheerder"]
    response = api.as_user(beheerder).patch("/api/v1/municipalities/waalwijk/branding",
                                            json={"primary_colour": "#1d6b3a"})
    assert response.status_code == 403 and colour_of("waalwijk") == "#0b5c8c"
    resident = make_user("Bewoner")
    login(beheerder)
    assert client.get("/g/waalwijk/beheer").status_code == 403
    assert client.post("/g/waalwijk/beheer", data={"primary_colour": "#1d6b3a"}).status_code == 403
    assert client.post("/g/waalwijk/beheer/beheerders", data={"email": resident.email}).status_code == 403
    assert colour_of("waalwijk") == "#0b5c8c"
    assert db.session.scalar(select(func.count()).select_from(MunicipalityRole)) == 1
    assert api.patch("/api/v1/municipalities/loon-op-zand/branding",
                     json={"primary_colour": "#1d6b3a"}).status_code == 401


def test_the_settings_form_shows_the_ratio_and_saves_a_good_colour_and_logo(client, login, towns):
    login(towns["beheerder"])
    page = client.get("/g/loon-op-zand/beheer")
    assert page.status_code == 200 and 'value="#0b5c8c"' in page.text
    refused = client.post("/g/loon-op-zand/beheer", data={"primary_colour": "#777777"})
    assert refused.status_code == 422 and "4.4:1" in refused.text and 'aria-invalid="true"' in refused.text
    assert colour_of("loon-op-zand") == "#0b5c8c"
    saved = client.post("/g/loon-op-zand/beheer", data={"primary_colour": "#1d6b3a",
                                                         "logo": (io.BytesIO(photo()), "logo.jpg")},
                        content_type="multipart/form-data")
    assert saved.status_code == 302
    db.session.expire_all()
    loon = db.session.scalar(select(Municipality).where(Municipality.slug == "loon-op-zand"))
    assert loon.primary_colour == "#1d6b3a" and loon.logo is not None
    home = client.get("/g/loon-op-zand").text
    logo_url = f"/g/loon-op-zand/logo/{loon.logo.key}-{loon.logo.smallest}.jpg"
    assert logo_url in home and client.get(logo_url).mimetype == "image/jpeg"


def test_admins_add_and_remove_admins_of_their_own_municipality(client, login, towns, make_user):
    collega = make_user("Collega")
    login(towns["beheerder"])
    assert client.post("/g/loon-op-zand/beheer/beheerders", data={"email": collega.email}).status_code == 302
    assert client.post("/g/loon-op-zand/beheer/beheerders", data={"email": "niemand@example.test"}).status_code == 422
    assert "Collega" in client.get("/g/loon-op-zand/beheer").text
    removed = client.post(f"/g/loon-op-zand/beheer/beheerders/{collega.id}/verwijderen")
    assert removed.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(MunicipalityRole)) == 1


def test_api_lists_and_shows_municipalities(api, towns, make_org):
    listed = api.get("/api/v1/municipalities?limit=1").json
    assert [m["slug"] for m in listed["items"]] == ["loon-op-zand"] and listed["next"]
    rest = api.get(f"/api/v1/municipalities?limit=1&before={listed['next']}").json
    assert [m["slug"] for m in rest["items"]] == ["waalwijk"] and rest["next"] is None
    one = api.get("/api/v1/municipalities/waalwijk").json
    assert one["cbs_code"] == "GM0867" and one["wijken"] == [] and one["url"].endswith("/g/waalwijk")
    assert api.get("/api/v1/municipalities/nergens").status_code == 404


def test_admins_set_households_of_their_own_wijken_only(api, towns):
    from tests.conftest import SQUARE
    from wijken.models import Wijk

    for slug, town in [("kaatsheuvel", "loon"), ("waspik", "waalwijk")]:
        db.session.add(Wijk(slug=slug, name=slug.title(), cbs_code=slug.upper()[:8], municipality=towns[town],
                            geometry=SQUARE))
    db.session.commit()
    beheerder = api.as_user(towns["beheerder"])
    assert beheerder.put("/api/v1/wijken/kaatsheuvel/households", json={"households": 5000}).status_code == 200
    assert beheerder.put("/api/v1/wijken/waspik/households", json={"households": 1}).status_code == 403
    db.session.expire_all()
    assert db.session.scalar(select(Wijk.households).where(Wijk.slug == "waspik")) is None
