"""Privacy (AVG/GDPR): everything stored about a person as JSON, and deleting their account.

Deleting keeps the user row, because the append-only audit log and the authorship of kept posts and
comments point to it, but erases everything that identifies the person: e-mail address (a unique
placeholder, so the address can register again), name, password, second factor, language, and every
row that is only about them (follows, reactions, RSVPs, flags they filed, notifications, mutes, tokens,
recovery codes, linked sign-in identities, memberships and wijk roles). Their posts and comments stay,
shown as by "deleted user", or are removed like a moderator's removal, at their choice. Everything
happens in one transaction, and the live events that tell open pages and the page cache go out only
after it committed.
"""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from accounts import personal_data
from accounts.models import User
from accounts.personal_data import DELETE_REASON, exports
from audit.models import AuditEntry
from audit.services import audit
from core.emails import normalise_email
from core.errors import Conflict, PermissionDenied
from core.extensions import db
from core.schemas import Input
from core.timeutil import isoformat, to_local, utcnow
from core.transactions import unit_of_work
from partners.models import Organisation
from wijken.models import Wijk

from . import schemas

EXPORT_FORMAT = "wijkpagina-export/1"


def export_filename() -> str:
    return f"wijkpagina-gegevens-{to_local(utcnow()):%Y-%m-%d}.json"


def export_user_data(user: User) -> dict:
    """Everything stored about `user`, each area contributing its part; never a secret or a hash."""
    return {"format": EXPORT_FORMAT, "exported_at": isoformat(utcnow()), **personal_data.exported(user)}


@exports("audit_entries")
def _audit_entries(user: User) -> list[dict]:
    """What the person did as a moderator or admin (the log is append-only: these stay after deletion)."""
    rows = db.session.execute(
        select(AuditEntry.id, AuditEntry.created_at, AuditEntry.action, AuditEntry.target_type,
               AuditEntry.target_id, AuditEntry.reason, AuditEntry.details, Wijk.slug.label("wijk"),
               Organisation.slug.label("organisation"))
        .outerjoin(Wijk, Wijk.id == AuditEntry.wijk_id)
        .outerjoin(Organisation, Organisation.id == AuditEntry.organisation_id)
        .where(AuditEntry.actor_id == user.id).order_by(AuditEntry.id))
    return [{"id": row.id, "created_at": isoformat(row.created_at), "action": row.action, "target": row.target_type,
             "target_id": row.target_id, "wijk": row.wijk, "organisation": row.organisation, "reason": row.reason,
             "details": row.details} for row in rows]


def delete_account(user: User, data) -> None:
    """Delete the caller's own account after they proved it is them (password, or e-mail without one).

    `data`: {"password" (or "email" for an account without a password), "content": "keep" | "remove"}.
    Raises ValidationError (with fields) for a wrong password or choice, Conflict for the last site
    admin, and then nothing has changed.
    """
    if user.is_service:
        raise PermissionDenied(_("A partner system's account is removed with its API client."))
    content = _check_request(user, data)
    if user.is_admin and not _other_admins(user):
        raise Conflict(_("You are the last site admin: make someone else admin first."), code="last_admin")
    # Payloads stored in the event log and sent to everyone's pages: in the site's language.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]), unit_of_work():
        personal_data.erase(user, content)
        audit(user, "delete_account", "user", user.id, DELETE_REASON, content=content)


def _check_request(user: User, data) -> str:
    fields = Input(schemas.AccountDelete, data)
    content = fields["content"]
    if user.password_hash:
        password = data.get("password")
        if not isinstance(password, str) or not password:
            fields.error("password", _("This field is required."))
        elif not user.check_password(password):
            fields.error("password", _("This is not your password."))
    else:  # e.g. an account that only signs in through an organisation's single sign-on
        email = fields.require("email")
        if email is not None and normalise_email(email) != user.email:
            fields.error("email", _("This is not the e-mail address of your account."))
    fields.check()
    return content


def _other_admins(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(User).where(
        User.is_admin.is_(True), User.deleted_at.is_(None), User.id != user.id))
