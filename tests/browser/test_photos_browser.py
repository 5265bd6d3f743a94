"""A resident posts two photos from a phone-sized (and a desktop) browser: alt texts, the feed's grid, the
lightbox with the keyboard, and no location in the files that are served."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from tests.browser.conftest import DESKTOP, PHONE, log_in, wait_for_images
from tests.photofiles import gps_of, photo
from wijken.models import Post

pytestmark = pytest.mark.browser

ALTS = ["Zes volle vuilniszakken naast de container", "De container van dichtbij, de klep is kapot"]


@pytest.fixture(params=["desktop", "phone"])
def page(request, new_context):
    viewport = PHONE if request.param == "phone" else DESKTOP
    return new_context(viewport=viewport, has_touch=request.param == "phone").new_page()


def test_post_two_photos_and_look_at_them_with_the_keyboard(page, app, live_server, make_user, make_wijk, shoot,
                                                            tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    make_wijk("centrum", "Centrum")
    resident = make_user("Roos de Vries")
    log_in(page, resident.email)

    page.goto("/w/centrum/nieuw")
    page.locator("#title").fill("Afval bij de container")
    page.locator("#body").fill("Al drie dagen staat dit er. Wie kan het ophalen?")
    page.locator("#photo-0").set_input_files(
        {"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": photo(gps=True, size=(1200, 900))})
    page.locator("#photo-alt-0").fill(ALTS[0])
    page.locator("#photo-1").set_input_files(
        {"name": "IMG_0002.JPG", "mimeType": "image/jpeg", "buffer": photo(gps=True, size=(900, 1200))})
    expect(page.locator("#photo-alt-1 + .hint, #photo-alt-hint-1")).to_contain_text("Beschrijf")
    shoot(page, "photo-form-without-alt")
    page.locator("form.post-form [type=submit]").click()
    expect(page.locator("#photo-fields .field-error")).to_contain_text("Foto 2")  # the second has no alt text
    page.locator("#photo-1").set_input_files(
        {"name": "IMG_0002.JPG", "mimeType": "image/jpeg", "buffer": photo(gps=True, size=(900, 1200))})
    page.locator("#photo-0").set_input_files(
        {"name": "IMG_0001.JPG", "mimeType": "image/jpeg", "buffer": photo(gps=True, size=(1200, 900))})
    page.locator("#photo-alt-1").fill(ALTS[1])
    page.locator("form.post-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/w/centrum/p/\d+$"))

    links = page.locator(".post-full .photo-grid a[data-lightbox]")
    expect(links).to_have_count(2)
    expect(links.nth(0).locator("img")).to_have_attribute("alt", ALTS[0])
    shoot(page, "post-with-photos")

    links.nth(0).focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog#lightbox")
    expect(dialog).to_be_visible()
    expect(dialog.locator("figcaption")).to_have_text(ALTS[0])
    expect(dialog.locator("[data-close]")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(dialog.locator("figcaption")).to_have_text(ALTS[1])
    expect(dialog.locator("[data-counter]")).to_have_text("Foto 2 van 2")
    expect(dialog.locator("img")).to_have_attribute("alt", ALTS[1])
    wait_for_images(dialog.locator("img"))
    shoot(page, "lightbox")
    page.keyboard.press("ArrowRight")  # round again to the first
    expect(dialog.locator("figcaption")).to_have_text(ALTS[0])
    page.keyboard.press("Tab")  # focus stays in the dialog
    assert page.evaluate("document.getElementById('lightbox').contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(links.nth(0)).to_be_focused()

    for src in {links.nth(i).get_attribute("href") for i in range(2)}:
        served = page.request.get(src)
        assert served.ok and served.headers["content-type"] == "image/jpeg"
        assert gps_of(served.body()) == {}

    page.goto("/w/centrum")
    grid = page.locator(".post-card .photo-grid.photos-2")
    expect(grid).to_be_visible()
    wait_for_images(page.locator(".photo-grid img"))
    shoot(page, "feed-with-photos")
    post = db.session.scalar(select(Post))
    assert [p.alt for p in post.photos] == ALTS
    db.session.rollback()
