"""Partner use cases: organisations and roles.

Role changes made by a person (`actor` given) are written to the audit log with
a reason; the CLI and the demo seed call the same functions without an actor.
Every change bumps the affected user's cached pages and commits once.
"""
import hashlib
import io
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from accounts.models import User
from accounts.permissions import is_admin
from accounts.services import find_user
from audit.services import audit, audit_reason
from core.errors import NotFound, PermissionDenied, ValidationError, require
from core.extensions import db
from core.schemas import Input
from core.transactions import commit
from core.validation import Fields
from media.images import ImageRefused, decode
from partners.permissions import can_manage_organisation

from . import schemas
from .models import MEMBERSHIP_ROLES, ORGANISATION_KINDS, Membership, Organisation

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def organisation_by_slug(slug: str) -> Organisation:
    org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        raise NotFound(_("This organisation does not exist."))
    return org


def _organisation_fields(fields: Fields) -> dict:
    values = {"name": fields.text("name", max_length=120, required=True),
              "kind": fields.choice("kind", ORGANISATION_KINDS, required=True),
              "verified": fields.boolean("verified")}
    if fields.present("description"):
        values["description"] = fields.text("description", max_length=2000, multiline=True) or ""
    if fields.present("policy_url"):
        url = fields.text("policy_url", max_length=schemas.POLICY_URL_MAX)
        values["policy_url"] = _checked_policy_url(fields, url) or ""  # "" (not None): _apply clears it
    return values


def _checked_policy_url(fields, url: str | None) -> str | None:
    """A web address (http or https, with a host), or None when left empty; an error on `policy_url` otherwise."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. "http://[abc": an IPv6 address never closed
        host = None
    if host is None or parts.scheme not in ("http", "https") or any(c.isspace() for c in url):
        fields.error("policy_url", _("Give a web address that starts with https://."))
        return None
    return url


def _apply(org: Organisation, values: dict) -> None:
    for name, value in values.items():
        if value is not None:
            setattr(org, name, value)
    if org.policy_url == "":
        org.policy_url = None


def create_or_update_organisation(data) -> Organisation:
    """Command-line style upsert by slug."""
    fields = Fields(data)
    slug = fields.text("slug", max_length=64, required=True)
    values = _organisation_fields(fields)
    fields.check()
    org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        org = Organisation(slug=slug)
        db.session.add(org)
    _apply(org, values)
    commit()
    return org


def save_organisation(data, organisation: Organisation | None = None) -> Organisation:
    """Create a new organisation (slug from `data`) or edit `organisation`."""
    fields = Fields(data)
    slug = None
    if organisation is None:
        slug = fields.text("slug", max_length=64, required=True)
        if slug and not SLUG.match(slug):
            fields.error("slug", _("Use lower-case letters, digits and hyphens only."))
        elif slug and db.session.scalar(select(Organisation.id).where(Organisation.slug == slug)):
            fields.error("slug", _("An organisation with this slug already exists."))
    values = _organisation_fields(fields)
    values["verified"] = bool(values["verified"])
    fields.check()
    org = organisation or Organisation(slug=slug)
    db.session.add(org)
    _apply(org, values)
    commit()
    return org


# --- logos ------------------------------------------------------------------------

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIZE = (256, 256)
LOGO_NAME = re.compile(r"^[a-z0-9-]+\.png$")


def logo_folder() -> Path:
    """Where logo files live: UPLOAD_FOLDER/logos, by default <instance>/uploads/logos."""
    uploads = current_app.config.get("UPLOAD_FOLDER") or os.path.join(current_app.instance_path, "uploads")
    return Path(uploads) / "logos"


def logo_png(upload) -> bytes:
    """An uploaded image, checked and decoded by the media pipeline like every upload, re-encoded as a PNG of at
    most 256×256 pixels that keeps its transparency. Only the decoded pixels survive; anything else raises a
    ValidationError on `logo`."""
    try:
        image, _profile = decode(upload, max_bytes=LOGO_MAX_BYTES)
    except ImageRefused as exc:
        raise ValidationError(exc.message, fields={"logo": exc.message}) from None
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail(LOGO_MAX_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _logo_file_name(org: Organisation, png: bytes) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", org.slug.lower()).strip("-")[:60] or "logo"
    return f"{stem}-{hashlib.sha256(png).hexdigest()[:12]}.png"


def _delete_logo_file(name: str | None) -> None:
    if name and LOGO_NAME.match(name):
        try:
            (logo_folder() / name).unlink()
        except FileNotFoundError:
            pass


def set_logo(actor, org: Organisation, upload) -> str:
    """Store `upload` (a file or the bytes from `logo_png`) as the organisation's logo; returns its file name."""
    require(actor is None or can_manage_organisation(actor, org))
    png = upload if isinstance(upload, bytes) else logo_png(upload)
    name = _logo_file_name(org, png)
    folder = logo_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if not path.exists():
        partial = folder / f".{name}.part"
        partial.write_bytes(png)
        os.replace(partial, path)
    previous, org.logo = org.logo, name
    try:
        commit()
    except Exception:
        db.session.rollback()
        if previous != name:
            _delete_logo_file(name)
        raise
    if previous != name:
        _delete_logo_file(previous)
    return name


def remove_logo(actor, org: Organisation) -> None:
    require(actor is None or can_manage_organisation(actor, org))
    previous, org.logo = org.logo, None
    commit()
    _delete_logo_file(previous)


# --- roles ------------------------------------------------------------------------

def user_by_email(email) -> User:
    """The account for an e-mail address, or a form error on `email` (invitations come with e-mail)."""
    user = find_user(email) if email else None
    if user is None or user.is_service or not user.is_active:  # API clients' accounts are managed with them
        raise ValidationError(_("Some fields need attention."), fields={"email": _(
            "No account exists with this e-mail address. Inviting people by e-mail comes with the e-mail "
            "features; for now, ask them to register first and then add them here.")})
    return user


def membership_of(user, organisation) -> Membership | None:
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id,
                                                      Membership.organisation_id == organisation.id))


def function_title(user, organisation) -> str | None:
    """The user's function in the organisation ("wethouder Wonen"), from the memberships loaded for their
    permission checks: no query."""
    if organisation is None or not getattr(user, "is_authenticated", False):
        return None
    return next((m.function_title for m in user.memberships if m.organisation_id == organisation.id), None)


def set_function_title(actor, organisation: Organisation, user, data) -> Membership:
    """The organisation's admin gives a member a function title (or takes it away); in the audit log."""
    require(can_manage_organisation(actor, organisation), _("Only the organisation's admins can do this."))
    fields = Input(schemas.MemberFunction, data)
    title = fields["function_title"] or None
    fields.check()
    membership = membership_of(user, organisation)
    if membership is None or user.is_service:
        raise NotFound(_("%(name)s is not a member of %(org)s.", name=user.display_name, org=organisation.name))
    if membership.function_title != title:
        audit(actor, "set_function", "user", user.id, title or "-", organisation=organisation,
              previous=membership.function_title)
        membership.function_title = title
        user.page_state_changed()
    commit()
    return membership


def set_policy_url(actor, organisation: Organisation, data) -> Organisation:
    """The organisation's admin links its integrity or social-media policy from its page (or unlinks it)."""
    require(can_manage_organisation(actor, organisation), _("Only the organisation's admins can do this."))
    fields = Input(schemas.OrganisationSettings, data)
    url = _checked_policy_url(fields, fields["policy_url"])
    fields.check()
    if organisation.policy_url != url:
        audit(actor, "set_policy", "organisation", organisation.id, url or "-", organisation=organisation,
              previous=organisation.policy_url)
        organisation.policy_url = url
    commit()
    return organisation


def officials(organisation: Organisation) -> list[Membership]:
    """The members with a function title, as residents see who speaks for the organisation (one query)."""
    rows = db.session.scalars(select(Membership).join(Membership.user).where(
        Membership.organisation_id == organisation.id, Membership.function_title.is_not(None),
        User.deleted_at.is_(None), User.is_service.is_(False)).options(contains_eager(Membership.user))).all()
    return sorted(rows, key=lambda m: (m.function_title.lower(), m.user.display_name.lower()))


def _guard_last_admin(actor, membership: Membership) -> None:
    """An organisation keeps an admin of its own: only a site admin may take away the last one."""
    if actor is None or is_admin(actor) or membership.role != "admin":
        return
    admins = db.session.scalar(select(func.count()).select_from(Membership).where(
        Membership.organisation_id == membership.organisation_id, Membership.role == "admin"))
    if admins <= 1:
        message = (_("You are the last admin of this organisation: make someone else admin first.")
                   if actor.id == membership.user_id else
                   _("This is the last admin of this organisation: make someone else admin first."))
        raise ValidationError(message, fields={"role": message})


def grant_membership(user, organisation, role: str, *, actor=None, reason: str | None = None,
                     source: str = "manual") -> Membership:
    """Make `user` a member of `organisation` with `role`, or change their role.

    `source` marks who owns a new membership ("sso": the organisation's identity provider)."""
    _refuse_service_account(user)
    if role not in MEMBERSHIP_ROLES:
        raise ValidationError(_("Unknown role."), fields={"role": _(
            "Choose one of: %(choices)s.", choices=", ".join(MEMBERSHIP_ROLES))})
    reason = audit_reason(reason)
    membership = membership_of(user, organisation)
    previous = membership.role if membership else None
    if previous == role:
        return membership
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role, source=source)
        db.session.add(membership)
    else:
        _guard_last_admin(actor, membership)
    membership.role = role
    audit(actor, "grant_role", "user", user.id, reason, organisation=organisation,
              role=role, previous=previous)
    user.page_state_changed()
    commit()
    return membership


def _refuse_service_account(user) -> None:
    """An API client's account holds exactly its poster membership; only creating or revoking the client
    changes that (partners/api_clients.py)."""
    if user.is_service:
        raise PermissionDenied(_("This is the account of an API client; revoke the client instead."))


def revoke_membership(user, organisation, *, actor=None, reason: str | None = None) -> None:
    _refuse_service_account(user)
    reason = audit_reason(reason)
    membership = membership_of(user, organisation)
    if membership is None:
        raise NotFound(_("%(name)s is not a member of %(org)s.", name=user.display_name, org=organisation.name))
    _guard_last_admin(actor, membership)
    audit(actor, "revoke_role", "user", user.id, reason, organisation=organisation, role=membership.role)
    db.session.delete(membership)
    user.page_state_changed()
    commit()
