"""A melding's optional photo through the media pipeline (the form and multipart API): on a public melding only,
with its alt text; a private melding with a photo is refused (its post is public) and nothing is stored."""
import io

import pytest
from sqlalchemy import func, select

from core.extensions import db
from meldingen.models import Report
from tests.photofiles import photo
from wijken.models import Photo, Post

from .conftest import melding


@pytest.fixture
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    return tmp_path / "media"


def _send(api, user, **changes):
    me = api.as_user(user)
    data = melding() | {"photos": photo(), "alt": ["De kapotte lantaarnpaal"]} | changes
    data["photos"] = [(io.BytesIO(data["photos"]), "lamp.jpg")]  # a fresh file per request
    return me.client.post("/api/v1/wijken/besoijen/reports", headers=me.headers, content_type="multipart/form-data",
                          data=data)


def test_a_public_melding_carries_its_photo(app, world, api, uploads):
    response = _send(api, world.anna)
    assert response.status_code == 201, response.json
    post = db.session.get(Post, response.json["post_id"])
    assert [p.alt for p in post.photos] == ["De kapotte lantaarnpaal"]
    assert list(uploads.glob("*/*"))


@pytest.mark.parametrize("changes, field", [({"private": "true"}, "photos"), ({"alt": [""]}, "alt"),
                                            ({"photos": b"geen foto"}, "photos")])
def test_a_refused_photo_stores_nothing(app, world, api, uploads, changes, field):
    response = _send(api, world.anna, **changes)
    assert response.status_code == 422 and field in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 0
    assert not list(uploads.glob("*/*"))


def test_the_form_sends_a_photo(app, world, client, login, uploads):
    login(world.anna)
    assert 'name="photos"' in client.get("/w/besoijen/probleem-melden").text
    response = client.post("/w/besoijen/probleem-melden", content_type="multipart/form-data", data=melding() | {
        "photos": [(io.BytesIO(photo()), "lamp.jpg")], "alt": ["De lamp"]})
    assert response.status_code == 302, response.text
    assert db.session.scalar(select(Photo.alt)) == "De lamp"
