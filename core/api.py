"""Small pieces every JSON API shares, and the app's JSON provider."""
from flask import request
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _

from .errors import AppError

MAX_JSON_DEPTH = 32  # far beyond any body the API reads; deeper is malformed


def json_depth_ok(data, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when `data` (parsed JSON) nests at most `limit` arrays and objects deep; checked without
    recursion, so no input can exhaust the stack."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = value.values()
        elif not isinstance(value, list):
            continue
        if depth > limit:
            return False
        stack.extend((item, depth + 1) for item in value if isinstance(item, dict | list))
    return True


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, refusing bodies nested deeper than MAX_JSON_DEPTH (as malformed: a ValueError, which
    `request.get_json` turns into a 400, or None with silent=True). Python's parser recurses per level: a
    body nested thousands deep would otherwise end in a RecursionError, a 500."""

    def loads(self, s, **kwargs):
        try:
            data = super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None
        if not json_depth_ok(data):
            raise ValueError("JSON nested too deeply")
        return data


def json_body(*, optional: bool = False) -> dict:
    """The request's JSON object, or a 400 in the contract's error shape; `optional`: an empty body is {}."""
    if optional and not request.content_length:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise AppError(_("The body must be a JSON object."), code="malformed")
    return data
