"""Photos of posts and comments: uploaded by form and API, shown in every channel only to who may see the
post, deleted with it."""
import io
import json
import re
from pathlib import Path

import pytest
from flask import current_app
from PIL import Image
from sqlalchemy import func, select

from core.extensions import cache, db
from media.models import StoredImage
from tests.photofiles import gps_of, photo
from tests.querycount import count_queries
from wijken.models import Photo, Post
from wijken.photos import PhotoUpload
from wijken.services import add_comment, create_post, set_status


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path)
    return tmp_path / "media"


def stored_files(uploads: Path) -> list[Path]:
    return sorted(p for p in uploads.glob("*/*")) if uploads.exists() else []


def photo_post(author, wijk, *alts, **data):
    uploads = [PhotoUpload(io.BytesIO(photo(gps=True, size=(900, 600))), alt) for alt in alts]
    data = {"kind": "bericht", "title": "Vuilnis bij de container", "body": "Zie de foto's."} | data
    return create_post(author, wijk, data, uploads)


def photo_urls(html: str) -> list[str]:
    return re.findall(r'(/w/[a-z-]+/foto/[0-9a-f]{32}/\d+\.jpg)', html)


def test_a_resident_posts_two_photos_with_the_form(client, login, make_user, make_wijk, uploads):
    make_wijk("centrum")
    resident = make_user()
    login(resident)
    files = {"photos": [(io.BytesIO(photo(gps=True)), "IMG_0001.JPG"), (io.BytesIO(photo("PNG")), "b.png"),
                        (io.BytesIO(b""), "")],
             "alt": ["Zes volle vuilniszakken naast de container", "De container van dichtbij", ""]}
    response = client.post("/w/centrum/nieuw", data={"kind": "bericht", "title": "Afval", "body": "Weer.",
                                                     "form_key": "k1", **files},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    post = db.session.scalar(select(Post))
    assert [p.alt for p in post.photos] == ["Zes volle vuilniszakken naast de container", "De container van dichtbij"]

    page = client.get(response.location).text
    assert 'alt="Zes volle vuilniszakken naast de container"' in page and "srcset=" in page
    feed = client.get("/w/centrum").text
    assert 'class="photo-grid photos-2"' in feed
    for url in set(photo_urls(feed)):
        served = client.get(url)
        assert served.status_code == 200 and served.mimetype == "image/jpeg"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert "max-age=31536000" in served.headers["Cache-Control"]
        assert "private" in served.headers["Cache-Control"] and "immutable" in served.headers["Cache-Control"]
        assert gps_of(served.data) == {} and b"Exif" not in served.data
    assert len(stored_files(uploads)) == sum(len(p.image.widths) for p in post.photos)


@pytest.mark.parametrize("problem, files", [  # made per run: a file sent once is closed
    ("missing alt", lambda: {"photos": [(io.BytesIO(photo()), "a.jpg")], "alt": [""]}),
    ("not an image", lambda: {"photos": [(io.BytesIO(b"<html>hi</html>"), "a.jpg")], "alt": ["Iets"]}),
    ("too many", lambda: {"photos": [(io.BytesIO(photo()), f"{n}.jpg") for n in range(5)], "alt": ["Iets"] * 5}),
])
def test_bad_photos_refuse_the_post_and_store_nothing(client, login, make_user, make_wijk, uploads, problem, files):
    make_wijk("centrum")
    login(make_user())
    response = client.post("/w/centrum/nieuw", data={"kind": "bericht", "title": "Afval", "body": "Weer.",
                                                     "form_key": problem, **files()},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert 'class="photo-fields has-error"' in response.text
    assert db.session.scalar(select(func.count()).select_from(Post)) == 0
    assert db.session.scalar(select(func.count()).select_from(StoredImage)) == 0
    assert stored_files(uploads) == []


def test_api_multipart_post_and_comment_with_photos(api, make_user, make_wijk, uploads):
    make_wijk("centrum")
    user = make_user()
    me = api.as_user(user)
    response = me.client.post("/api/v1/wijken/centrum/posts", headers=me.headers, content_type="multipart/form-data",
                              data={"kind": "bericht", "title": "Nieuwe speeltuin", "body": "Klaar!",
                                    "photos": [(io.BytesIO(photo("WEBP")), "a.webp")],
                                    "alt": ["De nieuwe glijbaan"]})
    assert response.status_code == 201, response.json
    photos = response.json["photos"]
    assert photos[0]["alt"] == "De nieuwe glijbaan" and photos[0]["sizes"][-1]["width"] == 240
    assert me.client.get(photos[0]["sizes"][0]["url"]).status_code == 200

    post_id = response.json["id"]
    refused = me.client.post(f"/api/v1/posts/{post_id}/comments", headers=me.headers,
                             content_type="multipart/form-data",
                             data={"body": "Mooi", "photos": [(io.BytesIO(photo()), "a.jpg")]})
    assert refused.status_code == 422 and "alt" in refused.json["error"]["fields"]
    two = me.client.post(f"/api/v1/posts/{post_id}/comments", headers=me.headers, content_type="multipart/form-data",
                         data={"body": "Mooi", "alt": ["Een", "Twee"],
                               "photos": [(io.BytesIO(photo()), "a.jpg"), (io.BytesIO(photo()), "b.jpg")]})
    assert two.status_code == 422 and "photos" in two.json["error"]["fields"]
    comment = me.client.post(f"/api/v1/posts/{post_id}/comments", headers=me.headers,
                             content_type="multipart/form-data",
                             data={"body": "Mooi", "photos": [(io.BytesIO(photo()), "a.jpg")], "alt": ["Schommel"]})
    assert comment.status_code == 201 and comment.json["photos"][0]["alt"] == "Schommel"
    thread = api.get(f"/api/v1/posts/{post_id}/comments").json["items"]
    assert thread[0]["photos"][0]["alt"] == "Schommel"
    assert db.session.scalar(select(func.count()).select_from(StoredImage)) == 2


@pytest.mark.parametrize("status", ["hidden", "pending"])
def test_photos_of_a_post_nobody_may_see_leak_through_no_channel(client, api, login, make_user, make_wijk,
                                                                 status):
    wijk = make_wijk("centrum")
    author, other = make_user(), make_user()
    admin = make_user(admin=True)
    post = photo_post(author, wijk, "Het gat in de stoep")
    comment = add_comment(author, post, {"body": "Nog een"}, [PhotoUpload(io.BytesIO(photo()), "Van opzij")])
    urls = [f"/w/centrum/foto/{p.image.key}/{w}.jpg" for p in (*post.photos, *comment.photos)
            for w in p.image.widths]
    assert all(client.get(url).status_code == 200 for url in urls)  # public while published
    set_status(post, status)
    db.session.commit()
    cache.clear()

    for url in urls:
        assert client.get(url).status_code == 404  # anonymous
        assert api.as_user(other).get(url).status_code == 404  # another resident's token
        assert api.as_user(author).get(url).status_code == 200  # the author's token
    login(other)
    assert all(client.get(url).status_code == 404 for url in urls)
    for page in ("/w/centrum", "/w/centrum/feed.xml", "/api/v1/wijken/centrum/posts", f"/api/v1/posts/{post.id}"):
        assert post.photos[0].image.key not in client.get(page).text
    assert all(api.as_user(admin).get(url).status_code == 200 for url in urls)  # a moderator


def test_a_hidden_comments_photo_is_not_served_to_others(client, make_user, make_wijk):
    wijk = make_wijk("centrum")
    author = make_user()
    post = photo_post(author, wijk)
    comment = add_comment(make_user(), post, {"body": "Kijk"}, [PhotoUpload(io.BytesIO(photo()), "Kapotte lamp")])
    url = f"/w/centrum/foto/{comment.photos[0].image.key}/240.jpg"
    assert client.get(url).status_code == 200
    set_status(comment, "hidden")
    db.session.commit()
    assert client.get(url).status_code == 404


def test_wrong_wijk_size_or_key_is_a_404(client, make_user, make_wijk):
    wijk = make_wijk("centrum")
    make_wijk("noord")
    post = photo_post(make_user(), wijk, "Bankje")
    key = post.photos[0].image.key
    assert client.get(f"/w/centrum/foto/{key}/900.jpg").status_code == 200
    for url in (f"/w/noord/foto/{key}/900.jpg", f"/w/centrum/foto/{key}/123.jpg", "/w/centrum/foto/abc/400.jpg",
                f"/w/centrum/foto/{'0' * 32}/400.jpg"):
        assert client.get(url).status_code == 404


def test_removing_a_post_deletes_its_photos_and_their_files(client, login, make_user, make_wijk, uploads):
    wijk = make_wijk("centrum")
    author = make_user()
    post = photo_post(author, wijk, "Een", "Twee")
    add_comment(make_user(), post, {"body": "Ja"}, [PhotoUpload(io.BytesIO(photo()), "Drie")])
    assert len(stored_files(uploads)) == 3 + 3 + 1  # 400, 800 and 900 px each; the small one as it is
    login(author)
    assert client.post(f"/w/centrum/p/{post.id}/verwijderen").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Photo)) == 0
    assert db.session.scalar(select(func.count()).select_from(StoredImage)) == 0
    assert stored_files(uploads) == []


def test_deleting_an_account_deletes_its_photos_and_the_export_has_them(client, login, make_user, make_wijk,
                                                                         uploads):
    wijk = make_wijk("centrum")
    author = make_user(two_factor_on=False)
    post = photo_post(author, wijk, "Onze straat")
    login(author)
    exported = json.loads(client.get("/me/gegevens").data)["photos"]
    assert exported[0]["alt"] == "Onze straat" and exported[0]["post_id"] == post.id
    assert exported[0]["download"].startswith("http://localhost/w/centrum/foto/")
    response = client.post("/me/verwijderen", data={"password": "correct horse battery", "content": "keep",
                                                    "confirm": "y"})
    assert response.status_code in (302, 303), response.text
    assert db.session.scalar(select(func.count()).select_from(StoredImage)) == 0
    assert stored_files(uploads) == []
    assert db.session.get(Post, post.id).status == "published"  # kept under "deleted user", without photos


def test_rss_enclosure_and_open_graph_image(client, make_user, make_wijk):
    wijk = make_wijk("centrum")
    post = photo_post(make_user(), wijk, "Nieuwe bankjes op het plein")
    image = post.photos[0].image
    rss = client.get("/w/centrum/feed.xml").text
    assert (f'<enclosure url="http://localhost/w/centrum/foto/{image.key}/900.jpg" length="{image.byte_size}" '
            'type="image/jpeg"') in rss
    assert "<media:description>Nieuwe bankjes op het plein</media:description>" in rss
    page = client.get(f"/w/centrum/p/{post.id}").text
    assert f'<meta property="og:image" content="http://localhost/w/centrum/foto/{image.key}/900.jpg">' in page
    assert '<meta property="og:image:alt" content="Nieuwe bankjes op het plein">' in page
    assert 'id="lightbox"' in page and 'data-lightbox' in page


def test_served_files_are_not_the_uploaded_bytes(client, make_user, make_wijk):
    wijk = make_wijk("centrum")
    upload = photo(gps=True, size=(300, 200)) + b"<script>alert(1)</script>"
    post = create_post(make_user(), wijk, {"kind": "bericht", "title": "T", "body": "B"},
                       [PhotoUpload(io.BytesIO(upload), "Iets")])
    served = client.get(f"/w/centrum/foto/{post.photos[0].image.key}/300.jpg").data
    assert served != upload and b"<script>" not in served
    assert Image.open(io.BytesIO(served)).format == "JPEG"


def test_wijk_page_with_photo_posts_keeps_its_query_count(app, client, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    author = make_user()

    def queries() -> int:
        cache.clear()
        with count_queries(app) as statements:
            assert client.get("/w/centrum").status_code == 200
        return len(statements)

    photo_post(author, wijk, "Een")
    few = queries()
    for n in range(6):
        photo_post(author, wijk, f"Foto {n}", f"Nog een {n}")
        make_post(author, wijk)
    assert queries() == few
    assert current_app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024  # only upload forms take more
