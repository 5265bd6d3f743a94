"""Input checking shared by forms and the JSON API.

`Fields` reads values from a plain dict (parsed JSON or a form), collects a
message per bad field, and `check()` raises one ValidationError with them all.
"""
import re
from datetime import datetime

from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter, UnicodeConverter

from core.errors import ValidationError
from core.timeutil import parse_iso, to_utc

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_IN_URLS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")  # control characters (NUL) and lone surrogates
MAX_ID = 2**31 - 1  # the largest id (and seq) a row can have on every backend (PostgreSQL's integer)


def comparable(value) -> bool:
    """Text a lookup may compare with the database: PostgreSQL refuses text with NUL characters."""
    return isinstance(value, str) and "\x00" not in value


class IdConverter(IntegerConverter):
    """`<int:...>` in URLs, which are row ids. A number beyond any id reads as 0, which no row has: a plain
    404 like any unknown id, instead of reaching the database (SQLite cannot compare integers beyond 2**63)
    or, with werkzeug's own `max`, a 405 from the routes of other methods."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        return number if number <= MAX_ID else 0


class SegmentConverter(UnicodeConverter):
    """The default `<name>` (and `<string:name>`) of every route: a URL segment with a control character
    (NUL above all) or a lone surrogate names nothing. Its pattern does not match, so the answer is a plain
    404 before any view runs (not a 405 from a route of another method), and such text never reaches a
    lookup (PostgreSQL refuses NUL, and a surrogate cannot be encoded for the database or a page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/" + _NOT_IN_URLS.pattern[1:-1] + "]", 1)


def row_id(value) -> int | None:
    """A row id from a form or JSON value (a whole number, or its digits): None for anything else, and for
    numbers no row can have (outside 1..MAX_ID), which the database would refuse."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None


def id_before(value) -> int | None:
    """A `before` cursor that is a row id, from a query argument: None for the first page, and also when
    the number lies beyond every id (the whole list is "before" it, and the database refuses such numbers:
    PostgreSQL's integer ends at MAX_ID). Raises ValueError when it is not a whole number."""
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value)
    else:
        raise ValueError("not a whole number")
    return number if number <= MAX_ID else None


class Fields:
    def __init__(self, data):
        if not isinstance(data, dict):
            raise ValidationError(_("Expected a JSON object."), code="malformed")
        self.data = data
        self.errors: dict[str, str] = {}

    def present(self, name: str) -> bool:
        return name in self.data

    def _missing(self, name: str, required: bool):
        if required:
            self.errors[name] = _("This field is required.")
        return None

    def text(self, name: str, *, max_length: int, required: bool = False, multiline: bool = False):
        value = self.data.get(name)
        if value is None:
            return self._missing(name, required)
        if not isinstance(value, str):
            self.errors[name] = _("Must be text.")
            return None
        value = _CONTROL.sub("", value.replace("\r\n", "\n")).strip()
        if not multiline:
            value = " ".join(value.split())
        if not value:
            return self._missing(name, required)
        if len(value) > max_length:
            self.errors[name] = _("At most %(max)d characters.", max=max_length)
            return None
        return value

    def choice(self, name: str, choices, *, required: bool = False):
        value = self.data.get(name)
        if value in (None, ""):
            return self._missing(name, required)
        if not isinstance(value, str) or value not in choices:
            self.errors[name] = _("Choose one of: %(choices)s.", choices=", ".join(choices))
            return None
        return value

    def datetime(self, name: str, *, required: bool = False) -> datetime | None:
        value = self.data.get(name)
        if value in (None, ""):
            return self._missing(name, required)
        if isinstance(value, datetime):
            return to_utc(value)
        if not isinstance(value, str):
            self.errors[name] = _("Not a valid date and time.")
            return None
        try:
            return parse_iso(value)
        except ValueError:
            self.errors[name] = _("Not a valid date and time.")
            return None

    def integer(self, name: str, *, minimum: int, maximum: int, required: bool = False) -> int | None:
        value = self.data.get(name)
        if value in (None, ""):
            return self._missing(name, required)
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors[name] = _("Must be a whole number.")
            return None
        if not minimum <= value <= maximum:
            self.errors[name] = _("Must be between %(min)d and %(max)d.", min=minimum, max=maximum)
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        value = self.data.get(name)
        if value is None or isinstance(value, bool):
            return value
        self.errors[name] = _("Must be true or false.")
        return None

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def check(self) -> None:
        if self.errors:
            raise ValidationError(_("Some fields need attention."), fields=self.errors)


def apply_errors(form, fields: dict) -> None:
    """Show a service's field errors next to the matching fields of a WTForms form."""
    for name, message in fields.items():
        if name in form:
            form[name].errors = [*form[name].errors, message]
