"""The themes demo: each wijk's ideeënbus (a standing idea round of the gemeente) with residents' ideas of the past
eight weeks about traffic, litter, play, green, parking and meeting places, fireworks rising in the last two
weeks; then the themes job runs, so /inzichten/themas shows themes from the first start."""
from datetime import datetime, timedelta

from core.transactions import commit
from ideas import services as ideas
from participation import services as participations
from themes import services as themes

OWNER = "sanne"
RESIDENTS = ("marieke", "anouk", "jeroen", "fatma", "lotte", "kees", "henk", "bram")
WIJKEN = {"waalwijk": "Waalwijk", "sprang-capelle": "Sprang-Capelle", "waspik": "Waspik"}
WEEKS = 8
RISING = "vuurwerk"
# theme -> (title, text) of residents' ideas
IDEAS = {
    "verkeer": [
        ("Drempels tegen hardrijders", "Auto's rijden veel te hard door onze straat. Drempels of een flitspaal "
                                       "zouden helpen, vooral bij de school."),
        ("Veilig oversteken bij de school", "Kinderen steken over bij het kruispunt waar auto's te hard rijden. "
                                            "Een zebrapad en een drempel maken het veiliger."),
        ("Minder hard rijden", "Scooters en auto's racen 's avonds over de weg. Een snelheidsbord of "
                               "verkeersdrempels graag."),
        ("Kruispunt overzichtelijker", "Het kruispunt is onoverzichtelijk en er wordt hard gereden. Maak er een "
                                       "plateau met een drempel van."),
        ("Snelheid omlaag", "Dertig kilometer per uur in de hele wijk, met drempels, zodat hardrijders afremmen."),
    ],
    "afval": [
        ("Meer afvalbakken", "Er ligt veel zwerfvuil langs het fietspad. Meer afvalbakken en vaker legen helpt."),
        ("Opruimactie zwerfvuil", "Laten we samen met prikkers het zwerfvuil opruimen. De gemeente kan vuilniszakken "
                                  "en prikkers lenen."),
        ("Container vaker legen", "De container bij de flat zit steeds vol en er staan vuilniszakken naast. Vaker "
                                  "legen graag."),
        ("Glasbak schoonhouden", "Rond de glasbak ligt glas en rommel. Een extra afvalbak en controle helpen."),
        ("Zwerfvuil bij de bushalte", "Bij de bushalte waait het zwerfvuil de struiken in. Een afvalbak met deksel "
                                      "graag."),
    ],
    "spelen": [
        ("Nieuwe schommels in de speeltuin", "De schommels in de speeltuin zijn kapot. Kinderen willen weer spelen: "
                                             "nieuwe schommels en een glijbaan graag."),
        ("Speeltuin voor kleine kinderen", "Een zandbak en een klein klimrek in de speeltuin voor peuters."),
        ("Trapveld opknappen", "Het trapveld is een modderpoel. Nieuwe doeltjes en gras zodat kinderen kunnen "
                               "voetballen en spelen."),
        ("Speeltoestellen vervangen", "De speeltoestellen zijn oud en onveilig. Vervang de glijbaan en het klimrek "
                                      "in de speeltuin."),
        ("Speeltuin met bankjes", "Bankjes bij de speeltuin zodat ouders kunnen zitten terwijl de kinderen spelen."),
    ],
    "groen": [
        ("Meer bomen in de straat", "Bomen geven schaduw en koelte. Plant meer bomen en bloemen in onze straat."),
        ("Plantsoen bloemrijk maken", "Het plantsoen is alleen gras. Bloemen en struiken zijn beter voor bijen."),
        ("Bomen niet kappen", "Kap de oude bomen aan de dijk niet, snoei ze liever. Ze horen bij de wijk."),
        ("Groenstrook onderhouden", "De groenstrook groeit dicht. Snoei de struiken en plant nieuwe bloemen."),
        ("Geveltuinen", "Geef bewoners tegels eruit voor geveltuinen met bloemen en planten. Meer groen in de "
                        "straat."),
    ],
    "parkeren": [
        ("Meer parkeerplaatsen", "'s Avonds is er geen parkeerplaats te vinden. Busjes staan op de stoep "
                                 "geparkeerd."),
        ("Busjes op de parkeerplaats", "Bedrijfsbusjes nemen de parkeerplaatsen in. Een aparte parkeerplaats voor "
                                       "busjes zou helpen."),
        ("Parkeren bij de school", "Ouders parkeren op de stoep bij de school. Een kiss-and-ride parkeerplaats "
                                   "graag."),
        ("Laadpalen bij de parkeerplaats", "Meer laadpalen voor elektrische auto's op de parkeerplaats bij de "
                                           "winkels."),
        ("Parkeervergunning", "Een parkeervergunning voor bewoners, want bezoekers van de winkels parkeren de hele "
                              "straat vol."),
    ],
    "ontmoeten": [
        ("Buurthuis open in het weekend", "Het buurthuis is in het weekend dicht. Een koffieochtend voor ouderen "
                                          "en nieuwe buren zou mooi zijn."),
        ("Buurtfeest in de zomer", "Een buurtfeest met muziek en een barbecue, zodat buren elkaar leren kennen."),
        ("Koffieochtend voor ouderen", "Ouderen zijn vaak alleen. Een wekelijkse koffieochtend in het buurthuis "
                                       "graag."),
        ("Ontmoetingsplek op het plein", "Bankjes en een picknicktafel op het plein als ontmoetingsplek voor "
                                         "buren."),
    ],
    "vuurwerk": [
        ("Vuurwerkvrije zone", "Er wordt nu al vuurwerk afgestoken bij de flat. Een vuurwerkvrije zone rond de "
                               "school en het verzorgingshuis graag."),
        ("Overlast van vuurwerk", "Elke avond knallen jongeren met vuurwerk. Honden en ouderen schrikken van de "
                                  "knallen."),
        ("Vuurwerk opruimen", "Na het afsteken van vuurwerk ligt alles vol resten. Wie ruimt het vuurwerkafval "
                              "op?"),
        ("Centrale vuurwerkshow", "Liever een centrale vuurwerkshow dan overal knallen in de straat."),
        ("Handhaving vuurwerk", "Meer handhaving bij het afsteken van illegaal vuurwerk in de wijk, zeker 's "
                                "avonds."),
    ],
}


def create_themes(users, now: datetime) -> None:
    """An ideeënbus per wijk with its ideas spread over the past weeks, then every scope's themes."""
    owner = users[OWNER]
    made = 0
    for slug, name in WIJKEN.items():
        round_ = participations.create_participation(owner, {
            "tool": "ideas", "wijken": [slug], "organisation": "gemeente-waalwijk", "title": f"Ideeënbus {name}",
            "body": "Wat kan er beter in de wijk? Deel je idee of steun dat van een buur; de gemeente leest mee.",
            "level": "raadplegen", "decision_owner": "college van B&W", "closes_at": now + timedelta(days=365),
            "definition": {"threshold": 10, "standing": True}})
        participations.publish(owner, round_)
        for theme, entries in IDEAS.items():
            for index, (title, body) in enumerate(entries):
                author = users[RESIDENTS[(made + index) % len(RESIDENTS)]]
                idea = ideas.submit_idea(author, round_, {"title": title, "body": body})
                idea.created_at = now - timedelta(days=_days_ago(theme, made), hours=index)
                made += 1
    commit()
    themes.run(now=now)


def _days_ago(theme: str, n: int) -> float:
    """Spread over WEEKS weeks; the rising theme's ideas in the last two."""
    if theme == RISING:
        return 1 + (n * 5) % 13
    return 1 + (n * 11) % (WEEKS * 7 - 2)
