"""The dashboards (/inzichten): per wijk, for site admins, its coordinators and the organisations serving it."""
from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from accounts.permissions import is_admin
from core.errors import require
from core.timeutil import utcnow
from participation.levels import ORIGIN_LABELS
from wijken.services import wijk_by_slug

from . import metrics, report
from .launch import checklist
from .permissions import can_see_launch_checklist, can_view_insights, insight_wijken
from .responsiveness import responsiveness

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
    weeks, now = _weeks(), utcnow()
    dash = metrics.dashboard(wijk, weeks, now.date())
    participations = metrics.participation_rows(dash)
    return render_template("insights/dashboard.html", wijk=wijk, dash=dash, weeks=weeks,
                           checklist=checklist(wijk, now) if can_see_launch_checklist(current_user, wijk) else None,
                           participations=participations, origin_labels=ORIGIN_LABELS,
                           participation_chart=report.participation_chart(participations),
                           resp=responsiveness(wijk, now),
                           week_choices=metrics.WEEK_CHOICES,
                           reach_charts=report.reach_charts(dash), reach_figures=report.reach_figures(dash),
                           conversation_charts=report.conversation_charts(dash),
                           conversation_figures=report.conversation_figures(dash))


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
