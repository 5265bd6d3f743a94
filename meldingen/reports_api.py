"""JSON API of meldingen: report, find nearby, follow, the map (GeoJSON), the handler's status changes, "tevreden?",
turning a post or comment into a melding, and for partner systems (scope `reports`) their organisation's meldingen
and its webhook. Each view declares its operation (core.apidoc)."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.auth import api_user, client_scope, token_required
from core.api import json_body
from core.apidoc import BEFORE, LIMIT, operation, path_parameter, query_parameter
from core.errors import NotFound, ValidationError, require
from core.extensions import db
from core.ratelimits import write_limit
from core.urls import external_url
from core.validation import Fields
from media.services import accepts_images
from partners.permissions import POSTING_ROLES, can_manage_organisation, membership_role
from partners.services import organisation_by_slug
from wijken.api import body_and_photos
from wijken.feeds import parse_before, parse_limit
from wijken.geo import read_point
from wijken.models import Comment, Post
from wijken.permissions import can_view
from wijken.services import wijk_by_slug

from . import schemas, services, webhooks, workflow
from .models import Category
from .permissions import is_handler, is_reporter
from .serializers import category_json, feature, report_json

bp = Blueprint("meldingen_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{api_user().id}")
TAG = "meldingen"
WRITES = (400, 401, 404, 413, 422, 429)
path_parameter("report_id", {"type": "integer"}, "The melding's id.")


def _shown(report, status: int = 200):
    user = api_user()
    full = is_reporter(user, report) or is_handler(user, report)
    return jsonify(report_json(report, full=full)), status


def _report(report_id: int):
    return services.get_report(api_user(), report_id)


@operation(bp, "get", "/wijken/<slug>/report-categories", "listReportCategories",
           "What can be reported in the wijk, who handles it and the target in working days", tag=TAG,
           ok=schemas.CategoryList, errors=(404,))
def categories(slug):
    return jsonify({"items": [category_json(c) for c in services.categories_for(wijk_by_slug(slug))], "next": None})


@operation(bp, "post", "/wijken/<slug>/reports", "createReport", "Report a problem at a spot in the wijk", tag=TAG,
           ok=schemas.Report, status=201, body=schemas.ReportCreate, errors=WRITES,
           multipart=schemas.ReportCreateWithPhoto,
           description="422 with the reason for a spot outside the wijk (`lat`), an unknown category (`category`) "
                       "or a missing text; nothing is stored. Check `GET /reports/nearby` first: following an open "
                       "melding at the same spot (+1) helps more than a second one.")
@token_required
@limited
@accepts_images(services.PHOTOS_PER_REPORT)
def create(slug):
    data, photos = body_and_photos()
    if request.mimetype == "multipart/form-data" and "private" in data:  # a form part is text: "true" or "false"
        data["private"] = {"true": True, "false": False}.get(data["private"], data["private"])
    return _shown(services.create_report(api_user(), wijk_by_slug(slug), data, photos=photos), 201)


@operation(bp, "get", "/wijken/<slug>/reports", "listReports", "The wijk's public meldingen, newest first", tag=TAG,
           ok=schemas.ReportList, errors=(400, 404, 422), optional_token=True, query=(
               query_parameter("state", {"type": "string", "enum": ["open", "closed"]}, "Only open or closed."),
               LIMIT, BEFORE))
def wijk_reports(slug):
    wijk = wijk_by_slug(slug)
    state = request.args.get("state")
    if state not in (None, "open", "closed"):
        raise ValidationError(_("Some fields need attention."), fields={"state": _("Choose open or closed.")})
    limit = parse_limit(request.args.get("limit"), 50)
    return _page(services.wijk_reports(wijk, state, parse_before(request.args.get("before")), limit), limit)


def _page(reports, limit: int):
    user = api_user()
    items = [report_json(r, full=is_reporter(user, r) or is_handler(user, r)) for r in reports]
    return jsonify({"items": items, "next": reports[-1].id if len(reports) == limit else None})


@operation(bp, "get", "/wijken/<slug>/reports/map", "reportMap",
           "GeoJSON of the wijk's open public meldingen (no text, no personal data)", tag=TAG,
           ok=schemas.FeatureCollection, errors=(404,))
def report_map(slug):
    wijk = wijk_by_slug(slug)
    link = external_url("wijken.post", slug=wijk.slug, post_id=0)[:-1]  # the post's id goes at the end
    labels = {state: workflow.label(state) for state in workflow.STATES}
    features = [feature(row, f"{link}{row.post_id}", labels.__getitem__) for row in services.map_rows(wijk)]
    response = jsonify({"type": "FeatureCollection", "features": features})
    response.mimetype = "application/geo+json"
    return response


@operation(bp, "get", "/reports/nearby", "nearbyReports", "Open public meldingen within 50 m of a spot", tag=TAG,
           ok=schemas.ReportList, errors=(422,), query=(
               query_parameter("lat", {"type": "number"}, "Latitude (WGS84).", required=True),
               query_parameter("lon", {"type": "number"}, "Longitude (WGS84).", required=True),
               query_parameter("category", {"type": "string"}, "Only this category (slug).")))
def nearby():
    fields = Fields(dict(request.args))
    point = read_point(fields)
    fields.check()
    slug = request.args.get("category")
    category = db.session.scalar(select(Category).where(Category.slug == slug).limit(1)) if slug else None
    if slug and category is None:
        raise ValidationError(_("Some fields need attention."), fields={"category": _("Unknown category.")})
    reports = services.nearby(*point, category=category)
    return jsonify({"items": [report_json(r, full=False) for r in reports], "next": None})


@operation(bp, "get", "/reports/<int:report_id>", "getReport", "One melding (a private one for reporter and "
           "handler only)", tag=TAG, ok=schemas.Report, errors=(404,), optional_token=True)
@client_scope("reports")
def show(report_id):
    return _shown(_report(report_id))


@operation(bp, "post", "/reports/<int:report_id>/status", "changeReportStatus",
           "The handling organisation moves the melding on, with a text for its thread", tag=TAG, ok=schemas.Report,
           body=schemas.StatusChange, errors=(*WRITES, 403, 409),
           description="403 for anyone not of the handling organisation; 409 `transition_not_allowed` for a change "
                       "the transition table does not allow, with the reason. Every change is a thread entry (public "
                       "meldingen), the live event `report_status_changed`, and a notification to reporter and "
                       "followers.")
@client_scope("reports")
@token_required
@limited
def change_status(report_id):
    report = _report(report_id)
    services.change_status(api_user(), report, json_body())
    return _shown(report)


@operation(bp, "put", "/reports/<int:report_id>/follow", "followReport",
           "\"Is het deze? Volg hem dan\": follow an open melding (+1) and hear of its changes", tag=TAG,
           ok=schemas.Report, errors=(401, 404, 429))
@token_required
@limited
def follow(report_id):
    return _shown(services.follow(api_user(), _report(report_id)))


@operation(bp, "delete", "/reports/<int:report_id>/follow", "unfollowReport", "Stop following a melding", tag=TAG,
           errors=(401, 404, 429), description="The reporter keeps following their own melding.")
@token_required
@limited
def unfollow(report_id):
    services.unfollow(api_user(), _report(report_id))
    return "", 204


@operation(bp, "put", "/reports/<int:report_id>/satisfaction", "answerSatisfaction",
           "The reporter's \"tevreden?\" after afgehandeld (14 days); no with a reason asks to reopen it", tag=TAG,
           ok=schemas.Report, body=schemas.Satisfaction, errors=WRITES)
@token_required
@limited
def satisfaction(report_id):
    return _shown(services.answer_satisfaction(api_user(), _report(report_id), json_body()))


@operation(bp, "post", "/posts/<int:post_id>/report", "convertPost",
           "Turn a post into a melding (its author, or a partner's staff)", tag=TAG, ok=schemas.Report, status=201,
           body=schemas.ReportCreate, errors=WRITES, path_params={"post_id": ({"type": "integer"}, "The post's id.")},
           description="Like createReport; `body` defaults to the post's text. The post's author is the reporter.")
@token_required
@limited
def convert_post(post_id):
    return _shown(services.convert(api_user(), _visible(Post, post_id), json_body()), 201)


@operation(bp, "post", "/comments/<int:comment_id>/report", "convertComment",
           "Turn a comment into a melding (its author, or a partner's staff)", tag=TAG, ok=schemas.Report,
           status=201, body=schemas.ReportCreate, errors=WRITES,
           path_params={"comment_id": ({"type": "integer"}, "The comment's id.")})
@token_required
@limited
def convert_comment(comment_id):
    return _shown(services.convert(api_user(), _visible(Comment, comment_id), json_body()), 201)


def _visible(model, ident: int):
    item = db.session.get(model, ident)
    if item is None or not can_view(api_user(), item):
        raise NotFound(_("Not found."))
    return item


# --- partner systems: the organisation's meldingen and its webhook -------------------------------------------

def _staff_organisation(slug):
    organisation = organisation_by_slug(slug)
    require(membership_role(api_user(), organisation) in POSTING_ROLES or can_manage_organisation(
        api_user(), organisation), _("Only the organisation's staff see its meldingen."))
    return organisation


@operation(bp, "get", "/organisations/<slug>/reports", "organisationReports",
           "The meldingen an organisation handles (its staff and partner systems), newest first", tag=TAG,
           ok=schemas.ReportList, errors=(400, 401, 404, 422), query=(
               query_parameter("state", {"type": "string"}, "`open`, or one state."), LIMIT, BEFORE))
@client_scope("reports")
@token_required
def organisation_reports(slug):
    organisation = _staff_organisation(slug)
    state = request.args.get("state")
    if state not in (None, "open", *workflow.STATES):
        raise ValidationError(_("Some fields need attention."), fields={"state": _("Unknown state.")})
    limit = parse_limit(request.args.get("limit"), 50)
    reports = services.organisation_reports(organisation, state, parse_before(request.args.get("before")), limit)
    return _page(reports, limit)


@operation(bp, "get", "/organisations/<slug>/webhook", "getWebhook", "The organisation's webhook (its admins)",
           tag=TAG, ok=schemas.Webhook, errors=(401, 404))
@token_required
def get_webhook(slug):
    organisation = organisation_by_slug(slug)
    require(can_manage_organisation(api_user(), organisation))
    hook = webhooks.webhook_of(organisation)
    if hook is None:
        raise NotFound(_("No webhook is set."))
    return jsonify({"url": hook.url, "secret": hook.secret, "active": hook.active})


@operation(bp, "put", "/organisations/<slug>/webhook", "setWebhook",
           "Announce new meldingen and status changes to this https address, signed", tag=TAG, ok=schemas.Webhook,
           body=schemas.WebhookSettings, errors=WRITES,
           description="422 (`url`) for an address that is not https or points to a private network.")
@token_required
@limited
def set_webhook(slug):
    hook = webhooks.save_webhook(api_user(), organisation_by_slug(slug), json_body())
    return jsonify({"url": hook.url, "secret": hook.secret, "active": hook.active})


@operation(bp, "delete", "/organisations/<slug>/webhook", "removeWebhook", "Remove the organisation's webhook",
           tag=TAG, errors=(401, 404))
@token_required
def remove_webhook(slug):
    webhooks.remove_webhook(api_user(), organisation_by_slug(slug))
    return "", 204
