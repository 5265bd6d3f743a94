"""An idea's photo (through the media pipeline, served only to who may see the idea) and its point inside the
round's wijk: through the API (JSON and multipart) and the page's form; bad input is a 422 and stores nothing.
On SQLite and PostgreSQL."""
import io

import pytest
from sqlalchemy import func, select

from core.extensions import db
from ideas.models import Idea
from media.models import StoredImage
from tests.conftest import log_in
from tests.ideas.test_ideas_api import open_round
from tests.photofiles import gps_of, photo


@pytest.fixture
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    return tmp_path / "media"


@pytest.fixture
def world(make_world):
    return make_world("besoijen", "Besoijen")  # the square 5.0-5.1 E, 51.0-51.1 N


def post_idea(api, user, pid, data, image=None):
    if image is None:
        return api.as_user(user).post(f"/api/v1/participations/{pid}/ideas", json=data)
    form = {k: str(v) for k, v in data.items()} | {"photo": (io.BytesIO(image), "foto.jpg")}
    return api.as_user(user).post(f"/api/v1/participations/{pid}/ideas", data=form,
                                  content_type="multipart/form-data")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_an_idea_with_a_point_and_a_photo(api, client, world, uploads):
    pid = open_round(api, world)
    created = post_idea(api, world.anna, pid, {"title": "Een bankje bij de vijver", "body": "Om uit te rusten.",
                                               "lat": 51.05, "lon": 5.05, "alt": "De vijver met riet"},
                        photo(gps=True, size=(900, 600)))
    assert created.status_code == 201, created.json
    idea = created.json
    assert idea["point"] == {"lat": 51.05, "lon": 5.05}
    assert idea["photo"]["alt"] == "De vijver met riet" and idea["photo"]["width"] == 900
    url = idea["photo"]["sizes"][-1]["url"]
    served = client.get(url)
    assert served.status_code == 200 and served.headers["X-Content-Type-Options"] == "nosniff"
    assert gps_of(served.data) == {}  # the location is gone from the photo
    page = client.get(f"/doe-mee/{pid}/ideeen/{idea['id']}").text
    assert 'alt="De vijver met riet"' in page and "51.05000, 5.05000" in page

    row = db.session.get(Idea, idea["id"])  # hidden: its photo is no longer served to others
    row.status = "hidden"
    db.session.commit()
    assert client.get(url).status_code == 404
    assert api.as_user(world.poster).get(url).status_code == 200
    assert client.get(url.replace(row.image.key, "0" * 32)).status_code == 404


@pytest.mark.parametrize("data, image, field", [
    ({"lat": 52.0, "lon": 5.05}, None, "lat"),              # outside the wijk
    ({"lat": 51.05}, None, "lon"),                           # half a point
    ({"lat": "noord", "lon": 5.05}, None, "lat"),
    ({"alt": ""}, photo(), "alt"),                           # a photo needs its alt text
    ({"alt": "Iets"}, b"<html>not an image</html>", "photo"),
])
def test_bad_points_and_photos_are_refused_and_nothing_is_stored(api, world, uploads, data, image, field):
    pid = open_round(api, world)
    refused = post_idea(api, world.anna, pid, {"title": "Iets", "body": "Tekst"} | data, image)
    assert refused.status_code == 422 and field in refused.json["error"]["fields"], refused.json
    assert count(Idea) == 0 and count(StoredImage) == 0


def test_the_page_form_takes_a_point_and_a_photo(api, world, uploads):
    pid = open_round(api, world)
    client = log_in(api.client, world.anna)
    form = client.get(f"/doe-mee/{pid}").text
    assert 'enctype="multipart/form-data"' in form and 'name="lat"' in form and 'class="wijk-map pick-map"' in form
    refused = client.post(f"/doe-mee/{pid}/ideeen", data={
        "title": "Een moestuin", "body": "Samen tuinieren.", "lat": "52", "lon": "5.05", "confirm": "1"})
    assert refused.status_code == 422 and 'id="lat-error"' in refused.text and count(Idea) == 0
    sent = client.post(f"/doe-mee/{pid}/ideeen", data={
        "title": "Een moestuin", "body": "Samen tuinieren.", "lat": "51.02", "lon": "5.08", "confirm": "1",
        "alt": "Een lege plek", "photo": (io.BytesIO(photo()), "tuin.jpg")}, content_type="multipart/form-data")
    assert sent.status_code == 302
    idea = db.session.scalar(select(Idea))
    assert (idea.lat, idea.lon, idea.image_alt) == (51.02, 5.08, "Een lege plek") and idea.image is not None
