"""Live ideas and stellingen pages: a new idea appears in the round's list, and a new stelling becomes the card of
a resident who had voted on every one, without reloading; the polite status region says so."""
import pytest
from playwright.sync_api import expect

from ideas import services as ideas
from stellingen import services as stellingen
from tests.browser.conftest import log_in
from tests.browser.test_ideas_stellingen_browser import _open

pytestmark = pytest.mark.browser

SEEDS = ["Er moet een 30 km-zone komen.", "De Eikenlaan wordt eenrichtingsverkeer.", "Meer parkeerplaatsen.",
         "Fietsers krijgen voorrang.", "Geen vrachtwagens in de wijk."]


@pytest.fixture
def world(make_user, make_wijk, make_org):
    wijk = make_wijk("besoijen", "Besoijen")
    poster, anna, bram = make_user("Gemeente"), make_user("Anna"), make_user("Bram")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    return poster, anna, bram


def connected(page, key: str) -> None:
    expect(page.locator(f"[data-live-section='{key}']")).to_have_attribute("data-connected", "true")
    page.evaluate("window.__notReloaded = true")


def test_a_new_idea_appears_in_the_round_without_reloading(new_context, world, shoot):
    poster, anna, _bram = world
    round_ = _open(poster, "ideas", "Hoe maken we het plein groener?", {"threshold": 10})
    page = new_context().new_page()
    page.goto(f"/doe-mee/{round_.id}")
    connected(page, f"ideas-{round_.id}")
    expect(page.locator(".idea-answers")).to_contain_text("0 ideeën")

    ideas.submit_idea(anna, round_, {"title": "Geveltuintjes in de Akkerlaan", "body": "Meer groen."})
    expect(page.locator(".feed.ideas")).to_contain_text("Geveltuintjes in de Akkerlaan")
    expect(page.locator(".idea-answers")).to_contain_text("1 idee")
    expect(page.locator("#participation-live-status")).to_have_text("De ideeën zijn bijgewerkt.")
    assert page.evaluate("window.__notReloaded") is True
    shoot(page, "ideas-live")


def test_a_new_stelling_becomes_the_card_of_who_voted_on_every_one(new_context, world):
    poster, anna, _bram = world
    set_ = _open(poster, "stellingen", "Verkeer rond de Bomenbuurt", {"statements": SEEDS})
    for statement in stellingen.statements(anna, set_):
        stellingen.vote(anna, statement, {"value": 1})
    page = new_context().new_page()
    log_in(page, anna.email)
    page.goto(f"/doe-mee/{set_.id}")
    connected(page, f"stellingen-card-{set_.id}")
    expect(page.locator("[data-statement-card]")).to_have_count(0)

    stellingen.add_statement(poster, set_, {"text": "De bus moet vaker door de wijk rijden."})
    card = page.locator("[data-statement-card]")
    expect(card).to_contain_text("De bus moet vaker door de wijk rijden.")
    expect(page.locator("#participation-live-status")).to_have_text("De stellingen zijn bijgewerkt.")
    assert page.evaluate("window.__notReloaded") is True
    card.focus()
    page.keyboard.press("ArrowRight")  # the card that came live takes the arrow keys too
    expect(page.locator("#kaart")).to_contain_text("Je hebt op elke stelling gestemd")
