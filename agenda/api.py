"""JSON API of the wijkagenda (docs/api.md "Wijkagenda"): reading is public, writing needs a token."""
from flask import Blueprint, jsonify

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation, path_parameter
from core.ratelimits import write_limit
from wijken.services import wijk_by_slug

from . import schemas, services
from .serializers import agenda_json

bp = Blueprint("agenda_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{api_user().id}")
TAG = "agenda"
WRITES = (400, 401, 404, 409, 413, 422, 429)
path_parameter("item_id", {"type": "integer"}, "The agendapunt's id.")


@operation(bp, "get", "/wijken/<slug>/agenda", "wijkAgenda", "The wijk's agendapunten, open ones first", tag=TAG,
           ok=schemas.AgendaList, errors=(404,), optional_token=True)
def wijk_agenda(slug):
    return jsonify({"items": [agenda_json(i) for i in services.wijk_agenda(wijk_by_slug(slug))], "next": None})


@operation(bp, "post", "/wijken/<slug>/agenda", "addAgendaItem",
           "An agendapunt: from an idea that reached its threshold, a broadly supported stelling (coordinators), "
           "or an organisation", tag=TAG, ok=schemas.AgendaItem, status=201, body=schemas.AgendaItemCreate,
           errors=WRITES, description="409 `on_agenda` when the idea or stelling is on the agenda already.")
@token_required
@limited
def add(slug):
    return jsonify(agenda_json(services.add_item(api_user(), wijk_by_slug(slug), json_body()))), 201


@operation(bp, "get", "/agenda/<int:item_id>", "getAgendaItem", "One agendapunt", tag=TAG, ok=schemas.AgendaItem,
           errors=(404,), optional_token=True)
def show(item_id):
    return jsonify(agenda_json(services.get_item(item_id)))


@operation(bp, "patch", "/agenda/<int:item_id>", "changeAgendaItem",
           "Status, text, the next meeting and the feedback date (coordinators, the owning organisation)", tag=TAG,
           ok=schemas.AgendaItem, body=schemas.AgendaItemChange, errors=WRITES)
@token_required
@limited
def change(item_id):
    return jsonify(agenda_json(services.change_item(api_user(), services.get_item(item_id), json_body())))
