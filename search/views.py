"""The search page: `/zoeken`, across the municipality or in one wijk."""
from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select

from core.errors import AppError
from core.extensions import db
from wijken.models import Wijk

from .registry import KINDS
from .services import QUERY_MAX, run_search

bp = Blueprint("search", __name__)


@bp.get("/zoeken")
def search_page():
    wijken = db.session.execute(select(Wijk.slug, Wijk.name).order_by(Wijk.name)).all()
    try:
        results, filters = run_search(current_user, request.args, query_required=False)
        error = None
    except AppError as exc:
        results, filters, error = None, {"q": request.args.get("q", "")[:QUERY_MAX]}, exc
    return render_template("search/results.html", results=results, filters=filters, error=error, wijken=wijken,
                           kinds=KINDS), error.status if error else 200
