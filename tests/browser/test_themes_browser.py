"""The themes page in a real browser at 1200 and 390 px: a coordinator opens the themes of her wijk, names a theme
with the keyboard only, and follows a representative post's link. No serious accessibility violations, nothing
scrolls sideways on the phone."""
import pytest
from playwright.sync_api import expect

from core.extensions import db
from core.timeutil import utcnow
from tests.browser.conftest import DESKTOP, PHONE, log_in, scrolls_sideways
from tests.browser.test_accessibility import axe  # noqa: F401  (the fixture)
from tests.themes.corpus import planted_texts
from themes import services
from wijken.models import Post
from wijken.roles import grant_wijk_role


def _tab_to(page, selector: str, limit: int = 150) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"never reached {selector}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1200", "390"])
def test_an_official_names_a_theme_by_keyboard_and_opens_its_examples(new_context, axe, make_user,  # noqa: F811
                                                                        make_wijk, viewport, shoot):
    wijk = make_wijk("besoijen", "Besoijen")
    coordinator, anna = make_user("Coördinator"), make_user("Anna")
    grant_wijk_role(coordinator, wijk, "coordinator")
    db.session.add_all(Post(wijk_id=wijk.id, author_id=anna.id, kind="bericht", title=text.split(" ")[0],
                            body=text, body_html=f"<p>{text}</p>", created_at=created)
                       for _theme, text, created in planted_texts(120, end=utcnow(), rising="afval"))
    db.session.commit()
    run = services.run_scope(services.wijk_scope("besoijen"))
    theme = run.themes[0]

    page = new_context(viewport=viewport).new_page()
    log_in(page, coordinator.email)
    page.goto("/me")
    page.get_by_role("link", name="Thema's: waar bewoners over praten").click()
    page.get_by_role("link", name="Besoijen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wat speelt er in Besoijen")
    expect(page.locator(".theme")).to_have_count(len(run.themes))
    expect(page.get_by_role("heading", name="Stijgers")).to_be_visible()
    assert axe(page) == []
    assert scrolls_sideways(page) <= 0

    card = page.locator(f"#thema-{theme.id}")
    _tab_to(page, f"#thema-{theme.id} summary")
    page.keyboard.press("Enter")
    _tab_to(page, f"#name-{theme.id}")
    page.keyboard.type("Groen in de wijk")
    page.keyboard.press("Enter")
    expect(page.get_by_text("De naam van het thema is bewaard.")).to_be_visible()
    expect(card.get_by_role("heading")).to_have_text("Groen in de wijk")
    shoot(page, "themes", publish="themes.png")
    assert scrolls_sideways(page) <= 0

    examples = card.locator(".theme-examples a")
    expect(examples).to_have_count(3)
    first = examples.first
    title = first.inner_text()
    href = first.get_attribute("href")
    assert href.startswith("/w/besoijen/p/")
    first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
