"""Who sees the themes (admins all, coordinators their wijk, members of organisations the wijken they serve),
the page at /inzichten/themas with its examples linked (public ones only), naming a theme by form and by API,
and the API's answers against the OpenAPI document. On SQLite and PostgreSQL."""
import pytest
from openapi_schema_validator import OAS31Validator

from core.extensions import db
from openapi import build_spec
from tests.querycount import count_queries
from themes import services
from themes.models import Theme
from wijken.roles import grant_wijk_role


@pytest.fixture
def world(make_world, make_wijk, make_user, make_org, add_posts, texts):
    world = make_world("besoijen", "Besoijen")  # the gemeente serves it; poster is its member
    world.other = make_wijk("centrum", "Centrum")
    world.coordinator, world.admin = make_user("Coördinator"), make_user("Beheerder", admin=True)
    grant_wijk_role(world.coordinator, world.wijk, "coordinator")
    world.casade_staff = make_user("Casade")
    make_org("casade", "woningcorporatie", wijken=[world.other], members=[world.casade_staff])
    world.posts = add_posts(world.wijk, world.anna, texts(150))
    world.run = services.run_scope(services.wijk_scope("besoijen"))
    services.run_scope(services.municipality_scope("Teststad"))
    return world


def _valid(response, status: int, schema_name: str):
    assert response.status_code == status, (response.status_code, response.get_json())
    spec = build_spec()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    assert not [e.message for e in OAS31Validator(schema).iter_errors(response.get_json())]
    return response.get_json()


@pytest.mark.parametrize("who, wijk_page, municipality_page", [
    ("admin", 200, 200), ("coordinator", 200, 403), ("poster", 200, 403), ("casade_staff", 403, 403),
    ("anna", 403, 403)])
def test_who_sees_the_themes(world, client, login, who, wijk_page, municipality_page):
    login(getattr(world, who))
    assert client.get("/inzichten/themas/besoijen").status_code == wijk_page
    assert client.get("/inzichten/themas?gemeente=Teststad").status_code == municipality_page
    index = client.get("/inzichten/themas")
    assert index.status_code == (403 if who == "anna" else 200)
    if who == "casade_staff":
        assert "/inzichten/themas/centrum" in index.text and "/inzichten/themas/besoijen" not in index.text


def test_anonymous_visitors_log_in_first(world, client, api):
    assert client.get("/inzichten/themas/besoijen").status_code == 302
    assert api.get("/api/v1/themes?wijk=besoijen").status_code == 401


def test_the_page_shows_themes_with_public_examples_in_bounded_queries(app, world, client, login):
    login(world.coordinator)
    with count_queries(app) as queries:
        page = client.get("/inzichten/themas/besoijen")
    assert page.status_code == 200 and len(queries) <= 16, len(queries)
    assert "Wat speelt er in Besoijen" in page.text
    for theme in world.run.themes:
        assert f'id="thema-{theme.id}"' in page.text and theme.terms[0] in page.text
    example = world.run.themes[0].examples[0]
    post_id = int(example.split(":")[1])
    assert f'href="/w/besoijen/p/{post_id}"' in page.text
    db.session.get(type(world.posts[0]), post_id).status = "hidden"  # hidden after the run: no longer shown
    db.session.commit()
    assert f'href="/w/besoijen/p/{post_id}"' not in client.get("/inzichten/themas/besoijen").text
    assert client.get("/inzichten/themas?wijk=besoijen").location.endswith("/inzichten/themas/besoijen")
    assert client.get("/inzichten/themas/nergens").status_code == 404


def test_naming_a_theme_by_form(world, client, login):
    theme = world.run.themes[1]
    login(world.poster)
    response = client.post(f"/inzichten/themas/thema/{theme.id}/naam", data={"name": "Verkeersveiligheid"})
    assert response.status_code == 302 and response.location.endswith(f"/inzichten/themas/besoijen#thema-{theme.id}")
    page = client.get("/inzichten/themas/besoijen").text
    assert "Verkeersveiligheid" in page and "De naam van het thema is bewaard." in page
    assert client.post(f"/inzichten/themas/thema/{theme.id}/naam", data={"name": "x" * 81}).status_code == 302
    db.session.refresh(theme)
    assert theme.name == "Verkeersveiligheid"


def test_naming_refused_outside_ones_wijken(world, client, login, api):
    theme = world.run.themes[0]
    login(world.casade_staff)
    client.post(f"/inzichten/themas/thema/{theme.id}/naam", data={"name": "Niet van mij"})
    assert api.as_user(world.anna).patch(f"/api/v1/themes/{theme.id}", json={"name": "Ook niet"}).status_code == 403
    db.session.refresh(theme)
    assert theme.name is None
    municipal = db.session.query(Theme).filter(Theme.run_id != world.run.id).first()
    assert api.as_user(world.coordinator).patch(f"/api/v1/themes/{municipal.id}",
                                                json={"name": "Gemeentebreed"}).status_code == 403


def test_the_api_reads_and_names_themes(world, api):
    admin = api.as_user(world.admin)
    body = _valid(admin.get("/api/v1/themes?wijk=besoijen"), 200, "ThemeList")
    assert body["wijk"] == "besoijen" and body["text_count"] == 150 and len(body["items"]) >= 5
    assert all(e["url"].startswith("/w/besoijen/p/") for t in body["items"] for e in t["examples"])
    assert set(body["rising"]) <= {t["id"] for t in body["items"]}
    municipal = _valid(admin.get("/api/v1/themes?municipality=Teststad"), 200, "ThemeList")
    assert municipal["municipality"] == "Teststad" and municipal["wijk"] is None
    theme_id = body["items"][0]["id"]
    named = _valid(admin.patch(f"/api/v1/themes/{theme_id}", json={"name": "Groen"}), 200, "Theme")
    assert named["name"] == named["label"] == "Groen"
    cleared = _valid(admin.patch(f"/api/v1/themes/{theme_id}", json={"name": ""}), 200, "Theme")
    assert cleared["name"] is None and cleared["label"] == ", ".join(cleared["terms"][:3])
    assert admin.patch(f"/api/v1/themes/{theme_id}", json={"name": "x" * 81}).status_code == 422
    assert admin.patch(f"/api/v1/themes/{theme_id}", json=["name"]).status_code in (400, 422)
    assert admin.get("/api/v1/themes").status_code == 422
    assert admin.get("/api/v1/themes?wijk=besoijen&municipality=Teststad").status_code == 422
    assert admin.get("/api/v1/themes?municipality=Nergens").status_code == 404
    assert admin.patch("/api/v1/themes/999999", json={"name": "x"}).status_code == 404
    empty = _valid(admin.get("/api/v1/themes?wijk=centrum"), 200, "ThemeList")
    assert empty["items"] == [] and empty["computed_at"] is None
