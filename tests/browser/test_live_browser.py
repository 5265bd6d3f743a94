"""Live updates in the browser: threads, the new-posts bar and warning banners without reloading."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from wijken.services import create_post

pytestmark = pytest.mark.browser



def wait_live(page):
    expect(page.locator("#live")).to_have_attribute("data-connected", "true")
    page.evaluate("window.__notReloaded = true")


def test_a_comment_typed_in_one_page_appears_in_the_other(new_context, make_user, make_wijk, make_post, shoot):
    wijk = make_wijk("centrum", "Centrum")
    writer = make_user("Schrijver")
    post = make_post(writer, wijk, title="Wie heeft er een ladder?")

    reading = new_context().new_page()
    reading.goto(f"/w/centrum/p/{post.id}")
    wait_live(reading)

    writing = new_context().new_page()
    log_in(writing, writer.email)
    writing.goto(f"/w/centrum/p/{post.id}")
    writing.locator("#body-new").fill("Ik heb er een, kom maar halen!")
    writing.locator("#body-new").press("Tab")
    writing.locator("form.comment-form:has(#body-new) [type=submit]").click()

    arrived = reading.locator("#comments .comment", has_text="Ik heb er een, kom maar halen!")
    expect(arrived).to_be_visible()
    expect(arrived.locator(".person")).to_have_text("Schrijver")
    expect(reading.locator("#live-announcer")).to_contain_text("Schrijver")
    assert reading.evaluate("window.__notReloaded") is True
    shoot(reading, "live-comment")


def test_wijk_page_shows_new_posts_bar_and_warning_banner_live(new_context, make_user, make_wijk, make_org, app):
    wijk = make_wijk("centrum", "Centrum")
    neighbour, agent = make_user("Buurvrouw"), make_user("Agent")
    politie = make_org("politie", "politie", [wijk], [agent])
    page = new_context().new_page()
    page.goto("/w/centrum")
    wait_live(page)
    expect(page.locator("#warnings")).to_be_hidden()

    create_post(neighbour, wijk, {"kind": "bericht", "title": "Rommelmarkt zaterdag", "body": "Wie doet mee?"})
    bar = page.locator("#new-posts")
    expect(bar).to_be_visible()
    expect(page.locator("#feed")).not_to_contain_text("Rommelmarkt zaterdag")  # no jumping content

    create_post(agent, wijk, {"kind": "inbraakwaarschuwing", "title": "Inbraken in de Kerkstraat",
                              "body": "Sluit ramen en deuren.", "organisation": politie.slug})
    banner = page.locator("#warnings .warning-banner", has_text="Inbraken in de Kerkstraat")
    expect(banner).to_be_visible()
    expect(bar.locator("button")).to_contain_text("2")
    assert page.evaluate("window.__notReloaded") is True

    bar.locator("button").click()
    expect(page.locator("#feed")).to_contain_text("Rommelmarkt zaterdag")


def test_connection_lost_is_shown_and_the_page_resumes(new_context, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum", "Centrum")
    author = make_user("Auteur")
    post = make_post(author, wijk, title="Tunneltest")
    context = new_context()
    page = context.new_page()
    page.goto(f"/w/centrum/p/{post.id}")
    wait_live(page)

    context.set_offline(True)
    expect(page.locator("#live-status")).to_be_visible()
    expect(page.locator("#live")).to_have_attribute("data-connected", "false")
    from wijken.services import add_comment
    for i in range(3):
        add_comment(author, post, {"body": f"Gemist bericht {i}"})
    context.set_offline(False)

    expect(page.locator("#live")).to_have_attribute("data-connected", "true", timeout=15_000)
    for i in range(3):
        expect(page.locator("#comments")).to_contain_text(f"Gemist bericht {i}")
    assert page.evaluate("window.__notReloaded") is True
