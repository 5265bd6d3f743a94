"""Who looks after a wijk: the organisations that serve it and its coordinators.

Role changes made by a person (`actor` given) are written to the audit log with a reason; the CLI and the
demo seed call the same functions without an actor.
"""
from flask_babel import gettext as _
from sqlalchemy import select

from audit.services import audit, audit_reason
from core.errors import NotFound, ValidationError
from core.extensions import db
from core.transactions import commit

from .models import WIJK_ROLES, Wijk, WijkRole


def serve_wijken(organisation, slugs, *, add: bool = False) -> None:
    """The organisation serves exactly these wijken (`add`: these as well as those it already serves)."""
    slugs = sorted(set(slugs))
    wijken = list(db.session.scalars(select(Wijk).where(Wijk.slug.in_(slugs)).order_by(Wijk.name)))
    if len(wijken) != len(slugs):
        missing = ", ".join(sorted(set(slugs) - {w.slug for w in wijken}))
        raise ValidationError(_("Unknown wijk: %(slugs)s", slugs=missing),
                              fields={"wijken": _("Choose wijken from the list.")})
    if add:
        wijken = [*organisation.wijken, *(w for w in wijken if w not in organisation.wijken)]
    organisation.wijken = wijken
    commit()


def _wijk_role(user, wijk, role: str) -> WijkRole | None:
    return db.session.scalar(select(WijkRole).where(WijkRole.user_id == user.id, WijkRole.wijk_id == wijk.id,
                                                    WijkRole.role == role))


def _check_wijk_role(role: str) -> None:
    if role not in WIJK_ROLES:
        raise ValidationError(_("Unknown role."), fields={"role": _(
            "Choose one of: %(choices)s.", choices=", ".join(WIJK_ROLES))})


def grant_wijk_role(user, wijk, role: str, *, actor=None, reason: str | None = None) -> WijkRole:
    _check_wijk_role(role)
    reason = audit_reason(reason)
    existing = _wijk_role(user, wijk, role)
    if existing is None:
        existing = WijkRole(user=user, wijk=wijk, role=role)
        db.session.add(existing)
        audit(actor, "grant_role", "user", user.id, reason, wijk=wijk, role=role)
        user.page_state_changed()
        commit()
    return existing


def revoke_wijk_role(user, wijk, role: str = "coordinator", *, actor=None, reason: str | None = None) -> None:
    _check_wijk_role(role)
    reason = audit_reason(reason)
    existing = _wijk_role(user, wijk, role)
    if existing is None:
        raise NotFound(_("%(name)s is not a coordinator of %(wijk)s.", name=user.display_name,
                         wijk=wijk.name))
    audit(actor, "revoke_role", "user", user.id, reason, wijk=wijk, role=role)
    db.session.delete(existing)
    user.page_state_changed()
    commit()
