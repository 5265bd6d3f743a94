"""JSON API of the moderation side (CONTRACT.md): flags, queue, actions, audit log."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation, query_parameter
from core.errors import ValidationError
from core.extensions import limiter
from core.validation import id_before
from moderation import schemas
from moderation import services as moderation
from moderation.serializers import audit_json, flag_json, moderation_result_json, queue_item_json, wijk_settings_json
from wijken.api import WRITE, write_limit
from wijken.services import wijk_by_slug

bp = Blueprint("moderation_api", __name__, url_prefix="/api/v1")


@operation(bp, "post", "/flags", "createFlag", "Report a post or comment", tag="moderation", ok=schemas.Flag,
           status=201, errors=(400, *WRITE, 409, 422), body=schemas.FlagCreate,
           description="409 with code `already_flagged` when the caller flagged it before. Flags by the wijk's "
                       "`flag_threshold` people hide the item pending review.")
@token_required
@write_limit
def create_flag():
    return jsonify(flag_json(moderation.flag(api_user(), json_body()))), 201


@operation(bp, "get", "/moderation/queue", "getModerationQueue", "What the caller may moderate, oldest first",
           tag="moderation", ok=schemas.QueuePage, errors=(401, 403, 404),
           query=(query_parameter("wijk", {"type": "string"}, "Only this wijk (by slug)."),),
           description="Flagged, hidden and pending content in the caller's scope: a coordinator's wijk, an "
                       "organisation moderator's organisation, everything for an admin. 403 for anyone who "
                       "moderates nothing, or not this wijk.")
@token_required
def queue():
    user = api_user()
    wijk = moderation.require_valid_queue_wijk(user, request.args.get("wijk"))
    return jsonify({"items": [queue_item_json(e) for e in moderation.review_queue(user, wijk)], "next": None})


@operation(bp, "post", "/moderation/actions", "moderate", "Act on a post, comment or user", tag="moderation",
           ok=schemas.ModerationResult, errors=(400, *WRITE, 409, 422), body=schemas.ModerationAction,
           description="403 outside the caller's scope; 404 for an unknown target; 409 when the item's status does "
                       "not allow the action (or `dismiss` finds no open flags); 422 for a missing reason or a bad "
                       "field. Every action is logged in the audit log.")
@token_required
@limiter.limit("120 per minute", key_func=lambda: f"user:{api_user().id}")
def act():
    return jsonify(moderation_result_json(moderation.moderate(api_user(), json_body())))


@operation(bp, "patch", "/wijken/<slug>", "updateWijkSettings", "Change the wijk's moderation settings (coordinator)",
           tag="moderation", ok=schemas.WijkSettings, errors=(400, *WRITE, 422), body=schemas.WijkSettingsUpdate)
@token_required
@write_limit
def wijk_settings(slug):
    return jsonify(wijk_settings_json(moderation.update_wijk_settings(api_user(), wijk_by_slug(slug), json_body())))


@operation(bp, "get", "/audit", "getAuditLog", "The moderation log, newest first", tag="moderation",
           ok=schemas.AuditPage, errors=(401, 403, 404, 422), query=(
               query_parameter("wijk", {"type": "string"}, "The wijk (by slug); without it, every log (admin only)."),
               query_parameter("before", {"type": "integer", "minimum": 1},
                               "Cursor: the `next` of the previous page, an entry id.")),
           description="The wijk's coordinator reads their wijk's log, a site admin every log; pages of 50.")
@token_required
def audit():
    try:
        before = id_before(request.args.get("before"))
    except ValueError:
        raise ValidationError(_("before must be a number."), fields={"before": _("Must be a number.")}) from None
    wijk = wijk_by_slug(request.args["wijk"]) if request.args.get("wijk") else None
    entries, next_cursor = moderation.audit_log(api_user(), wijk, before=before)
    return jsonify({"items": [audit_json(e) for e in entries], "next": next_cursor})
