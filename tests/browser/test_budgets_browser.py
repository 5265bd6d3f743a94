"""A resident moves the budgetschuiver on a 390 px phone with the keyboard only: the arrow keys move a line's
slider one step, the total follows at once and the line's consequence is read out by the polite live region;
the distribution is sent and counted. Then a wijkbudget ballot with the total following the ticked projects. The
results follow the live tallies without reloading. No serious accessibility violations, nothing scrolls
sideways."""
from playwright.sync_api import expect
from sqlalchemy import select

from budgets.models import BudgetSubmission
from core.extensions import db
from participation import services
from participation.models import Participation
from tests.browser.conftest import PHONE, log_in, scrolls_sideways
from tests.browser.test_accessibility import axe  # noqa: F401  (the fixture)
from tests.budgets.conftest import frame, groen, projects


def _published(poster, tool, definition, **changes):
    participation = services.create_participation(poster, frame(tool, definition, **changes))
    return services.publish(poster, participation)


def _tab_to(page, selector: str) -> None:
    for _ in range(80):  # as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"never reached {selector}")


def test_a_resident_moves_the_budget_sliders_with_the_keyboard_on_a_phone(new_context, axe, make_user,  # noqa: F811
                                                                          make_wijk, make_org):
    wijk = make_wijk("centrum", "Centrum")
    poster, resident = make_user("Gemeente"), make_user("Anna")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    schuiver = _published(poster, "budgetschuiver", groen())
    first = schuiver.budget_lines[0]

    page = new_context(viewport=PHONE).new_page()
    log_in(page, resident.email)
    page.goto(f"/doe-mee/{schuiver.id}")
    expect(page.locator(".budget-slider")).to_have_count(3)
    assert axe(page) == [] and scrolls_sideways(page) == 0
    _tab_to(page, f"#line-{first.id}-slider")
    page.keyboard.press("ArrowLeft")  # 50.000 → 45.000: no consequence yet
    page.keyboard.press("ArrowLeft")  # → 40.000: "één dag per week dicht"
    announce = page.locator("[data-announce]")
    expect(announce).to_have_attribute("aria-live", "polite")
    expect(announce).to_contain_text("De speeltuin gaat één dag per week dicht.")
    expect(announce).to_contain_text("Speeltuinen: € 40.000")
    expect(page.locator(f"#line-{first.id}")).to_have_value("40000")
    expect(page.locator("[data-spent]")).to_have_text("€ 100.000")
    expect(page.locator("[data-standing-text]")).to_contain_text("Klopt")
    _tab_to(page, "button.button:not([data-preview])")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Je hebt meegedaan. Dank je.")).to_be_visible()
    assert db.session.query(BudgetSubmission).count() == 1
    assert axe(page) == [] and scrolls_sideways(page) == 0
    page.screenshot(path="/tmp/budgetschuiver_phone.png", full_page=True)


def test_a_resident_ticks_projects_and_the_total_follows(new_context, axe, make_user, make_wijk,  # noqa: F811
                                                          make_org):
    wijk = make_wijk("centrum", "Centrum")
    poster, resident = make_user("Gemeente"), make_user("Anna")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    vote = _published(poster, "budget_vote", projects())

    page = new_context(viewport=PHONE).new_page()
    log_in(page, resident.email)
    page.goto(f"/doe-mee/{vote.id}")
    assert axe(page) == [] and scrolls_sideways(page) == 0
    _tab_to(page, "input[name=project]")
    page.keyboard.press("Space")  # Moestuin, € 15.000
    expect(page.locator("[data-announce]")).to_contain_text("Gekozen: € 15.000 van € 40.000; nog € 25.000 over.")
    _tab_to(page, "button.button:not([data-preview])")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dank je: je stem is geteld.")).to_be_visible()
    page.screenshot(path="/tmp/wijkbudget_phone.png", full_page=True)


def test_the_results_follow_the_live_tallies_without_reloading(new_context, make_user, make_wijk, make_org):
    wijk = make_wijk("centrum", "Centrum")
    poster, anna = make_user("Gemeente"), make_user("Anna")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
    schuiver = _published(poster, "budgetschuiver", groen())

    page = new_context(viewport=PHONE).new_page()
    page.goto(f"/doe-mee/{schuiver.id}")
    results = page.locator("[data-live-results]")
    expect(results).to_have_attribute("data-connected", "true")
    expect(results.locator("caption")).to_contain_text("0 deelnemers")
    page.evaluate("window.__notReloaded = true")
    services.respond(anna, schuiver, {"amounts": {str(line.id): amount for line, amount in zip(
        schuiver.budget_lines, (40_000, 40_000, 20_000), strict=True)}})
    expect(results.locator("caption")).to_contain_text("1 deelnemer")
    expect(results.locator("tbody tr").first).to_contain_text("€ 40.000")
    assert page.evaluate("window.__notReloaded") is True


def test_the_gemeente_makes_a_wijkbudget_vote_on_a_phone_and_the_cut_off_shows_after_closing(
        new_context, make_user, make_wijk, make_org):
    wijk = make_wijk("centrum", "Centrum")
    poster, anna, bram = make_user("Gemeente"), make_user("Anna"), make_user("Bram")
    make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])

    page = new_context(viewport=PHONE).new_page()
    log_in(page, poster.email)
    page.goto("/doe-mee/nieuw?wijk=centrum&tool=budget_vote")
    page.locator("#f-title").fill("Wijkbudget Centrum")
    page.locator("#f-body").fill("Kies waar € 40.000 naartoe gaat.")
    page.locator("#f-decision_owner").fill("college van B&W")
    page.locator("#f-closes_at").fill("2040-01-31T17:00")
    page.locator("#f-vote_budget").fill("40.000")
    for i, (title, cost) in enumerate([("Moestuin", "15000"), ("Jeu-de-boulesbaan", "12000"), ("Bankjes", "8000"),
                                       ("Speeltoestel", "20000"), ("Buurtfeest", "3000"), ("Waterpunt", "6000")]):
        page.locator(f"#project{i}-title").fill(title)
        page.locator(f"#project{i}-cost").fill(cost)
    assert scrolls_sideways(page) == 0
    page.locator("button[value=save]").click()
    page.locator("form[action$='/publiceren'] button").click()
    vote = db.session.scalar(select(Participation).where(Participation.tool == "budget_vote"))
    assert vote.status == "open" and [p.cost for p in vote.projects][:2] == [15_000, 12_000]

    ids = {p.title: p.id for p in vote.projects}
    services.respond(anna, vote, {"projects": [ids["Speeltoestel"], ids["Moestuin"]]})
    services.respond(bram, vote, {"projects": [ids["Speeltoestel"], ids["Jeu-de-boulesbaan"], ids["Buurtfeest"]]})
    page.reload()
    page.locator("form[action$='/sluiten'] button").click()
    cut_off = page.locator("tr.cut-off")
    expect(cut_off).to_be_visible()
    # Speeltoestel (2 votes, € 20.000), then of the ties the cheaper first: Buurtfeest and Jeu-de-boulesbaan leave
    # € 5.000, so the line is drawn above the Moestuin (€ 15.000)
    expect(cut_off).to_contain_text("Moestuin")
    expect(page.locator("tr.funded")).to_have_count(3)
    assert scrolls_sideways(page) == 0
    page.screenshot(path="/tmp/wijkbudget_closed_phone.png", full_page=True)
