"""JSON API of the moderation side (CONTRACT.md): flags, queue, actions, audit log."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from core.api import json_body
from core.errors import ValidationError
from core.extensions import limiter
from core.validation import id_before
from moderation import services as moderation
from moderation.serializers import audit_json, flag_json, queue_item_json
from wijken.api import write_limit
from wijken.services import wijk_by_slug

bp = Blueprint("moderation_api", __name__, url_prefix="/api/v1")


@bp.post("/flags")
@token_required
@write_limit
def create_flag():
    return jsonify(flag_json(moderation.flag(api_user(), json_body()))), 201


@bp.get("/moderation/queue")
@token_required
def queue():
    user = api_user()
    wijk = moderation.require_valid_queue_wijk(user, request.args.get("wijk"))
    return jsonify({"items": [queue_item_json(e) for e in moderation.review_queue(user, wijk)], "next": None})


@bp.post("/moderation/actions")
@token_required
@limiter.limit("120 per minute", key_func=lambda: f"user:{api_user().id}")
def act():
    return jsonify(moderation.moderate(api_user(), json_body()))


@bp.patch("/wijken/<slug>")
@token_required
@write_limit
def wijk_settings(slug):
    wijk = moderation.update_wijk_settings(api_user(), wijk_by_slug(slug), json_body())
    return jsonify({"slug": wijk.slug, "premoderation": wijk.premoderation,
                    "premoderation_posts": wijk.premoderation_posts, "flag_threshold": wijk.flag_threshold})


@bp.get("/audit")
@token_required
def audit():
    try:
        before = id_before(request.args.get("before"))
    except ValueError:
        raise ValidationError(_("before must be a number."), fields={"before": _("Must be a number.")}) from None
    wijk = wijk_by_slug(request.args["wijk"]) if request.args.get("wijk") else None
    entries, next_cursor = moderation.audit_log(api_user(), wijk, before=before)
    return jsonify({"items": [audit_json(e) for e in entries], "next": next_cursor})
