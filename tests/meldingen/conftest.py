import pytest

from meldingen import categories


@pytest.fixture
def world(make_user, make_wijk, make_org):
    class World:
        pass
    w = World()
    w.wijk = make_wijk("besoijen", "Besoijen")
    w.handler = make_user("Gemeente Medewerker")
    w.org = make_org("gemeente", "gemeente", wijken=[w.wijk], members=[w.handler])
    w.casade_staff = make_user("Casade Medewerker")
    w.casade = make_org("casade", "woningcorporatie", wijken=[w.wijk], members=[w.casade_staff])
    w.anna, w.bram, w.cor = make_user("Anna"), make_user("Bram"), make_user("Cor")
    w.lights = categories.save_category({"municipality": "Teststad", "slug": "straatverlichting",
                                         "name": "Straatverlichting", "organisation": "gemeente", "target_days": 5})
    w.waste = categories.save_category({"municipality": "Teststad", "slug": "afval", "name": "Afval",
                                        "organisation": "gemeente", "target_days": 3})
    return w


def melding(**changes) -> dict:
    return {"category": "straatverlichting", "lat": 51.05, "lon": 5.05, "body": "De lantaarnpaal is kapot.",
            "location": "bij nummer 12"} | changes
