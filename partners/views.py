"""An organisation's public page (/organisaties/<slug>: its badge, integrity policy and who speaks for it), its
member pages (/organisaties/<slug>/leden: roles, function titles, the policy link) and its logo.

Views check the permission, read the form and call a service; the services
validate, write the audit entry and commit. A service's field errors are shown
next to the form's fields and the page answers 422.
"""
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from core.errors import AppError, NotFound, ValidationError, handle_app_error, handle_http_error, require
from core.extensions import db
from core.validation import apply_errors
from media.images import too_large
from partners.permissions import can_manage_organisation

from . import services
from .forms import (
    KIND_LABELS,
    ROLE_LABELS,
    InviteForm,
    LogoForm,
    MemberForm,
    ReasonForm,
    RoleForm,
)
from .models import Membership, Organisation

bp = Blueprint("partners", __name__)

MEMBER_PAGE_REASON = "via ledenbeheer"
LOGO_MAX_AGE = 365 * 24 * 3600  # logo file names carry a content hash: a new logo is a new address
ROLE_ORDER = {"admin": 0, "moderator": 1, "poster": 2}


@bp.context_processor
def _labels():
    return {"kind_labels": KIND_LABELS, "role_labels": ROLE_LABELS}


def _status() -> int:
    return 422 if request.method == "POST" else 200


# The endpoints of forms with a logo upload (other areas add theirs): a body too large to read shows the form again.
LOGO_FORMS = {"partners.organisation_logo"}


def upload_too_large(exc):
    """A body over MAX_CONTENT_LENGTH on a logo form: show the form again with an error on the logo field."""
    view = current_app.view_functions.get(request.endpoint)
    if request.endpoint not in LOGO_FORMS or request.method != "POST" or view is None:
        return handle_http_error(exc)
    g.upload_too_large = True
    try:
        return view(**(request.view_args or {}))
    except AppError as err:  # an error handler's own errors are not handled again
        return handle_app_error(err)
    except HTTPException as err:
        return handle_http_error(err)


bp.register_error_handler(RequestEntityTooLarge, upload_too_large)


def logo_form(cls, **kwargs):
    """The form, or (when the upload was too large to read) an unfilled one with an error on the logo."""
    if g.get("upload_too_large"):
        form = cls(formdata=None, **kwargs)
        form.logo.errors = [too_large(services.LOGO_MAX_BYTES)]
        return form
    return cls(**kwargs)


def upload_form_status(form) -> int:
    return 413 if g.get("upload_too_large") else _status()


def submitted(form) -> bool:
    return not g.get("upload_too_large") and form.validate_on_submit()


def validated_logo(form):
    """The validated PNG of an uploaded logo, or None (no file, or the logo is being removed)."""
    if form.logo.data and not form.remove_logo.data:
        return services.logo_png(form.logo.data)
    return None


def save_logo(form, org: Organisation, png: bytes | None) -> None:
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
    form = logo_form(LogoForm)
    if submitted(form):
        try:
            save_logo(form, org, validated_logo(form))
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("The logo of %(name)s is saved.", name=org.name), "success")
            return redirect(url_for("partners.organisation_logo", slug=org.slug))
    return render_template("partners/logo_form.html", form=form, organisation=org), upload_form_status(form)


# --- /organisaties/<slug>/leden: an organisation's admins (and site admins) ---------

def _managed_organisation(slug) -> Organisation:
    org = services.organisation_by_slug(slug)
    require(can_manage_organisation(current_user, org))
    return org


@bp.get("/organisaties/<slug>")
def organisation(slug):
    """Anyone: who the organisation is, its officials with their functions, and its integrity policy."""
    org = services.organisation_by_slug(slug)
    return render_template("partners/organisation.html", organisation=org, officials=services.officials(org),
                           may_manage=can_manage_organisation(current_user, org))


def _members_page(org: Organisation, form: MemberForm, row_error: tuple[int, str] | None = None,
                  invite_form: InviteForm | None = None, policy_error: ValidationError | None = None):
    members = db.session.scalars(select(Membership).options(joinedload(Membership.user))
                                 .where(Membership.organisation_id == org.id)).all()
    members = sorted(members, key=lambda m: (ROLE_ORDER.get(m.role, 9), m.user.display_name.lower()))
    return render_template("partners/members.html", organisation=org, members=members, form=form,
                           row_error=row_error, invite_form=invite_form or InviteForm(formdata=None),
                           policy_error=policy_error), _status()


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


def _change_member(slug, user_id, change):
    """A row form of the member list: `change(org, user)` returns its success message; a refusal is shown on the
    member's row."""
    org = _managed_organisation(slug)
    user = _member(org, user_id)
    try:
        message = change(org, user)
    except ValidationError as exc:
        return _members_page(org, MemberForm(formdata=None), (user_id, exc.summary))
    flash(message, "success")
    return _after_member_change(org)


@bp.post("/organisaties/<slug>/leden/<int:user_id>")
@login_required
def change_role(slug, user_id):
    form = RoleForm()

    def change(org, user):
        services.grant_membership(user, org, form.role.data, actor=current_user,
                                  reason=form.reason.data or MEMBER_PAGE_REASON)
        return _("%(name)s is now %(role)s of %(org)s.", name=user.display_name,
                 role=ROLE_LABELS.get(form.role.data, form.role.data), org=org.name)
    return _change_member(slug, user_id, change)


@bp.post("/organisaties/<slug>/leden/<int:user_id>/verwijderen")
@login_required
def remove_member(slug, user_id):
    form = ReasonForm()

    def remove(org, user):
        services.revoke_membership(user, org, actor=current_user, reason=form.reason.data or MEMBER_PAGE_REASON)
        return _("%(name)s is no longer a member of %(org)s.", name=user.display_name, org=org.name)
    return _change_member(slug, user_id, remove)


@bp.post("/organisaties/<slug>/leden/<int:user_id>/functie")
@login_required
def set_function(slug, user_id):
    title = request.form.get("function_title", "")

    def change(org, user):
        services.set_function_title(current_user, org, user, {"function_title": title})
        return (_("%(name)s is shown as “%(function)s” of %(org)s.", name=user.display_name, function=title.strip(),
                  org=org.name) if title.strip() else
                _("%(name)s no longer shows a function.", name=user.display_name))
    return _change_member(slug, user_id, change)


@bp.post("/organisaties/<slug>/beleid")
@login_required
def set_policy(slug):
    org = _managed_organisation(slug)
    try:
        services.set_policy_url(current_user, org, {"policy_url": request.form.get("policy_url", "")})
    except ValidationError as exc:
        return _members_page(org, MemberForm(formdata=None), policy_error=exc)
    flash(_("The link to the integrity policy is saved.") if org.policy_url else
          _("The link to the integrity policy is taken away."), "success")
    return redirect(url_for("partners.members", slug=org.slug))
