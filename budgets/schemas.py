"""The shapes of the budgetschuiver and the wijkbudget vote: their definitions, one answer and the results (what
the participation frame's `definition`, `PUT .../response` and `results` carry for these tools; docs/api.md), and
the limits the services, forms and templates share."""
from pydantic import Field

from core.schemas import Choice, Id, Schema, Text, WholeNumber
from participation.levels import ORIGINS

from .rules import MONEY_MAX, RULES, VOTE_RULES

LABEL_MAX, REASON_MAX, CONSEQUENCE_MAX, EXPLANATION_MAX = 140, 300, 300, 2000
LINES_MIN, LINES_MAX, CONSEQUENCES_MAX = 2, 20, 40
PROJECTS_MIN, PROJECTS_MAX, PROJECT_BODY_MAX, LOCATION_MAX = 2, 50, 4000, 200
YEAR_MIN, YEAR_MAX = 2000, 2100
LIMITS = {"explanation": EXPLANATION_MAX}
Money = WholeNumber(0, MONEY_MAX, required=True, description="Whole euros.")
Count = Field(ge=0)


# --- budgetschuiver --------------------------------------------------------------------------------------

class ConsequenceIn(Schema):
    delta: WholeNumber(-MONEY_MAX, MONEY_MAX, required=True, description=(
        "The change it belongs to, in whole euros: a whole number of steps, up (+) or down (−), not 0."))
    text: Text(CONSEQUENCE_MAX, required=True, description="E.g. \"de speeltuin gaat één dag per week dicht\".")


class LineIn(Schema):
    label: Text(LABEL_MAX, required=True)
    current: Money
    minimum: Money
    maximum: Money
    step: WholeNumber(1, MONEY_MAX, required=True, description="Amounts move from `current` in whole steps.")
    minimum_reason: Text(REASON_MAX, description="Why the minimum is fixed (a law, a contract).") = None
    consequences: list[ConsequenceIn] = Field([], max_length=CONSEQUENCES_MAX)


class BudgetDefinition(Schema):
    """A budgetschuiver (`tool: budgetschuiver`)."""
    total: Money
    rule: Choice(tuple(RULES), required=True, description="balance: the lines add up to the total; not_exceed: "
                                                          "at most the total; free: the total is a guide.")
    first_year: WholeNumber(YEAR_MIN, YEAR_MAX) = None
    last_year: WholeNumber(YEAR_MIN, YEAR_MAX) = None
    lines: list[LineIn] = Field(min_length=LINES_MIN, max_length=LINES_MAX)


class Consequence(Schema):
    delta: int
    text: str


class Line(Schema):
    id: int
    label: str
    current: int
    minimum: int
    maximum: int
    step: int
    minimum_reason: str
    decided: int | None = Field(description="The real decision, once the owner has entered it.")
    consequences: list[Consequence]


class BudgetShown(Schema):
    total: int
    rule: Choice(tuple(RULES))
    first_year: int | None
    last_year: int | None
    lines: list[Line]


class Distribution(Schema):
    """A budgetschuiver answer: an amount for every line."""
    amounts: dict[str, WholeNumber(0, MONEY_MAX, required=True)] = Field(
        description="Line id → whole euros; every line, within its limits and in its steps, together keeping "
                    "the rule.")
    explanation: Text(EXPLANATION_MAX, multiline=True, description="Why this way (optional).") = None


class LineResult(Schema):
    id: int
    label: str
    current: int
    median: float | None
    low: int | None = Field(description="The lowest quarter ends here (25th percentile).")
    high: int | None = Field(description="The highest quarter starts here (75th percentile).")
    raised: float = Field(ge=0, le=1, description="Share of submissions that raised the line.")
    lowered: float = Field(ge=0, le=1, description="Share of submissions that lowered the line.")
    collective: int = Field(description="The line in the residents' budget.")
    decided: int | None


class BudgetResults(Schema):
    participant_count: int = Count
    origins: dict[str, int] = Field(description="Submissions per origin: " + ", ".join(ORIGINS) + ".")
    total: int
    rule: Choice(tuple(RULES))
    lines: list[LineResult]
    collective_total: int = Field(description="The residents' budget (the medians, balanced by the rule).")
    decided_total: int | None



# --- wijkbudget vote -------------------------------------------------------------------------------------

class ProjectIn(Schema):
    """A project entered by the owner, or made from an idea of an idea round (`idea`; its title, text and
    location are the idea's where not given)."""
    title: Text(LABEL_MAX, description="Required unless `idea` is given.") = None
    body: Text(PROJECT_BODY_MAX, multiline=True, description="Markdown.") = None
    location: Text(LOCATION_MAX) = None
    cost: WholeNumber(1, MONEY_MAX, required=True, description="Whole euros.")
    idea: Id(required=False, description="The id of a shown idea of a published idea round in one of the vote's "
                                         "wijken (not rejected or merged).") = None


class VoteDefinition(Schema):
    """A wijkbudget vote (`tool: budget_vote`)."""
    budget: WholeNumber(1, MONEY_MAX, required=True, description="Whole euros.")
    rule: Choice(tuple(VOTE_RULES), required=True, description=(
        "knapsack: chosen projects together within the budget; approval: at most `max_projects`; minimum_spend: "
        "at least `min_spend_percent` of the budget, and within it."))
    max_projects: WholeNumber(1, PROJECTS_MAX, description="For approval.") = None
    min_spend_percent: WholeNumber(1, 100, description="For minimum_spend.") = None
    projects: list[ProjectIn] = Field(min_length=PROJECTS_MIN, max_length=PROJECTS_MAX)


class ProjectShown(Schema):
    id: int
    title: str
    body_html: str
    location: str
    cost: int
    idea_id: int | None = Field(description="The idea it was made from.")


class VoteShown(Schema):
    budget: int
    rule: Choice(tuple(VOTE_RULES))
    max_projects: int | None
    min_spend_percent: int | None
    projects: list[ProjectShown]


class VoteBallotIn(Schema):
    """A wijkbudget ballot: the chosen projects."""
    projects: list[int] = Field(description="Ids of the chosen projects, within the vote's rule.")


class ProjectResult(Schema):
    id: int
    title: str
    cost: int
    votes: int = Count
    funded: bool
    left_before: int = Field(description="The budget left when the project's turn came.")
    reason: str | None = Field(description="Why it is not funded (e.g. it no longer fits the remaining budget).")


class VoteResults(Schema):
    participant_count: int = Count
    origins: dict[str, int]
    budget: int
    projects: list[ProjectResult] = Field(description="By votes; winners chosen greedily while the money lasts.")
    spent: int
    cut_off: int | None = Field(description="The id of the first project passed over: the cut-off line is above it.")



class BudgetDecision(Schema):
    """The real decision, per line, to compare with the residents' budget."""
    amounts: dict[str, WholeNumber(0, MONEY_MAX, required=True)] = Field(description="Line id → whole euros.")
