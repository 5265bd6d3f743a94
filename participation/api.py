"""JSON API of participations (CONTRACT.md "Participation, first cut"): reads are public, writes need a token."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from core.api import json_body
from core.errors import PermissionDenied, ValidationError
from core.ratelimits import write_limit
from wijken.services import wijk_by_slug

from . import services
from .serializers import participation_json, result_item_json

bp = Blueprint("participation_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{api_user().id}")


def _shown(participation, status: int = 200):
    user = api_user()
    return jsonify(participation_json(participation, services.visible_results(user, participation))), status


def _participation(participation_id: int):
    return services.get_participation(api_user(), participation_id)


@bp.get("/wijken/<slug>/participations")
def list_participations(slug):
    status = request.args.get("status")
    if status not in (None, "open", "closed"):
        raise ValidationError(_("Some fields need attention."), fields={"status": _("Choose open or closed.")})
    user = api_user()
    items = services.wijk_participations(wijk_by_slug(slug), status)
    return jsonify({"items": [participation_json(p, services.visible_results(user, p)) for p in items],
                    "next": None})


@bp.post("/participations")
@token_required
@limited
def create():
    return _shown(services.create_participation(api_user(), json_body()), 201)


@bp.get("/participations/<int:participation_id>")
def show(participation_id):
    return _shown(_participation(participation_id))


@bp.patch("/participations/<int:participation_id>")
@token_required
@limited
def change(participation_id):
    return _shown(services.update_participation(api_user(), _participation(participation_id), json_body()))


@bp.post("/participations/<int:participation_id>/publish")
@token_required
def publish(participation_id):
    return _shown(services.publish(api_user(), _participation(participation_id)))


@bp.post("/participations/<int:participation_id>/close")
@token_required
def close(participation_id):
    return _shown(services.close(api_user(), _participation(participation_id)))


@bp.put("/participations/<int:participation_id>/response")
@token_required
@limited
def respond(participation_id):
    participation = _participation(participation_id)
    services.respond(api_user(), participation, json_body())
    return _shown(participation)


@bp.get("/participations/<int:participation_id>/results")
def results(participation_id):
    participation = _participation(participation_id)
    shown = services.visible_results(api_user(), participation)
    if shown is None:
        raise PermissionDenied(_("The results are not visible yet."))
    return jsonify(shown)


@bp.post("/participations/<int:participation_id>/paper-responses")
@token_required
@limited
def paper_responses(participation_id):
    count = services.enter_paper_responses(api_user(), _participation(participation_id), json_body())
    return jsonify({"entered": count}), 201


@bp.post("/participations/<int:participation_id>/outcome")
@token_required
def outcome(participation_id):
    return _shown(services.publish_outcome(api_user(), _participation(participation_id), json_body()), 201)


@bp.post("/participations/<int:participation_id>/results-items")
@token_required
def add_result_item(participation_id):
    item = services.save_result_item(api_user(), _participation(participation_id), json_body())
    return jsonify(result_item_json(item)), 201


@bp.patch("/participations/<int:participation_id>/results-items/<int:item_id>")
@token_required
def change_result_item(participation_id, item_id):
    participation = _participation(participation_id)
    item = services.save_result_item(api_user(), participation, json_body(),
                                     services.result_item(participation, item_id))
    return jsonify(result_item_json(item))
