"""Small pieces every JSON API shares."""
from flask import request
from flask_babel import gettext as _

from .errors import AppError


def json_body(*, optional: bool = False) -> dict:
    """The request's JSON object, or a 400 in the contract's error shape; `optional`: an empty body is {}."""
    if optional and not request.content_length:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise AppError(_("The body must be a JSON object."), code="malformed")
    return data
