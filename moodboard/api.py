"""JSON API of the moodboard: its pins (newest first), pinning (JSON for a comment on the drawing, multipart with
an image), dots, flags and the owner's design drawing. The board itself is the participation's
(`GET /api/v1/participations/<id>`: its `definition` and `results`)."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import BEFORE, LIMIT, operation, path_parameter, query_parameter
from core.errors import NotFound
from core.ratelimits import write_limit
from media.services import accepts_images
from participation.services import get_participation, visible_results

from . import schemas, services
from .serializers import image_json, pin_json

bp = Blueprint("moodboard_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{getattr(api_user(), 'id', None) or request.remote_addr}")
TAG = "moodboard"
path_parameter("pin_id", {"type": "integer"}, "The pin's id.")


def _board(participation_id: int):
    participation = get_participation(api_user(), participation_id)
    if participation.tool != "moodboard":
        raise NotFound(_("Not found."))
    return participation


def _shows_dots(participation) -> bool:
    return visible_results(api_user(), participation) is not None


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


@operation(bp, "get", "/participations/<int:participation_id>/pins", "listPins", "A moodboard's pins, newest first",
           tag=TAG, ok=schemas.PinPage, errors=(404,), optional_token=True, query=(
               query_parameter("category", {"type": "integer"}, "Only this category's pins."), LIMIT, BEFORE))
def list_pins(participation_id):
    participation = _board(participation_id)
    limit = min(max(_int_arg("limit") or services.PAGE_SIZE, 1), 100)
    pins, next_id = services.pins_page(api_user(), participation, before=_int_arg("before"),
                                       category=_int_arg("category"), limit=limit)
    dots = _shows_dots(participation)
    return jsonify({"items": [pin_json(p, participation, dots) for p in pins], "next": next_id})


@operation(bp, "post", "/participations/<int:participation_id>/pins", "createPin",
           "Pin an image, or a comment on a point of the drawing", tag=TAG, ok=schemas.Pin, status=201,
           body=schemas.PinCreate, multipart=schemas.PinCreateWithImage,
           errors=(400, 401, 404, 409, 413, 422, 429))
@token_required
@limited
@accepts_images(1)
def create_pin(participation_id):
    participation = _board(participation_id)
    if request.mimetype == "multipart/form-data":
        data, upload = request.form.to_dict(), request.files.get("image")
    else:
        data, upload = json_body(), None
    pin = services.add_pin(api_user(), participation, data, upload)
    return jsonify(pin_json(pin, participation, _shows_dots(participation))), 201


@operation(bp, "put", "/pins/<int:pin_id>/dots", "setDots", "Put some of your dots on a pin (0 takes them off)",
           tag=TAG, ok=schemas.DotsResult, body=schemas.DotsRequest, errors=(400, 401, 404, 409, 422, 429))
@token_required
@limited
def set_dots(pin_id):
    pin, participation = services.get_pin(api_user(), pin_id)
    return jsonify(schemas.DotsResult(**services.set_dots(api_user(), pin, participation,
                                                          json_body().get("count"))).dump())


@operation(bp, "delete", "/pins/<int:pin_id>", "deletePin", "Delete your pin (a reviewer: remove any)", tag=TAG,
           errors=(401, 404, 409, 429))
@token_required
@limited
def delete_pin(pin_id):
    pin, participation = services.get_pin(api_user(), pin_id)
    services.delete_pin(api_user(), pin, participation)
    return "", 204


@operation(bp, "post", "/pins/<int:pin_id>/flags", "flagPin", "Report a pin", tag=TAG, status=201,
           ok={"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]},
           body=schemas.PinFlagRequest, errors=(400, 401, 404, 409, 422, 429))
@token_required
@limited
def flag_pin(pin_id):
    pin, participation = services.get_pin(api_user(), pin_id)
    flag = services.flag_pin(api_user(), pin, participation, json_body())
    return jsonify({"id": flag.id}), 201


@operation(bp, "put", "/participations/<int:participation_id>/drawing", "setDrawing",
           "The owner's design drawing (multipart/form-data)", tag=TAG, ok=schemas.Drawing,
           body=schemas.DrawingUpload, errors=(400, 401, 404, 413, 422, 429))
@token_required
@limited
@accepts_images(1)
def set_drawing(participation_id):
    participation = _board(participation_id)
    board = services.set_drawing(api_user(), participation, request.files.get("image"), request.form.get("alt"))
    return jsonify(schemas.Drawing(**image_json(participation.id, board.drawing, board.drawing_alt)).dump())
