"""The survey as a new user tries it, on the Waalwijk demo: the gemeente poster builds a survey for Waalwijk in
the browser and publishes it; two residents answer it (one on a 390 px phone with the keyboard only); axe finds
no serious violations; the owner enters a paper answer, closes the survey and publishes the outcome, and the
residents receive it by e-mail through the real SMTP server."""
from datetime import timedelta

from playwright.sync_api import expect

from core.timeutil import to_local, utcnow
from reach.outbox import deliver_due
from tests.browser.conftest import PHONE, log_in, scrolls_sideways
from tests.browser.test_accessibility import axe  # noqa: F401  (the fixture)
from tests.browser.test_phone import demo  # noqa: F401  (the fixture)


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _build_survey(page) -> str:
    page.goto("/w/waalwijk")
    page.get_by_role("link", name="Vraag het de wijk").click()
    page.get_by_role("link", name="een vragenlijst (meer vragen)").click()
    page.locator("#f-title").fill("Hoe woon je in Waalwijk?")
    page.locator("#f-body").fill("Vertel ons hoe je de wijk ervaart. We gebruiken het voor de wijkagenda.")
    page.locator("#f-decision_owner").fill("college van B&W")
    page.locator("#f-closes_at").fill(to_local(utcnow() + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    page.locator("#f-results_visibility").select_option("live")
    page.locator("#phase0-title").fill("Vragen")
    page.locator("#phase1-title").fill("Besluit in de raad")
    rows = [("Wonen", "single", "Woon je graag in Waalwijk?", "Ja\nNee", True),
            ("Wonen", "scale", "Hoe veilig voel je je op straat?", "", True),
            ("Beter", "long_text", "Wat moet er beter?", "", False)]
    for i, (section, kind, text, options, required) in enumerate(rows):
        page.locator(f"#q{i}-section").fill(section)
        page.locator(f"#q{i}-kind").select_option(kind)
        page.locator(f"#q{i}-text").fill(text)
        if required:
            page.locator(f"[name=q{i}-required]").check()
        page.locator(f"#q{i}-section").locator("xpath=ancestor::fieldset//summary").click()
        if options:
            page.locator(f"#q{i}-options").fill(options)
    page.locator("#q1-scale_max").select_option("10")
    page.locator("#q1-low_label").fill("onveilig")
    page.locator("#q1-high_label").fill("heel veilig")
    page.locator("#q2-show_if").fill("1")
    page.locator("#q2-show_if_options").fill("Nee")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Bewaard als concept.")).to_be_visible()
    page.get_by_role("button", name="Publiceer in de wijk").click()
    expect(page.get_by_text("Gepubliceerd in de wijk.")).to_be_visible()
    return page.url


def test_the_gemeente_builds_a_survey_residents_answer_it_and_hear_the_outcome(new_context, demo, axe,  # noqa: F811
                                                                                smtp, shoot):
    emails, password = demo["emails"], demo["password"]
    owner = new_context().new_page()
    log_in(owner, emails["sanne"], password)
    url = _build_survey(owner)
    assert axe(owner) == []
    shoot(owner, "survey-owner")

    # Anouk, on a computer: "Nee", so the open question follows on the second page
    anouk = new_context().new_page()
    log_in(anouk, emails["anouk"], password)
    anouk.goto(url)
    anouk.get_by_role("link", name="Begin").click()
    anouk.get_by_label("Nee").check()
    anouk.get_by_label("7", exact=True).check()
    anouk.get_by_role("button", name="Volgende").click()
    expect(anouk.get_by_role("heading", name="Beter")).to_be_visible()
    assert axe(anouk) == []
    anouk.get_by_role("textbox").fill("Meer licht in het park.")
    anouk.get_by_role("button", name="Volgende").click()
    anouk.get_by_role("button", name="Verstuur mijn antwoorden").click()
    expect(anouk.get_by_text("Dank je: je antwoorden zijn geteld.")).to_be_visible()

    # Jeroen, on a 390 px phone with the keyboard only: "Ja", so the survey ends on the first page
    jeroen = new_context(viewport=PHONE).new_page()
    log_in(jeroen, emails["jeroen"], password)
    jeroen.goto(url)
    assert axe(jeroen) == [] and scrolls_sideways(jeroen) == 0
    _tab_to(jeroen, "a.button[href*='/vragen/1']")
    jeroen.keyboard.press("Enter")
    expect(jeroen.get_by_text("Deel 1 van 2")).to_be_visible()
    assert axe(jeroen) == [] and scrolls_sideways(jeroen) == 0
    _tab_to(jeroen, "input[name^=q-q1]")
    jeroen.keyboard.press("Space")  # the first option: Ja
    jeroen.keyboard.press("Tab")  # into the scale
    for _ in range(7):
        jeroen.keyboard.press("ArrowRight")  # 8
    shoot(jeroen, "survey-phone-section")
    jeroen.keyboard.press("Enter")  # the form's first button: forward
    expect(jeroen.get_by_text("Je hebt 2 vragen beantwoord.")).to_be_visible()
    assert axe(jeroen) == [] and scrolls_sideways(jeroen) == 0
    _tab_to(jeroen, "form.survey-form button[type=submit]")
    jeroen.keyboard.press("Enter")
    expect(jeroen.get_by_text("Dank je: je antwoorden zijn geteld.")).to_be_visible()
    assert axe(jeroen) == [] and scrolls_sideways(jeroen) == 0
    jeroen.screenshot(path="/tmp/survey_phone_results.png", full_page=True)
    results = jeroen.locator("section.question-result")
    expect(results.nth(0).locator("tbody tr").nth(0)).to_contain_text("1")  # Ja: Jeroen
    expect(results.nth(0).locator("tbody tr").nth(1)).to_contain_text("1")  # Nee: Anouk
    expect(results.nth(2)).to_contain_text("niet openbaar")

    # The owner enters a paper answer, closes the survey and publishes the outcome
    owner.goto(url)
    owner.get_by_role("link", name="Voer antwoorden in van papier, een stand of de telefoon").click()
    owner.locator("#origin").select_option("paper")
    owner.locator("input[name=q-q1][value='0']").check()
    owner.locator("input[name=q-q2][value='3']").check()
    owner.get_by_role("button", name="Invoeren").click()
    expect(owner.get_by_text("Ingevoerd: 1.")).to_be_visible()
    owner.goto(url)
    expect(owner.get_by_text("3 deelnemers")).to_be_visible()
    owner.get_by_role("button", name="Nu sluiten").click()
    owner.locator("#decision").select_option("partly")
    owner.locator("#outcome-body").fill("Het park krijgt meer licht; de rest nemen we mee in de wijkagenda.")
    owner.get_by_role("button", name="Publiceer de uitkomst").click()
    expect(owner.get_by_text("Uitkomst: deels overgenomen")).to_be_visible()
    shoot(owner, "survey-outcome")

    deliver_due()
    mailed = {rcpt: message for rcpts, message in smtp.messages for rcpt in rcpts}
    for key in ("anouk", "jeroen"):
        text = mailed[emails[key]].get_body(("plain",)).get_content()
        assert "deels overgenomen" in text and "Het park krijgt meer licht" in text
