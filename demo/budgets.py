"""The budget tools in the Waalwijk demo: the gemeente's budgetschuiver for the groenbudget of the centrum (five
lines with consequences, € 250.000 where today's plans cost € 270.000) and a wijkbudget vote of € 40.000 with
six projects (the moestuin made from the idea round's "Een moestuin voor de buurt"), each with residents'
answers so the results show."""
from datetime import datetime, timedelta

from sqlalchemy import select

from core.extensions import db
from ideas.models import Idea
from participation import services as participations

OWNER = "sanne"
FRAME = {"wijken": ["waalwijk"], "organisation": "gemeente-waalwijk", "level": "adviseren",
         "decision_owner": "gemeenteraad", "results_visibility": "after_answering"}

GROENBUDGET = FRAME | {
    "tool": "budgetschuiver", "title": "Groenbudget centrum 2027: waar gaat het geld heen?",
    "body": "Voor het groen in het centrum is in 2027 € 250.000 beschikbaar. De plannen van nu kosten € 270.000, "
            "dus er moet € 20.000 af. Schuif met de bedragen en zie wat dat betekent. De gemeenteraad neemt "
            "jouw verdeling mee bij de begroting.",
    "kaders": "Het totaal is € 250.000. Voor onderhoud van bomen en speeltoestellen gelden wettelijke minimums.",
    "definition": {"total": 250_000, "rule": "balance", "first_year": 2027, "lines": [
        {"label": "Speeltuinen", "current": 70_000, "minimum": 40_000, "maximum": 100_000, "step": 5_000,
         "minimum_reason": "Speeltoestellen moeten volgens de wet jaarlijks worden gekeurd.",
         "consequences": [{"delta": -10_000, "text": "De speeltuin aan de Grotestraat gaat één dag per week dicht."},
                          {"delta": -20_000, "text": "Eén van de drie speeltuinen gaat dicht."},
                          {"delta": 10_000, "text": "Er komt een nieuw klimtoestel in het Wilhelminapark."}]},
        {"label": "Bomen", "current": 80_000, "minimum": 50_000, "maximum": 110_000, "step": 5_000,
         "minimum_reason": "Het snoeien van bomen langs wegen is verplicht voor de veiligheid.",
         "consequences": [{"delta": -15_000, "text": "Er worden dit jaar geen nieuwe bomen geplant."},
                          {"delta": 15_000, "text": "Er komen twintig nieuwe bomen op de Markt."}]},
        {"label": "Bloembakken en perken", "current": 40_000, "minimum": 0, "maximum": 60_000, "step": 2_000,
         "consequences": [{"delta": -20_000, "text": "De helft van de bloembakken verdwijnt."},
                          {"delta": -40_000, "text": "Er zijn geen bloembakken meer in het centrum."},
                          {"delta": 10_000, "text": "Ook de zijstraten krijgen bloembakken."}]},
        {"label": "Onderhoud grasvelden", "current": 50_000, "minimum": 30_000, "maximum": 70_000, "step": 5_000,
         "consequences": [{"delta": -10_000, "text": "Het gras wordt één keer per maand gemaaid in plaats van twee."},
                          {"delta": 10_000, "text": "Grasvelden worden ook na de zomer bijgezaaid."}]},
        {"label": "Geveltuinen en buurtgroen", "current": 30_000, "minimum": 0, "maximum": 50_000, "step": 2_000,
         "consequences": [{"delta": -10_000, "text": "Bewoners krijgen geen geveltuin-pakket meer."},
                          {"delta": 10_000, "text": "Tien straten krijgen hulp bij het vergroenen."}]},
    ]},
}
# Residents' distributions (Speeltuinen, Bomen, Bloembakken, Grasvelden, Geveltuinen): each adds up to 250.000.
DISTRIBUTIONS = [("anouk", (70_000, 80_000, 30_000, 40_000, 30_000)),
                 ("jeroen", (60_000, 90_000, 30_000, 40_000, 30_000)),
                 ("lotte", (70_000, 75_000, 40_000, 35_000, 30_000))]

WIJKBUDGET = FRAME | {
    "tool": "budget_vote", "level": "meebeslissen", "decision_owner": "college van B&W",
    "title": "Wijkbudget centrum: kies mee waar € 40.000 naartoe gaat",
    "body": "Bewoners hebben ideeën ingediend voor het centrum. Kies de projecten die jij wilt, samen binnen "
            "€ 40.000. De projecten met de meeste stemmen krijgen het geld, zolang het op is.",
    "kaders": "De projecten zijn getoetst op haalbaarheid en kosten.",
    "definition": {"budget": 40_000, "rule": "knapsack", "projects": [
        {"title": "Moestuin achter de bibliotheek", "cost": 12_000, "location": "Bibliotheek, Grotestraat",
         "body": "Een gezamenlijke moestuin met bakken op hoogte, ook voor rolstoelgebruikers."},
        {"title": "Jeu-de-boulesbaan in het Wilhelminapark", "cost": 9_000, "location": "Wilhelminapark"},
        {"title": "Zes nieuwe bankjes langs de Haven", "cost": 7_500, "location": "Haven"},
        {"title": "Speeltoestel voor kinderen met een beperking", "cost": 18_000, "location": "Speeltuin Markt",
         "body": "Een draaischijf waar je met een rolstoel op kunt."},
        {"title": "Buurtfeest op de Markt", "cost": 4_000, "location": "Markt"},
        {"title": "Waterpunt voor fietsers en wandelaars", "cost": 6_000, "location": "Stationsstraat"},
    ]},
}
FROM_IDEA = "Een moestuin voor de buurt"
BALLOTS = [("anouk", (0, 3, 4)), ("jeroen", (3, 1, 2)), ("lotte", (0, 1, 4, 5))]


def create_budgets(users, now: datetime) -> None:
    owner = users[OWNER]
    schuiver = participations.create_participation(owner, GROENBUDGET | {"closes_at": now + timedelta(days=28)})
    participations.publish(owner, schuiver)
    for user_key, amounts in DISTRIBUTIONS:
        participations.respond(users[user_key], schuiver, {"amounts": {
            str(line.id): amount for line, amount in zip(schuiver.budget_lines, amounts, strict=True)}})
    garden = db.session.scalar(select(Idea.id).where(Idea.title == FROM_IDEA))  # demo.ideas made it
    definition = WIJKBUDGET["definition"] | {"projects": [
        project | ({"idea": garden} if garden and project["title"].startswith("Moestuin") else {})
        for project in WIJKBUDGET["definition"]["projects"]]}
    vote = participations.create_participation(owner, WIJKBUDGET | {"closes_at": now + timedelta(days=21),
                                                                     "definition": definition})
    participations.publish(owner, vote)
    for user_key, picks in BALLOTS:
        participations.respond(users[user_key], vote, {"projects": [vote.projects[i].id for i in picks]})
