"""The demo's idea round: the gemeente asks Waalwijk how to make the Akkerlaanplein greener. Residents have
submitted and supported ideas; one reached the threshold and was adopted, one is being considered, and the
gemeente keeps a saved answer for ideas outside the budget. "Bomen planten op het Akkerlaanplein" is offered
the similar idea that is already there."""
from datetime import datetime, timedelta

from ideas import services as ideas
from participation import services as participations

ROUND = {"tool": "ideas", "wijken": ["waalwijk"], "organisation": "gemeente-waalwijk",
         "title": "Hoe maken we het Akkerlaanplein groener?",
         "body": "Het Akkerlaanplein is nu vooral steen. Wat wil jij er zien: bomen, een moestuin, bankjes in de "
                 "schaduw? Dien je idee in of steun het idee van een buur. Elk idee krijgt een antwoord.",
         "level": "adviseren", "decision_owner": "college van B&W",
         "kaders": "Er is € 60.000 voor het plein. De markt op zaterdag blijft.",
         "definition": {"threshold": 3, "response_days": 21}}
OWNER = "sanne"
# (author, title, text, location, supporters)
IDEAS = [
    ("anouk", "Meer bomen op het Akkerlaanplein", "Vier lindes aan de zonkant geven schaduw op warme dagen.",
     "zonkant van het plein", ("jeroen", "lotte", "kees")),
    ("jeroen", "Een moestuin voor de buurt", "Bakken met groente en kruiden die we samen bijhouden.",
     "bij de speeltuin", ("anouk",)),
    ("lotte", "Bankjes in de schaduw", "Ouderen willen even kunnen zitten na de markt.", "", ("anouk", "kees")),
    ("kees", "Een waterpartij met fonteinen", "Spelen met water in de zomer.", "midden op het plein", ()),
]
TEMPLATE = {"title": "Buiten het budget", "state": "rejected",
            "body": "Een goed idee, maar het past niet in de € 60.000 voor het plein. We bewaren het voor later."}


def create_ideas(users, now: datetime) -> None:
    owner = users[OWNER]
    round_ = participations.create_participation(owner, ROUND | {"closes_at": now + timedelta(days=28)})
    participations.publish(owner, round_)
    made = []
    for author, title, body, location, supporters in IDEAS:
        idea = ideas.submit_idea(users[author], round_, {"title": title, "body": body, "location": location})
        for key in supporters:
            ideas.support(users[key], idea)
        made.append(idea)
    ideas.answer_idea(owner, made[0], {"state": "adopted", "body": "Goed idee: in het voorjaar planten we vier "
                                                                   "lindes aan de zonkant."})
    ideas.answer_idea(owner, made[2], {"state": "in_review", "body": "We kijken met de marktmeester waar "
                                                                     "bankjes kunnen staan."})
    ideas.save_template(owner, round_, TEMPLATE)
