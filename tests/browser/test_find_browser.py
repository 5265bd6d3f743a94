"""Find my wijk by postcode and search, on a 390 px phone, with the keyboard only."""
import pytest
from playwright.sync_api import expect

from core.extensions import db

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until `selector` has the focus (what a keyboard user does)."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} is not reachable with Tab")


@pytest.fixture
def waalwijk(make_wijk):
    from demo.postcodes import load_demo_postcodes

    wijk = make_wijk("waalwijk", "Waalwijk")
    wijk.cbs_code = "WK086700"
    db.session.commit()
    load_demo_postcodes()
    return wijk


def test_postcode_to_wijk_with_the_keyboard_on_a_phone(new_context, waalwijk, shoot):
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    page.goto("/")
    tab_to(page, "#postcode")
    page.keyboard.type("1234ab")
    page.keyboard.press("Enter")
    expect(page.locator("#postcode-error")).to_contain_text("1234 AB")
    expect(page.get_by_role("link", name="Naar de kaart")).to_be_visible()
    shoot(page, "postcode-unknown")

    page.locator("#postcode").fill("")
    page.locator("#postcode").focus()
    page.keyboard.type("5141 ab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/g/teststad?wijk=waalwijk")  # the front page finds the municipality, and the wijk
    tab_to(page, ".found-wijk a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/w/waalwijk")
    expect(page.locator("h1")).to_contain_text("Waalwijk")
    shoot(page, "postcode-found")


def test_search_with_the_keyboard_on_a_phone(new_context, waalwijk, make_user, make_post, shoot):
    from wijken.services import add_comment

    author, neighbour = make_user("Auteur"), make_user("Buur")
    post = make_post(author, waalwijk, title="Wie weet raad?", body="Mijn schutting waait om.")
    add_comment(neighbour, post, {"body": "Bel de klusjesman van nummer 12."})
    page = new_context(viewport=PHONE, has_touch=True).new_page()
    page.goto("/w/waalwijk")
    tab_to(page, "#wijk-q")
    page.keyboard.type("klusjesman")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken?**")
    expect(page.locator(".hit mark").first).to_have_text("klusjesman")
    expect(page.locator("#wijk")).to_have_value("waalwijk")
    shoot(page, "search-results")
    tab_to(page, ".hit h3 a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/w/waalwijk/p/{post.id}#comment-*")
    expect(page.locator("h1")).to_contain_text("Wie weet raad?")
