"""Journeys through the real pages in Chromium: a resident and a partner, plus bad input.

The UI is Dutch (and translations may or may not be compiled), so selectors are
ids, names, form actions and roles, not visible labels; texts we assert on are
the ones the test itself typed, or numbers.
"""
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from core.extensions import db
from core.timeutil import isoformat, utcnow
from tests.browser.conftest import DESKTOP, PHONE, log_in
from wijken.geo import import_wijken
from wijken.models import Comment, Post, Wijk

pytestmark = pytest.mark.browser

GEOJSON = Path(__file__).resolve().parents[2] / "data" / "waalwijk_wijken_2023.geojson"


@pytest.fixture
def waalwijk(app):
    """The real CBS wijken of Waalwijk; returns the wijk 'waalwijk'."""
    import_wijken(GEOJSON.read_text(encoding="utf-8"), "Waalwijk")
    wijk = db.session.scalar(select(Wijk).where(Wijk.slug == "waalwijk"))
    assert wijk is not None
    return wijk


@pytest.fixture
def wijkschouw(waalwijk, make_user, make_org, make_post):
    """The gemeente serving Waalwijk announces a wijkschouw for 10 people."""
    ambtenaar = make_user("Ambtenaar Ans")
    gemeente = make_org("gemeente-waalwijk", "gemeente", [waalwijk], [ambtenaar])
    return make_post(ambtenaar, waalwijk, kind="wijkschouw", organisation=gemeente,
                     title="Wijkschouw Besoyen", body="Loop mee en wijs ons op **losse stoeptegels**.",
                     starts_at=isoformat(utcnow() + timedelta(days=7)), location="Wijkcentrum De Slinger",
                     route="Besoyensestraat, Grotestraat, Vredesplein", capacity=10)


@pytest.fixture(params=["desktop", "phone"])
def page(request, new_context):
    """Each journey on a desktop and on a 390 px phone (where `shoot` also checks for sideways scrolling)."""
    return new_context(viewport=DESKTOP if request.param == "desktop" else PHONE).new_page()


def count(model) -> int:
    n = db.session.scalar(select(func.count()).select_from(model))
    db.session.rollback()  # hold no snapshot or lock while the live server writes
    return n


def submit_of(page, action: str):
    """The submit button of the form posting to `action` (a path ending)."""
    return page.locator(f'form[action$="{action}"] [type=submit]')


def test_resident_journey(page, live_server, wijkschouw, shoot, smtp):
    """Register, find the wijk on the map, follow it, comment on the wijkschouw and sign up."""
    post_path = f"/w/waalwijk/p/{wijkschouw.id}"

    page.goto("/g/waalwijk")
    expect(page.locator('a.map-wijk[aria-label="Waalwijk"]')).to_be_visible()
    shoot(page, "home")

    page.goto("/register")
    page.locator("#email").fill("roos@example.test")
    page.locator("#display_name").fill("Roos de Vries")
    page.locator("#password").fill("een lang genoeg wachtwoord")
    page.locator("main form.stack [type=submit]").click()
    expect(page.locator("h1")).to_have_text("Kijk in je mailbox")
    shoot(page, "check-mail")
    link = smtp.link("roos@example.test", r"http://localhost/email/bevestigen/\S+")  # BASE_URL of test apps
    page.goto(link.removeprefix("http://localhost"))
    expect(page.locator(".flash-success")).to_contain_text("bevestigd")  # confirmed; now log in
    log_in(page, "roos@example.test", "een lang genoeg wachtwoord")
    expect(page.locator("header.site-header")).to_contain_text("Roos de Vries")

    page.goto("/g/waalwijk")
    page.locator('a.map-wijk[aria-label="Waalwijk"]').click()
    page.wait_for_url(re.compile(r"/w/waalwijk$"))
    expect(page.locator("h1")).to_have_text("Waalwijk")
    expect(page.locator("p.followers")).to_have_text(re.compile(r"^0\b"))

    submit_of(page, "/w/waalwijk/follow").click()
    follow_form = page.locator('.wijk-actions form[action$="/w/waalwijk/follow"]')
    expect(follow_form.locator("input[name=action]")).to_have_value("unfollow")
    expect(page.locator("p.followers")).to_have_text(re.compile(r"^1\b"))
    shoot(page, "wijk-followed")

    page.locator(f"#post-{wijkschouw.id}-title a").click()
    page.wait_for_url(re.compile(re.escape(post_path) + "$"))
    expect(page.locator("#post-title")).to_have_text("Wijkschouw Besoyen")
    expect(page.locator("p.route")).to_have_text("Besoyensestraat, Grotestraat, Vredesplein")

    comment = "Ik loop mee, de stoep bij de bakker ligt ook scheef."
    page.locator("#body-new").fill(comment)
    page.locator("form.comment-form", has=page.locator("#body-new")).locator("[type=submit]").click()
    expect(page.locator("#comments .comment .body")).to_have_text([comment])

    page.locator("button[name=status][value=going]").click()
    expect(page.locator("button[name=status][value=going]")).to_have_attribute("aria-pressed", "true")
    coming = page.locator("dl.facts > div").nth(2).locator("dd")
    expect(coming).to_have_text(re.compile(r"^\s*1 / 10\b"))
    shoot(page, "post-after-rsvp", publish="post-page.png")

    saved = db.session.scalars(select(Comment)).all()
    assert [(c.body, c.author.display_name) for c in saved] == [(comment, "Roos de Vries")]
    db.session.rollback()


def test_partner_journey(page, new_context, live_server, wijkschouw, make_user, make_org, shoot):
    """A police officer logs in and posts a burglary warning; everyone sees the banner."""
    wijk = wijkschouw.wijk
    agent = make_user("Agent Bakker", email="agent@politie.example.test")
    make_org("politie-waalwijk", "politie", [wijk], [agent])

    log_in(page, agent.email)
    page.goto("/w/waalwijk/nieuw")
    page.locator("#kind").select_option("inbraakwaarschuwing")
    expect(page.locator('fieldset[data-kinds="inbraakwaarschuwing"]')).to_be_visible()
    page.locator("#organisation").select_option("politie-waalwijk")
    title = "Inbraken in de Grotestraat"
    page.locator("#title").fill(title)
    page.locator("#body").fill("Afgelopen nacht is er twee keer ingebroken. Sluit ramen en deuren.")
    shoot(page, "new-warning-form")
    page.locator("form.post-form [type=submit]").click()
    page.wait_for_url(re.compile(r"/w/waalwijk/p/\d+$"))
    expect(page.locator("#post-title")).to_have_text(title)

    page.goto("/w/waalwijk")
    expect(page.locator(".warning-banner")).to_contain_text(title)
    expect(page.locator(f"#post-{wijkschouw.id}")).to_be_visible()
    shoot(page, "wijk-with-warning", publish="wijk-page.png")

    visitor = new_context().new_page()
    visitor.goto("/w/waalwijk")
    expect(visitor.locator(".warning-banner")).to_contain_text(title)
    expect(submit_of(visitor, "/logout")).to_have_count(0)  # really anonymous
    shoot(visitor, "wijk-anonymous")

    posts = db.session.scalars(select(Post).where(Post.kind == "inbraakwaarschuwing")).all()
    assert [(p.title, p.organisation.slug, p.author_id) for p in posts] == [(title, "politie-waalwijk", agent.id)]
    assert posts[0].expires_at > utcnow()
    db.session.rollback()


def test_new_post_with_empty_title_shows_field_error(page, live_server, waalwijk, make_user, shoot):
    resident = make_user("Bewoner Bas")
    log_in(page, resident.email)
    before = count(Post)

    page.goto("/w/waalwijk/nieuw")
    page.locator("#kind").select_option("bericht")
    page.locator("#body").fill("Een bericht zonder titel.")
    page.locator("form.post-form [type=submit]").click()

    error = page.locator("#field-title .field-error")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect(page.locator("#title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#body")).to_have_value("Een bericht zonder titel.")  # input kept
    shoot(page, "empty-title")
    assert count(Post) == before
