"""The states of a melding and the explicit table of allowed transitions (after Signalen's workflow).

The handling organisation moves a melding; the reporter only asks to reopen it (saying "nee" to "tevreden?").
Anything not in TRANSITIONS is refused (409 `transition_not_allowed`, with the reason) and changes nothing.
"""
from flask_babel import lazy_gettext as _l

STATES = {
    "gemeld": _l("reported"),
    "in_behandeling": _l("being handled"),
    "ingepland": _l("planned"),
    "doorgezet": _l("passed on"),
    "afgehandeld": _l("done"),
    "geannuleerd": _l("cancelled"),
    "verzoek_heropenen": _l("reopening requested"),
    "heropend": _l("reopened"),
}
CLOSED_STATES = frozenset({"afgehandeld", "geannuleerd"})
OPEN_STATES = frozenset(STATES) - CLOSED_STATES
HANDLER, REPORTER = "handler", "reporter"

_WORK = ("in_behandeling", "ingepland", "afgehandeld", "doorgezet", "geannuleerd")

# from state -> {to state: who may make the change}
TRANSITIONS: dict[str, dict[str, str]] = {
    "gemeld": dict.fromkeys(_WORK, HANDLER),
    "in_behandeling": dict.fromkeys(("ingepland", "afgehandeld", "doorgezet", "geannuleerd"), HANDLER),
    "ingepland": dict.fromkeys(_WORK, HANDLER),  # ingepland -> ingepland: a new date
    "doorgezet": dict.fromkeys(_WORK, HANDLER),  # the organisation it was passed on to takes it from here
    "afgehandeld": {"heropend": HANDLER, "verzoek_heropenen": REPORTER},
    "geannuleerd": {"heropend": HANDLER},
    "verzoek_heropenen": {"heropend": HANDLER, "afgehandeld": HANDLER},
    "heropend": dict.fromkeys(_WORK, HANDLER),
}
# What each target state needs besides the handler's text.
NEEDS_DATE = frozenset({"ingepland"})
NEEDS_ORGANISATION = frozenset({"doorgezet"})


def allowed(from_state: str, to_state: str) -> str | None:
    """Who may make this change (HANDLER or REPORTER), or None when the table does not allow it."""
    return TRANSITIONS.get(from_state, {}).get(to_state)


def next_states(state: str, who: str = HANDLER) -> list[str]:
    return [to for to, by in TRANSITIONS.get(state, {}).items() if by == who]


def label(state: str) -> str:
    return str(STATES.get(state, state))
