"""JSON API of voorzieningen."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, client_scope, token_required
from core.api import json_body
from core.apidoc import operation, path_parameter, query_parameter
from core.errors import NotFound, ValidationError
from core.extensions import db
from core.ratelimits import write_limit
from wijken.services import wijk_by_slug

from . import schemas, services
from .models import PLACE_KINDS, Place
from .serializers import place_json

bp = Blueprint("places_api", __name__, url_prefix="/api/v1")
path_parameter("place_id", {"type": "integer"}, "The voorziening's id.")
limit_writes = write_limit(lambda: f"user:{api_user().id}")


@operation(bp, "get", "/wijken/<slug>/places", "listPlaces", "The wijk's voorzieningen", tag="places",
           ok=schemas.PlaceList, errors=(404,))
@client_scope("posts:read")
def list_places(slug):
    return jsonify({"items": [place_json(p) for p in services.places_in(wijk_by_slug(slug))], "next": None})


def _point(args) -> tuple[float, float]:
    if args.get("postcode"):
        return services.point_of_postcode(args["postcode"], args.get("huisnummer"))
    try:
        lat, lon = float(args["lat"]), float(args["lon"])
    except (KeyError, ValueError):
        raise ValidationError(_("Give lat and lon as numbers, or a postcode."),
                              fields={"lat": _("Required number."), "lon": _("Required number.")}) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(_("Coordinates out of range."), fields={"lat": _("Out of range.")})
    return lat, lon


def nearby_for(args):
    kind = args.get("kind") or None
    if kind and kind not in PLACE_KINDS:
        raise ValidationError(_("Unknown kind."), fields={"kind": _("Unknown kind.")})
    return services.nearby(*_point(args), kind=kind)


@operation(bp, "get", "/places/nearby", "nearbyPlaces", "Voorzieningen nearest to a point or a postcode",
           tag="places", ok=schemas.PlaceList, errors=(404, 422), query=(
               query_parameter("lat", {"type": "number", "minimum": -90, "maximum": 90}, "Latitude, with lon."),
               query_parameter("lon", {"type": "number", "minimum": -180, "maximum": 180}, "Longitude, with lat."),
               query_parameter("postcode", {"type": "string", "maxLength": 20}, "Instead of a point."),
               query_parameter("huisnummer", {"type": "string", "maxLength": 20}, "With postcode."),
               query_parameter("kind", {"type": "string", "enum": list(PLACE_KINDS)}, "Only this kind.")),
           description="At most 20, nearest first, within 25 km, each with `distance_m`.")
@client_scope("posts:read")
def nearby():
    return jsonify({"items": [place_json(p, d) for p, d in nearby_for(request.args)], "next": None})


@operation(bp, "post", "/places", "createPlace", "Add a voorziening", tag="places", ok=schemas.Place, status=201,
           body=schemas.PlaceCreate, errors=(400, 401, 403, 404, 413, 422, 429),
           description="By the staff (poster or admin) of the owning organisation, or a site admin. The phone "
                       "number is normalised to E.164; an impossible number or e-mail address is a 422.")
@client_scope("posts:write")
@token_required
@limit_writes
def create_place():
    return jsonify(place_json(services.create_place(api_user(), json_body()))), 201


@operation(bp, "delete", "/places/<int:place_id>", "deletePlace", "Remove a voorziening", tag="places",
           errors=(401, 403, 404, 429))
@client_scope("posts:write")
@token_required
@limit_writes
def delete_place(place_id):
    place = db.session.get(Place, place_id)
    if place is None:
        raise NotFound(_("Not found."))
    services.delete_place(api_user(), place)
    return "", 204
