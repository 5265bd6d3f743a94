"""A municipality's pages: its home page (/g/<slug>) with its wijken, map and partners, in its own colour and
logo; its stylesheet and logo files."""
from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from core.colour import darker
from core.errors import NotFound
from media.services import image_response, srcset

from . import municipalities, services
from .geo import svg_map
from .permissions import can_manage_municipality

bp = Blueprint("municipalities", __name__)

STYLE_MAX_AGE = 365 * 24 * 3600  # the stylesheet's address carries the colour: a new colour is a new address


@bp.get("/g/<slug>")
def home(slug):
    municipality = municipalities.municipality_by_slug(slug)
    wijken = municipalities.wijken_of(municipality, geometry=True)
    return render_template("wijken/municipality.html", municipality=municipality, wijken=wijken,
                           map=svg_map(wijken), followers=services.follower_counts([w.id for w in wijken]),
                           partners=municipalities.partners_of(municipality),
                           may_manage=can_manage_municipality(current_user, municipality))


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


def logo_srcset(municipality) -> str:
    return srcset("municipalities.logo", municipality.logo, slug=municipality.slug)
