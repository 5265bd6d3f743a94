"""The demo's voorzieningen in Waalwijk (DEMO DATA: names after real kinds of places, made-up addresses and
numbers in the area's format), each kept by a demo organisation."""
from sqlalchemy import select

from core.extensions import db
from core.transactions import unit_of_work
from places.models import Place
from places.services import create_place
from wijken.models import Wijk

PLACES = [
    {"wijk": "WK086700", "organisation": "contourdetwern", "kind": "buurthuis", "name": "Buurthuis De Els (demo)",
     "address": "Elzenlaan 1, 5144 AA Waalwijk", "lat": 51.6793, "lon": 5.0752, "phone": "0416 000 101",
     "email": "buurthuis@wijkpagina.example", "opening_hours": "ma-vr 9:00-17:00\nwo-avond 19:00-22:00"},
    {"wijk": "WK086700", "organisation": "gemeente-waalwijk", "kind": "bibliotheek",
     "name": "Bibliotheek Centrum (demo)",
     "address": "Grotestraat 10, 5141 AA Waalwijk", "lat": 51.6871, "lon": 5.0695, "phone": "0416 000 102",
     "website": "https://www.wijkpagina.example/bibliotheek", "opening_hours": "di-za 10:00-17:00"},
    {"wijk": "WK086700", "organisation": "politie-waalwijk", "kind": "spreekuur",
     "name": "Spreekuur wijkagent Besoijen (demo)",
     "address": "Besoijensestraat 5, 5142 AA Waalwijk", "lat": 51.6855, "lon": 5.0552, "phone": "0900 8844",
     "opening_hours": "elke donderdag 14:00-15:00"},
    {"wijk": "WK086700", "organisation": "gemeente-waalwijk", "kind": "speeltuin", "name": "Speeltuin Baardwijk (demo)",
     "address": "Baardwijkse Overlaat 2, 5143 AA Waalwijk", "lat": 51.6905, "lon": 5.0805},
    {"wijk": "WK086701", "organisation": "wijkraad-sprang-capelle", "kind": "buurthuis",
     "name": "Dorpshuis Sprang-Capelle (demo)", "address": "Kerkstraat 3, 5161 AA Sprang-Capelle", "lat": 51.6695,
     "lon": 5.0245, "phone": "0416 000 201", "email": "dorpshuis@wijkpagina.example",
     "opening_hours": "ma-za 9:00-22:00"},
    {"wijk": "WK086701", "organisation": "gemeente-waalwijk", "kind": "sporthal", "name": "Sporthal Sprang (demo)",
     "address": "Sportlaan 1, 5161 AB Sprang-Capelle", "lat": 51.6651, "lon": 5.0312, "phone": "0416 000 202"},
    {"wijk": "WK086702", "organisation": "contourdetwern", "kind": "huisarts",
     "name": "Huisartsenpraktijk Waspik (demo)",
     "address": "Raadhuisstraat 4, 5165 AA Waspik", "lat": 51.6848, "lon": 4.9462, "phone": "0416 000 301",
     "email": "praktijk@wijkpagina.example", "opening_hours": "ma-vr 8:00-17:00; spoed na 17:00: huisartsenpost"},
    {"wijk": "WK086702", "organisation": "gemeente-waalwijk", "kind": "school", "name": "Basisschool Waspik (demo)",
     "address": "Schoolstraat 2, 5165 AB Waspik", "lat": 51.6862, "lon": 4.9431, "phone": "0416 000 302"},
]


def load_demo_places() -> None:
    """Add the demo voorzieningen once (when none are there)."""
    if db.session.scalar(select(Place.id).limit(1)) is not None:
        return
    slugs = dict(db.session.execute(select(Wijk.cbs_code, Wijk.slug)).all())
    with unit_of_work():
        for spec in PLACES:
            if spec["wijk"] in slugs:
                create_place(None, spec | {"wijk": slugs[spec["wijk"]]}, trusted=True)
