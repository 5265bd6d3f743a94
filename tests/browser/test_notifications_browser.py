"""The bell in a real browser: its count rises live when someone replies, on any page; /notificaties reads."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def reply_in_browser(page, post_id: int, text: str) -> None:
    page.goto(f"/w/centrum/p/{post_id}")
    page.locator("#body-new").fill(text)
    page.locator("form.comment-form:has(#body-new) [type=submit]").click()
    expect(page.locator("#comments .comment", has_text=text)).to_be_visible()


def test_the_bell_rises_live_when_someone_replies(new_context, make_user, make_wijk, make_post, shoot, tmp_path):
    wijk = make_wijk("centrum", "Centrum")
    author, neighbour = make_user("Auteur"), make_user("Buurman")
    post = make_post(author, wijk, title="Wie heeft een ladder?")

    reading = new_context().new_page()
    log_in(reading, author.email)
    reading.goto(f"/w/centrum/p/{post.id}")
    expect(reading.locator("#live")).to_have_attribute("data-connected", "true")
    badge = reading.locator("#bell [data-unread]")
    expect(badge).to_have_attribute("data-unread", "0")
    expect(badge).to_be_hidden()
    reading.evaluate("window.__notReloaded = true")

    writing = new_context().new_page()
    log_in(writing, neighbour.email)
    reply_in_browser(writing, post.id, "Ik heb er een, kom maar halen!")

    expect(badge).to_be_visible()
    expect(badge).to_have_attribute("data-unread", "1")
    expect(badge).to_have_text("1 ongelezen")
    assert reading.evaluate("window.__notReloaded") is True
    expect(reading.locator("#bell .bell-count")).to_have_attribute("aria-live", "polite")
    reading.locator("header").screenshot(path=str(tmp_path / "bell.png"))
    shoot(reading, "bell-after-reply")

    # Any page, not only the live ones: the wijken overview has no thread, and the bell still hears.
    reading.goto("/")
    expect(reading.locator("#bell")).to_have_attribute("data-live", "true")
    expect(reading.locator("#bell [data-unread]")).to_have_attribute("data-unread", "1")
    reading.evaluate("window.__notReloaded = true")
    reply_in_browser(writing, post.id, "Ik kan hem ook brengen.")
    expect(reading.locator("#bell [data-unread]")).to_have_attribute("data-unread", "2")
    assert reading.evaluate("window.__notReloaded") is True

    reading.locator("#bell").click()
    expect(reading.locator("h1")).to_have_text("Notificaties")
    items = reading.locator(".notifications li.unread")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Buurman heeft gereageerd op je bericht “Wie heeft een ladder?”")
    shoot(reading, "notificaties")

    items.first.locator("button", has_text="Openen").click()
    reading.wait_for_url(f"**/w/centrum/p/{post.id}#c*")
    expect(reading.locator("#bell [data-unread]")).to_have_attribute("data-unread", "1")
    reading.goto("/notificaties")
    reading.locator("button", has_text="Alles als gelezen markeren").click()
    expect(reading.locator(".notifications li.unread")).to_have_count(0)
    expect(reading.locator("#bell [data-unread]")).to_be_hidden()
    shoot(reading, "notificaties-read")
