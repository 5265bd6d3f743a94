"""A synthetic Dutch corpus with planted themes (the theme tests, bench/theme_job.py): each text mixes words of
one theme, in varying forms, with words every theme shares and plenty of stop words."""
import random
from datetime import datetime, timedelta

PLANTED = {
    "verkeer": "hardrijders hardrijder snelheid drempel drempels flitspaal racen scooters kruispunt verkeersdrempel "
               "racet rijden",
    "afval": "zwerfvuil afval container containers vuilniszakken vuilniszak glasbak prikker rommel "
             "afvalbakken bijplaatsing",
    "spelen": "speeltuin speeltuinen schommel schommels glijbaan zandbak klimrek speeltoestellen trapveld kinderen "
              "spelen",
    "groen": "bomen boom kappen snoeien plantsoen bladeren groenstrook struiken bloemen beplanting",
    "parkeren": "parkeren parkeerplaats parkeerplaatsen parkeervergunning busjes bezoekers parkeerdruk "
                "geparkeerd garage laadpaal",
}
SHARED = ("vandaag gisteren buurt straat bewoners gemeente mensen week avond morgen idee vraag probleem "
          "weekend zomer winter hoek school winkel").split()
FILLER = "ik vind dat de het een en is er nog wel ook maar niet bij ons in op van voor met echt heel erg".split()


def planted_texts(n: int, *, seed: int = 1, themes=PLANTED, end: datetime | None = None, weeks: int = 8,
                  rising: str | None = None) -> list[tuple[str, str, datetime]]:
    """n (theme, text, created_at) triples; texts of theme `rising` fall mostly in the last two weeks."""
    rng = random.Random(seed)
    end = end or datetime(2026, 11, 30, 12, 0)
    names = sorted(themes)
    out = []
    for i in range(n):
        theme = names[i % len(names)]
        words = themes[theme].split()
        chosen = [rng.choice(words) for _ in range(rng.randint(4, 7))]
        chosen += [rng.choice(SHARED) for _ in range(rng.randint(2, 4))]
        chosen += [rng.choice(FILLER) for _ in range(rng.randint(5, 9))]
        rng.shuffle(chosen)
        text = " ".join(chosen).capitalize() + "."
        if theme == rising and rng.random() < 0.8:
            back = rng.uniform(0, 13.9)
        else:
            back = rng.uniform(0, weeks * 7 - 0.1)
        out.append((theme, text, end - timedelta(days=back)))
    return out
