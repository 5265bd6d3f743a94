"""Where an idea's answer is: every idea ends answered (adopted, partly, rejected) or merged, never expired."""
from flask_babel import lazy_gettext as _l

ANSWERED = ("adopted", "partly", "rejected")
CLOSED_STATES = (*ANSWERED, "merged")
WAITING = ("submitted", "in_review")
STATES = (*WAITING, *CLOSED_STATES)
ANSWER_STATES = ("in_review", *ANSWERED)  # what an answer (or a template) sets; merging has its own use case
STATE_LABELS = {"submitted": _l("submitted"), "in_review": _l("being considered"), "adopted": _l("adopted"),
                "partly": _l("partly adopted"), "rejected": _l("not adopted"), "merged": _l("merged")}


def state_label(state: str) -> str:
    return str(STATE_LABELS[state])
