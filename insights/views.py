"""The dashboards (/inzichten): per wijk, for site admins, its coordinators and the organisations serving it."""
from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from accounts.permissions import is_admin
from core.errors import require
from meldingen.scorecards import scorecard
from wijken.services import wijk_by_slug

from . import metrics, report
from .permissions import can_view_insights, insight_wijken

bp = Blueprint("insights", __name__, url_prefix="/inzichten")


def _weeks() -> int:
    raw = request.args.get("weeks", str(metrics.DEFAULT_WEEKS))
    if raw not in {str(n) for n in metrics.WEEK_CHOICES}:
        abort(400)
    return int(raw)


def _wijk(slug):
    wijk = wijk_by_slug(slug)
    require(can_view_insights(current_user, wijk))
    return wijk


@bp.get("")
@login_required
def index():
    wijken = insight_wijken(current_user)
    require(wijken or is_admin(current_user))
    return render_template("insights/index.html", wijken=wijken)


@bp.get("/w/<slug>")
@login_required
def wijk_dashboard(slug):
    wijk = _wijk(slug)
    weeks = _weeks()
    dash = metrics.dashboard(wijk, weeks)
    return render_template("insights/dashboard.html", wijk=wijk, dash=dash, weeks=weeks,
                           week_choices=metrics.WEEK_CHOICES,
                           reach_charts=report.reach_charts(dash), reach_figures=report.reach_figures(dash),
                           conversation_charts=report.conversation_charts(dash),
                           conversation_figures=report.conversation_figures(dash),
                           card=scorecard(wijk=wijk))


@bp.get("/w/<slug>.csv")
@login_required
def wijk_csv(slug):
    wijk = _wijk(slug)
    dash = metrics.dashboard(wijk, _weeks())
    figures = [(label, n) for label, n, _share in report.reach_figures(dash)] + report.conversation_figures(dash)
    return Response(report.csv_export(dash, figures), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="inzichten-{wijk.slug}.csv"', "Cache-Control": "private"})


def _percent(value) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def _number(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


TEMPLATE_HELPERS = {"insight_percent": _percent, "insight_number": _number}
