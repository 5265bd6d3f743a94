"""Text hygiene: no text field takes control characters (other than tab, newline, carriage return) or lone
surrogates, through the API or a form; feeds and calendars stay well-formed whatever text is stored."""
import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import isoformat, utcnow
from core.validation import Fields, describe, has_unsafe_characters, printable
from wijken.models import Comment, Post

BAD_TEXTS = ["Bel\x00 ons", "Kleur\x1b[31m rood", "half \ud800 teken", "pagina\x0cwissel", "weg\x7f"]
CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_the_one_rule(text):
    assert has_unsafe_characters(text)
    assert not has_unsafe_characters(printable(text))
    assert not has_unsafe_characters("Tab\tnieuwe regel\nterug\r\n en 😀 en é")


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_api_refuses_control_characters_and_lone_surrogates(api, make_user, make_wijk, make_post, text):
    wijk = make_wijk("centrum")
    user = make_user()
    post = make_post(user, wijk)
    me = api.as_user(user)
    for field in ("title", "body"):
        response = me.post("/api/v1/wijken/centrum/posts", json={"kind": "bericht", "title": "Hoi", "body": "Buren"}
                           | {field: text})
        assert response.status_code == 422, response.get_json()
        error = response.get_json()["error"]
        assert error["code"] == "validation_failed" and list(error["fields"]) == [field]
    assert me.patch(f"/api/v1/posts/{post.id}", json={"title": text}).status_code == 422
    assert me.post(f"/api/v1/posts/{post.id}/comments", json={"body": text}).status_code == 422
    assert me.post("/api/v1/flags", json={"target": "post", "id": post.id, "reason": "anders", "text": text}) \
        .status_code == 422
    assert _count(Post) == 1 and _count(Comment) == 0
    assert db.session.get(Post, post.id).title == "Een bericht"


@pytest.mark.parametrize("text", ["Bel\x00 ons", "Kleur\x1b[31m rood"])
def test_forms_refuse_control_characters(client, login, make_user, make_wijk, make_post, text):
    wijk = make_wijk("centrum")
    user = make_user()
    post = make_post(user, wijk)
    login(user)
    response = client.post("/w/centrum/nieuw", data={"kind": "bericht", "title": text, "body": "Buren"})
    assert response.status_code == 422 and 'id="title-error"' in response.text
    response = client.post(f"/w/centrum/p/{post.id}/reageren", data={"body": text}, follow_redirects=True)
    assert "stuurtekens" in response.text or "control characters" in response.text  # the flashed form error
    assert _count(Post) == 1 and _count(Comment) == 0


def test_the_wijk_import_form_refuses_a_municipality_with_control_characters(client, login, make_user):
    import io
    from pathlib import Path

    from wijken.models import Wijk
    login(make_user("Beheer", admin=True))
    data = (Path(__file__).resolve().parent.parent / "data" / "waalwijk_wijken_2023.geojson").read_bytes()
    response = client.post("/beheer/wijken/import", data={"municipality": "Waal\x1bwijk",
                                                          "geojson": (io.BytesIO(data), "wijken.geojson")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and _count(Wijk) == 0


def test_services_without_an_api_shape_use_the_same_rule(app):
    fields = Fields({"name": "Buurt\x00huis", "other": "gewoon"})
    assert fields.text("name", max_length=80) is None and fields.text("other", max_length=80) == "gewoon"
    assert fields.errors == {"name": describe("unsafe_text")}


def _store_unsafe_text(post, **values) -> None:
    """As text stored before the rule: straight into the database, past every check (PostgreSQL itself refuses
    NUL in text, SQLite stores it)."""
    if db.engine.dialect.name == "postgresql":
        values = {name: value.replace("\x00", "\x01") for name, value in values.items()}
    db.session.execute(Post.__table__.update().where(Post.__table__.c.id == post.id).values(**values))
    db.session.commit()


def test_rss_stays_well_formed_xml_whatever_is_stored(client, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    post = make_post(make_user(), wijk, title="Bel ons")
    _store_unsafe_text(post, title="Bel\x00 ons\x1b", body_html="<p>Pagina\x0cwissel &amp; meer\ufffe</p>")
    response = client.get("/w/centrum/feed.xml")
    assert response.status_code == 200 and not CONTROL.search(response.data)
    [item] = ElementTree.fromstring(response.data).find("channel").findall("item")
    assert item.findtext("title") == "Bel ons"
    assert item.findtext("description") == "<p>Paginawissel &amp; meer</p>"


def test_icalendar_stays_valid_whatever_is_stored(client, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    post = make_post(make_user(), wijk, kind="evenement", title="Burendag", body="Kom", location="Plein",
                     starts_at=isoformat(start), ends_at=isoformat(start + timedelta(hours=2)))
    _store_unsafe_text(post, title="Buren\x00dag\x1b", body="Kom\x0b ook", location="Ple\x7fin")
    for path in ("/w/centrum/agenda.ics", f"/w/centrum/p/{post.id}.ics"):
        data = client.get(path).data
        assert not CONTROL.search(data.replace(b"\r\n", b"")), path
        [event] = Calendar.from_ical(data).walk("VEVENT")
        assert str(event["SUMMARY"]) == "Burendag" and str(event["LOCATION"]) == "Plein"
        assert str(event["DESCRIPTION"]) == "Kom ook"
