"""The API shapes of stellingen (docs/api.md "Stellingen")."""
from pydantic import Field

from core.schemas import Choice, Schema, Text, Timestamp, WholeNumber, YesNo
from partners.schemas import OrganisationBrief

from .services import POLICY_MAX, REASON_MAX, SEEDS_MAX, SEEDS_MIN, TEXT_MAX

Count = Field(ge=0)
Share = Field(ge=0, le=1)


class SetDefinition(Schema):
    """The `definition` of a participation with tool `stellingen`."""
    statements: list[Text(TEXT_MAX, required=True)] = Field(
        min_length=SEEDS_MIN, max_length=SEEDS_MAX, description="The owner's stellingen to start with (only "
                                                                "while a draft).")
    review_hours: WholeNumber(1, 336, description="Residents' stellingen are reviewed within this many hours "
                                                  "(default 48; shown to them).") = None
    policy: Text(POLICY_MAX, multiline=True, description="The published rules for stellingen.") = None


class StatementCreate(Schema):
    text: Text(TEXT_MAX, required=True, description="One claim, at most 140 characters.")


class Statement(Schema):
    id: int
    participation_id: int
    text: str
    source: Choice(("organisation", "resident"))
    organisation: OrganisationBrief | None
    status: Choice(("pending", "approved", "refused", "hidden"), description="hidden: by a moderator, after flags.")
    agree: int = Count
    disagree: int = Count
    passes: int = Count
    important: int = Count
    refusal_reason: str | None = Field(description="Only for the author and those who review.")
    created_at: Timestamp


class StatementList(Schema):
    items: list[Statement]
    next: None = Field(description="Always null: one page (at most 500).")


class VoteRequest(Schema):
    value: WholeNumber(-1, 1, required=True, description="1 eens, 0 pas, -1 oneens.")
    important: YesNo = False


class VoteResult(Schema):
    statement: Statement
    value: int = Field(ge=-1, le=1)
    important: bool
    votes_cast: int = Field(ge=0, description="The caller's votes in this set.")


class Review(Schema):
    action: Choice(("approve", "refuse"), required=True)
    reason: Text(REASON_MAX, multiline=True, description="Required when refusing; the author is told.") = None


class StatementBrief(Schema):
    id: int
    text: str


class Representative(Schema):
    statement: StatementBrief
    direction: Choice(("agree", "disagree"))
    share: float = Share
    others: float = Share


class OpinionGroup(Schema):
    id: int
    size: int = Count
    representative: list[Representative]


class Consensus(Schema):
    statement: StatementBrief
    share: float = Field(ge=0, le=1, description="The lowest agreement of any group.")


class OpinionGroups(Schema):
    computed_at: Timestamp | None
    participant_count: int = Count
    groups: list[OpinionGroup]
    consensus: list[Consensus] = Field(description="Breed gedragen: every group agrees; most agreed first.")
    your_group: int | None = Field(description="Null until the caller is in a computed snapshot.")
    votes_cast: int = Count
    updating: bool = Field(description="Votes came in after `computed_at`: new groups are on their way.")
