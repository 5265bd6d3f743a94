"""The second demo municipality, Loon op Zand, beside Waalwijk: its four CBS wijken (2023), its colour and a
drawn logo (through the media pipeline), its admin, partners and a welcome post; and an admin for Waalwijk.

Idempotent: `flask seed-demo` runs it on new and on earlier demo databases alike.
"""
import io
from pathlib import Path

from PIL import Image, ImageDraw
from sqlalchemy import select

from accounts import two_factor
from accounts.services import create_user, find_user
from core.extensions import db
from core.transactions import commit, unit_of_work
from partners.services import create_or_update_organisation, grant_membership
from wijken import services
from wijken.geo import import_wijken
from wijken.models import Post, Wijk
from wijken.municipalities import grant_municipality_role, municipality_by_slug, update_branding
from wijken.roles import serve_wijken

GEOJSON = Path(__file__).resolve().parent.parent / "data" / "loonopzand_wijken_2023.geojson"
NAME = "Loon op Zand"
COLOUR = "#1d6b3a"  # white text on it: 6.5:1

DESCRIPTIONS = {
    "WK080910": "Kaatsheuvel-West: de Hoogstraat, de Vaart en de wijken richting De Efteling.",
    "WK080920": "Kaatsheuvel-Oost: het centrum met de Hoofdstraat, het Wilhelminaplein en de Poort van Kaatsheuvel.",
    "WK080930": "Het dorp Loon op Zand met het Witte Kasteel, De Wildert en het Huis ter Heide.",
    "WK080940": "De Moer: een klein dorp met een grote dorpsraad, tussen de Loonse en Drunense Duinen en Tilburg.",
}
ALL = tuple(DESCRIPTIONS)
ORGANISATIONS = [
    {"slug": "gemeente-loon-op-zand", "name": "Gemeente Loon op Zand", "kind": "gemeente", "verified": True,
     "wijken": ALL},
    {"slug": "dorpsraad-de-moer", "name": "Dorpsraad De Moer", "kind": "bewonersorganisatie", "verified": True,
     "wijken": ("WK080940",)},
]
# (e-mail, name, municipality slug, membership or None, the label in the printed login table)
ADMINS = [
    ("beheer.loonopzand", "Femke Smits", "loon-op-zand", ("gemeente-loon-op-zand", "poster"),
     "municipality admin Loon op Zand (also poster Gemeente Loon op Zand)"),
    ("beheer.waalwijk", "Ahmed El Amrani", "waalwijk", None, "municipality admin Waalwijk"),
]
WELCOME = {"kind": "aankondiging", "organisation": "gemeente-loon-op-zand",
           "title": "Welkom op de wijkpagina's van Loon op Zand",
           "body": "Vanaf vandaag heeft elke wijk van Kaatsheuvel, Loon op Zand en De Moer een eigen pagina. "
                   "Volg je wijk en lees wat de gemeente, de dorpsraad en je buren delen."}


def load_loon_op_zand(email, password: str, totp_secret: str) -> list[tuple[str, str]]:
    """Create what is missing; returns the admins' logins as (e-mail, role) for the printed table."""
    import_wijken(GEOJSON.read_text(encoding="utf-8"), municipality=NAME)
    wijken = {w.cbs_code: w for w in db.session.scalars(select(Wijk).where(Wijk.cbs_code.in_(ALL)))}
    for code, text in DESCRIPTIONS.items():
        wijken[code].description = wijken[code].description or text
    commit()
    orgs = {}
    for spec in ORGANISATIONS:
        with unit_of_work():
            orgs[spec["slug"]] = create_or_update_organisation(
                {k: spec[k] for k in ("slug", "name", "kind", "verified")})
            serve_wijken(orgs[spec["slug"]], [wijken[c].slug for c in spec["wijken"]], add=True)
    admins = [_admin(email(local), name, slug, membership, orgs, password, totp_secret)
              for local, name, slug, membership, _role in ADMINS]
    loon = municipality_by_slug("loon-op-zand")
    if loon.logo is None:
        update_branding(admins[0], loon, {"primary_colour": COLOUR}, logo_png(COLOUR))
    kaatsheuvel = wijken["WK080920"]
    if db.session.scalar(select(Post.id).where(Post.wijk_id == kaatsheuvel.id).limit(1)) is None:
        services.create_post(admins[0], kaatsheuvel, WELCOME)
    return [(email(local), role) for local, _name, _slug, _membership, role in ADMINS]


def _admin(address, name, slug, membership, orgs, password, totp_secret):
    user = find_user(address) or create_user({"email": address, "display_name": name, "password": password},
                                             verified=True)
    if not user.two_factor_enabled:
        two_factor.provision(user, totp_secret)
    if membership:
        grant_membership(user, orgs[membership[0]], membership[1])
    grant_municipality_role(user, municipality_by_slug(slug))
    commit()
    return user


def logo_png(colour: str) -> bytes:
    """A simple emblem: a white tower and roof on the municipality's colour (the demo has no real logo)."""
    image = Image.new("RGB", (240, 240), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 220, 220), outline="white", width=10)
    draw.rectangle((95, 95, 145, 185), fill="white")
    draw.polygon([(80, 100), (120, 50), (160, 100)], fill="white")
    data = io.BytesIO()
    image.save(data, "PNG")
    return data.getvalue()
