"""Issue 18's "done when", in a real browser at 1280 and 390 px, the resident with the keyboard only: a resident
reports a broken street light in Besoijen and is offered the open melding nearby, which she follows; the gemeente
sets it to ingepland and afgehandeld with texts that appear live in her open thread; she asks Casade a question,
answered with the Casade badge, and says "dit helpt"; both show up in the public scorecards with the measured
times. No serious accessibility violations, nothing scrolls sideways on the phone."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from meldingen import categories, services
from meldingen.models import Question, Report, ReportFollower
from tests.browser.conftest import PHONE, log_in, scrolls_sideways
from tests.browser.test_accessibility import axe  # noqa: F401  (the fixture)

WIDE = {"width": 1280, "height": 800}


def _tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"never reached {selector}")


def _type_into(page, selector: str, text: str) -> None:
    _tab_to(page, selector)
    page.keyboard.type(text)


def _checked(page) -> None:
    assert scrolls_sideways(page) <= 0, page.url


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
def test_done_when_report_follow_live_status_ask_casade_and_the_scorecards(new_context, axe, make_user,  # noqa: F811
                                                                           make_wijk, make_org, viewport):
    wijk = make_wijk("besoijen", "Besoijen")
    handler, casade_staff = make_user("Gemeente Medewerker"), make_user("Casade Medewerker")
    anna, bram = make_user("Anna"), make_user("Bram")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[handler])
    make_org("casade", "woningcorporatie", wijken=[wijk], members=[casade_staff])
    categories.save_category({"municipality": "Teststad", "slug": "straatverlichting", "name": "Straatverlichting",
                              "organisation": "gemeente", "target_days": 5})
    existing = services.create_report(bram, wijk, {"category": "straatverlichting", "lat": 51.05, "lon": 5.05,
                                                   "body": "De lantaarnpaal brandt niet.", "location": "bij nr. 12"})

    # A resident reports a broken street light and is offered the open melding nearby: she follows it.
    page = new_context(viewport=viewport).new_page()
    log_in(page, anna.email)
    page.goto("/w/besoijen/probleem-melden")
    _tab_to(page, "#category")
    page.keyboard.type("Straat")
    _type_into(page, "#lat", "51.05003")
    _type_into(page, "#lon", "5.05002")
    _type_into(page, "#body", "De straatlamp is kapot.")
    _tab_to(page, ".report-form > p > button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Is het deze? Volg hem dan")).to_be_visible()
    assert axe(page) == []
    _checked(page)
    _tab_to(page, ".similar-list button")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Je volgt deze melding")).to_be_visible()
    assert db.session.scalar(select(ReportFollower.report_id).where(ReportFollower.user_id == anna.id)) == existing.id
    assert db.session.scalar(select(Report.id).where(Report.reporter_id == anna.id)) is None  # no second melding
    page.goto(f"/w/besoijen/p/{existing.post_id}")
    expect(page.locator("[data-report-followers]")).to_have_text("2")

    # The gemeente sets it to ingepland, then afgehandeld; the texts appear live in her thread.
    office = new_context(viewport=WIDE).new_page()
    log_in(office, handler.email)
    for state, text in (("ingepland", "De monteur komt dinsdag."), ("afgehandeld", "De lamp brandt weer.")):
        office.goto(f"/w/besoijen/p/{existing.post_id}")
        office.locator("#report-state").select_option(state)
        if state == "ingepland":
            office.locator("#report-date").fill("2026-12-08")
        office.locator("#report-text").fill(text)
        office.get_by_role("button", name="Status opslaan").click()
        expect(office.get_by_text("De status is veranderd.")).to_be_visible()
        expect(page.locator(".thread").get_by_text(text)).to_be_visible()  # live, no reload
    expect(page.locator("[data-report-state]")).to_contain_text("afgehandeld")
    _checked(page)

    # She asks Casade a question; Casade answers with its badge; she says "dit helpt".
    page.goto("/w/besoijen")
    _tab_to(page, "a[href*='vraag-stellen?aan=casade']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Stel een vraag in Besoijen")).to_be_visible()
    assert axe(page) == []
    _checked(page)
    _type_into(page, "#title", "Wanneer wordt de galerij geverfd?")
    _type_into(page, "#body", "De verf bladdert al maanden.")
    _tab_to(page, "main form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Je vraag is naar Casade gestuurd.")).to_be_visible()
    question = db.session.scalar(select(Question))

    desk = new_context(viewport=WIDE).new_page()
    log_in(desk, casade_staff.email)
    desk.goto("/organisaties/casade/vragen")
    desk.get_by_role("link", name="Wanneer wordt de galerij geverfd?").click()
    desk.locator("#webcare-answer").fill("In maart komt de schilder.")
    desk.get_by_role("button", name="Antwoord plaatsen").click()
    expect(desk.get_by_text("Je antwoord is geplaatst.")).to_be_visible()
    answer = page.locator(".thread").get_by_text("In maart komt de schilder.")
    expect(answer).to_be_visible()  # live
    page.reload()
    panel = page.locator("#vraag")
    expect(panel.get_by_text("Antwoorden van Casade")).to_be_visible()
    expect(panel.locator(".webcare-replies .verified")).to_be_visible()
    _tab_to(page, "#vraag button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dank je: de organisatie hoort dat dit hielp.")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Question, question.id).state == "accepted"

    # Both show up in the scorecards with the measured times.
    page.goto("/organisaties/casade/reactietijden")
    expect(page.get_by_role("heading", name="Reactietijden van Casade")).to_be_visible()
    questions = page.locator("table.scorecard").first
    expect(questions.locator("tr", has_text="Aantal vragen").locator("td").first).to_have_text("1")
    expect(questions.locator("tr", has_text="Eerste reactie op tijd").locator("td").first).to_have_text("100 %")
    expect(questions.locator("tr", has_text="Antwoord hielp").locator("td").first).to_have_text("100 %")
    assert axe(page) == []
    _checked(page)
    page.goto("/organisaties/gemeente/reactietijden")
    meldingen = page.locator("table.scorecard").nth(1)
    expect(meldingen.locator("tr", has_text="Aantal meldingen").locator("td").first).to_have_text("1")
    expect(meldingen.locator("tr", has_text="Mediaan dagen tot afgehandeld").locator("td").first) \
        .to_have_text("0.0 dagen")
    _checked(page)
