"""The demo's moodboard: the gemeente asks Waalwijk how the playground on the Akkerlaan should become, with a
design drawing; residents pinned images and comments on the drawing and gave their dots."""
from datetime import datetime, timedelta

from moodboard import services as boards
from participation import services as participations

from . import pictures

BOARD = {"tool": "moodboard", "wijken": ["waalwijk"], "organisation": "gemeente-waalwijk",
         "title": "Speeltuin Akkerlaan: hoe moet hij worden?",
         "body": "De speeltuin aan de Akkerlaan wordt volgend jaar vernieuwd. Laat zien wat jij mooi vindt: pin "
                 "foto's van speeltuinen, banken en groen die je ergens zag, en geef je stippen aan de plaatjes "
                 "die jij het best vindt. Op de ontwerptekening kun je ook een plek aanwijzen met je opmerking.",
         "level": "adviseren", "decision_owner": "college van B&W",
         "kaders": "Het budget is € 80.000. De speeltuin blijft even groot; de bomen aan de rand blijven staan.",
         "results_visibility": "live",
         "definition": {"categories": ["Spelen", "Groen", "Zitten", "Water"], "dots_per_person": 5,
                        "max_per_pin": 2}}
OWNER = "sanne"
DRAWING_ALT = ("Ontwerptekening van bovenaf: een pad door het midden, links boven een zandbak, rechts boven een "
               "klimrek, links onder glijbaan en schommels, rechts onder bomen, twee bankjes langs het pad")
# (author, scene, category, alt, caption)
PINS = [
    ("anouk", "climbing_frame", "Spelen", "Een blauw klimrek met een geel dak op zand",
     "Zo'n klimrek, waar ook de grotere kinderen op kunnen."),
    ("jeroen", "water_play", "Water", "Een ondiepe waterspeelplaats met een pomp",
     "Water om mee te spelen in de zomer, net als in het Wilhelminapark."),
    ("lotte", "picnic_table", "Zitten", "Een houten picknicktafel met twee banken op het gras",
     "Een picknicktafel, zodat ouders ook kunnen blijven."),
    ("anouk", "greenery", "Groen", "Bomen en bloeiende struiken rond een grasveld",
     "Meer bloemen en struiken, dan is het ook mooi voor de bijen."),
    ("kees", "swings", "Spelen", "Een schommelrek met twee oranje schommels", "Schommels mogen niet ontbreken!"),
    ("jeroen", "sandpit", "Spelen", "Een ronde zandbak met emmertjes", "Een zandbak voor de kleintjes."),
    ("lotte", "bench", "Zitten", "Een houten bank onder een boom", "Bankjes in de schaduw."),
]
# (author, x, y, caption): comments on points of the drawing
NOTES = [
    ("jeroen", 0.20, 0.26, "Zet hier een hek om de zandbak, dan blijven de honden eruit."),
    ("anouk", 0.50, 0.50, "Het pad moet breed genoeg zijn voor een kinderwagen en een rolstoel."),
    ("kees", 0.84, 0.76, "Laat deze bomen staan: de enige schaduw op warme dagen."),
]
# (voter, pin number in PINS, dots)
DOTS = [("anouk", 1, 2), ("anouk", 2, 2), ("anouk", 6, 1), ("jeroen", 0, 2), ("jeroen", 1, 1), ("jeroen", 4, 2),
        ("lotte", 1, 2), ("lotte", 3, 1), ("lotte", 0, 1), ("kees", 2, 1), ("kees", 5, 2), ("bram", 1, 1)]


def create_moodboard(users, now: datetime) -> None:
    owner = users[OWNER]
    board = participations.create_participation(owner, BOARD | {"closes_at": now + timedelta(days=28),
                                                                "feedback_due": now + timedelta(days=56)})
    participations.publish(owner, board)
    boards.set_drawing(owner, board, pictures.jpeg("design_drawing"), DRAWING_ALT)
    categories = {c.label: c.id for c in board.board.categories}
    pins = [boards.add_pin(users[author], board, {"caption": caption, "alt": alt, "category": categories[category],
                                                  "anyway": True}, pictures.jpeg(scene))
            for author, scene, category, alt, caption in PINS]
    for author, x, y, caption in NOTES:
        boards.add_pin(users[author], board, {"caption": caption, "x": x, "y": y})
    for voter, number, count in DOTS:
        boards.set_dots(users[voter], pins[number], board, count)
