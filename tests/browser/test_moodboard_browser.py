"""A resident on a phone pins an image on the playground's moodboard, chooses a spot on the design drawing for a
comment, and gives dots; the results and the share image follow."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from core.timeutil import utcnow
from moodboard import services as boards
from participation import services as participations
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.photofiles import textured

pytestmark = pytest.mark.browser


@pytest.fixture(params=["phone", "desktop"])
def page(request, new_context):
    viewport = PHONE if request.param == "phone" else DESKTOP
    return new_context(viewport=viewport, has_touch=request.param == "phone").new_page()


def test_pin_an_image_and_a_comment_on_the_drawing_and_give_dots(page, app, live_server, make_user, make_wijk,
                                                                  make_org, shoot, tmp_path):
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    wijk = make_wijk("akkerlaan", "Akkerlaan")
    poster = make_user("Sanne van de gemeente")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    board = participations.create_participation(poster, {
        "tool": "moodboard", "wijken": ["akkerlaan"], "organisation": "gemeente",
        "title": "Speeltuin Akkerlaan: hoe moet hij worden?", "body": "Pin wat je mooi vindt.",
        "level": "adviseren", "decision_owner": "college van B&W", "results_visibility": "live",
        "closes_at": utcnow() + timedelta(days=14),
        "definition": {"categories": ["Spelen", "Groen"], "dots_per_person": 5, "max_per_pin": 2}})
    participations.publish(poster, board)
    from demo import pictures
    boards.set_drawing(poster, board, pictures.jpeg("design_drawing"), "Ontwerptekening van de speeltuin")
    neighbour = make_user("Buurman")
    other = boards.add_pin(neighbour, board, {"caption": "Schommels!", "alt": "Twee schommels"},
                           pictures.jpeg("swings"))
    resident = make_user("Roos de Vries")
    log_in(page, resident.email)

    page.goto(f"/doe-mee/{board.id}")
    expect(page.locator(".dots-left")).to_contain_text("5 stippen")
    page.locator("details.add-pin summary").click()
    page.locator("#pin-image").set_input_files({"name": "klimrek.jpg", "mimeType": "image/jpeg",
                                                "buffer": textured(11, (900, 700))})
    page.locator("#pin-alt").fill("Een houten klimrek met een touwbrug")
    page.locator("#pin-caption").fill("Zo'n klimrek, ook voor grotere kinderen")
    page.locator("#pin-category").select_option(label="Spelen")
    page.locator("#pin-form [type=submit]").click()
    page.wait_for_url(re.compile(r"#pin-\d+$"))
    mine = page.locator(".board-pin", has_text="Zo'n klimrek")
    expect(mine.locator("img")).to_have_attribute("alt", "Een houten klimrek met een touwbrug")

    # A comment on a spot of the drawing: tap it, the form gets the point.
    drawing = page.locator("svg[data-pick-drawing]")
    drawing.scroll_into_view_if_needed()
    box = drawing.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.3)
    expect(page.locator("#pin-x")).to_have_value(re.compile(r"^2[45]\.\d$"))  # the border: about 25
    page.locator("#pin-caption").fill("Een hek om de zandbak, tegen de honden")
    page.locator("#pin-form [type=submit]").click()
    page.wait_for_url(re.compile(r"#pin-\d+$"))
    expect(page.locator("ol.notes")).to_contain_text("Een hek om de zandbak")
    expect(page.locator("svg.drawing .note-number")).to_have_text(["1"])

    card = page.locator(f"#pin-{other.id}")
    card.get_by_role("button", name="+ stip").click()
    card = page.locator(f"#pin-{other.id}")
    card.get_by_role("button", name="+ stip").click()
    expect(page.locator(f"#pin-{other.id} .dot-count")).to_have_text("2 stippen")
    expect(page.locator(f"#pin-{other.id}").get_by_role("button", name="+ stip")).to_have_count(0)  # 2 at most
    expect(page.locator(".dots-left")).to_contain_text("3 stippen")
    page.locator("#moodboard-title").scroll_into_view_if_needed()
    shoot(page, "moodboard")
    share = page.locator('meta[property="og:image"]').get_attribute("content")
    assert "/moodboard/deelbeeld-" in share
    response = page.request.get(share.replace("http://localhost", ""))
    assert response.ok and response.headers["content-type"] == "image/jpeg"
