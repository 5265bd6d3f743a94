"""Writing the audit log. Every area that changes roles or moderates content records it here, with a reason."""
from core.extensions import db
from core.validation import Fields

from .models import AuditEntry

REASON_MAX = 1000
DEFAULT_REASON = "via beheer"  # stored, like every default reason, in the site's language
ACTIONS: dict[str, object] = {}
"""Every action the log may hold, with what people read for it (a lazy translation): each area registers its own
(`audit_actions`); the log pages show the labels (audit.labels), the API document lists the codes."""


def audit_actions(**labels) -> None:
    """Register the actions an area writes to the log: `audit_actions(hide=_l("hidden"), ...)`."""
    ACTIONS.update(labels)


def audit(actor, action: str, target_type: str, target_id: int, reason: str, *, wijk=None,
          organisation=None, **details) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action {action!r}: register it with audit_actions")
    entry = AuditEntry(actor_id=actor.id if actor else None, action=action, target_type=target_type,
                       target_id=target_id, wijk_id=wijk.id if wijk else None,
                       organisation_id=organisation.id if organisation else None, reason=reason, details=details)
    db.session.add(entry)
    return entry


def audit_reason(reason) -> str:
    """The reason given for a role change, or a default for the log: every entry has one."""
    fields = Fields({"reason": reason})
    value = fields.text("reason", max_length=REASON_MAX, multiline=True)
    fields.check()
    return value or DEFAULT_REASON
