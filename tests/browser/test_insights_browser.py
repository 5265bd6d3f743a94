"""Issue 21 in a real browser: the demo's site admin opens a wijk's dashboard at 1200 and 390 px (reach,
conversation, participation, responsiveness: charts with their tables, nothing scrolling sideways), sets a goal with
the keyboard only, and sees it on the public goals page, as an anonymous visitor does."""
import pytest
from playwright.sync_api import expect

from core.extensions import db
from tests.browser.conftest import DESKTOP, PHONE, log_in

SECTIONS = ("Bereik", "Gesprek", "Participatie", "Reageren en openheid")


@pytest.fixture
def demo(app):
    from demo.seed import DEMO_PASSWORD, USERS, demo_email, seed_demo_command
    result = app.test_cli_runner().invoke(seed_demo_command)
    assert result.exit_code == 0, result.output
    db.session.rollback()
    return {spec["key"]: demo_email(spec) for spec in USERS}, DEMO_PASSWORD


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1200px", "390px"])
def test_admin_reads_the_dashboard_sets_a_goal_and_it_is_public(new_context, demo, shoot, viewport):
    emails, password = demo
    page = new_context(viewport=viewport).new_page()
    log_in(page, emails["admin"], password)
    page.goto("/inzichten")
    page.get_by_role("link", name="Waalwijk").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inzichten voor Waalwijk")
    for name in SECTIONS:
        expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 4
    expect(page.locator("#posts-who-title")).to_have_text("Berichten per week naar schrijver")
    expect(page.get_by_role("heading", name="Lanceerlijst")).to_be_visible()
    # The tables beside the charts scroll on their own, reachable with the keyboard.
    region = page.locator(".table-scroll").first
    region.focus()
    expect(region).to_be_focused()
    shoot(page, f"dashboard-{viewport['width']}", publish="insights-dashboard.png")

    # The goal, with the keyboard.
    page.goto("/inzichten/doelen/nieuw")
    page.locator("#municipality").select_option("waalwijk")  # the demo has Loon op Zand too, first by name
    page.locator("#municipality").focus()
    page.keyboard.press("Tab")
    expect(page.locator("#metric")).to_be_focused()
    page.locator("#metric").select_option("ideas_answered")
    page.keyboard.press("Tab")
    page.keyboard.type("75")
    expect(page.locator("#target_percent")).to_be_focused()
    page.locator("#starts_on").fill("2026-01-01")  # a date field's segments take Tab themselves
    page.locator("#ends_on").fill("2027-12-31")
    page.locator("#ends_on").press("Enter")  # submits the form, as Enter in a field does
    page.wait_for_url("**/inzichten/doelen")
    expect(page.get_by_role("heading", level=2, name="Waalwijk: Ideeën beantwoord — doel 75 %")).to_be_visible()

    visitor = new_context(viewport=viewport).new_page()
    visitor.goto("/inzichten/doelen")
    expect(visitor.get_by_role("heading", level=2, name="Waalwijk: Ideeën beantwoord — doel 75 %")).to_be_visible()
    expect(visitor.get_by_role("heading", level=2,
                               name="Waalwijk: Huishoudens die de wijk volgen — doel 30 %")).to_be_visible()
    shoot(visitor, f"goals-{viewport['width']}", publish="insights-goals.png")
