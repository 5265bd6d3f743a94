"""`flask seed-demo`: the Waalwijk demo (wijken, partners, roles, posts, threads).

Everything goes through the same services that the views and the API use, so the
demo content is validated, rendered and logged as live events exactly like real
posts. The command is idempotent: once the demo wijken have posts it adds nothing
and only prints the demo logins again.
"""
from datetime import datetime, time, timedelta
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from accounts import two_factor
from accounts.permissions import needs_two_factor
from accounts.services import create_user, find_user
from core.errors import AppError
from core.extensions import db
from core.timeutil import LOCAL_TZ, to_local, to_utc, utcnow
from core.transactions import commit, unit_of_work
from core.urls import external_url
from demo.agenda import create_agenda
from demo.budgets import create_budgets
from demo.ideas import create_ideas
from demo.insights import create_insights
from demo.meldingen import create_meldingen, create_questions
from demo.places import load_demo_places
from demo.postcodes import load_demo_postcodes
from demo.spreekuur import create_conversations
from demo.stellingen import create_stellingen
from demo.themes import create_themes
from moderation.services import flag, moderate
from participation import services as participations
from partners.api_clients import client_by_client_id, create_api_client
from partners.models import Organisation
from partners.services import create_or_update_organisation, grant_membership
from wijken import services
from wijken.geo import import_wijken
from wijken.models import Post, Wijk
from wijken.photos import PhotoUpload
from wijken.roles import grant_wijk_role, serve_wijken

from . import pictures
from .loon_op_zand import load_loon_op_zand
from .moodboard import create_moodboard

GEOJSON = Path(__file__).resolve().parent.parent / "data" / "waalwijk_wijken_2023.geojson"
MUNICIPALITY = "Waalwijk"
DEMO_PASSWORD = "wijkpagina-demo"
# Admins, coordinators and everyone with an organisation role (poster, moderator, admin) must use two-factor
# authentication (posts as an organisation are e-mailed to followers at once); in the demo they share this
# (public) authenticator key. Add it to an app, or print the current code with pyotp (echo_logins says how).
DEMO_TOTP_SECRET = "WIJKPAGINADEMOTWEESTAPS2"
# `.example` is reserved (RFC 2606) and accepted by email-validator; `.test` is
# refused by accounts.services.create_user as a special-use domain.
DEMO_DOMAIN = "wijkpagina.example"

# --- wijken and organisations -------------------------------------------------

# Demo key -> CBS code and description. Wijken are looked up by CBS code after
# the import, so the demo works whatever slug an earlier import gave them.
WIJKEN = {
    "waalwijk": {
        "cbs_code": "WK086700",
        "description": (
            "De kern Waalwijk: het centrum rond de Grotestraat en de Markt, Besoijen, Baardwijk, "
            "Zanddonk, De Els en Landgoed Driessen. Hier lees je wat de gemeente, de wijkagenten, "
            "Casade en ContourdeTwern in de wijk doen, en wat je buren bezighoudt. "
            "Volg de wijk om inbraakwaarschuwingen meteen te ontvangen."
        ),
    },
    "sprang-capelle": {
        "cbs_code": "WK086701",
        "description": (
            "Sprang-Capelle met Sprang, Capelle, Vrijhoeven-Capelle en 's-Grevelduin-Capelle: "
            "dorpen aan de westkant van de gemeente, met een actieve wijkraad. Denk mee over "
            "groen, verkeer en activiteiten in je eigen straat."
        ),
    },
    "waspik": {
        "cbs_code": "WK086702",
        "description": (
            "Het dorp Waspik met Waspik-Boven en het buitengebied richting de Bergsche Maas. "
            "Berichten van buren, de buurtpreventie, de gemeente en de wijkagent: van "
            "burendag tot vermiste huisdieren."
        ),
    },
}

ALL_WIJKEN = tuple(WIJKEN)

ORGANISATIONS = [
    {"slug": "gemeente-waalwijk", "name": "Gemeente Waalwijk", "kind": "gemeente",
     "verified": True, "wijken": ALL_WIJKEN,
     "policy_url": "https://www.waalwijk.nl/bestuur-en-organisatie/integriteit-en-sociale-media"},
    {"slug": "politie-waalwijk", "name": "Politie Waalwijk (wijkagenten)", "kind": "politie",
     "verified": True, "wijken": ALL_WIJKEN},
    {"slug": "casade", "name": "Casade", "kind": "woningcorporatie",
     "verified": True, "wijken": ALL_WIJKEN},
    {"slug": "contourdetwern", "name": "ContourdeTwern", "kind": "welzijn",
     "verified": True, "wijken": ALL_WIJKEN},
    {"slug": "wijkraad-sprang-capelle", "name": "Wijkraad Sprang-Capelle", "kind": "bewonersorganisatie",
     "verified": True, "wijken": ("sprang-capelle",)},
    # Deliberately unverified: shows how a post without the verified badge looks.
    {"slug": "buurtpreventie-waspik", "name": "Buurtpreventie Waspik", "kind": "overig",
     "verified": False, "wijken": ("waspik",)},
]

# --- users ----------------------------------------------------------------------

# `role` is only the label in the printed login table; the grants are data below.
USERS = [
    {"key": "admin", "email": "admin", "name": "Beheer Wijkpagina", "admin": True,
     "role": "site admin"},
    {"key": "marieke", "email": "coordinator.waalwijk", "name": "Marieke van Dongen",
     "role": "coordinator Waalwijk", "wijk_roles": [("waalwijk", "coordinator")],
     "follows": [("waalwijk", "all")]},
    {"key": "henk", "email": "coordinator.sprang-capelle", "name": "Henk Verhoeven",
     "role": "coordinator Sprang-Capelle, poster Wijkraad",
     "wijk_roles": [("sprang-capelle", "coordinator")],
     "memberships": [("wijkraad-sprang-capelle", "poster")], "follows": [("sprang-capelle", "all")]},
    {"key": "sanne", "email": "gemeente", "name": "Sanne de Kort",
     "role": "poster Gemeente Waalwijk", "memberships": [("gemeente-waalwijk", "poster")]},
    {"key": "pieter", "email": "beheer.gemeente", "name": "Pieter Brands",
     "role": "organisation admin Gemeente Waalwijk", "memberships": [("gemeente-waalwijk", "admin")]},
    {"key": "joost", "email": "wethouder", "name": "Joost de Laat", "role": "wethouder (poster Gemeente Waalwijk)",
     "memberships": [("gemeente-waalwijk", "poster", "wethouder Wonen en Wijken")]},
    {"key": "linda", "email": "moderator", "name": "Linda Vermeulen",
     "role": "moderator Gemeente Waalwijk", "memberships": [("gemeente-waalwijk", "moderator")]},
    {"key": "ruud", "email": "politie", "name": "Ruud Timmermans",
     "role": "poster Politie Waalwijk", "memberships": [("politie-waalwijk", "poster", "wijkagent Waalwijk-centrum")]},
    {"key": "ilse", "email": "casade", "name": "Ilse Kuijpers",
     "role": "poster Casade", "memberships": [("casade", "poster")]},
    {"key": "youssef", "email": "welzijn", "name": "Youssef El Amrani",
     "role": "poster ContourdeTwern", "memberships": [("contourdetwern", "poster")]},
    {"key": "anouk", "email": "anouk", "name": "Anouk de Bruijn", "role": "resident Waalwijk",
     "follows": [("waalwijk", "all"), ("waspik", "digest")]},
    {"key": "jeroen", "email": "jeroen", "name": "Jeroen van Beek", "role": "resident Waalwijk",
     "follows": [("waalwijk", "important")]},
    {"key": "fatma", "email": "fatma", "name": "Fatma Yılmaz", "role": "resident Sprang-Capelle",
     "follows": [("sprang-capelle", "important")]},
    {"key": "lotte", "email": "lotte", "name": "Lotte Smulders", "role": "resident Sprang-Capelle",
     "follows": [("sprang-capelle", "digest"), ("waalwijk", "important")]},
    {"key": "kees", "email": "kees", "name": "Kees van den Brand", "role": "resident Waspik",
     "follows": [("waspik", "important")]},
    {"key": "bram", "email": "bram", "name": "Bram Schellekens",
     "role": "resident Waspik, poster Buurtpreventie (unverified)",
     "memberships": [("buurtpreventie-waspik", "poster")], "follows": [("waspik", "important")]},
]

# A partner system of the police, posting burglary warnings through the API (README: "Connecting a partner
# system"). Its secret is public on purpose; it is stored hashed like any other.
API_CLIENT = {"organisation": "politie-waalwijk", "name": "Meldkamer (demo)", "client_id": "politie-waalwijk-demo",
              "secret": "wijkpagina-demo-politie-meldkamer-secret", "scopes": ["posts:read", "posts:write"]}

# An open poll of the gemeente in Waalwijk (the participation frame: level, promise, owner, dates), with
# residents' answers so its results show; the results are visible after answering.
POLL = {"tool": "poll", "wijken": ["waalwijk"], "organisation": "gemeente-waalwijk",
        "title": "Welke avond past jou voor de volgende gemeenteavond?",
        "body": "In het voorjaar praten we met de wijk over de plannen voor de Grotestraat. Welke avond past "
                "jou het best? Je mag twee avonden kiezen.",
        "level": "raadplegen", "decision_owner": "college van B&W",
        "kaders": "De avond is in maart, in de raadzaal van het stadhuis.",
        "results_visibility": "after_answering", "definition": {
            "options": ["Maandag", "Dinsdag", "Woensdag", "Donderdag"], "max_choices": 2, "allow_other": True}}
POLL_OWNER = "sanne"
POLL_ANSWERS = [("jeroen", [1, 2]), ("anouk", [2]), ("lotte", [2, 3])]

# Open flags, so the review queue of Waalwijk has something to handle: (comment, reporter, reason, text).
FLAGS = [
    ("grofvuil-gemopper", "anouk", "anders", "Roept op om afval bij de buren te dumpen."),
    ("grofvuil-gemopper", "jeroen", "onjuiste_informatie", None),
]

# --- posts and threads ----------------------------------------------------------
#
# `ago` is how long before the seed the item appears to have been written; posts
# and comments are created oldest first so ids, seq and created_at agree.
# Event times are (days from today, local hour, minute) in Europe/Amsterdam.

POSTS = [
    {"key": "welkom", "wijk": "waalwijk", "author": "marieke", "ago": timedelta(days=14, hours=3),
     "kind": "bericht", "title": "Welkom op de wijkpagina van Waalwijk",
     "body": (
         "Fijn dat je er bent! Op deze pagina delen buren, de gemeente, de wijkagenten, Casade en "
         "ContourdeTwern wat er in de wijk speelt.\n\n"
         "Een paar afspraken:\n\n"
         "- Blijf vriendelijk, ook als je het ergens niet mee eens bent.\n"
         "- Geen reclame en geen persoonsgegevens van anderen.\n"
         "- Zie je iets wat niet deugt? Gebruik de knop **Melden**.\n\n"
         "Vragen over de pagina? Reageer hieronder, ik ben de wijkcoördinator."
     )},
    {"key": "wijkraad-vergadering", "wijk": "sprang-capelle", "author": "henk",
     "organisation": "wijkraad-sprang-capelle", "ago": timedelta(days=13, hours=5),
     "kind": "aankondiging", "title": "Openbare vergadering Wijkraad Sprang-Capelle",
     "body": (
         "Iedereen is welkom bij de openbare vergadering van de wijkraad.\n\n"
         "Op de agenda:\n\n"
         "1. Verkeersveiligheid op de Hoge Zandstraat\n"
         "2. Plannen voor de speeltuin in Vrijhoeven-Capelle\n"
         "3. Rondvraag\n\n"
         "De koffie staat vanaf 19.30 uur klaar."
     )},
    {"key": "groenonderhoud", "wijk": "waalwijk", "author": "sanne", "organisation": "gemeente-waalwijk",
     "ago": timedelta(days=12, hours=2), "kind": "aankondiging",
     "title": "Groenonderhoud: snoeiwerk langs de Taxandriaweg",
     "body": (
         "De komende twee weken snoeien we de bomen en struiken langs de Taxandriaweg en in de "
         "omliggende straten. Er kan tijdelijk een rijstrook afgesloten zijn.\n\n"
         "Meer over het groenonderhoud lees je op [waalwijk.nl](https://www.waalwijk.nl)."
     ),
     "photos": [("greenery", "Bomen en bloeiende struiken langs de Taxandriaweg, voor het snoeien")]},
    {"key": "kat-vermist", "wijk": "waspik", "author": "kees", "ago": timedelta(days=11, hours=1),
     "kind": "oproep", "title": "Kat vermist: Pip, rode kater, Waspik-Boven",
     "body": (
         "Sinds zondagavond is onze kater Pip niet meer thuisgekomen. Hij is rood met een witte "
         "bef, gechipt en een beetje schuw.\n\n"
         "Wil je even in je schuur of garage kijken? Alle tips zijn welkom!"
     )},
    {"key": "wijkschouw", "wijk": "waalwijk", "author": "ilse", "organisation": "casade",
     "ago": timedelta(days=10, hours=4), "kind": "wijkschouw",
     "title": "Wijkschouw Besoijen: loop mee met Casade en de gemeente",
     "body": (
         "Samen met de gemeente en de wijkagent lopen we door Besoijen. We letten op:\n\n"
         "- losliggende stoeptegels en kapotte verlichting\n"
         "- zwerfafval en overvolle containers\n"
         "- onveilige plekken en achterpaden\n\n"
         "Loop mee en laat zien wat jou opvalt. Aanmelden kan hieronder."
     ),
     "starts": (10, 19, 0), "ends": (10, 21, 0),
     "location": "Verzamelen bij de speeltuin aan de Akkerlaan",
     "route": "Akkerlaan – Besoijensestraat – Laageinde – Sint Antoniusstraat – terug naar de Akkerlaan",
     "capacity": 15},
    {"key": "oppas", "wijk": "sprang-capelle", "author": "lotte", "ago": timedelta(days=9, hours=6),
     "kind": "oproep", "title": "Oppas gezocht voor woensdagmiddag",
     "body": (
         "Wij zoeken een vaste oppas voor onze twee kinderen (4 en 7) op woensdagmiddag van "
         "12.30 tot 17.30 uur, vlak bij de Tuinstraat in Capelle. Reageer hieronder of spreek me "
         "aan op het schoolplein."
     )},
    {"key": "gemeenteavond", "wijk": "waalwijk", "author": "sanne", "organisation": "gemeente-waalwijk",
     "ago": timedelta(days=8, hours=2), "kind": "aankondiging",
     "title": "Gemeenteavond over de toekomst van het centrum",
     "body": (
         "Hoe moet het centrum van Waalwijk er over tien jaar uitzien? Meer groen, minder "
         "leegstand, andere parkeerplekken? Op de gemeenteavond in het stadhuis horen we graag "
         "je ideeën.\n\n"
         "Kun je niet komen? Laat je idee dan hieronder achter."
     )},
    {"key": "burendag", "wijk": "waspik", "author": "youssef", "organisation": "contourdetwern",
     "ago": timedelta(days=7, hours=3), "kind": "evenement",
     "title": "Burendag in Waspik: koffie, soep en een klusmarkt",
     "body": (
         "Maak kennis met je buren! Er is koffie en soep, een klusmarkt waar je hulp kunt vragen "
         "en aanbieden, en voor de kinderen een springkussen.\n\n"
         "Zin om te helpen met opbouwen? Laat het weten in de reacties."
     ),
     "starts": (12, 11, 0), "ends": (12, 15, 0), "location": "Dorpsplein Waspik", "capacity": 80},
    {"key": "grofvuil", "wijk": "waalwijk", "author": "jeroen", "ago": timedelta(days=6, hours=5),
     "kind": "bericht", "title": "Vraag: hoe laat ik grofvuil ophalen?",
     "body": (
         "We gaan verhuizen en hebben een oude bank en een kast over. Weet iemand hoe het "
         "ophalen van grofvuil werkt en of dat iets kost?"
     ),
     "photos": [("rubbish", "Zes volle vuilniszakken naast de groene container aan het eind van de straat"),
                ("bench", "Onze oude houten bank, die weg mag")]},
    {"key": "leefbaarheid", "wijk": "sprang-capelle", "author": "sanne", "organisation": "gemeente-waalwijk",
     "ago": timedelta(days=5, hours=1), "kind": "aankondiging",
     "title": "Leefbaarheidsonderzoek: hoe prettig woon jij in Sprang-Capelle?",
     "body": (
         "Dit voorjaar houdt de gemeente een leefbaarheidsonderzoek. Een deel van de inwoners "
         "krijgt een brief met een persoonlijke code.\n\n"
         "- Invullen duurt ongeveer tien minuten.\n"
         "- Je antwoorden zijn anoniem.\n"
         "- De uitkomsten bespreken we met de wijkraad.\n\n"
         "Meer informatie vind je op [waalwijk.nl](https://www.waalwijk.nl)."
     )},
    {"key": "bbq", "wijk": "sprang-capelle", "author": "fatma", "ago": timedelta(days=4, hours=2),
     "kind": "evenement", "title": "Buurtbarbecue Vrijhoeven-Capelle",
     "body": (
         "Op het grasveld achter de speeltuin houden we weer een buurtbarbecue. Het vlees en de "
         "vegetarische burgers regelen wij; neem zelf een salade of toetje mee.\n\n"
         "Bijdrage: € 7,50 per volwassene, kinderen gratis."
     ),
     "starts": (15, 17, 0), "ends": (15, 21, 0), "location": "Grasveld achter de speeltuin, Vrijhoeven-Capelle",
     "capacity": 40},
    {"key": "spreekuur", "wijk": "waspik", "author": "ruud", "organisation": "politie-waalwijk",
     "ago": timedelta(days=3, hours=4), "kind": "aankondiging",
     "title": "Spreekuur wijkagent in Waspik",
     "body": (
         "Heb je een vraag of zorg over de veiligheid in je buurt? Elke eerste dinsdag van de "
         "maand houd ik spreekuur in het dorpshuis, van 19.00 tot 20.00 uur.\n\n"
         "Bij spoed bel je altijd **112**, voor andere zaken **0900-8844**."
     )},
    {"key": "boodschappenbus", "wijk": "waalwijk", "author": "youssef", "organisation": "contourdetwern",
     "ago": timedelta(days=2, hours=6), "kind": "oproep",
     "title": "Vrijwilligers gezocht voor de boodschappenbus",
     "body": (
         "Elke donderdag rijdt de boodschappenbus ouderen uit Baardwijk en Besoijen naar de "
         "supermarkt. We zoeken chauffeurs en begeleiders, ook voor één ochtend per maand.\n\n"
         "Interesse? Reageer hieronder of kom langs bij ContourdeTwern."
     )},
    {"key": "inbraak", "wijk": "waalwijk", "author": "ruud", "organisation": "politie-waalwijk",
     "ago": timedelta(days=1, hours=6), "kind": "inbraakwaarschuwing",
     "title": "Meerdere inbraken in Besoijen: sluit ramen en deuren",
     "expires_in": timedelta(days=6),
     "body": (
         "De afgelopen nachten is in Besoijen op meerdere plekken ingebroken via achterdeuren en "
         "openstaande ramen.\n\n"
         "- Sluit ramen en deuren, ook als je maar even weg bent.\n"
         "- Laat 's avonds een lamp branden.\n"
         "- Zie je iets verdachts? Bel direct **112**.\n\n"
         "Tips zonder spoed: **0900-8844** of anoniem via Meld Misdaad Anoniem, 0800-7000."
     )},
    {"key": "steigers", "wijk": "sprang-capelle", "author": "ilse", "organisation": "casade",
     "ago": timedelta(hours=20), "kind": "aankondiging",
     "title": "Schilderwerk aan de huurwoningen: steigers vanaf maandag",
     "body": (
         "Vanaf maandag staan er steigers bij onze huurwoningen aan de Kerkstraat. De schilders "
         "werken van 7.30 tot 16.00 uur. Huurders hebben een brief gekregen met de planning."
     )},
    {"key": "buurtpreventie", "wijk": "waspik", "author": "bram", "organisation": "buurtpreventie-waspik",
     "ago": timedelta(hours=9), "kind": "aankondiging",
     "title": "Nieuwe buurtpreventie-appgroep voor Waspik-Boven",
     "body": (
         "Na de inbraken in de regio starten we een buurtpreventie-appgroep voor Waspik-Boven. "
         "Aanmelden kan bij mij.\n\n"
         "Spelregels: **S**ignaleer, **A**larmeer 112, **A**ppen, **R**eageer — en nooit zelf "
         "achter iemand aan."
     )},
    {"key": "sleutelbos", "wijk": "waspik", "author": "kees", "ago": timedelta(hours=4),
     "kind": "bericht", "title": "Gevonden: sleutelbos met blauwe hanger",
     "body": "Vanochtend gevonden bij de bushalte aan de Raadhuisstraat. Herken je hem? Stuur me een bericht."},
]

COMMENTS = [
    {"key": "welkom-1", "post": "welkom", "author": "anouk", "ago": timedelta(days=13, hours=20),
     "body": "Fijn initiatief! Ik heb de pagina meteen gevolgd."},
    {"key": "groen-1", "post": "groenonderhoud", "author": "jeroen", "ago": timedelta(days=11, hours=22),
     "body": "Worden de bomen bij de Akkerlaan ook gesnoeid? De takken hangen ver over het fietspad."},
    {"key": "groen-2", "post": "groenonderhoud", "author": "sanne", "reply_to": "groen-1",
     "ago": timedelta(days=11, hours=19),
     "body": "Ja, die staan voor volgende week op de planning. Dank voor de melding!"},
    {"key": "kat-1", "post": "kat-vermist", "author": "bram", "ago": timedelta(days=10, hours=18),
     "body": "Gisteravond liep er een rode kater bij de Kerkstraat. Ik kijk vanavond even in mijn schuur."},
    {"key": "wijkschouw-1", "post": "wijkschouw", "author": "anouk", "ago": timedelta(days=9, hours=2),
     "body": "Ik loop mee! Kunnen we ook langs de Akkerlaan? Daar liggen veel stoeptegels los."},
    {"key": "wijkschouw-2", "post": "wijkschouw", "author": "ilse", "reply_to": "wijkschouw-1",
     "ago": timedelta(days=8, hours=22),
     "body": "Goed punt, de Akkerlaan staat nu in de route."},
    {"key": "kat-2", "post": "kat-vermist", "author": "kees", "reply_to": "kat-1",
     "ago": timedelta(days=8, hours=20),
     "body": "Pip is terug! Hij zat opgesloten in een schuur twee straten verderop. Iedereen bedankt!"},
    {"key": "oppas-1", "post": "oppas", "author": "fatma", "ago": timedelta(days=8, hours=12),
     "body": "Mijn dochter van 16 past graag op en heeft haar EHBO-diploma. Ik stuur je een berichtje."},
    {"key": "burendag-1", "post": "burendag", "author": "kees", "ago": timedelta(days=6),
     "body": "Ik help met opbouwen, ik heb een aanhanger voor de tafels."},
    {"key": "grofvuil-1", "post": "grofvuil", "author": "sanne", "ago": timedelta(days=5, hours=20),
     "body": (
         "Je meldt grofvuil aan via [waalwijk.nl](https://www.waalwijk.nl) of telefonisch via 14 0416. "
         "Zelf wegbrengen naar de milieustraat kan ook."
     )},
    {"key": "grofvuil-2", "post": "grofvuil", "author": "jeroen", "reply_to": "grofvuil-1",
     "ago": timedelta(days=5, hours=18), "body": "Top, dank je wel!"},
    {"key": "bbq-1", "post": "bbq", "author": "lotte", "ago": timedelta(days=3, hours=20),
     "body": "Wij komen met z'n vieren en nemen een pastasalade mee!"},
    {"key": "bbq-2", "post": "bbq", "author": "henk", "ago": timedelta(days=3, hours=10),
     "body": "Leuk! De wijkraad kan twee partytenten uitlenen, laat maar weten als je ze nodig hebt."},
    {"key": "grofvuil-gemopper", "post": "grofvuil", "author": "kees", "ago": timedelta(days=2, hours=6),
     "body": "Die gemeente doet toch nooit iets. Zet je bank gewoon bij de buren voor de deur, dan ben je ervan af."},
    {"key": "inbraak-1", "post": "inbraak", "author": "jeroen", "ago": timedelta(days=1, hours=2),
     "body": "Bij ons in de straat stond vannacht een busje met draaiende motor. Ik heb het gemeld via 0900-8844."},
    {"key": "inbraak-2", "post": "inbraak", "author": "ruud", "reply_to": "inbraak-1",
     "ago": timedelta(days=1),
     "body": "Dank voor het melden, dat helpt ons echt. Bel bij een heterdaadje altijd meteen 112."},
    {"key": "boodschappenbus-1", "post": "boodschappenbus", "author": "anouk", "ago": timedelta(hours=28),
     "body": "Ik kan één donderdagochtend per maand rijden. Waar kan ik me melden?"},
]

RSVPS = [
    ("wijkschouw", "anouk", "going"), ("wijkschouw", "jeroen", "going"),
    ("wijkschouw", "marieke", "going"), ("wijkschouw", "lotte", "maybe"),
    ("burendag", "kees", "going"), ("burendag", "bram", "going"), ("burendag", "anouk", "maybe"),
    ("bbq", "fatma", "going"), ("bbq", "lotte", "going"), ("bbq", "henk", "going"),
    ("bbq", "jeroen", "not_going"),
]

REACTIONS = [
    ("welkom", "anouk", "like"), ("welkom", "jeroen", "like"),
    ("groenonderhoud", "jeroen", "useful"),
    ("kat-vermist", "bram", "like"), ("kat-vermist", "anouk", "like"),
    ("wijkschouw", "anouk", "useful"), ("wijkschouw", "marieke", "thanks"),
    ("grofvuil", "lotte", "useful"),
    ("leefbaarheid", "henk", "thanks"),
    ("bbq", "lotte", "like"), ("bbq", "henk", "like"),
    ("inbraak", "anouk", "useful"), ("inbraak", "jeroen", "thanks"), ("inbraak", "marieke", "useful"),
    ("spreekuur", "kees", "thanks"),
    ("boodschappenbus", "anouk", "like"),
]

# (post key, coordinator key): pinned by the wijk's coordinator.
PINNED = [("welkom", "marieke")]


# --- the command ----------------------------------------------------------------

@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load the Waalwijk demo: wijken, partners, roles, posts and threads (idempotent)."""
    if demo_loaded():
        click.echo("The Waalwijk demo is already loaded; nothing was added.")
        create_demo_api_client()  # databases seeded before API clients existed get it too
        secure_demo_roles()  # and demo posters seeded before their role required two-factor get it
    else:
        try:
            load_demo()
        except AppError as exc:
            details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
            raise click.ClickException(f"Demo not (fully) loaded: {exc.message} {details}".strip()) from None
        click.echo("The Waalwijk demo is loaded.")
    second = load_loon_op_zand(lambda local: f"{local}@{DEMO_DOMAIN}", DEMO_PASSWORD, DEMO_TOTP_SECRET)
    load_demo_postcodes()  # also for databases seeded before the postcode table existed
    load_demo_places()
    echo_logins(second)
    echo_api_client()


def demo_loaded() -> bool:
    """The demo counts as loaded once any demo wijk has a post."""
    codes = [spec["cbs_code"] for spec in WIJKEN.values()]
    return db.session.scalar(
        select(Post.id).join(Post.wijk).where(Wijk.cbs_code.in_(codes)).limit(1)) is not None


def load_demo(now: datetime | None = None) -> None:
    """Create everything; the steps before the posts are safe to repeat after a failure."""
    now = now or utcnow()
    wijken = import_demo_wijken()
    orgs = create_organisations()
    users = create_users()
    grant_roles(users, orgs, wijken)
    create_demo_api_client()
    follow_wijken(users, wijken)
    posts, comments = create_timeline(users, wijken, now)
    add_rsvps_and_reactions(users, posts)
    for comment_key, reporter, reason, text in FLAGS:
        flag(users[reporter], {"target": "comment", "id": comments[comment_key].id, "reason": reason, "text": text})
    for post_key, user_key in PINNED:
        moderate(users[user_key], {"action": "pin", "target": "post", "id": posts[post_key].id,
                                   "reason": "Welkomstbericht: de afspraken van deze pagina"})
    backdate(posts, comments, now)
    create_poll(users, now)
    create_moodboard(users, now)
    create_meldingen(users, wijken, now)
    create_questions(users, wijken, now)
    create_ideas(users, now)
    create_stellingen(users, now)
    create_agenda(users, wijken, now)
    create_budgets(users, now)
    create_conversations(users, wijken, now)
    create_themes(users, now)  # the themes job reads everything above
    create_insights(users, now)  # last: the roll-up counts everything above


def create_poll(users, now: datetime) -> None:
    owner = users[POLL_OWNER]
    poll = participations.create_participation(owner, POLL | {"closes_at": now + timedelta(days=21)})
    participations.publish(owner, poll)
    for user_key, picks in POLL_ANSWERS:
        participations.respond(users[user_key], poll, {"choices": [poll.options[i].id for i in picks]})


def secure_demo_roles() -> None:
    """Demo users whose role now requires two-factor authentication get the demo's authenticator key."""
    for spec in USERS:
        user = find_user(demo_email(spec))
        if user is not None and needs_two_factor(user):
            two_factor.provision(user, DEMO_TOTP_SECRET)
    commit()


def echo_logins(more: list[tuple[str, str]] = ()) -> None:
    """The logins table: USERS, and `more` (e-mail, role) of the second municipality."""
    logins = [(demo_email(spec), spec["role"]) for spec in USERS] + list(more)
    click.echo(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
    width = max(len(email) for email, _role in logins)
    click.echo(f"  {'e-mail'.ljust(width)}  {'password'.ljust(len(DEMO_PASSWORD))}  role")
    for email, role in logins:
        click.echo(f"  {email.ljust(width)}  {DEMO_PASSWORD}  {role}")
    click.echo(f"\nAdmins, coordinators and organisation staff (posters too) log in with a second step: the code "
               f"of authenticator key {DEMO_TOTP_SECRET}.\nCurrent code: .venv/bin/python -c "
               f"\"import pyotp; print(pyotp.TOTP('{DEMO_TOTP_SECRET}').now())\"")


def echo_api_client() -> None:
    if client_by_client_id(API_CLIENT["client_id"]) is None:
        return
    token_url = external_url("oauth.token")
    click.echo(f"\nDemo API client of {API_CLIENT['organisation']} ({' '.join(API_CLIENT['scopes'])}):")
    click.echo(f"  client id      {API_CLIENT['client_id']}")
    click.echo(f"  client secret  {API_CLIENT['secret']}")
    click.echo(f"  curl -u {API_CLIENT['client_id']}:{API_CLIENT['secret']} -d grant_type=client_credentials "
               f"{token_url}")


# --- steps ----------------------------------------------------------------------

def import_demo_wijken() -> dict[str, Wijk]:
    """Import the CBS wijken and give them a description; returns them by demo key."""
    import_wijken(GEOJSON.read_text(encoding="utf-8"), municipality=MUNICIPALITY)
    wijken = {}
    for key, spec in WIJKEN.items():
        wijk = db.session.scalar(select(Wijk).where(Wijk.cbs_code == spec["cbs_code"]))
        if not wijk.description:
            wijk.description = spec["description"]
        wijken[key] = wijk
    commit()
    return wijken


def create_organisations():
    """Create (or update) the demo organisations; returns them by slug."""
    wijk_slugs = {key: db.session.scalar(select(Wijk.slug).where(Wijk.cbs_code == spec["cbs_code"]))
                  for key, spec in WIJKEN.items()}
    orgs = {}
    for spec in ORGANISATIONS:
        data = {k: spec[k] for k in ("slug", "name", "kind", "verified", "policy_url") if k in spec}
        with unit_of_work():
            orgs[spec["slug"]] = create_or_update_organisation(data)
            serve_wijken(orgs[spec["slug"]], [wijk_slugs[k] for k in spec["wijken"]], add=True)
    return orgs


def demo_email(spec) -> str:
    """The e-mail address of a USERS entry."""
    return f"{spec['email']}@{DEMO_DOMAIN}"


def create_users():
    """Create the demo users (verified e-mail) unless they exist; returns them by key."""
    users = {}
    for spec in USERS:
        user = find_user(demo_email(spec))
        if user is None:
            user = create_user({"email": demo_email(spec), "display_name": spec["name"],
                                "password": DEMO_PASSWORD},
                               is_admin=spec.get("admin", False), verified=True)
        users[spec["key"]] = user
    return users


def grant_roles(users, orgs, wijken) -> None:
    """Memberships and wijk roles; whoever now holds a role that requires it gets two-factor authentication."""
    for spec in USERS:
        user = users[spec["key"]]
        for org_slug, role, *function in spec.get("memberships", ()):  # (organisation, role, function title?)
            membership = grant_membership(user, orgs[org_slug], role)
            membership.function_title = function[0] if function else None  # as its admin sets it on the page
        for wijk_key, role in spec.get("wijk_roles", ()):
            grant_wijk_role(user, wijken[wijk_key], role)
        if needs_two_factor(user):
            two_factor.provision(user, DEMO_TOTP_SECRET)
    commit()


def create_demo_api_client() -> None:
    """The police's demo API client, through the service (so its secret is stored hashed), unless it exists."""
    if client_by_client_id(API_CLIENT["client_id"]) is None:
        org = db.session.scalar(select(Organisation).where(Organisation.slug == API_CLIENT["organisation"]))
        create_api_client(None, org, {"name": API_CLIENT["name"], "scopes": API_CLIENT["scopes"]},
                          client_id=API_CLIENT["client_id"], secret=API_CLIENT["secret"])


def follow_wijken(users, wijken) -> None:
    for spec in USERS:
        for wijk_key, level in spec.get("follows", ()):
            services.follow(users[spec["key"]], wijken[wijk_key], level)


def _local_time(now: datetime, days: int, hour: int, minute: int) -> datetime:
    """Naive UTC for `hour:minute` Amsterdam time, `days` after today (Amsterdam)."""
    day = to_local(now).date() + timedelta(days=days)
    return to_utc(datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TZ))


def post_data(spec, now: datetime) -> dict:
    """The create_post payload for one POSTS entry, with times relative to `now`."""
    data = {k: spec[k] for k in ("kind", "title", "body")}
    for name in ("organisation", "location", "route", "capacity"):
        if name in spec:
            data[name] = spec[name]
    if "starts" in spec:
        data["starts_at"] = _local_time(now, *spec["starts"])
    if "ends" in spec:
        data["ends_at"] = _local_time(now, *spec["ends"])
    if "expires_in" in spec:
        data["expires_at"] = now + spec["expires_in"]
    return data


def timeline():
    """Posts and comments together, oldest first (comments always after their post)."""
    items = [("post", spec) for spec in POSTS] + [("comment", spec) for spec in COMMENTS]
    return sorted(items, key=lambda item: item[1]["ago"], reverse=True)


def create_timeline(users, wijken, now: datetime):
    """Create posts and comments oldest first; returns both by key."""
    posts, comments = {}, {}
    for what, spec in timeline():
        if what == "post":
            photos = [PhotoUpload(pictures.jpeg(name), alt) for name, alt in spec.get("photos", ())]
            posts[spec["key"]] = services.create_post(users[spec["author"]], wijken[spec["wijk"]],
                                                      post_data(spec, now), photos)
        else:
            parent = comments[spec["reply_to"]].id if "reply_to" in spec else None
            comments[spec["key"]] = services.add_comment(users[spec["author"]], posts[spec["post"]],
                                                         {"body": spec["body"], "parent_id": parent})
    return posts, comments


def add_rsvps_and_reactions(users, posts) -> None:
    for post_key, user_key, status in RSVPS:
        services.set_rsvp(users[user_key], posts[post_key], status)
    for post_key, user_key, kind in REACTIONS:
        services.set_reaction(users[user_key], posts[post_key], kind, True)


def backdate(posts, comments, now: datetime) -> None:
    """Spread created_at over the past two weeks so the feed looks lived in."""
    for spec in POSTS:
        posts[spec["key"]].created_at = now - spec["ago"]
    for spec in COMMENTS:
        comments[spec["key"]].created_at = now - spec["ago"]
    commit()
