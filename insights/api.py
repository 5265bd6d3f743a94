"""JSON API of the insights (under /api/v1/insights): the same figures as the dashboards, for the same people."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation, query_parameter
from core.errors import ValidationError, require
from core.ratelimits import write_limit
from core.timeutil import utcnow
from wijken.services import wijk_by_slug

from . import metrics, schemas
from .goals import create_goal, goals_progress
from .permissions import can_view_insights
from .responsiveness import responsiveness
from .serializers import dashboard_json, goal_json

bp = Blueprint("insights_api", __name__, url_prefix="/api/v1/insights")
TAG = "insights"
limited = write_limit(lambda: f"user:{api_user().id}")


@operation(bp, "get", "/wijken/<slug>", "wijkInsights",
           "A wijk's dashboard: reach, conversation, participation, responsiveness",
           tag=TAG, ok=schemas.Dashboard, errors=(401, 403, 404, 422), query=(
               query_parameter("weeks", {"type": "integer", "enum": list(metrics.WEEK_CHOICES)},
                               "How many weeks back (12 when left out)."),),
           description="For site admins, the wijk's coordinators and members of organisations serving it. Read "
                       "from the nightly roll-up; hidden and removed content and private meldingen are not counted.")
@token_required
def wijk_insights(slug):
    wijk = wijk_by_slug(slug)
    require(can_view_insights(api_user(), wijk))
    weeks = request.args.get("weeks", str(metrics.DEFAULT_WEEKS))
    if weeks not in {str(n) for n in metrics.WEEK_CHOICES}:
        raise ValidationError(_("Some fields need attention."), fields={"weeks": _("Choose 4, 12, 26 or 52.")})
    now = utcnow()
    dash = metrics.dashboard(wijk, int(weeks), now.date())
    return jsonify(dashboard_json(dash, metrics.participation_rows(dash), responsiveness(wijk, now)))


@operation(bp, "get", "/goals", "insightGoals", "Every municipality's goals with target, actual and trend per wijk",
           tag=TAG, ok=schemas.GoalList, optional_token=True,
           description="Public. Figures as of the last nightly roll-up.")
def list_goals():
    return jsonify({"items": [goal_json(g) for g in goals_progress(utcnow().date())]})


@operation(bp, "post", "/goals", "createInsightGoal", "Set a goal for a municipality (site admins)", tag=TAG,
           ok=schemas.GoalList, status=201, body=schemas.GoalCreate, errors=(400, 401, 403, 422, 429),
           description="Answers the goals as `GET /goals` does, the new one among them.")
@token_required
@limited
def create_insight_goal():
    create_goal(api_user(), json_body())
    return jsonify({"items": [goal_json(g) for g in goals_progress(utcnow().date())]}), 201
