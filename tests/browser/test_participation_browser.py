"""A resident answers a poll on a 390 px phone with the keyboard only; the page has no serious accessibility
violations and does not scroll sideways; the results appear after answering."""
from datetime import timedelta

from playwright.sync_api import expect

from core.timeutil import utcnow
from participation import services
from tests.browser.conftest import PHONE, log_in, scrolls_sideways
from tests.browser.test_accessibility import axe  # noqa: F401  (the fixture)


def test_a_resident_answers_a_poll_on_a_phone_with_the_keyboard(new_context, axe, make_user, make_wijk,  # noqa: F811
                                                                make_org):
    wijk = make_wijk("besoijen", "Besoijen")
    poster, resident = make_user("Gemeente"), make_user("Anna")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    poll = services.create_participation(poster, {
        "tool": "poll", "wijken": ["besoijen"], "organisation": "gemeente", "title": "Datum gemeenteavond",
        "body": "Welke avond past jou?", "level": "raadplegen", "decision_owner": "college van B&W",
        "closes_at": (utcnow() + timedelta(days=7)).isoformat() + "Z", "results_visibility": "after_answering",
        "definition": {"options": ["Dinsdag", "Woensdag", "Donderdag"]}})
    services.publish(poster, poll)

    page = new_context(viewport=PHONE).new_page()
    log_in(page, resident.email)
    page.goto(f"/doe-mee/{poll.id}")
    assert axe(page) == [] and scrolls_sideways(page) == 0
    for _ in range(60):  # Tab to the first option, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "choice":
            break
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # the second option: Woensdag
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Je hebt meegedaan. Dank je.")).to_be_visible()
    expect(page.locator("table.results tbody tr").nth(1)).to_contain_text("1")
    assert axe(page) == [] and scrolls_sideways(page) == 0
    page.screenshot(path="/tmp/participation_phone.png", full_page=True)
