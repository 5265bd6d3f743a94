"""Residents on a 390 px phone with the keyboard only: submitting an idea, being offered a similar one and
supporting it; voting on stellingen card by card (Tab and Enter for the first, then the arrow keys on the card)
until the opinion groups open. No serious accessibility violations, nothing scrolls sideways."""
from datetime import timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from core.timeutil import utcnow
from ideas import services as ideas
from ideas.models import Support
from participation import services as participations
from stellingen.models import StatementVote
from tests.browser.conftest import PHONE, log_in, scrolls_sideways
from tests.browser.test_accessibility import axe  # noqa: F401  (the fixture)


def _open(poster, tool, title, definition):
    participation = participations.create_participation(poster, {
        "tool": tool, "wijken": ["besoijen"], "organisation": "gemeente", "title": title, "body": "Doe mee.",
        "level": "adviseren", "decision_owner": "college van B&W",
        "closes_at": (utcnow() + timedelta(days=14)).isoformat() + "Z", "definition": definition})
    participations.publish(poster, participation)
    return participation


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"never reached {selector}")


def test_a_resident_is_offered_a_similar_idea_and_supports_it_on_a_phone(new_context, axe, make_user,  # noqa: F811
                                                                          make_wijk, make_org):
    wijk = make_wijk("besoijen", "Besoijen")
    poster, anna, bram = make_user("Gemeente"), make_user("Anna"), make_user("Bram")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    round_ = _open(poster, "ideas", "Hoe maken we het plein groener?", {"threshold": 10})
    existing = ideas.submit_idea(anna, round_, {"title": "Meer bomen op het Akkerlaanplein", "body": "Schaduw."})

    page = new_context(viewport=PHONE).new_page()
    log_in(page, bram.email)
    page.goto(f"/doe-mee/{round_.id}")
    assert axe(page) == [] and scrolls_sideways(page) == 0
    _tab_to(page, "#idea-title")
    page.keyboard.type("Bomen planten op het Akkerlaanplein")
    page.keyboard.press("Tab")
    page.keyboard.type("Meer groen en schaduw.")
    _tab_to(page, ".idea-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Bedoel je een van deze?")).to_be_visible()
    assert axe(page) == [] and scrolls_sideways(page) == 0
    _tab_to(page, "button[aria-label^='Steun']")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Je steunt dit idee.")).to_be_visible()
    assert db.session.scalar(select(Support.idea_id)) == existing.id
    page.screenshot(path="/tmp/ideas_phone.png", full_page=True)


def test_a_resident_votes_card_by_card_with_the_keyboard_on_a_phone(new_context, axe, make_user,  # noqa: F811
                                                                    make_wijk, make_org):
    wijk = make_wijk("besoijen", "Besoijen")
    poster, anna = make_user("Gemeente"), make_user("Anna")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    statement_set = _open(poster, "stellingen", "Verkeer in Besoijen",
                          {"statements": [f"Stelling {n} over het verkeer." for n in range(1, 9)]})

    page = new_context(viewport=PHONE).new_page()
    log_in(page, anna.email)
    page.goto(f"/doe-mee/{statement_set.id}")
    expect(page.locator(".statement-text").first).to_have_text("Stelling 1 over het verkeer.")
    assert axe(page) == [] and scrolls_sideways(page) == 0
    _tab_to(page, "button[data-key=ArrowRight]")
    page.keyboard.press("Enter")  # eens
    for n in range(2, 8):
        expect(page.locator("#statement-text")).to_have_text(f"Stelling {n} over het verkeer.")
        expect(page.locator("[data-statement-card]")).to_be_focused()
        page.keyboard.press("ArrowLeft" if n % 2 else "ArrowRight")
    expect(page.get_by_role("link", name="Bekijk de meningsgroepen")).to_be_visible()
    values = db.session.scalars(select(StatementVote.value).order_by(StatementVote.statement_id)).all()
    assert values == [1, 1, -1, 1, -1, 1, -1]
    assert axe(page) == [] and scrolls_sideways(page) == 0
    page.screenshot(path="/tmp/stellingen_phone.png", full_page=True)
