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


def test_an_open_post_page_follows_a_thread_through_create_edit_hide_and_delete(new_context, make_user, make_wijk,
                                                                                make_post, shoot):
    """Live comments come from the page's own macro, per viewer: the reader gets "Rapporteren" and "Antwoorden"
    as after a reload (an anonymous visitor gets neither), and the "N reacties" heading keeps count."""
    from moderation.services import moderate
    from wijken.roles import grant_wijk_role
    from wijken.services import add_comment, delete_comment, update_comment

    wijk = make_wijk("centrum", "Centrum")
    writer, reader, coordinator = make_user("Schrijver"), make_user("Lezer"), make_user("Coördinator")
    grant_wijk_role(coordinator, wijk, "coordinator")
    post = make_post(writer, wijk, title="Wie heeft er een ladder?")

    page = new_context().new_page()
    log_in(page, reader.email)
    page.goto(f"/w/centrum/p/{post.id}")
    anonymous = new_context().new_page()
    anonymous.goto(f"/w/centrum/p/{post.id}")
    for p in (page, anonymous):
        wait_live(p)
        expect(p.locator("#thread-title")).to_have_text("0 reacties")

    first = add_comment(writer, post, {"body": "Ik heb er een."})
    entry = page.locator("#comments > li.comment-entry", has=page.locator(f"#c{first.id}"))
    expect(entry.locator(f"#c{first.id} details.flag > summary")).to_have_text("Rapporteren")
    expect(entry.locator("details.reply > summary")).to_have_text("Antwoorden")
    expect(page.locator("#thread-title")).to_have_text("1 reactie")
    expect(anonymous.locator(f"#c{first.id}")).to_contain_text("Ik heb er een.")
    expect(anonymous.locator(f"#c{first.id} details.flag")).to_have_count(0)
    expect(anonymous.locator("#thread-title")).to_have_text("1 reactie")

    reply = add_comment(coordinator, post, {"body": "Ik ook, een lange.", "parent_id": first.id})
    expect(entry.locator(f".replies #c{reply.id}")).to_contain_text("Ik ook, een lange.")
    expect(page.locator("#thread-title")).to_have_text("2 reacties")

    # the reader answers through the reply form of the comment that arrived live
    entry.locator("details.reply > summary").click()
    entry.locator(f"#body-{first.id}").fill("Mag ik hem lenen?")
    entry.locator("details.reply [type=submit]").click()
    expect(page.locator("#comments")).to_contain_text("Mag ik hem lenen?")
    wait_live(page)
    expect(page.locator("#thread-title")).to_have_text("3 reacties")

    update_comment(writer, first, {"body": "Ik heb er een, van vier meter."})
    expect(page.locator(f"#c{first.id} .body")).to_have_text("Ik heb er een, van vier meter.")
    expect(page.locator(f"#c{first.id} .edited")).to_be_visible()
    expect(page.locator(f"#c{first.id} details.flag > summary")).to_have_text("Rapporteren")

    moderate(coordinator, {"action": "hide", "target": "comment", "id": reply.id, "reason": "Dubbel"})
    for p in (page, anonymous):
        expect(p.locator(f"#c{reply.id}")).to_have_count(0)
    expect(page.locator("#thread-title")).to_have_text("2 reacties")
    expect(anonymous.locator("#thread-title")).to_have_text("2 reacties")

    delete_comment(writer, first)
    expect(page.locator(f"#c{first.id}")).to_have_count(0)
    expect(page.locator("#comments")).to_contain_text("Mag ik hem lenen?")  # its reply stays, under a placeholder
    expect(page.locator("#thread-title")).to_have_text("1 reactie")
    assert anonymous.evaluate("window.__notReloaded") is True
    shoot(page, "live-thread")


def test_the_warning_banner_of_an_open_page_follows_create_edit_delete_and_expiry(new_context, make_user, make_wijk,
                                                                                  make_org):
    from datetime import timedelta

    from core.timeutil import isoformat, utcnow
    from wijken.services import delete_post, update_post

    wijk = make_wijk("centrum", "Centrum")
    agent = make_user("Agent")
    make_org("politie", "politie", [wijk], [agent])
    page = new_context().new_page()
    page.clock.install()
    page.goto("/w/centrum")
    wait_live(page)

    warning = create_post(agent, wijk, {"kind": "inbraakwaarschuwing", "title": "Inbraken in de Kerkstraat",
                                        "body": "Sluit ramen en deuren.", "organisation": "politie"})
    banner = page.locator(f"#banner-{warning.id}")
    expect(banner).to_contain_text("Inbraken in de Kerkstraat")
    update_post(agent, warning, {"title": "Inbraken in de Kerkstraat en de Molenstraat"})
    expect(banner).to_contain_text("Inbraken in de Kerkstraat en de Molenstraat")
    delete_post(agent, warning)
    expect(banner).to_have_count(0)
    expect(page.locator("#warnings")).to_be_hidden()

    soon = create_post(agent, wijk, {"kind": "inbraakwaarschuwing", "title": "Fietsendieven bij het station",
                                     "body": "Zet je fiets op slot.", "organisation": "politie",
                                     "expires_at": isoformat(utcnow() + timedelta(hours=2))})
    expect(page.locator(f"#banner-{soon.id}")).to_be_visible()
    page.clock.fast_forward("02:01:00")
    expect(page.locator(f"#banner-{soon.id}")).to_have_count(0)
    expect(page.locator("#warnings")).to_be_hidden()
    assert page.evaluate("window.__notReloaded") is True


def test_an_open_wijk_page_rerenders_an_edited_card_and_drops_a_hidden_one(new_context, make_user, make_wijk,
                                                                           make_post):
    from moderation.services import moderate
    from wijken.roles import grant_wijk_role
    from wijken.services import update_post

    wijk = make_wijk("centrum", "Centrum")
    author, coordinator, reader = make_user("Auteur"), make_user("Coördinator"), make_user("Lezer")
    grant_wijk_role(coordinator, wijk, "coordinator")
    post = make_post(author, wijk, title="Rommelmarkt", body="Zaterdag op het plein.")
    page = new_context().new_page()
    log_in(page, reader.email)
    page.goto("/w/centrum")
    wait_live(page)
    card = page.locator(f"#post-{post.id}")

    update_post(author, post, {"title": "Rommelmarkt gaat door", "body": "Zaterdag op het plein, bel 0416-683456."})
    expect(card.locator("[data-title]")).to_have_text("Rommelmarkt gaat door")
    expect(card.locator(".edited")).to_be_visible()  # the card's own macro, as after a reload
    expect(card.locator('a[href="tel:0416683456"]')).to_have_text("0416-683456")
    expect(card.locator("form.reactions button.reaction")).to_have_count(3)  # this viewer may react

    moderate(coordinator, {"action": "hide", "target": "post", "id": post.id, "reason": "Dubbel"})
    expect(card).to_have_count(0)
    assert page.evaluate("window.__notReloaded") is True
