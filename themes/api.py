"""JSON API of the themes (docs/api.md "Themes"): reading a scope's themes and naming one, for whoever sees
them (site admins, the wijk's coordinators, members of organisations serving it)."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation, path_parameter, query_parameter
from core.errors import ValidationError
from core.ratelimits import write_limit

from . import schemas, services
from .serializers import theme_json, themes_json

bp = Blueprint("themes_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{api_user().id}")
TAG = "themes"
SCOPE = (query_parameter("wijk", {"type": "string"}, "The wijk's slug."),
         query_parameter("municipality", {"type": "string"}, "The municipality (the name its wijken carry)."))
path_parameter("theme_id", {"type": "integer"}, "The theme's id.")


@operation(bp, "get", "/themes", "themes", "What residents are talking about: a wijk's or municipality's themes, "
           "largest first, with their top terms, texts per week, growth and public examples", tag=TAG,
           ok=schemas.ThemeList, query=SCOPE, errors=(401, 404, 422),
           description="Give `wijk` or `municipality` (422 `validation_failed` for neither or both). `rising` lists "
                       "the ids of the stijgers, the themes that grew most in the last two weeks. Before the first "
                       "run `items` is empty and the dates are null.")
@token_required
def themes():
    scope = _scope(request.args.get("wijk", ""), request.args.get("municipality", ""))
    run, links = services.read(api_user(), scope)
    return jsonify(themes_json(scope, run, links, services.rising(run)))


def _scope(wijk: str, municipality: str):
    if bool(wijk) == bool(municipality):
        message = _("Give a wijk or a municipality.")
        raise ValidationError(message, fields={"wijk": message})
    return services.wijk_scope(wijk) if wijk else services.municipality_scope(municipality)


@operation(bp, "patch", "/themes/<int:theme_id>", "renameTheme",
           "Name a theme (an empty name gives it back its terms); the name stays while later runs find the theme",
           tag=TAG, ok=schemas.Theme, body=schemas.ThemeRename,
           errors=(400, 401, 404, 413, 422, 429))
@token_required
@limited
def rename(theme_id):
    theme = services.rename(api_user(), services.get_theme(theme_id), json_body())
    run, links = services.read(api_user(), services.scope_of(theme.run))
    return jsonify(theme_json(theme, links, {t.id for t in services.rising(run)}))
