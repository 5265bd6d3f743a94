"""Municipalities: the migration from a name per wijk, the home page (/g/<slug>), its partners and branding."""
import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text

from app import create_app
from core.extensions import cache, db
from tests.conftest import MIGRATIONS, PG_ADMIN_URL, SQUARE, base_config
from tests.querycount import count_queries
from wijken.models import Municipality, Wijk
from wijken.municipalities import municipality_named
from wijken.roles import serve_wijken

BEFORE = "79f883404661"  # the revision before municipalities


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """A database of its own, migrated by the test itself."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'm.db'}"
        return
    name = f"wp_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_migration_turns_each_municipality_name_into_a_municipality(empty_database):
    app = create_app(base_config(empty_database))
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision=BEFORE)
        with db.engine.begin() as conn:
            for slug, code, name in [("waalwijk", "WK086700", "Waalwijk"), ("waspik", "WK086702", "Waalwijk"),
                                     ("kaatsheuvel", "WK080900", "Loon op Zand"), ("los", "X1", "")]:
                conn.execute(text("INSERT INTO wijk (slug, name, cbs_code, municipality, geometry, description, "
                                  "last_seq, flag_threshold, premoderation, premoderation_posts, created_at) "
                                  "VALUES (:slug, :slug, :code, :name, '{}', '', 0, 3, false, 3, "
                                  "CURRENT_TIMESTAMP)"), {"slug": slug, "code": code, "name": name})
        upgrade(directory=MIGRATIONS)
        rows = {m.slug: (m.name, m.cbs_code, m.primary_colour)
                for m in db.session.scalars(select(Municipality))}
        assert rows == {"waalwijk": ("Waalwijk", "GM0867", "#0b5c8c"),
                        "loon-op-zand": ("Loon op Zand", "GM0809", "#0b5c8c")}
        wijken = {w.slug: w.municipality_name for w in db.session.scalars(select(Wijk))}
        assert wijken == {"waalwijk": "Waalwijk", "waspik": "Waalwijk", "kaatsheuvel": "Loon op Zand", "los": ""}
        db.session.remove()
        db.engine.dispose()


def test_imports_and_the_cli_name_a_municipality_once(app):
    first, again = municipality_named("Heusden", "GM0797"), municipality_named(" Heusden ")
    assert first is again and first.slug == "heusden" and first.cbs_code == "GM0797"
    assert municipality_named("") is None


def _wijk(slug, municipality, geometry=SQUARE):
    wijk = Wijk(slug=slug, name=slug.title(), cbs_code=f"WK{abs(hash(slug)) % 10**6:06d}",
                municipality=municipality, geometry=geometry)
    db.session.add(wijk)
    db.session.commit()
    return wijk


def test_home_page_shows_its_wijken_map_partners_and_colour(app, client, make_org):
    loon = municipality_named("Loon op Zand")
    loon.primary_colour = "#7a1f5c"
    kaatsheuvel, elders = _wijk("kaatsheuvel", loon), _wijk("elders", municipality_named("Waalwijk"))
    make_org("politie", "politie", wijken=[kaatsheuvel])
    make_org("casade", "woningcorporatie", wijken=[elders])
    page = client.get("/g/loon-op-zand")
    assert page.status_code == 200
    assert "Kaatsheuvel" in page.text and 'class="wijk-map"' in page.text and "Elders" not in page.text
    assert "Politie" in page.text and "Casade" not in page.text
    assert "/g/loon-op-zand/huisstijl.css?v=7a1f5c" in page.text
    css = client.get("/g/loon-op-zand/huisstijl.css?v=7a1f5c")
    assert css.mimetype == "text/css" and "--brand: #7a1f5c" in css.text and css.cache_control.max_age > 0
    assert client.get("/g/loon-op-zand/huisstijl.css?v=old").cache_control.max_age is None
    assert client.get("/g/nergens").status_code == 404
    assert '/g/loon-op-zand">Loon op Zand</a>' in client.get("/w/kaatsheuvel").text


def test_home_page_queries_do_not_grow_with_its_wijken(app, client, make_org):
    loon = municipality_named("Loon op Zand")

    def queries():
        cache.clear()
        with count_queries(app) as statements:
            assert client.get("/g/loon-op-zand").status_code == 200
        return len(statements)

    org = make_org("gemeente", "gemeente")
    serve_wijken(org, [_wijk(f"w{n}", loon).slug for n in range(2)])
    few = queries()
    serve_wijken(org, [_wijk(f"w{n}", loon).slug for n in range(2, 30)], add=True)
    make_org("politie", "politie", wijken=[db.session.scalar(select(Wijk).where(Wijk.slug == "w5"))])
    assert queries() == few <= 6


@pytest.fixture
def two_towns(app):
    """Waalwijk and Loon op Zand with their CBS wijken and the demo's postcode table."""
    from demo.postcodes import load_demo_postcodes
    from tests.browser.conftest import PROJECT_ROOT
    from wijken.geo import import_wijken

    import_wijken((PROJECT_ROOT / "data/waalwijk_wijken_2023.geojson").read_text(encoding="utf-8"), "Waalwijk")
    import_wijken((PROJECT_ROOT / "data/loonopzand_wijken_2023.geojson").read_text(encoding="utf-8"), "Loon op Zand")
    load_demo_postcodes()


def test_front_page_finds_either_municipality_by_postcode(client, two_towns):
    home = client.get("/").text
    assert 'href="/g/waalwijk"' in home and 'href="/g/loon-op-zand"' in home
    assert 'action="/gemeente"' in home and "wijk-map" not in home and "Kaatsheuvel" not in home
    found = client.get("/gemeente?postcode=5175ab")
    assert found.status_code == 302 and found.location.endswith("/g/loon-op-zand?wijk=loon-op-zand")
    assert client.get("/gemeente?postcode=5143 AA").location.endswith("/g/waalwijk?wijk=waalwijk")
    page = client.get("/g/loon-op-zand?wijk=loon-op-zand").text
    assert 'class="found-wijk"' in page and 'href="/w/loon-op-zand"' in page
    unknown = client.get("/gemeente?postcode=1234AB")
    assert unknown.status_code == 404 and 'action="/gemeente"' in unknown.text
    assert client.get("/gemeente?postcode=x").status_code == 422


def test_front_page_lists_municipalities_a_page_at_a_time_in_fixed_queries(app, client):
    def queries(path="/"):
        cache.clear()
        with count_queries(app) as statements:
            assert client.get(path).status_code == 200
        return len(statements)

    for n in range(3):
        _wijk(f"w{n}", municipality_named(f"Gemeente {n:02d}"))
    few = queries()
    for n in range(3, 45):
        _wijk(f"w{n}", municipality_named(f"Gemeente {n:02d}"))
        _wijk(f"x{n}", municipality_named(f"Gemeente {n:02d}"))
    assert queries() == few <= 4
    home = client.get("/").text
    assert "Gemeente 19" in home and "Gemeente 20" not in home and 'href="/?na=Gemeente+19"' in home
    rest = client.get("/?na=Gemeente+19").text
    assert "Gemeente 20" in rest and "Gemeente 39" in rest and "Gemeente 19" not in rest
