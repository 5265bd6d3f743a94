"""The gemeente creates and changes a budgetschuiver and a wijkbudget vote in the participation editor, without
JavaScript: rows of lines with their consequences, rows of projects, ideas of the wijk's idea rounds taken in as
projects; a bad form is a 422 with the errors beside the rows and nothing stored; after the first answer the lines
and projects no longer change. On SQLite and PostgreSQL."""
from sqlalchemy import func, select

from budgets.models import BudgetLine, BudgetProject
from core.extensions import db
from ideas import services as ideas
from participation import services as participations
from participation.models import Participation

from .conftest import frame, groen, projects

FRAME = {"title": "Begroting Centrum 2027", "body": "Hoe verdelen we het geld?", "level": "adviseren",
         "decision_owner": "gemeenteraad", "closes_at": "2040-01-31T17:00", "eligibility": "account",
         "identity": "pseudonymous", "results_visibility": "after_closing", "organisation": "gemeente",
         "wijken": "centrum", "action": "save"}
LINES = [("Speeltuinen", "50.000", "30.000", "70.000", "5.000", "Keuringen zijn verplicht.",
          "-10000: De speeltuin gaat één dag per week dicht.\n−20.000: Twee speeltuinen gaan dicht."),
         ("Bomen", "40000", "20000", "60000", "5000", "", "+10000: Twintig nieuwe bomen."),
         ("Bloembakken", "20000", "0", "30000", "1000", "", ""),
         ("Straatverlichting", "30000", "30000", "40000", "5000", "Contract tot 2029.", ""),
         ("Buurthuis", "10000", "0", "20000", "1000", "", "-10000: Het buurthuis sluit.")]


def _schuiver_form(lines=LINES, **changes) -> dict:
    form = FRAME | {"tool": "budgetschuiver", "budget_total": "150000", "budget_rule": "balance",
                    "first_year": "2027", "line_rows": str(len(lines) + 2)}
    for i, line in enumerate(lines):
        form |= dict(zip((f"line{i}-{name}" for name in ("label", "current", "minimum", "maximum", "step",
                                                          "minimum_reason", "consequences")), line, strict=True))
    return form | changes


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_the_gemeente_creates_a_budgetschuiver_with_lines_and_consequences(client, login, world):
    login(world.poster)
    page = client.get("/doe-mee/nieuw?wijk=centrum&tool=budgetschuiver")
    assert page.status_code == 200
    assert 'name="line0-label"' in page.text and 'name="budget_total"' in page.text
    assert "tool=budget_vote" in client.get("/doe-mee/nieuw?wijk=centrum").text  # offered among the tools
    assert "huishoudens met een code uit een brief" in page.text  # one ballot per verified address

    more = client.post("/doe-mee/nieuw?wijk=centrum", data=_schuiver_form(action="more"))
    assert more.status_code == 200 and 'name="line9-label"' in more.text and 'value="Buurthuis"' in more.text
    assert _count(Participation) == 0

    created = client.post("/doe-mee/nieuw?wijk=centrum", data=_schuiver_form())
    assert created.status_code == 302, created.text
    participation = db.session.scalar(select(Participation))
    assert participation.tool == "budgetschuiver" and participation.status == "draft"
    assert (participation.budget.total, participation.budget.rule, participation.budget.first_year) == \
        (150_000, "balance", 2027)
    play = participation.budget_lines[0]
    assert (play.label, play.current, play.minimum, play.maximum, play.step) == \
        ("Speeltuinen", 50_000, 30_000, 70_000, 5_000)
    assert [(c.delta, c.text) for c in play.consequences] == [(-20_000, "Twee speeltuinen gaan dicht."),
                                                            (-10_000, "De speeltuin gaat één dag per week dicht.")]
    assert len(participation.budget_lines) == 5

    edit = client.get(f"/doe-mee/{participation.id}/bewerken").text
    assert 'value="Straatverlichting"' in edit and "-20000: Twee speeltuinen gaan dicht." in edit


def test_a_bad_budget_form_is_a_422_beside_the_row_and_stores_nothing(client, login, world):
    login(world.poster)
    bad_step = [LINES[0][:4] + ("7000",) + LINES[0][5:], *LINES[1:]]
    refused = client.post("/doe-mee/nieuw?wijk=centrum", data=_schuiver_form(bad_step))
    assert refused.status_code == 422
    assert "whole steps" in refused.text or "hele stappen" in refused.text
    assert 'value="Buurthuis"' in refused.text and 'value="7000"' in refused.text  # what was typed stays
    bad_consequence = [LINES[0][:6] + ("-3000: Een beetje minder.",), *LINES[1:]]
    refused = client.post("/doe-mee/nieuw?wijk=centrum", data=_schuiver_form(bad_consequence))
    assert refused.status_code == 422 and ("Consequence 1" in refused.text or "Gevolg 1" in refused.text)
    for changes in ({"budget_total": "veel"}, {"budget_total": "999999"}, {"budget_rule": "sometimes"},
                    {"line_rows": "1"}):
        refused = client.post("/doe-mee/nieuw?wijk=centrum", data=_schuiver_form(**changes))
        assert refused.status_code == 422, changes
        assert "field-error" in refused.text
    assert _count(Participation) == 0 and _count(BudgetLine) == 0


def test_the_lines_no_longer_change_after_the_first_distribution(client, login, world):
    participation = participations.create_participation(world.poster, frame("budgetschuiver", groen()))
    participations.publish(world.poster, participation)
    login(world.poster)
    form = _schuiver_form(LINES[:3], budget_total="100000", title="Groenbudget")
    assert client.post(f"/doe-mee/{participation.id}/bewerken", data=form).status_code == 302
    assert [line.label for line in participation.budget_lines] == ["Speeltuinen", "Bomen", "Bloembakken"]
    participations.respond(world.anna, participation, {"amounts": {
        str(line.id): amount for line, amount in zip(participation.budget_lines, (45_000, 40_000, 15_000),
                                                     strict=True)}})
    edit = client.get(f"/doe-mee/{participation.id}/bewerken").text
    assert 'name="line0-label"' not in edit
    changed = client.post(f"/doe-mee/{participation.id}/bewerken", data=form | {"title": "Nieuwe titel"})
    assert changed.status_code == 302
    db.session.refresh(participation)
    assert participation.title == "Nieuwe titel" and participation.budget.total == 100_000


def _idea_round(world):
    round_ = participations.create_participation(world.poster, frame(
        "ideas", {"threshold": 2, "response_days": 14}, title="Ideeën voor het centrum"))
    participations.publish(world.poster, round_)
    garden = ideas.submit_idea(world.anna, round_, {"title": "Moestuin bij de bieb", "body": "Samen **kweken**.",
                                                    "location": "Achter de bibliotheek"})
    benches = ideas.submit_idea(world.bram, round_, {"title": "Bankjes op het plein", "body": "Om te rusten."})
    rejected = ideas.submit_idea(world.cor, round_, {"title": "Een parkeergarage", "body": "Meer plek."})
    ideas.answer_idea(world.poster, rejected, {"state": "rejected", "body": "Past niet in het plan."})
    return garden, benches, rejected


def _vote_form(rows, **changes) -> dict:
    form = FRAME | {"tool": "budget_vote", "vote_budget": "40.000", "vote_rule": "knapsack",
                    "project_rows": str(len(rows))}
    for i, row in enumerate(rows):
        form |= {f"project{i}-{name}": value for name, value in row.items()}
    return form | changes


def test_the_gemeente_makes_a_vote_with_projects_and_ideas_of_the_wijk(client, login, world):
    garden, benches, rejected = _idea_round(world)
    login(world.poster)
    page = client.get("/doe-mee/nieuw?wijk=centrum&tool=budget_vote").text
    assert "Moestuin bij de bieb" in page and "Een parkeergarage" not in page  # rejected ideas are not offered

    rows = [{"title": "Jeu-de-boulesbaan", "cost": "12000", "location": "Park"}]
    taken = client.post("/doe-mee/nieuw?wijk=centrum", data=_vote_form(rows, action="ideas") | {
        "add_idea": [str(garden.id), str(benches.id)]})
    assert taken.status_code == 200 and 'value="Moestuin bij de bieb"' in taken.text
    assert f'name="project1-idea" value="{garden.id}"' in taken.text
    assert _count(Participation) == 1  # the idea round only

    no_cost = rows + [{"title": "Moestuin bij de bieb", "cost": "", "idea": str(garden.id)}]
    refused = client.post("/doe-mee/nieuw?wijk=centrum", data=_vote_form(no_cost))
    assert refused.status_code == 422 and _count(BudgetProject) == 0
    sneaked = rows + [{"title": "", "cost": "5000", "idea": str(rejected.id)}]
    assert client.post("/doe-mee/nieuw?wijk=centrum", data=_vote_form(sneaked)).status_code == 422

    rows += [{"title": "", "cost": "15000", "idea": str(garden.id)},
             {"title": "Bankjes", "cost": "8000", "idea": str(benches.id)},
             {"title": "Speeltoestel", "cost": "20000"}, {"title": "Buurtfeest", "cost": "3000"},
             {"title": "Bloembakken", "cost": "5000"}]
    created = client.post("/doe-mee/nieuw?wijk=centrum", data=_vote_form(rows))
    assert created.status_code == 302, created.text
    vote = db.session.scalar(select(Participation).where(Participation.tool == "budget_vote"))
    assert (vote.vote.budget, vote.vote.rule, len(vote.projects)) == (40_000, "knapsack", 6)
    from_idea = vote.projects[1]
    assert (from_idea.title, from_idea.location, from_idea.idea_id) == \
        ("Moestuin bij de bieb", "Achter de bibliotheek", garden.id)
    assert "<strong>kweken</strong>" in from_idea.body_html
    assert vote.projects[2].title == "Bankjes"  # a title given wins over the idea's
    assert f"/doe-mee/{vote.id}/bewerken" in client.get(f"/doe-mee/{vote.id}").text
    round_id = garden.participation_id  # a tool without its part of the form offers no change link
    assert f"/doe-mee/{round_id}/bewerken" not in client.get(f"/doe-mee/{round_id}").text


def test_an_idea_of_another_wijk_or_a_hidden_one_is_refused_through_the_api(api, world, make_wijk):
    garden, _benches, rejected = _idea_round(world)
    make_wijk("noord", "Noord")
    world.org.wijken.append(db.session.scalar(select(type(world.wijk)).where(type(world.wijk).slug == "noord")))
    db.session.commit()
    definition = projects(projects=[{"idea": garden.id, "cost": 15_000}, {"title": "Bankjes", "cost": 8_000}])
    elsewhere = api.as_user(world.poster).post("/api/v1/participations",
                                               json=frame("budget_vote", definition, wijken=["noord"]))
    assert elsewhere.status_code == 422 and "definition.projects.0.idea" in elsewhere.json["error"]["fields"]
    for idea in (rejected.id, 999_999):
        refused = api.as_user(world.poster).post("/api/v1/participations", json=frame("budget_vote", projects(
            projects=[{"idea": idea, "cost": 15_000}, {"title": "Bankjes", "cost": 8_000}])))
        assert refused.status_code == 422 and "definition.projects.0.idea" in refused.json["error"]["fields"]
    created = api.as_user(world.poster).post("/api/v1/participations", json=frame("budget_vote", definition))
    assert created.status_code == 201, created.json
    assert created.json["definition"]["projects"][0]["idea_id"] == garden.id
    assert created.json["definition"]["projects"][0]["title"] == "Moestuin bij de bieb"


def test_a_funded_project_from_an_idea_becomes_its_result_item(api, world):
    garden, benches, _rejected = _idea_round(world)
    vote = participations.create_participation(world.poster, frame("budget_vote", projects(projects=[
        {"idea": garden.id, "cost": 15_000}, {"idea": benches.id, "cost": 30_000}])))
    participations.publish(world.poster, vote)
    participations.respond(world.anna, vote, {"projects": [vote.projects[0].id]})
    participations.respond(world.bram, vote, {"projects": [vote.projects[1].id]})
    participations.respond(world.cor, vote, {"projects": [vote.projects[1].id]})
    participations.close(world.poster, vote)
    participations.publish_outcome(world.poster, vote, {"decision": "adopted", "body": "Uitvoeren."})
    db.session.refresh(garden)
    db.session.refresh(benches)
    assert benches.result_item is not None and benches.result_item.title == "Bankjes op het plein"
    assert garden.result_item is None  # € 15.000 no longer fits after € 30.000


def test_the_officer_screen_enters_paper_distributions_and_ballots_with_their_origin(client, login, world):
    schuiver = participations.create_participation(world.poster, frame("budgetschuiver", groen()))
    participations.publish(world.poster, schuiver)
    vote = participations.create_participation(world.poster, frame("budget_vote", projects(), title="Wijkbudget"))
    participations.publish(world.poster, vote)
    login(world.poster)
    page = client.get(f"/doe-mee/{schuiver.id}/invoeren").text
    play, trees, flowers = schuiver.budget_lines
    assert f'name="line-{play.id}"' in page
    amounts = {f"line-{play.id}": "40000", f"line-{trees.id}": "40000", f"line-{flowers.id}": "20000"}
    refused = client.post(f"/doe-mee/{schuiver.id}/invoeren", data=amounts | {
        "origin": "paper", "count": "1", f"line-{play.id}": "50000"})  # € 10.000 too much
    assert refused.status_code == 200 and "field-error" in refused.text and 'value="50000"' in refused.text
    assert client.post(f"/doe-mee/{schuiver.id}/invoeren", data=amounts | {"origin": "paper", "count": "2"}
                       ).status_code == 302
    ids = {p.title: str(p.id) for p in vote.projects}
    over = client.post(f"/doe-mee/{vote.id}/invoeren", data={"origin": "booth", "count": "1", "project": [
        ids["Speeltoestel"], ids["Moestuin"], ids["Jeu-de-boulesbaan"]]})
    assert over.status_code == 200 and "field-error" in over.text
    assert client.post(f"/doe-mee/{vote.id}/invoeren", data={"origin": "booth", "count": "3", "project": [
        ids["Speeltoestel"], ids["Moestuin"]]}).status_code == 302
    db.session.expire_all()
    assert participations.results(schuiver)["origins"]["paper"] == 2
    tally = participations.results(vote)
    assert tally["origins"]["booth"] == 3 and tally["participant_count"] == 3
    assert {p["title"]: p["votes"] for p in tally["projects"]}["Speeltoestel"] == 3
