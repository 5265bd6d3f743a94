"""Voorzieningen as the API writes them."""
from . import schemas
from .models import PLACE_KINDS


def place_json(place, distance: int | None = None) -> dict:
    return schemas.Place(
        id=place.id, wijk=place.wijk.slug, organisation=place.organisation.slug if place.organisation else None,
        kind=place.kind, kind_label=str(PLACE_KINDS.get(place.kind, place.kind)), name=place.name,
        address=place.address, lat=place.lat, lon=place.lon, phone=place.phone, email=place.email,
        website=place.website, opening_hours=place.opening_hours, distance_m=distance).dump()
