"""The printable wijk flyer as a page: for partners and coordinators to print for the notice board."""
from flask import Blueprint, Response, current_app, request
from flask_babel import force_locale
from flask_login import current_user, login_required

from core.errors import require
from core.extensions import limiter
from core.timeutil import to_local, utcnow
from wijken.permissions import can_print_flyer
from wijken.services import wijk_by_slug

from .flyer import wijk_flyer

bp = Blueprint("flyer", __name__)

# Each flyer is built afresh (a few database queries and a PDF): bounded per user.
flyer_limit = limiter.limit(lambda: current_app.config["FLYER_LIMIT_PER_USER"],
                            key_func=lambda: f"user:{getattr(current_user, 'id', None)}", scope="flyer")


@bp.get("/w/<slug>/flyer.pdf")
@login_required
@flyer_limit
def wijk_flyer_pdf(slug):
    """The flyer in Dutch, the wijk's language, or in English with ?lang=en."""
    wijk = wijk_by_slug(slug)
    require(can_print_flyer(current_user, wijk))
    now = utcnow()
    with force_locale("en" if request.args.get("lang") == "en" else "nl"):
        pdf = wijk_flyer(wijk, now)
    filename = f"flyer-{wijk.slug}-{to_local(now):%Y-%m-%d}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{filename}"', "Cache-Control": "private, no-cache"})
