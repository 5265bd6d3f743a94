"""The dashboards (/inzichten): per wijk, for site admins, its coordinators and the organisations serving it."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.permissions import is_admin
from core.errors import ValidationError, require
from core.ratelimits import write_limit
from core.timeutil import utcnow
from participation.levels import ORIGIN_LABELS
from wijken.services import wijk_by_slug

from . import metrics, report
from .goals import TREND_WEEKS, create_goal, goals_progress, municipalities
from .launch import checklist
from .metrics import week_starts
from .permissions import can_see_launch_checklist, can_set_goals, can_view_insights, insight_wijken
from .responsiveness import responsiveness
from .scores import METRICS

bp = Blueprint("insights", __name__, url_prefix="/inzichten")
limited = write_limit(lambda: f"user:{getattr(current_user, 'id', None)}")


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
    """A share as Dutch readers write it: 30 %, 4,5 %, 0,02 %."""
    if value is None:
        return "–"
    percent = value * 100
    decimals = 0 if percent >= 10 or percent == 0 else 1 if percent >= 1 else 2
    return f"{percent:.{decimals}f} %".replace(".", ",")


def _number(value) -> str:
    if value is None:
        return "–"
    return f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)


TEMPLATE_HELPERS = {"insight_percent": _percent, "insight_number": _number}
TEMPLATE_FILTERS = {"goal_date": lambda day: format_date(day, "d MMMM y")}


# --- goals ---------------------------------------------------------------------------------------

@bp.get("/doelen")
def goals():
    """Public: every municipality's goals with target, actual and trend per wijk."""
    today = utcnow().date()
    return render_template("insights/goals.html", goals=goals_progress(today),
                           weeks=[report.week_label(m) for m in week_starts(TREND_WEEKS, today)])


@bp.route("/doelen/nieuw", methods=["GET", "POST"])
@login_required
@limited
def new_goal():
    require(can_set_goals(current_user))
    errors, values = {}, {}
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            create_goal(current_user, values)
        except ValidationError as error:
            errors = error.fields
        else:
            flash(_("The goal is set."), "success")
            return redirect(url_for("insights.goals"))
    return render_template("insights/goal_form.html", errors=errors, values=values, metrics=METRICS,
                           municipalities=municipalities()), 422 if errors else 200
