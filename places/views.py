"""Pages of voorzieningen: the wijk's directory and "in de buurt" (nearest first, one-tap call and mail)."""
from flask import Blueprint, render_template, request

from core.errors import AppError
from wijken.services import wijk_by_slug

from . import services
from .api import nearby_for
from .models import PLACE_KINDS

bp = Blueprint("places", __name__)


@bp.get("/w/<slug>/voorzieningen")
def wijk_places(slug):
    wijk = wijk_by_slug(slug)
    return render_template("places/wijk.html", wijk=wijk, places=services.places_in(wijk), kinds=PLACE_KINDS,
                           shown_phone=services.shown_phone)


@bp.get("/in-de-buurt")
def near_me():
    asked = any(request.args.get(k) for k in ("postcode", "lat"))
    found, error = [], None
    if asked:
        try:
            found = nearby_for(request.args)
        except AppError as exc:
            error = exc
    return render_template("places/nearby.html", found=found, error=error, asked=asked, kinds=PLACE_KINDS,
                           shown_phone=services.shown_phone), error.status if error else 200
