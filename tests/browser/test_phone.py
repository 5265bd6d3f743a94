"""The main journeys on a 390 px phone: nothing scrolls sideways, the header stays compact, phone numbers call.

Screenshots of every page land in the test's tmp dir (see `shoot`); look at them after a layout change.
"""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from tests.browser.conftest import log_in
from wijken.models import Post, Wijk

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
HEADER_MAX = 110  # px: two short rows at most, so the wijk's first post shows on the first screen


def phone(new_context):
    # Not is_mobile: Chromium's mobile emulation widens the layout viewport to fit what overflows, which would
    # hide the very problem measured here.
    return new_context(viewport=PHONE, has_touch=True, device_scale_factor=2).new_page()


def overflow(page) -> list[str]:
    """Elements wider than the screen (empty: nothing scrolls sideways)."""
    return page.evaluate("""() => {
        const width = Math.min(window.innerWidth, document.documentElement.clientWidth);
        if (document.documentElement.scrollWidth <= width) return [];
        const clipped = e => {  // inside a box that scrolls or clips by itself (a swipeable menu)
            for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
                if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
            }
            return false;
        };
        const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e));
        const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
            + (typeof e.className === 'string' && e.className ? '.' + e.className : '')
            + ' ' + Math.round(e.getBoundingClientRect().right) + 'px';
        return ['page ' + document.documentElement.scrollWidth + 'px'].concat(wide.slice(0, 5).map(name));
    }""")


@pytest.fixture
def demo(app):
    """The Waalwijk demo, as `make run` serves it: real names, long addresses, a full audit log."""
    from demo.seed import DEMO_PASSWORD, USERS, demo_email, seed_demo_command
    result = app.test_cli_runner().invoke(seed_demo_command)
    assert result.exit_code == 0, result.output
    emails = {spec["key"]: demo_email(spec) for spec in USERS}
    first = db.session.scalar(select(Post).join(Post.wijk).where(Wijk.slug == "waalwijk", Post.kind == "wijkschouw")
                              .order_by(Post.id))
    warning = db.session.scalar(select(Post).where(Post.kind == "inbraakwaarschuwing").order_by(Post.id))
    db.session.rollback()
    return {"emails": emails, "password": DEMO_PASSWORD, "event": first.id, "warning": warning.id}


def as_demo(new_context, demo, key):
    page = phone(new_context)
    log_in(page, demo["emails"][key], demo["password"])
    return page


def test_main_pages_do_not_scroll_sideways_on_a_phone(new_context, demo, shoot):
    event = f"/w/waalwijk/p/{demo['event']}"
    problems = {}

    def visit(page, who, paths):
        for path in paths:
            page.goto(path)
            problems[f"{path} ({who})"] = overflow(page)
            shoot(page, f"{who}-{path.strip('/').replace('/', '-') or 'home'}")

    visit(phone(new_context), "anonymous", ["/", "/w/waalwijk", event, "/login", "/register", "/privacy"])
    visit(as_demo(new_context, demo, "anouk"), "resident", [
        "/w/waalwijk", event, "/w/waalwijk/nieuw", "/mijn-wijken", "/me", "/me/volgen", "/notificaties"])
    visit(as_demo(new_context, demo, "marieke"), "coordinator", [
        "/moderatie", "/moderatie/logboek?wijk=waalwijk", event])
    visit(as_demo(new_context, demo, "pieter"), "organisation-admin", [
        "/organisaties/gemeente-waalwijk/leden", "/organisaties/gemeente-waalwijk/api-clients",
        "/w/waalwijk/nieuw"])
    visit(as_demo(new_context, demo, "admin"), "admin", [
        "/beheer", "/beheer/mail", "/moderatie/logboek?wijk=waalwijk", "/moderatie",
        "/organisaties/politie-waalwijk/leden", "/beheer/organisaties/politie-waalwijk"])
    wide = {path: found for path, found in problems.items() if found}
    assert not wide, "\n".join(f"{path}: {found}" for path, found in wide.items())


def test_the_header_is_compact_and_the_first_post_shows_on_the_first_screen(new_context, demo, shoot):
    anonymous, resident = phone(new_context), as_demo(new_context, demo, "anouk")
    coordinator = as_demo(new_context, demo, "marieke")
    for page in (anonymous, resident, coordinator):
        page.goto("/w/waalwijk")
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] <= HEADER_MAX, header
        first = page.locator("#feed article h3").first.bounding_box()
        assert first["y"] + first["height"] < PHONE["height"], first
        shoot(page, "wijk-first-screen")
    # every item of the menu can still be reached
    for name, url in (("Mijn wijken", "**/mijn-wijken"), ("Moderatie", "**/moderatie"),
                      ("Notificaties", "**/notificaties"), ("Marieke van Dongen", "**/me")):
        coordinator.goto("/w/waalwijk")
        open_menu = coordinator.locator("header.site-header .menu-toggle")
        if open_menu.is_visible():
            open_menu.click()
        coordinator.locator("header.site-header").get_by_role("link", name=name).click()
        coordinator.wait_for_url(url)


def test_phone_numbers_in_posts_call(new_context, demo):
    page = phone(new_context)
    page.goto(f"/w/waalwijk/p/{demo['warning']}")
    body = page.locator(".post-full .body")
    expect(body.locator('a[href="tel:112"]')).to_have_text("112")
    expect(body.locator('a[href="tel:09008844"]')).to_have_text("0900-8844")
    expect(body.locator('a[href="tel:08007000"]')).to_have_text("0800-7000")
    page.goto("/w/waalwijk")
    expect(page.locator('#feed a[href="tel:09008844"]').first).to_have_text("0900-8844")
