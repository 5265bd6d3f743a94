"""The participation levels of the participation ladder, each with the standard promise shown to residents.

The promise is fixed text: an owner may add to it, never take from it (Den Haag's "participatieniveau per
besluit"; the levels as the Dutch participation ladder names them).
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Level:
    name: str
    label: object
    promise: object


LEVELS: dict[str, Level] = {level.name: level for level in (
    Level("raadplegen", _l("Consult"),
          _l("We ask your opinion. We use it in our decision, and we tell you what we did with it and why.")),
    Level("adviseren", _l("Advise"),
          _l("You give advice. We follow it, unless we have good reasons not to; those reasons we tell you.")),
    Level("coproduceren", _l("Co-produce"),
          _l("We make the plan together. The result is what we agreed with each other, within the limits "
             "stated here.")),
    Level("meebeslissen", _l("Co-decide"),
          _l("You decide. Within the limits stated here, we carry out what the majority chooses.")),
)}

ELIGIBILITY = ("account", "followers", "code")  # code: holders of a letter code (participation/codes.py)
IDENTITIES = ("named", "pseudonymous", "anonymous")
# From open to strict: once a participation is open its visibility only moves to the right.
RESULTS_VISIBILITY = ("live", "after_answering", "after_closing")
DECISIONS = ("adopted", "partly", "not_adopted", "postponed")
RESULT_STATUSES = ("planned", "in_progress", "done", "dropped")
ORIGINS = ("online", "paper", "booth", "phone")
ORIGIN_LABELS = {"online": _l("Online"), "paper": _l("Paper"), "booth": _l("Booth"), "phone": _l("Phone")}


def origin_label(origin: str) -> str:
    return str(ORIGIN_LABELS[origin])
