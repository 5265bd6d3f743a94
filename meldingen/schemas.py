"""API shapes of meldingen (CONTRACT.md "Participation, meldingen, webcare"): they document the requests the
services validate and the answers the serializers build, and generate their part of the OpenAPI document."""
from typing import Any

from pydantic import Field

from core.schemas import Choice, Moment, Schema, Text, Timestamp, YesNo
from partners.schemas import OrganisationBrief

from .services import BODY_MAX, PLACE_MAX, REASON_MAX, TEXT_MAX
from .webhooks import URL_MAX
from .workflow import STATES

Degrees = Field(description="WGS84 degrees.")


class ReportCreate(Schema):
    category: Text(64, required=True, description="Slug of one of the municipality's categories "
                                                  "(GET /wijken/{slug}/report-categories).")
    lat: float = Field(ge=-90, le=90, description="Latitude of the spot; it must lie in the wijk (else 422).")
    lon: float = Field(ge=-180, le=180, description="Longitude of the spot.")
    body: Text(BODY_MAX, required=True, multiline=True, description="What is wrong (Markdown).")
    location: Text(PLACE_MAX, description="Where exactly, in words (e.g. \"bij Grotestraat 12\").") = None
    private: YesNo = Field(False, description="Holds personal data: only the reporter and the handler see it; "
                                              "the feed shows just \"a melding about <category>\".")


class Category(Schema):
    slug: str
    name: str
    target_days: int = Field(description="Target in working days (weekends and Dutch public holidays excluded).")
    organisation: OrganisationBrief


class CategoryList(Schema):
    items: list[Category]
    next: None = None


class ReportUpdate(Schema):
    from_state: Choice(STATES) | None
    to_state: Choice(STATES)
    text: str
    organisation: OrganisationBrief | None = Field(description="Null for the reporter's own request to reopen.")
    planned_for: str | None = Field(description="ISO date, for `ingepland`.")
    created_at: Timestamp


class Report(Schema):
    id: int
    post_id: int | None
    private: bool
    state: Choice(STATES)
    state_label: str
    open: bool
    planned_for: str | None
    follower_count: int = Field(ge=0, description="The reporter and everyone who follows it (+1).")
    wijk: str
    category: Category
    organisation: OrganisationBrief = Field(description="The handling organisation.")
    lat: float = Degrees
    lon: float = Degrees
    location: str
    body: str
    created_at: Timestamp
    due_at: Timestamp = Field(description="The category's target, in working days from created_at.")
    first_reaction_at: Timestamp | None
    closed_at: Timestamp | None = Field(description="When it was first afgehandeld.")
    satisfied: bool | None = Field(None, description="Reporter and handler only.")
    updates: list[ReportUpdate] = Field(None, description="Reporter and handler only: every status change.")


class ReportList(Schema):
    items: list[Report]
    next: int | None = Field(description="Pass as `before` for the next page.")


class StatusChange(Schema):
    state: Choice(STATES, required=True, description="The new state; only what the transition table allows from "
                                                     "the current one (else 422).")
    text: Text(TEXT_MAX, required=True, multiline=True, description="The handler's text, shown in the thread.")
    planned_for: Moment(description="Required for `ingepland`.") = None
    organisation: Text(64, description="Required for `doorgezet`: slug of the organisation it goes to.") = None


class Satisfaction(Schema):
    satisfied: YesNo = Field(description="\"Tevreden?\" yes or no.")
    reason: Text(REASON_MAX, multiline=True, description="Required with no: asks to reopen the melding.") = None


class Feature(Schema):
    type: str = "Feature"
    id: int
    geometry: dict[str, Any]
    properties: dict[str, Any] = Field(description="category, category_slug, state, state_label, open, planned_for, "
                                                   "follower_count, created_at, url. No text, no reporter.")


class FeatureCollection(Schema):
    """GeoJSON (RFC 7946) of the wijk's open public meldingen."""
    type: str = "FeatureCollection"
    features: list[Feature]


class WebhookSettings(Schema):
    url: Text(URL_MAX, required=True, description="https to a public host (422 otherwise).")


class Webhook(Schema):
    url: str
    secret: str = Field(description="The HMAC-SHA256 key of the `Wijkpagina-Signature` header.")
    active: bool
