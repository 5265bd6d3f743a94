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
