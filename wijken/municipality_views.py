"""A municipality's pages: its home page (/g/<slug>) with its wijken, map and partners, in its own colour and
logo; its stylesheet and logo files; finding it by postcode (the front page); its settings page for its admins
(/g/<slug>/beheer: branding and admins)."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, StringField

from accounts.models import User
from core.colour import darker
from core.errors import AppError, NotFound, ValidationError, require
from core.extensions import db
from core.ratelimits import write_limit as rate_limit_writes
from core.validation import apply_errors
from media.images import ACCEPT
from media.services import accepts_images, image_response
from partners.services import user_by_email

from . import municipalities, services
from .geo import svg_map
from .permissions import can_manage_municipality
from .postcodes import lookup_postcode

bp = Blueprint("municipalities", __name__)
write_limit = rate_limit_writes(lambda: f"user:{getattr(current_user, 'id', None)}")

STYLE_MAX_AGE = 365 * 24 * 3600  # the stylesheet's address carries the colour: a new colour is a new address


@bp.get("/g/<slug>")
def home(slug):
    municipality = municipalities.municipality_by_slug(slug)
    wijken = municipalities.wijken_of(municipality, geometry=True)
    found = next((w for w in wijken if w.slug == request.args.get("wijk")), None)
    return render_template("wijken/municipality.html", municipality=municipality, wijken=wijken, found_wijk=found,
                           map=svg_map(wijken), followers=services.follower_counts([w.id for w in wijken]),
                           partners=municipalities.partners_of(municipality),
                           may_manage=can_manage_municipality(current_user, municipality))


@bp.get("/gemeente")
def find():
    """The front page's search: the municipality of a postcode, with the wijk it found."""
    postcode, number = request.args.get("postcode", ""), request.args.get("huisnummer", "")
    try:
        wijk = lookup_postcode(postcode, number).wijk
    except AppError as error:
        return render_template("wijken/postcode.html", error=error, postcode=postcode[:20], huisnummer=number[:20],
                               needs_number=error.code == "huisnummer_required",
                               action=url_for("municipalities.find")), error.status
    if wijk.municipality is None:
        return redirect(url_for("wijken.wijk", slug=wijk.slug))
    return redirect(url_for("municipalities.home", slug=wijk.municipality.slug, wijk=wijk.slug))


@bp.get("/g/<slug>/huisstijl.css")
def stylesheet(slug):
    """The municipality's colour as the pages' custom properties (the Content-Security-Policy allows no inline
    style)."""
    municipality = municipalities.municipality_by_slug(slug)
    colour = municipality.primary_colour
    css = f":root {{ --brand: {colour}; --brand-dark: {darker(colour)}; }}\n"
    response = Response(css, mimetype="text/css")
    if request.args.get("v") == colour.lstrip("#"):
        response.cache_control.public = True
        response.cache_control.max_age = STYLE_MAX_AGE
    return response


@bp.get("/g/<slug>/logo/<key>-<int:width>.jpg")
def logo(slug, key, width):
    municipality = municipalities.municipality_by_slug(slug)
    if municipality.logo is None or municipality.logo.key != key:
        raise NotFound(_("Not found."))
    return image_response(municipality.logo, width)


# --- /g/<slug>/beheer: the municipality's admins (and site admins) -------------------------------

class BrandingForm(FlaskForm):
    primary_colour = StringField(_l("Primary colour"), render_kw={"maxlength": 7, "spellcheck": "false"},
                                 description=_l("# and six hexadecimal digits, such as #0b5c8c. White text on it "
                                                "must be easy to read: a contrast of at least 4.5:1."))
    logo = FileField(_l("Logo"), render_kw={"accept": ACCEPT},
                     description=_l("Optional. Shown in the header of the municipality's pages."))
    remove_logo = BooleanField(_l("Remove the logo"))


class AdminForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "off"})
    reason = StringField(_l("Reason"), render_kw={"maxlength": 1000},
                         description=_l("Optional; stored in the audit log."))


def _managed(slug):
    municipality = municipalities.municipality_by_slug(slug)
    require(can_manage_municipality(current_user, municipality))
    return municipality


def _settings_page(municipality, branding=None, admin_form=None, status=200):
    branding = branding or BrandingForm(formdata=None, data={"primary_colour": municipality.primary_colour})
    return render_template("wijken/municipality_settings.html", municipality=municipality, branding=branding,
                           admin_form=admin_form or AdminForm(formdata=None),
                           admins=municipalities.admins_of(municipality)), status


@bp.get("/g/<slug>/beheer")
@login_required
def settings(slug):
    return _settings_page(_managed(slug))


@bp.post("/g/<slug>/beheer")
@login_required
@accepts_images(1)
@write_limit
def save_branding(slug):
    municipality = _managed(slug)
    form = BrandingForm()
    if form.validate_on_submit():
        try:
            municipalities.update_branding(current_user, municipality, {"primary_colour": form.primary_colour.data},
                                           form.logo.data or None, remove_logo=form.remove_logo.data)
        except ValidationError as exc:
            apply_errors(form, exc.fields or {"logo": exc.message})
        else:
            flash(_("The branding of %(municipality)s is saved.", municipality=municipality.name), "success")
            return redirect(url_for("municipalities.settings", slug=municipality.slug))
    return _settings_page(municipality, branding=form, status=422)


@bp.post("/g/<slug>/beheer/beheerders")
@login_required
@write_limit
def add_admin(slug):
    municipality = _managed(slug)
    form = AdminForm()
    if form.validate_on_submit():
        try:
            user = user_by_email(form.email.data)
            municipalities.grant_municipality_role(user, municipality, actor=current_user, reason=form.reason.data)
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("%(name)s is now an admin of %(municipality)s.", name=user.display_name,
                    municipality=municipality.name), "success")
            return redirect(url_for("municipalities.settings", slug=municipality.slug) + "#admins")
    return _settings_page(municipality, admin_form=form, status=422)


@bp.post("/g/<slug>/beheer/beheerders/<int:user_id>/verwijderen")
@login_required
@write_limit
def remove_admin(slug, user_id):
    municipality = _managed(slug)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("Not found."))
    municipalities.revoke_municipality_role(user, municipality, actor=current_user,
                                            reason=request.form.get("reason"))
    flash(_("%(name)s is no longer an admin of %(municipality)s.", name=user.display_name,
            municipality=municipality.name), "success")
    return redirect(url_for("municipalities.settings", slug=municipality.slug) + "#admins")
