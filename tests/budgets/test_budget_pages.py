"""The budget tools on the participation page without JavaScript: number fields and checkboxes, "Show totals"
answers with the totals and consequences without storing anything, a refused answer shows the page again with
what was typed and what is wrong (422), and the results after closing. Bounded queries."""
from sqlalchemy import func, select

from budgets.models import BudgetBallot, BudgetSubmission
from core.extensions import db
from participation import services as participations
from tests.querycount import count_queries

from .conftest import frame, groen, projects


def _published(world, tool, definition, **changes):
    participation = participations.create_participation(world.poster, frame(tool, definition, **changes))
    return participations.publish(world.poster, participation)


def _form(participation, *values, **extra) -> dict:
    return {f"line-{line.id}": str(v) for line, v in zip(participation.budget_lines, values, strict=True)} | extra


def test_a_resident_previews_and_sends_a_budget_without_javascript(client, login, world):
    participation = _published(world, "budgetschuiver", groen())
    pid = participation.id
    page = client.get(f"/doe-mee/{pid}").text
    assert "Log in" in page and 'type="number"' not in page
    login(world.anna)
    page = client.get(f"/doe-mee/{pid}").text
    assert 'type="number"' in page and 'step="5000"' in page and "budgets.js" in page
    assert "Veiligheidskeuringen zijn verplicht." in page and "110.000" in page

    preview = client.post(f"/doe-mee/{pid}/verdeling", data=_form(participation, 40_000, 40_000, 20_000,
                                                                  action="preview"))
    assert preview.status_code == 200
    assert "De speeltuin gaat één dag per week dicht." in preview.text and "100.000" in preview.text
    assert db.session.scalar(select(func.count()).select_from(BudgetSubmission)) == 0

    refused = client.post(f"/doe-mee/{pid}/verdeling", data=_form(participation, 50_000, 40_000, 20_000,
                                                                  explanation="Alles houden"))
    assert refused.status_code == 422
    assert "10.000" in refused.text and "Alles houden" in refused.text and 'value="50000"' in refused.text
    off_step = client.post(f"/doe-mee/{pid}/verdeling", data=_form(participation, 42_000, 38_000, 20_000))
    assert off_step.status_code == 422 and "has-error" in off_step.text
    assert db.session.scalar(select(func.count()).select_from(BudgetSubmission)) == 0

    sent = client.post(f"/doe-mee/{pid}/verdeling", data=_form(participation, 40_000, 40_000, 20_000),
                       follow_redirects=True)
    assert sent.status_code == 200 and "Je hebt meegedaan." in sent.text
    assert db.session.scalar(select(func.count()).select_from(BudgetSubmission)) == 1
    assert "Mediaan" in sent.text or "Median" in sent.text  # live results show the table


def test_a_resident_votes_within_the_budget_and_sees_the_cut_off_line_after_closing(client, login, world,
                                                                                     make_user):
    participation = _published(world, "budget_vote", projects(), results_visibility="after_closing")
    pid, ids = participation.id, [p.id for p in participation.projects]
    login(world.anna)
    page = client.get(f"/doe-mee/{pid}").text
    assert 'type="checkbox"' in page and "Achter de bibliotheek" in page and "<strong>kweken</strong>" in page
    over = client.post(f"/doe-mee/{pid}/stembiljet", data={"project": [str(ids[0]), str(ids[3]), str(ids[2])]})
    assert over.status_code == 422 and "43.000" in over.text and "checked" in over.text
    assert db.session.scalar(select(func.count()).select_from(BudgetBallot)) == 0
    sent = client.post(f"/doe-mee/{pid}/stembiljet", data={"project": [str(ids[0]), str(ids[1])]},
                       follow_redirects=True)
    assert sent.status_code == 200 and db.session.scalar(select(func.count()).select_from(BudgetBallot)) == 1
    for user, chosen in ((world.bram, [ids[3], ids[0]]), (world.cor, [ids[3], ids[4]]),
                         (make_user("Dirk"), [ids[1], ids[4]])):
        participations.respond(user, participation, {"projects": chosen})
    participations.close(world.poster, participation)
    page = client.get(f"/doe-mee/{pid}").text
    assert "cut-off" in page and "Jeu-de-boulesbaan" in page


def test_the_page_takes_a_bounded_number_of_queries(app, client, login, world, make_user):
    participation = _published(world, "budgetschuiver", groen())
    for user in (world.bram, world.cor, make_user("Dirk")):
        participations.respond(user, participation, {"amounts": {str(line.id): line.current - (
            10_000 if line.position == 0 else 0) for line in participation.budget_lines}})
    login(world.anna)
    with count_queries(app) as statements:
        assert client.get(f"/doe-mee/{participation.id}").status_code == 200
    assert len(statements) <= 20, "\n".join(s[:100] for s in statements)
