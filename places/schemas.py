"""API shapes of voorzieningen."""
from pydantic import Field

from core.schemas import Choice, Schema, Text

from .models import PLACE_KINDS

NAME_MAX, ADDRESS_MAX, WEBSITE_MAX, HOURS_MAX = 120, 200, 300, 2000


class PlaceCreate(Schema):
    wijk: Text(80, required=True) = Field(description="The wijk's slug.")
    organisation: Text(80) = Field(None, description="The owning organisation's slug (admins may leave it out).")
    kind: Choice(list(PLACE_KINDS), required=True)
    name: Text(NAME_MAX, required=True)
    address: Text(ADDRESS_MAX, required=True)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    phone: Text(40) = Field(None, description="Dutch or international; stored as E.164 (+31...).")
    email: Text(254) = None
    website: Text(WEBSITE_MAX) = None
    opening_hours: Text(HOURS_MAX, multiline=True) = None


class Place(Schema):
    id: int
    wijk: str
    organisation: str | None
    kind: str
    kind_label: str
    name: str
    address: str
    lat: float
    lon: float
    phone: str | None
    email: str | None
    website: str | None
    opening_hours: str
    distance_m: int | None = Field(None, description="From the given point (nearby lists).")


class PlaceList(Schema):
    items: list[Place]
    next: None = Field(None, description="Always null: one page.")
