"""What people read for the codes stored in the audit log: the log keeps the code, pages show these (each area
registers its actions' labels with `audit.services.audit_actions`)."""
from flask_babel import lazy_gettext as _l

from .services import ACTIONS

ACTION_LABELS = ACTIONS  # one registry: an action is registered with its label

TARGET_LABELS = {
    "post": _l("post"), "comment": _l("comment"), "user": _l("person"), "wijk": _l("wijk"),
    "organisation": _l("organisation"), "api_client": _l("API client"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def target_label(code: str) -> str:
    return str(TARGET_LABELS.get(code, code))
