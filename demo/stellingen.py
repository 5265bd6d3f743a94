"""The demo's stellingen set: the gemeente asks Waalwijk about traffic. It starts with ten stellingen of the
gemeente (so nobody faces an empty page); six residents have voted, in two camps that agree on safety near the
school, so the opinion groups and the broadly supported stellingen show at once. One resident's stelling is
published, another waits for review by the gemeente or the coordinator."""
from datetime import datetime, timedelta

from participation import services as participations
from stellingen import services as stellingen

SET = {"tool": "stellingen", "wijken": ["waalwijk"], "organisation": "gemeente-waalwijk",
       "title": "Verkeer in Waalwijk: wat vind jij?",
       "body": "De gemeente maakt een nieuw verkeersplan voor Waalwijk. Zeg bij elke stelling of je het eens of "
               "oneens bent, of sla hem over. Na zeven stemmen zie je welke groepen er zijn en waar iedereen het "
               "over eens is. Mis je een stelling? Voeg hem toe.",
       "level": "raadplegen", "decision_owner": "college van B&W",
       "kaders": "Het plan gaat over de straten binnen de ring; de provinciale wegen vallen erbuiten.",
       "definition": {"statements": [
           "Er moet een zebrapad komen bij de basisschool aan de Akkerlaan.",
           "In heel Waalwijk-centrum moet je 30 km per uur rijden.",
           "Er zijn te weinig parkeerplaatsen in het centrum.",
           "Fietsers moeten voorrang krijgen op de Grotestraat.",
           "Vrachtwagens horen niet in de woonstraten.",
           "Parkeren in het centrum moet gratis blijven.",
           "De Grotestraat moet autovrij worden.",
           "Er moeten meer drempels komen in de woonstraten.",
           "De bus moet vaker door de wijk rijden.",
           "Auto's moeten het centrum makkelijk kunnen bereiken.",
       ]}}
OWNER = "sanne"
# The two camps: the first agrees with stellingen 2, 4, 5, 7, 8 (slow traffic), the second with 3, 6, 10 (cars);
# both agree with 1 (the zebra crossing) and 9 (the bus).
SLOW = (1, 1, -1, 1, 1, -1, 1, 1, 1, -1)
CARS = (1, -1, 1, -1, 0, 1, -1, -1, 1, 1)
VOTERS = {"anouk": SLOW, "lotte": SLOW, "kees": SLOW, "jeroen": CARS, "fatma": CARS, "bram": CARS}
PUBLISHED = ("lotte", "Er moeten meer bankjes langs de looproute naar het centrum.")
WAITING = ("jeroen", "De markt moet naar de parkeerplaats bij het stadhuis.")


def create_stellingen(users, now: datetime) -> None:
    owner = users[OWNER]
    statement_set = participations.create_participation(owner, SET | {"closes_at": now + timedelta(days=42)})
    participations.publish(owner, statement_set)
    seeds = list(statement_set.statements)
    for key, values in VOTERS.items():
        for statement, value in zip(seeds, values, strict=True):
            stellingen.vote(users[key], statement, {"value": value, "important": value == 1 and statement is seeds[0]})
    author, text = PUBLISHED
    stellingen.review_statement(owner, stellingen.add_statement(users[author], statement_set, {"text": text}),
                                {"action": "approve"})
    author, text = WAITING
    stellingen.add_statement(users[author], statement_set, {"text": text})
    statement_set.statement_set.groups_requested_at = None  # the last votes' groups, now
    stellingen.request_groups(statement_set)
