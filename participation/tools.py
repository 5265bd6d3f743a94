"""The tools of the participation frame.

The poll is the frame's own tool; a higher area (ideas, stellingen, ...) registers its tool here at import time
with `register_tool`. The frame then creates, publishes, closes and shows the tool's participations like the
poll's: the tool only reads its `definition`, adds its part of the page and, where it has any, its tallies.
"""
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Tool:
    name: str
    label: object
    # define(fields, participation, definition, creating): read the tool's `definition` from a create or change
    # request, put its errors on `fields`, apply it to the participation when there are none.
    define: Callable
    # The template included in the participation page for the tool's part (context: `p`, `tool_context`).
    page: str
    # context(viewer, participation) -> dict: what the tool's template needs (`tool_context`).
    context: Callable | None = None
    # describe(participation) -> dict | None: the tool's `definition` in the API's participation.
    describe: Callable | None = None
    # results(participation) -> dict | None: the tallies, where the tool has a ballot (the poll).
    results: Callable | None = None
    # A tool with a ballot (one answer per person through the frame's `respond` and paper responses):
    # ballot(participation, data) checks one answer (raising ValidationError naming its fields) and returns what
    # record(participation, ballot, origin, user_id) stores, keeping the tallies (`user_id` None when anonymous
    # or from paper).
    ballot: Callable | None = None
    record: Callable | None = None
    # outcome(actor, participation): inside the outcome's transaction (a vote's winners become result items).
    outcome: Callable | None = None
    # Its part of the HTML editor (participation.editor), for a tool that has one: `form` is the template
    # included in the create and change form (context: `values`, `errors`, `wijk`, `p`, `extra_rows`);
    # form_values(participation) -> dict: the form's values for the existing definition; read_form(form) ->
    # (values, definition): what was typed, to show again, and the API's `definition` it makes. A button other
    # than "save" shows the form again with read_form's values (more rows, say, or rows taken from elsewhere).
    form: str | None = None
    form_values: Callable | None = None
    read_form: Callable | None = None
    # Its part of the officer screen (answers from paper, a booth or the phone), for a tool with a ballot other
    # than the poll's and survey's: `officer_form` is the template of one answer's fields (context: `p`, `form`
    # as typed, `errors` by the last part of their path); officer_ballot(participation, form) -> that answer as
    # the API takes it (entered as many times as counted).
    officer_form: str | None = None
    officer_ballot: Callable | None = None
    # daily(now) -> int: the tool's part of the daily tick (`flask participation tick`), e.g. reminders; how
    # many it reminded. It commits its own work.
    daily: Callable | None = None
    # Its shapes in the API document (pydantic models; participation.schemas adds them to the frame's, so a
    # tool that declares them is not "any object" there): the `definition` in a create or change request and as
    # shown, the fields of one answer (`PUT .../response`, paper responses), and its `results`.
    definition_in: type | None = None
    definition_out: type | None = None
    answer: type | None = None
    results_shape: type | None = None


TOOLS: dict[str, Tool] = {}
# The frame's own tools: their forms and API shapes are the frame's (participation.editor, participation.schemas).
FRAME_TOOLS = ("poll", "survey")
# Every tool's name, kept up to date by register_tool (documents that list the tools hold this list itself).
TOOL_NAMES: list[str] = []


def register_tool(tool: Tool) -> None:
    if tool.name in TOOLS:
        raise ValueError(f"participation tool {tool.name!r} exists")
    TOOLS[tool.name] = tool
    TOOL_NAMES.append(tool.name)


def tool_shapes(attribute: str) -> tuple[type, ...]:
    """The shapes the tools declare under `attribute` (`definition_in`, ...), in registration order."""
    return tuple(dict.fromkeys(shape for tool in TOOLS.values() if (shape := getattr(tool, attribute)) is not None))


def editable_tools() -> list[str]:
    """The tools the HTML editor can create and change: the frame's and every tool with its part of the form."""
    return [name for name, tool in TOOLS.items() if name in FRAME_TOOLS or tool.form]
