"""The API shapes of the wijkagenda (docs/api.md "Wijkagenda")."""
from pydantic import Field

from core.schemas import Choice, Id, Moment, Schema, Text, Timestamp
from partners.schemas import OrganisationBrief

from .services import BODY_MAX, SOURCES, STATUSES, TITLE_MAX


class IdeaBrief(Schema):
    id: int
    participation_id: int
    title: str


class StatementBrief(Schema):
    id: int
    participation_id: int
    text: str


class Meeting(Schema):
    post_id: int
    title: str
    starts_at: Timestamp | None
    location: str | None


class NewMeeting(Schema):
    """An evenement post of the wijk, created with the agendapunt (the post's own rules apply)."""
    title: Text(140, required=True)
    starts_at: Moment(required=True)
    ends_at: Moment(required=True)
    location: Text(200, required=True)
    body: Text(BODY_MAX, multiline=True) = None


class AgendaItem(Schema):
    id: int
    wijk: str
    title: str
    body_html: str
    organisation: OrganisationBrief | None = Field(description="Who owns it.")
    status: Choice(STATUSES)
    source: Choice(SOURCES)
    idea: IdeaBrief | None
    statement: StatementBrief | None
    meeting: Meeting | None = Field(description="The next meeting: an evenement post with RSVP.")
    feedback_due: Timestamp | None
    created_at: Timestamp
    updated_at: Timestamp


class AgendaList(Schema):
    items: list[AgendaItem]
    next: None = Field(description="Always null: one page (at most 200).")


class AgendaItemCreate(Schema):
    title: Text(TITLE_MAX, description="Required unless it comes from an idea or a stelling.") = None
    body: Text(BODY_MAX, multiline=True) = None
    organisation: Text(80, description="Slug of the owning organisation.") = None
    status: Choice(STATUSES) = None
    idea: Id(required=False, description="An idea of the wijk that reached its threshold.") = None
    statement: Id(required=False, description="A broadly supported stelling (coordinators).") = None
    meeting: Id(required=False, description="An evenement post of the wijk.") = None
    new_meeting: NewMeeting = None
    feedback_due: Moment() = None


class AgendaItemChange(Schema):
    title: Text(TITLE_MAX) = None
    body: Text(BODY_MAX, multiline=True) = None
    status: Choice(STATUSES) = None
    meeting: Id(required=False, description="An evenement post of the wijk; null: none.") = None
    new_meeting: NewMeeting = None
    feedback_due: Moment() = None
