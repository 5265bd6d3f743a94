"""Voorzieningen: add, import, list per wijk, and "in de buurt" sorted by distance. Shared by pages and API."""
import math

import phonenumbers
from email_validator import EmailNotValidError
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from shapely.geometry import shape
from sqlalchemy import select

from core.emails import checked_email
from core.errors import require
from core.extensions import db
from core.schemas import Input
from core.transactions import commit
from partners.models import Organisation
from search import index
from search.registry import Document, document_kind
from wijken.models import Wijk
from wijken.postcodes import lookup_postcode
from wijken.services import wijk_by_slug

from . import schemas
from .models import Place
from .permissions import can_manage_places

NEARBY_RADIUS_KM = 25  # a bounding box first (the index on lat, lon), then exact distances
NEARBY_LIMIT = 20


def normalise_phone(text: str | None) -> str | None:
    """A Dutch or international number in E.164 (+31...); ValueError when it is not a possible number."""
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException:
        raise ValueError(text) from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _read(fields: Input, user, trusted: bool) -> dict:
    wijk = wijk_by_slug(fields["wijk"]) if fields["wijk"] else None
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == fields["organisation"])) \
        if fields["organisation"] else None
    if fields["organisation"] and organisation is None:
        fields.error("organisation", _("No such organisation."))
    values = {name: fields[name] for name in ("kind", "name", "address", "lat", "lon", "website")}
    try:
        values["phone"] = normalise_phone(fields["phone"])
    except ValueError:
        fields.error("phone", _("This is not a phone number we can call, such as 0416 123 456."))
    try:
        values["email"] = checked_email(fields["email"]) if fields["email"] else None
    except EmailNotValidError:
        fields.error("email", _("This is not an e-mail address."))
    if fields["website"] and not fields["website"].startswith(("https://", "http://")):
        fields.error("website", _("A website starts with https://."))
    fields.check()
    require(trusted or can_manage_places(user, organisation),
            _("Only the organisation's staff or an admin may do this."))
    return values | {"wijk": wijk, "organisation": organisation, "opening_hours": fields["opening_hours"] or ""}


def create_place(user, data, *, trusted: bool = False) -> Place:
    """A new voorziening (422 for a bad phone number, e-mail or website; 403 for someone not allowed).
    `trusted`: the command line (an operator's import), which needs no user."""
    place = Place(**_read(Input(schemas.PlaceCreate, data), user, trusted))
    db.session.add(place)
    db.session.flush()
    index.put(place_document(place))
    commit()
    return place


def delete_place(user, place: Place) -> None:
    require(can_manage_places(user, place.organisation), _("Only the organisation's staff or an admin may do this."))
    index.drop("place", [place.id])
    db.session.delete(place)
    commit()


def place_document(place: Place) -> Document:
    return Document("place", place.id, place.name, f"{place.address} {place.opening_hours}", place.created_at,
                    wijk_id=place.wijk_id, organisation_id=place.organisation_id)


def places_in(wijk) -> list[Place]:
    return list(db.session.scalars(select(Place).where(Place.wijk_id == wijk.id).order_by(Place.kind, Place.name)))


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return round(2 * 6_371_000 * math.asin(math.sqrt(a)))


def nearby(lat: float, lon: float, kind: str | None = None, limit: int = NEARBY_LIMIT) -> list[tuple[Place, int]]:
    """The nearest voorzieningen within NEARBY_RADIUS_KM, nearest first, with their distance in metres."""
    dlat = NEARBY_RADIUS_KM / 111.0
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    query = select(Place).where(Place.lat.between(lat - dlat, lat + dlat), Place.lon.between(lon - dlon, lon + dlon))
    if kind:
        query = query.where(Place.kind == kind)
    found = [(p, distance_m(lat, lon, p.lat, p.lon)) for p in db.session.scalars(query)]
    return sorted(found, key=lambda pair: (pair[1], pair[0].id))[:limit]


def point_of_postcode(postcode: str, huisnummer=None) -> tuple[float, float]:
    """Where to measure from for a postcode: the middle of its buurt if its outline is known, else of its wijk
    page (CBS's table has no coordinates); the lookup's 404/422 otherwise."""
    found = lookup_postcode(postcode, huisnummer)
    geometry = (found.buurt.geometry if found.buurt else None) or found.wijk.geometry
    point = shape(geometry).representative_point()
    return point.y, point.x


@document_kind("place", _l("Voorziening"), documents=lambda: map(place_document, db.session.scalars(select(Place))))
def place_links(ids, viewer) -> dict[int, str]:
    rows = db.session.execute(select(Place.id, Wijk.slug).join(Wijk, Wijk.id == Place.wijk_id)
                              .where(Place.id.in_(ids))).all()
    return {pid: url_for("places.wijk_places", slug=slug, _anchor=f"place-{pid}") for pid, slug in rows}


def shown_phone(e164: str) -> str:
    """+31416123456 as people write it here: 0416 123 456."""
    return phonenumbers.format_number(phonenumbers.parse(e164, "NL"), phonenumbers.PhoneNumberFormat.NATIONAL)
