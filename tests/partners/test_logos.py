"""Organisation logos: uploaded through the organisation forms, checked and re-encoded with Pillow,
served at /logos/<name>, shown in the byline of partner posts."""
import io
import re

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from core.extensions import db
from partners.models import Organisation
from tests.querycount import count_queries


@pytest.fixture(autouse=True)
def english(client):
    client.set_cookie("lang", "en")


@pytest.fixture
def uploads(app, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    return tmp_path / "uploads" / "logos"


@pytest.fixture
def setup(uploads, make_user, make_wijk, make_org):
    wijk = make_wijk("centrum", "Centrum")
    agent = make_user("Agent Jansen")
    org = make_org("politie", "politie", wijken=[wijk], members=[agent])
    admin = make_user("Beheerder", admin=True)
    return {"wijk": wijk, "agent": agent, "org": org, "admin": admin}


def image_bytes(fmt: str, size=(600, 400), mode="RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def org_form(org, data: bytes | None = None, filename: str = "logo.png", **extra) -> dict:
    form = {"name": org.name, "kind": org.kind, "verified": "y", "description": "", "wijken": ["centrum"]}
    if data is not None:
        form["logo"] = (io.BytesIO(data), filename)
    return form | extra


def logo_of(org) -> str | None:
    return db.session.scalar(select(Organisation.logo).where(Organisation.id == org.id))


def upload(client, org, data, filename="logo.png", **extra):
    return client.post(f"/beheer/organisaties/{org.slug}", data=org_form(org, data, filename, **extra),
                       content_type="multipart/form-data")


def test_admin_uploads_png_stored_served_and_shown(client, login, setup, uploads, make_post, app):
    org, wijk = setup["org"], setup["wijk"]
    login(setup["admin"])
    response = upload(client, org, image_bytes("PNG", (600, 400), "RGBA"))
    assert response.status_code == 302, response.text

    name = logo_of(org)
    assert re.fullmatch(r"politie-[0-9a-f]{12}\.png", name)
    assert [p.name for p in uploads.iterdir()] == [name]
    with Image.open(uploads / name) as stored:
        assert stored.format == "PNG"
        assert max(stored.size) == 256 and stored.size == (256, 171)

    with client.get(f"/logos/{name}") as served:
        assert served.status_code == 200
        assert served.mimetype == "image/png"
        assert "max-age=31536000" in served.headers["Cache-Control"]
        assert served.data == (uploads / name).read_bytes()

    make_post(setup["agent"], wijk, kind="aankondiging", title="Spreekuur", organisation=org)
    page = client.get("/w/centrum").text
    assert f'<img class="org-logo" src="/logos/{name}" alt=""' in page
    assert page.index('class="org-logo"') < page.index('<span class="org">Politie</span>')


def test_logo_keeps_the_page_query_count(client, login, setup, make_post, app):
    org, wijk = setup["org"], setup["wijk"]
    for n in range(3):
        make_post(setup["agent"], wijk, title=f"Bericht {n}", organisation=org)
    login(setup["admin"])

    def queries():
        with count_queries(app) as statements:
            assert client.get("/w/centrum?kind=bericht").status_code == 200
        return len(statements)

    queries()  # what the page caches for a while (the wijk's response times) is in the cache from here on
    without = queries()
    assert upload(client, org, image_bytes("PNG")).status_code == 302
    assert queries() == without


def test_jpeg_is_converted_to_png(client, login, setup, uploads):
    login(setup["admin"])
    assert upload(client, setup["org"], image_bytes("JPEG", (100, 80)), "logo.jpg").status_code == 302
    with Image.open(uploads / logo_of(setup["org"])) as stored:
        assert stored.format == "PNG" and stored.size == (100, 80)


def test_webp_is_accepted(client, login, setup, uploads):
    login(setup["admin"])
    assert upload(client, setup["org"], image_bytes("WEBP", (40, 40)), "logo.webp").status_code == 302
    assert logo_of(setup["org"]).endswith(".png")


@pytest.mark.parametrize("data, filename", [
    (b"MZ\x90\x00 this is no image at all" * 10, "logo.png"),
    (image_bytes("PNG")[:60], "logo.png"),  # truncated: fails Pillow's verify
    (image_bytes("GIF"), "logo.png"),  # a real image, in a format we do not take
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
])
def test_non_images_are_refused(client, login, setup, uploads, data, filename):
    login(setup["admin"])
    response = upload(client, setup["org"], data, filename, name="Nieuwe naam")
    assert response.status_code == 422
    assert 'id="logo-error"' in response.text
    assert logo_of(setup["org"]) is None
    assert db.session.scalar(select(Organisation.name).where(Organisation.id == setup["org"].id)) == "Politie"
    assert not uploads.exists() or not any(uploads.iterdir())


def too_large_upload(client, org):
    fields = org_form(org) | {"logo": FileStorage(io.BytesIO(b"\x89PNG" + b"\x00" * (1024 * 1024)),
                                                           "logo.png")}
    boundary, body = encode_multipart(fields)  # in memory: the test client would spool this to a temp file
    return client.post(f"/beheer/organisaties/{org.slug}", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def test_too_large_upload_is_a_form_error(client, login, setup, uploads):
    login(setup["admin"])
    response = too_large_upload(client, setup["org"])
    assert response.status_code == 413
    assert "The file is too large" in response.text and 'id="logo-error"' in response.text
    assert logo_of(setup["org"]) is None


def test_too_large_upload_with_csrf_protection_is_a_form_error(make_app, setup, uploads):
    """CSRFProtect reads the form before the view: the 413 then comes from there, and is handled alike."""
    app = make_app(WTF_CSRF_ENABLED=True, UPLOAD_FOLDER=str(uploads.parent))
    client = app.test_client()
    client.set_cookie("lang", "en")
    with client.session_transaction() as session:
        session["_user_id"] = str(setup["admin"].id)
        session["_fresh"] = True
    response = too_large_upload(client, setup["org"])
    assert response.status_code == 413
    assert "The file is too large" in response.text and 'id="logo-error"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Organisation.logo).where(Organisation.slug == "politie")) is None
        db.session.remove()


def test_non_admins_cannot_upload(client, login, setup, uploads, make_user):
    org = setup["org"]
    login(setup["agent"])  # a poster of the organisation, not its admin
    assert upload(client, org, image_bytes("PNG")).status_code == 403
    response = client.post(f"/organisaties/{org.slug}/logo", data={"logo": (io.BytesIO(image_bytes("PNG")), "l.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 403
    assert logo_of(org) is None
    assert not uploads.exists()


def test_organisation_admin_changes_logo(client, login, setup, uploads, make_user):
    from partners.services import grant_membership

    org = setup["org"]
    chef = make_user("Chef")
    grant_membership(chef, org, "admin")
    login(chef)
    assert client.get(f"/organisaties/{org.slug}/logo").status_code == 200
    response = client.post(f"/organisaties/{org.slug}/logo", data={"logo": (io.BytesIO(image_bytes("PNG")), "l.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    first = logo_of(org)
    assert (uploads / first).exists()

    response = client.post(f"/organisaties/{org.slug}/logo",
                           data={"logo": (io.BytesIO(image_bytes("PNG", (50, 50))), "l.png")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    second = logo_of(org)
    assert second != first
    assert [p.name for p in uploads.iterdir()] == [second]  # the previous file is gone


def test_removing_the_logo_deletes_the_file(client, login, setup, uploads):
    org = setup["org"]
    login(setup["admin"])
    assert upload(client, org, image_bytes("PNG")).status_code == 302
    name = logo_of(org)
    assert (uploads / name).exists()

    assert upload(client, org, None, remove_logo="y").status_code == 302
    assert logo_of(org) is None
    assert not (uploads / name).exists()
    assert client.get(f"/logos/{name}").status_code == 404


@pytest.mark.parametrize("path", ["/logos/..%2Fsecret_key", "/logos/..%2F..%2Fconfig.py", "/logos/%2Fetc%2Fpasswd",
                                  "/logos/secret.txt", "/logos/Politie.PNG", "/logos/missing-abc.png"])
def test_bad_logo_names_are_not_found(client, setup, path):
    assert client.get(path).status_code == 404
