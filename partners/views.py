"""Site admin pages (/beheer) and an organisation's member pages (/organisaties/<slug>/leden).

Views check the permission, read the form and call a service; the services
validate, write the audit entry and commit. A service's field errors are shown
next to the form's fields and the page answers 422.
"""
from flask import Blueprint, flash, g, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from wtforms import SelectChoice

from accounts.models import User
from errors import AppError, NotFound, ValidationError, handle_app_error, handle_http_error, require
from extensions import db
from permissions import can_manage_organisation, is_admin
from validation import apply_errors
from wijken.geo import GeoJSONError, import_wijken
from wijken.models import Wijk
from wijken.services import wijk_by_slug

from . import services
from .forms import (
    KIND_LABELS,
    ROLE_LABELS,
    CoordinatorForm,
    InviteForm,
    LogoForm,
    MemberForm,
    OrganisationForm,
    ReasonForm,
    RoleForm,
)
from .models import Membership, Organisation, WijkRole

bp = Blueprint("partners", __name__)

MEMBER_PAGE_REASON = "via ledenbeheer"
LOGO_MAX_AGE = 365 * 24 * 3600  # logo file names carry a content hash: a new logo is a new address
ROLE_ORDER = {"admin": 0, "moderator": 1, "poster": 2}


@bp.context_processor
def _labels():
    return {"kind_labels": KIND_LABELS, "role_labels": ROLE_LABELS}


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _all_wijken() -> list[Wijk]:
    return list(db.session.scalars(select(Wijk).order_by(Wijk.name)))


# --- /beheer: site admins ---------------------------------------------------------

def _admin_page(form: CoordinatorForm, wijken: list[Wijk]):
    organisations = db.session.scalars(select(Organisation).options(selectinload(Organisation.wijken))
                                       .order_by(Organisation.name)).all()
    member_counts = dict(db.session.execute(select(Membership.organisation_id, func.count())
                                            .group_by(Membership.organisation_id)).all())
    coordinators: dict[int, list] = {}
    for role in db.session.scalars(select(WijkRole).options(joinedload(WijkRole.user))
                                   .where(WijkRole.role == "coordinator").order_by(WijkRole.created_at)):
        coordinators.setdefault(role.wijk_id, []).append(role.user)
    return render_template("partners/admin.html", organisations=organisations, member_counts=member_counts,
                           wijken=wijken, coordinators=coordinators, form=form), _status()


def _coordinator_form(wijken: list[Wijk]) -> CoordinatorForm:
    form = CoordinatorForm()
    form.wijk.choices = [SelectChoice(w.slug, w.name) for w in wijken]
    return form


@bp.get("/beheer")
@login_required
def admin():
    require(is_admin(current_user))
    wijken = _all_wijken()
    return _admin_page(_coordinator_form(wijken), wijken)


@bp.post("/beheer/coordinatoren")
@login_required
def grant_coordinator():
    require(is_admin(current_user))
    wijken = _all_wijken()
    form = _coordinator_form(wijken)
    wijk = next((w for w in wijken if w.slug == form.wijk.data), None)
    if form.validate_on_submit():
        try:
            if wijk is None:
                raise ValidationError(_("Unknown wijk."), fields={"wijk": _("Choose a wijk from the list.")})
            user = services.user_by_email(form.email.data)
            services.grant_wijk_role(user, wijk, "coordinator", actor=current_user, reason=form.reason.data)
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("%(name)s is coordinator of %(wijk)s.", name=user.display_name, wijk=wijk.name), "success")
            return redirect(url_for("partners.admin") + "#wijken")
    return _admin_page(form, wijken)


@bp.post("/beheer/coordinatoren/<slug>/<int:user_id>/intrekken")
@login_required
def revoke_coordinator(slug, user_id):
    require(is_admin(current_user))
    wijk = wijk_by_slug(slug)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("Not found."))
    form = ReasonForm()
    services.revoke_wijk_role(user, wijk, "coordinator", actor=current_user, reason=form.reason.data)
    flash(_("%(name)s is no longer coordinator of %(wijk)s.", name=user.display_name, wijk=wijk.name), "success")
    return redirect(url_for("partners.admin") + "#wijken")


@bp.post("/beheer/wijken/import")
@login_required
def import_wijken_file():
    """Create or update wijken from an uploaded CBS wijk/buurt GeoJSON file; a broken file imports nothing."""
    require(is_admin(current_user))
    upload = request.files.get("geojson")
    municipality = (request.form.get("municipality") or "").strip()[:120]
    try:
        if upload is None or not upload.filename:
            raise GeoJSONError(_("choose a file"))
        created, updated = import_wijken(upload.read().decode("utf-8"), municipality)
    except (GeoJSONError, UnicodeDecodeError) as exc:
        flash(_("The file was not imported: %(problem)s.", problem=str(exc)), "error")
    else:
        flash(_("%(created)d wijken created, %(updated)d updated.", created=created, updated=updated), "success")
    return redirect(url_for("partners.admin") + "#wijken")


# --- logos ------------------------------------------------------------------------

UPLOAD_FORMS = ("partners.organisation", "partners.organisation_logo")


@bp.errorhandler(RequestEntityTooLarge)
def _upload_too_large(exc):
    """A body over MAX_CONTENT_LENGTH on a logo form: show the form again with an error on the logo field."""
    if request.endpoint not in UPLOAD_FORMS or request.method != "POST":
        return handle_http_error(exc)
    g.upload_too_large = True
    try:
        return _upload_view(request.endpoint)(**(request.view_args or {}))
    except AppError as err:  # an error handler's own errors are not handled again
        return handle_app_error(err)
    except HTTPException as err:
        return handle_http_error(err)


def _upload_view(endpoint: str):
    return {"partners.organisation": organisation, "partners.organisation_logo": organisation_logo}[endpoint]


def _logo_form(cls, **kwargs):
    """The form, or (when the upload was too large to read) an unfilled one with an error on the logo."""
    if g.get("upload_too_large"):
        form = cls(formdata=None, **kwargs)
        form.logo.errors = [_("The file is too large: at most 1 MB.")]
        return form
    return cls(**kwargs)


def _form_status(form) -> int:
    return 413 if g.get("upload_too_large") else _status()


def _submitted(form) -> bool:
    return not g.get("upload_too_large") and form.validate_on_submit()


def _logo_upload(form):
    """The validated PNG of an uploaded logo, or None (no file, or the logo is being removed)."""
    if form.logo.data and not form.remove_logo.data:
        return services.logo_png(form.logo.data)
    return None


def _save_logo(form, org: Organisation, png: bytes | None) -> None:
    if form.remove_logo.data and org.logo:
        services.remove_logo(current_user, org)
    elif png is not None:
        services.set_logo(current_user, org, png)


@bp.get("/logos/<filename>")
def logo(filename):
    if not services.LOGO_NAME.match(filename):
        raise NotFound(_("Not found."))
    response = send_from_directory(services.logo_folder(), filename, mimetype="image/png", max_age=LOGO_MAX_AGE)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.immutable = True
    return response


@bp.route("/organisaties/<slug>/logo", methods=["GET", "POST"])
@login_required
def organisation_logo(slug):
    """An organisation's admins (and site admins) change its logo."""
    org = _managed_organisation(slug)
    form = _logo_form(LogoForm)
    if _submitted(form):
        try:
            _save_logo(form, org, _logo_upload(form))
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("The logo of %(name)s is saved.", name=org.name), "success")
            return redirect(url_for("partners.organisation_logo", slug=org.slug))
    return render_template("partners/logo_form.html", form=form, organisation=org), _form_status(form)


def _organisation_data(org: Organisation) -> dict:
    return {"name": org.name, "kind": org.kind, "verified": org.verified, "description": org.description,
            "wijken": [w.slug for w in org.wijken]}


@bp.route("/beheer/organisaties/nieuw", methods=["GET", "POST"])
@bp.route("/beheer/organisaties/<slug>", methods=["GET", "POST"])
@login_required
def organisation(slug=None):
    require(is_admin(current_user))
    org = services.organisation_by_slug(slug) if slug else None
    form = _logo_form(OrganisationForm, data=_organisation_data(org) if org else None)
    form.wijken.choices = [SelectChoice(w.slug, w.name) for w in _all_wijken()]
    if _submitted(form):
        data = {name: form[name].data for name in ("slug", "name", "kind", "verified", "description")}
        try:
            png = _logo_upload(form)  # checked before anything is saved
            org = services.save_organisation(data, form.wijken.data or [], org)
            _save_logo(form, org, png)
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("%(name)s is saved.", name=org.name), "success")
            return redirect(url_for("partners.admin"))
    return render_template("partners/organisation_form.html", form=form, organisation=org), _form_status(form)


# --- /organisaties/<slug>/leden: an organisation's admins (and site admins) ---------

def _managed_organisation(slug) -> Organisation:
    org = services.organisation_by_slug(slug)
    require(can_manage_organisation(current_user, org))
    return org


def _members_page(org: Organisation, form: MemberForm, row_error: tuple[int, str] | None = None,
                  invite_form: InviteForm | None = None):
    members = db.session.scalars(select(Membership).options(joinedload(Membership.user))
                                 .where(Membership.organisation_id == org.id)).all()
    members = sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.user.display_name.lower()))
    return render_template("partners/members.html", organisation=org, members=members, form=form,
                           row_error=row_error, invite_form=invite_form or InviteForm(formdata=None)), _status()


def _member(org: Organisation, user_id: int):
    membership = db.session.scalar(select(Membership).where(Membership.organisation_id == org.id,
                                                            Membership.user_id == user_id))
    if membership is None:
        raise NotFound(_("Not found."))
    return membership.user


def _after_member_change(org: Organisation):
    """Back to the list, or to the profile when the actor just gave up managing this organisation."""
    if can_manage_organisation(current_user, org):
        return redirect(url_for("partners.members", slug=org.slug))
    return redirect(url_for("accounts.me"))


@bp.route("/organisaties/<slug>/leden", methods=["GET", "POST"])
@login_required
def members(slug):
    org = _managed_organisation(slug)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            user = services.user_by_email(form.email.data)
            services.grant_membership(user, org, form.role.data, actor=current_user,
                                      reason=form.reason.data or MEMBER_PAGE_REASON)
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("%(name)s is now %(role)s of %(org)s.", name=user.display_name,
                    role=ROLE_LABELS[form.role.data], org=org.name), "success")
            return _after_member_change(org)
    return _members_page(org, form)


@bp.post("/organisaties/<slug>/leden/<int:user_id>")
@login_required
def change_role(slug, user_id):
    org = _managed_organisation(slug)
    user = _member(org, user_id)
    form = RoleForm()
    try:
        services.grant_membership(user, org, form.role.data, actor=current_user,
                                  reason=form.reason.data or MEMBER_PAGE_REASON)
    except ValidationError as exc:
        return _members_page(org, MemberForm(formdata=None), (user_id, exc.summary))
    flash(_("%(name)s is now %(role)s of %(org)s.", name=user.display_name,
            role=ROLE_LABELS.get(form.role.data, form.role.data), org=org.name), "success")
    return _after_member_change(org)


@bp.post("/organisaties/<slug>/leden/<int:user_id>/verwijderen")
@login_required
def remove_member(slug, user_id):
    org = _managed_organisation(slug)
    user = _member(org, user_id)
    form = ReasonForm()
    try:
        services.revoke_membership(user, org, actor=current_user, reason=form.reason.data or MEMBER_PAGE_REASON)
    except ValidationError as exc:
        return _members_page(org, MemberForm(formdata=None), (user_id, exc.summary))
    flash(_("%(name)s is no longer a member of %(org)s.", name=user.display_name, org=org.name), "success")
    return _after_member_change(org)
