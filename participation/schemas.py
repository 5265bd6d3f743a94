"""The API shapes of participations (CONTRACT.md "Participation, first cut"): they document the requests the
services validate and the answers the serializers build, and generate their part of the OpenAPI document.

A tool of a higher area declares its own shapes with its `Tool` (participation.tools): the shapes that carry a
tool's part (`participation_shape()`, `create_shape()`, `update_shape()`, `ballot_shape()`, `paper_shape()`,
`results_shape()`, `list_shape()`) are built from the registered tools once they are all imported, as the API
document is."""
import copy
import operator
from functools import cache, reduce

from pydantic import Field, RootModel, create_model

from core.schemas import Choice, Moment, Schema, Text, Timestamp, WholeNumber, YesNo
from partners.schemas import OrganisationBrief

from .codes import BATCH_MAX, CODE_INPUT_MAX
from .levels import DECISIONS, ELIGIBILITY, IDENTITIES, LEVELS, ORIGINS, RESULT_STATUSES, RESULTS_VISIBILITY
from .services import BODY_MAX, OPTION_MAX, OPTIONS_MAX, OTHER_MAX, TITLE_MAX
from .survey_schemas import AnswersBody, PhaseIn, PhaseOut, QuestionResult, SurveyDefinition, SurveyDefinitionIn
from .tools import FRAME_TOOLS, TOOL_NAMES, TOOLS, tool_shapes

Count = Field(ge=0)


class PollDefinition(Schema):
    options: list[Text(OPTION_MAX, required=True)] = Field(min_length=2, max_length=OPTIONS_MAX)
    max_choices: WholeNumber(1, OPTIONS_MAX) = 1
    allow_other: YesNo = False


class ParticipationCreate(Schema):
    """A new participation; `definition` is the tool's."""
    tool: str = Field(json_schema_extra={"enum": TOOL_NAMES}, description="A registered tool (the live list).")
    wijken: list[str] = Field(min_length=1, max_length=50, description="Slugs of the wijken it belongs to.")
    organisation: Text(80, required=True, description="Slug of the owning organisation.")
    title: Text(TITLE_MAX, required=True)
    body: Text(BODY_MAX, required=True, multiline=True, description="Markdown.")
    level: Choice(tuple(LEVELS), required=True)
    decision_owner: Text(140, required=True)
    kaders: Text(BODY_MAX, multiline=True) = None
    promise_extra: Text(BODY_MAX, multiline=True, description="Added to the level's promise, never replacing it.") \
        = None
    opens_at: Moment() = None
    closes_at: Moment(required=True)
    feedback_due: Moment(description="Default: six weeks after closes_at.") = None
    eligibility: Choice(ELIGIBILITY) = ELIGIBILITY[0]
    identity: Choice(IDENTITIES) = IDENTITIES[0]
    results_visibility: Choice(RESULTS_VISIBILITY) = RESULTS_VISIBILITY[0]
    phases: list[PhaseIn] = Field(None, max_length=12, description="Optional steps shown as a timeline.")
    definition: PollDefinition | SurveyDefinitionIn = Field(
        description="The tool's definition: PollDefinition for a poll, SurveyDefinitionIn for a survey, "
                    "BudgetDefinition for a budgetschuiver, ...: each tool's own (docs/api.md).")


class ParticipationUpdate(Schema):
    """Any of the create fields; once published only stricter rules, and the definition only before the first
    answer (409 `frozen`)."""
    title: Text(TITLE_MAX) = None
    body: Text(BODY_MAX, multiline=True) = None
    decision_owner: Text(140) = None
    kaders: Text(BODY_MAX, multiline=True) = None
    promise_extra: Text(BODY_MAX, multiline=True) = None
    closes_at: Moment() = None
    feedback_due: Moment() = None
    eligibility: Choice(ELIGIBILITY) = None
    identity: Choice(IDENTITIES) = None
    results_visibility: Choice(RESULTS_VISIBILITY) = None
    phases: list[PhaseIn] = Field(None, max_length=12)
    definition: PollDefinition | SurveyDefinitionIn = Field(None, description="The tool's definition, as when "
                                                            "creating.")


class Ballot(AnswersBody):
    """A poll's ballot (`choices`, `other`, `code`) or a survey's answers (`answers`, `submit`)."""
    choices: list[int] = Field(None, description="Poll: ids of the chosen options (at most `max_choices`).")
    other: Text(OTHER_MAX, description="Poll: \"anders, namelijk\", where the poll allows it.") = None
    code: Text(CODE_INPUT_MAX, description="The code from the letter, where eligibility is `code` (then no token "
                                           "is needed). 403 `bad_code` when wrong, 409 `code_used` when used.") = None


class PaperResponses(Schema):
    origin: Choice(ORIGINS[1:], required=True)
    responses: list[Ballot] = Field(min_length=1, max_length=500, description="Poll: ballots; survey: "
                                    "`{\"answers\"}` each, complete (at most 200).")


class PaperEntered(Schema):
    entered: int = Count


class OptionTally(Schema):
    id: int
    label: str
    votes: int = Count


class Results(Schema):
    participant_count: int = Count
    options: list[OptionTally]
    other: int | None = Field(description="Answers \"anders\"; null when the poll has none.")
    origins: dict[str, int] = Field(description="Answers per origin: " + ", ".join(ORIGINS) + ".")
    households: int | None = Field(ge=0, description="Households of its wijken (CBS); null while one is unknown.")
    response_rate: float | None = Field(ge=0, description="participant_count / households, e.g. 0.125.")
    questions: list[QuestionResult] = Field(None, description="A survey's results per question (not for a poll).")


class Option(Schema):
    id: int
    label: str


class Definition(Schema):
    options: list[Option]
    max_choices: int
    allow_other: bool


class Outcome(Schema):
    decision: Choice(DECISIONS)
    body_html: str
    published_at: Timestamp


class OutcomeCreate(Schema):
    decision: Choice(DECISIONS, required=True)
    body: Text(BODY_MAX, required=True, multiline=True, description="What was done with the input, and why.")


class ResultItem(Schema):
    id: int
    title: str
    status: Choice(RESULT_STATUSES)
    progress: int = Field(ge=0, le=100)
    updated_at: Timestamp


class ResultItemChange(Schema):
    title: Text(TITLE_MAX) = None
    status: Choice(RESULT_STATUSES) = None
    progress: WholeNumber(0, 100) = None
    update: Text(BODY_MAX, multiline=True, description="A dated update, posted into the thread.") = None


class Participation(Schema):
    id: int
    tool: str = Field(json_schema_extra={"enum": TOOL_NAMES}, description="A registered tool (the live list).")
    wijken: list[str]
    organisation: OrganisationBrief
    title: str
    body_html: str
    level: Choice(tuple(LEVELS))
    level_label: str
    promise: str = Field(description="The level's standard promise (fixed text).")
    promise_extra: str
    decision_owner: str
    kaders: str
    opens_at: Timestamp | None
    closes_at: Timestamp
    feedback_due: Timestamp
    eligibility: Choice(ELIGIBILITY)
    identity: Choice(IDENTITIES)
    results_visibility: Choice(RESULTS_VISIBILITY)
    status: Choice(("draft", "open", "closed"))
    post_id: int | None
    participant_count: int = Count
    overdue_days: int = Field(ge=0, description="Days past feedback_due without an outcome.")
    phases: list[PhaseOut]
    definition: Definition | SurveyDefinition | None = Field(
        description="The tool's definition (Definition for a poll, SurveyDefinition for a survey, BudgetShown for "
                    "a budgetschuiver, ...).")
    outcome: Outcome | None
    result_items: list[ResultItem]
    results: Results | None = Field(description="Null while the results are not visible to the caller.")


class LetterCodesCreate(Schema):
    wijk: Text(80, required=True, description="Slug of one of the participation's wijken.")
    count: WholeNumber(1, BATCH_MAX, description="Default: the wijk's households that have no code yet.") = None


class LetterCodes(Schema):
    wijk: str
    codes: list[str] = Field(description="The new codes, as printed (XXXXX-XXXXX). Shown only this once.")
    issued: int = Field(ge=0, description="Codes made for this wijk so far, these included.")


class PromiseRecord(Schema):
    organisation: str
    due: int = Field(ge=0, description="Promises whose feedback date passed, or that were kept early.")
    kept: int = Field(ge=0, description="Outcome published on or before feedback_due.")
    share: float | None = Field(ge=0, le=1, description="kept / due; null while nothing was due.")


class ParticipationList(Schema):
    items: list[Participation]
    next: None = Field(description="Always null: one page (at most 100).")




# --- the shapes with every tool's part -----------------------------------------------------------------------

def _union(*shapes):
    return reduce(operator.or_, shapes)


def _with_tools(base: type, name: str, shapes: tuple, undeclared: bool) -> type:
    """`base` with its `name` field widened by the tools' shapes (and any object, while a tool declares none)."""
    info = base.model_fields[name]
    widened = _union(info.annotation, *shapes, *((dict,) if undeclared else ()))
    return create_model(base.__name__, __base__=base, __doc__=base.__doc__, **{name: (widened, info)})


def _undeclared(attribute: str, having: str = "define") -> bool:
    """Whether a tool of another area that has `having` declares no shape for it in `attribute` (the poll's and
    survey's shapes are here)."""
    return any(getattr(tool, having) is not None and getattr(tool, attribute) is None
               and tool.name not in FRAME_TOOLS for tool in TOOLS.values())


def create_shape() -> type:
    return _create(tool_shapes("definition_in"), _undeclared("definition_in"))


@cache
def _create(shapes: tuple, undeclared: bool) -> type:
    return _with_tools(ParticipationCreate, "definition", shapes, undeclared)


def update_shape() -> type:
    return _update(tool_shapes("definition_in"), _undeclared("definition_in"))


@cache
def _update(shapes: tuple, undeclared: bool) -> type:
    return _with_tools(ParticipationUpdate, "definition", shapes, undeclared)


def participation_shape() -> type:
    return _participation(tool_shapes("definition_out"), _undeclared("definition_out", "describe"),
                          tool_shapes("results_shape"), _undeclared("results_shape", "results"))


@cache
def _participation(definitions: tuple, undeclared: bool, results: tuple, undeclared_results: bool) -> type:
    shown = _with_tools(Participation, "definition", definitions, undeclared)
    return _with_tools(shown, "results", results, undeclared_results)


def results_shape() -> type:
    return _results(tool_shapes("results_shape"), _undeclared("results_shape", "results"))


@cache
def _results(shapes: tuple, undeclared: bool) -> type:
    return create_model("ParticipationResults", __base__=RootModel[_union(Results, *shapes,
                                                                          *((dict,) if undeclared else ()))],
                        __doc__="The poll's or survey's Results, or the tool's own (BudgetResults, VoteResults, ...).")


def ballot_shape() -> type:
    return _ballot(tool_shapes("answer"))


@cache
def _ballot(shapes: tuple) -> type:
    """`Ballot` with the fields of each tool's answer, each optional (which fields belong together: the tool's
    shape, e.g. Distribution)."""
    fields = {}
    for shape in shapes:
        for name, info in shape.model_fields.items():
            optional = copy.copy(info)
            optional.default = None
            optional.description = f"{shape.__name__}: {info.description or name}"
            fields[name] = (info.annotation, optional)
    return create_model("Ballot", __base__=Ballot, __doc__=(
        "A poll's ballot (`choices`, `other`, `code`), a survey's answers (`answers`, `submit`), or another tool's "
        "answer (its fields named by its shape: " + ", ".join(s.__name__ for s in shapes) + ")."), **fields)


def paper_shape() -> type:
    return _paper(ballot_shape())


@cache
def _paper(ballot: type) -> type:
    return create_model("PaperResponses", __base__=PaperResponses, __doc__=PaperResponses.__doc__, responses=(
        list[ballot], PaperResponses.model_fields["responses"]))


def list_shape() -> type:
    return _list(participation_shape())


@cache
def _list(shown: type) -> type:
    return create_model("ParticipationList", __base__=ParticipationList, __doc__=ParticipationList.__doc__,
                        items=(list[shown], ParticipationList.model_fields["items"]))
