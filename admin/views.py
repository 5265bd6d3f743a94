"""Site administration (/beheer): wijken (GeoJSON import), organisations and the wijken they serve, coordinators.

Views check the permission, read the form and call the services of the areas they combine (partners for
organisations, wijken for wijken served and coordinators) in one unit of work; the services validate,
write the audit entry and commit once. A service's field errors are shown next to the form's fields and
the page answers 422.
"""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import RequestEntityTooLarge
from wtforms import SelectChoice

from accounts.models import User
from accounts.permissions import is_admin
from core.errors import NotFound, ValidationError, require
from core.extensions import db
from core.transactions import unit_of_work
from core.validation import Fields, apply_errors
from partners import services as partners
from partners.forms import KIND_LABELS, ROLE_LABELS, CoordinatorForm, OrganisationForm, ReasonForm
from partners.models import Membership, Organisation
from partners.views import logo_form, save_logo, submitted, upload_form_status, upload_too_large, validated_logo
from wijken import roles
from wijken.geo import GeoJSONError, import_wijken
from wijken.households import set_households
from wijken.models import MUNICIPALITY_MAX, Wijk, WijkRole
from wijken.services import wijk_by_slug

bp = Blueprint("admin", __name__)
bp.register_error_handler(RequestEntityTooLarge, upload_too_large)


@bp.context_processor
def _labels():
    return {"kind_labels": KIND_LABELS, "role_labels": ROLE_LABELS}


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _all_wijken() -> list[Wijk]:
    return list(db.session.scalars(select(Wijk).order_by(Wijk.name)))


def _admin_page(form: CoordinatorForm, wijken: list[Wijk]):
    organisations = db.session.scalars(select(Organisation).options(selectinload(Organisation.wijken))
                                       .order_by(Organisation.name)).all()
    member_counts = dict(db.session.execute(select(Membership.organisation_id, func.count())
                                            .group_by(Membership.organisation_id)).all())
    coordinators: dict[int, list] = {}
    for role in db.session.scalars(select(WijkRole).options(joinedload(WijkRole.user))
                                   .where(WijkRole.role == "coordinator").order_by(WijkRole.created_at)):
        coordinators.setdefault(role.wijk_id, []).append(role.user)
    return render_template("admin/admin.html", organisations=organisations, member_counts=member_counts,
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
            user = partners.user_by_email(form.email.data)
            roles.grant_wijk_role(user, wijk, "coordinator", actor=current_user, reason=form.reason.data)
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("%(name)s is coordinator of %(wijk)s.", name=user.display_name, wijk=wijk.name), "success")
            return redirect(url_for("admin.admin") + "#wijken")
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
    roles.revoke_wijk_role(user, wijk, "coordinator", actor=current_user, reason=form.reason.data)
    flash(_("%(name)s is no longer coordinator of %(wijk)s.", name=user.display_name, wijk=wijk.name), "success")
    return redirect(url_for("admin.admin") + "#wijken")


@bp.post("/beheer/wijken/import")
@login_required
def import_wijken_file():
    """Create or update wijken from an uploaded CBS wijk/buurt GeoJSON file; a broken file imports nothing."""
    require(is_admin(current_user))
    upload = request.files.get("geojson")
    fields = Fields(request.form)
    municipality = fields.text("municipality", max_length=MUNICIPALITY_MAX) or ""
    try:
        fields.check()
        if upload is None or not upload.filename:
            raise GeoJSONError(_("choose a file"))
        created, updated = import_wijken(upload.read().decode("utf-8"), municipality)
    except ValidationError as exc:
        flash(_("The file was not imported: %(problem)s.", problem=exc.summary), "error")
    except (GeoJSONError, UnicodeDecodeError) as exc:
        flash(_("The file was not imported: %(problem)s.", problem=str(exc)), "error")
    else:
        flash(_("%(created)d wijken created, %(updated)d updated.", created=created, updated=updated), "success")
    return redirect(url_for("admin.admin") + "#wijken")


@bp.post("/beheer/wijken/<slug>/huishoudens")
@login_required
def wijk_households(slug):
    """The number of households of a wijk (the base of participations' response rates)."""
    require(is_admin(current_user))
    wijk = wijk_by_slug(slug)
    value = request.form.get("households", "").strip()
    try:
        set_households(wijk, {"households": value or None})
    except ValidationError as exc:
        flash(_("%(wijk)s: %(problem)s", wijk=wijk.name, problem=exc.summary), "error")
    else:
        flash(_("The households of %(wijk)s are saved.", wijk=wijk.name), "success")
    return redirect(url_for("admin.admin") + "#wijken")


def _organisation_data(org: Organisation) -> dict:
    return {"name": org.name, "kind": org.kind, "verified": org.verified, "description": org.description,
            "wijken": [w.slug for w in org.wijken]}


@bp.route("/beheer/organisaties/nieuw", methods=["GET", "POST"])
@bp.route("/beheer/organisaties/<slug>", methods=["GET", "POST"])
@login_required
def organisation(slug=None):
    require(is_admin(current_user))
    org = partners.organisation_by_slug(slug) if slug else None
    form = logo_form(OrganisationForm, data=_organisation_data(org) if org else None)
    form.wijken.choices = [SelectChoice(w.slug, w.name) for w in _all_wijken()]
    if submitted(form):
        data = {name: form[name].data for name in ("slug", "name", "kind", "verified", "description")}
        try:
            png = validated_logo(form)  # checked before anything is saved
            with unit_of_work():
                org = partners.save_organisation(data, org)
                roles.serve_wijken(org, form.wijken.data or [])
            save_logo(form, org, png)
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("%(name)s is saved.", name=org.name), "success")
            return redirect(url_for("admin.admin"))
    return render_template("admin/organisation_form.html", form=form, organisation=org), upload_form_status(form)
