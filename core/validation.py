"""Input checking shared by forms and the JSON API: the one set of field rules.

Each rule (`clean_text`, `clean_choice`, `clean_moment`, `clean_number`, `clean_boolean`) takes a raw
value and returns the clean one or raises a `PydanticCustomError` naming what is wrong; `describe` turns
such an error into the sentence the caller reads. The pydantic field types of `core.schemas` (the API
shapes) are built on these rules, and so is `Fields`, which reads a plain dict (a form) field by field
for the services that have no API shape. Text hygiene lives here once: no text field accepts control
characters other than tab, newline and carriage return, nor unpaired surrogates.
"""
import re
from collections.abc import Callable
from datetime import datetime

from flask_babel import gettext as _
from pydantic_core import PydanticCustomError
from werkzeug.routing import IntegerConverter, UnicodeConverter

from core.errors import ValidationError
from core.registries import keyed
from core.timeutil import parse_iso, to_utc

MAX_ID = 2**31 - 1  # the largest id (and seq) a row can have on every backend (PostgreSQL's integer)
MAX_LIMIT = 100  # the largest page of a keyset-paginated list (`?limit=`)

# C0 control characters except tab, newline and carriage return; DEL; UTF-16 surrogates (in a Python
# string any surrogate is unpaired: JSON's escaped pairs decode to one character); the two noncharacters
# XML refuses. No text field accepts them, and `printable` drops them from text stored before that rule.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_NOT_IN_URLS = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")  # control characters (NUL) and lone surrogates


def _digits(value) -> bool:
    return isinstance(value, str) and value.strip().isascii() and value.strip().isdigit()


def row_id(value) -> int | None:
    """A row id from a form or JSON value (a whole number, or its digits): None for anything else, and for
    numbers no row can have (outside 1..MAX_ID), which the database would refuse. The one id bound."""
    if _digits(value):
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
    elif _digits(value):
        number = int(value)
    else:
        raise ValueError("not a whole number")
    return number if number <= MAX_ID else None


def seq_after(number: int) -> int:
    """A `since` cursor (a seq) brought within 0..MAX_ID: the same events, and a number the database takes."""
    return min(max(number, 0), MAX_ID)


def has_unsafe_characters(value: str) -> bool:
    return bool(_UNSAFE.search(value))


def printable(text: str | None) -> str:
    """Stored text as feeds and calendars may carry it (XML 1.0, RFC 5545): without the characters no text
    field accepts, which text stored before that rule may still hold."""
    return _UNSAFE.sub("", text or "")


def comparable(value) -> bool:
    """Text a lookup may compare with the database: PostgreSQL refuses text with NUL characters."""
    return isinstance(value, str) and "\x00" not in value


class IdConverter(IntegerConverter):
    """`<int:...>` in URLs, which are row ids. A number beyond any id reads as 0, which no row has: a plain
    404 like any unknown id, instead of reaching the database (SQLite cannot compare integers beyond 2**63)
    or, with werkzeug's own `max`, a 405 from the routes of other methods."""

    def to_python(self, value: str) -> int:
        return row_id(super().to_python(value)) or 0


class SegmentConverter(UnicodeConverter):
    """The default `<name>` (and `<string:name>`) of every route: a URL segment with a control character
    (NUL above all) or a lone surrogate names nothing. Its pattern does not match, so the answer is a plain
    404 before any view runs (not a 405 from a route of another method), and such text never reaches a
    lookup (PostgreSQL refuses NUL, and a surrogate cannot be encoded for the database or a page)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regex = self.regex.replace("[^/]", "[^/" + _NOT_IN_URLS.pattern[1:-1] + "]", 1)


# --- the rules ----------------------------------------------------------------------

def _missing(required: bool):
    if required:
        raise PydanticCustomError("missing", "This field is required.")
    return None


def clean_text(value, *, max_length: int, required: bool = False, multiline: bool = False) -> str | None:
    """Text without surrounding space (single-line: with single spaces); empty is missing."""
    if value is None:
        return _missing(required)
    if not isinstance(value, str):
        raise PydanticCustomError("text_type", "Must be text.")
    if has_unsafe_characters(value):
        raise PydanticCustomError("unsafe_text", "Contains control characters.")
    value = value.replace("\r\n", "\n").strip()
    if not multiline:
        value = " ".join(value.split())
    if not value:
        return _missing(required)
    if len(value) > max_length:
        raise PydanticCustomError("too_long", "At most {max} characters.", {"max": max_length})
    return value


def clean_choice(value, choices, *, required: bool = False) -> str | None:
    if value in (None, ""):
        return _missing(required)
    if not isinstance(value, str) or value not in choices:
        raise PydanticCustomError("choice", "Choose one of: {choices}.", {"choices": ", ".join(choices)})
    return value


def clean_moment(value, *, required: bool = False) -> datetime | None:
    """A moment as naive UTC, from ISO 8601 (without an offset: Europe/Amsterdam)."""
    if value in (None, ""):
        return _missing(required)
    if isinstance(value, datetime):
        return to_utc(value)
    try:
        return parse_iso(value)
    except ValueError:
        raise PydanticCustomError("moment", "Not a valid date and time.") from None


def clean_number(value, *, minimum: int, maximum: int, required: bool = False) -> int | None:
    if value in (None, ""):
        return _missing(required)
    if _digits(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("whole_number", "Must be a whole number.")
    if not minimum <= value <= maximum:
        raise PydanticCustomError("between", "Must be between {min} and {max}.", {"min": minimum, "max": maximum})
    return value


def clean_boolean(value) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise PydanticCustomError("boolean", "Must be true or false.")


_DESCRIBERS: dict[str, Callable[[dict], str]] = {}


def describes(error_type: str):
    """Register the sentence for an area's own rule (`fn(ctx) -> str`, translated when called)."""
    return keyed(_DESCRIBERS, error_type)


def describe(error_type: str, ctx: dict | None = None) -> str:
    """What is wrong with a field, in the caller's language, from a rule's error type and context."""
    ctx = ctx or {}
    if error_type in _DESCRIBERS:
        return _DESCRIBERS[error_type](ctx)
    if error_type == "missing":
        return _("This field is required.")
    if error_type == "text_type":
        return _("Must be text.")
    if error_type == "unsafe_text":
        return _("Remove the control characters from this text.")
    if error_type == "too_long":
        return _("At most %(max)d characters.", max=ctx["max"])
    if error_type == "choice":
        return _("Choose one of: %(choices)s.", choices=ctx["choices"])
    if error_type == "moment":
        return _("Not a valid date and time.")
    if error_type == "whole_number":
        return _("Must be a whole number.")
    if error_type == "between":
        return _("Must be between %(min)d and %(max)d.", min=ctx["min"], max=ctx["max"])
    if error_type == "boolean":
        return _("Must be true or false.")
    return _("This value is not valid.")


def expect_object(data) -> dict:
    if not isinstance(data, dict):
        raise ValidationError(_("Expected a JSON object."), code="malformed")
    return data


class Fields:
    """A plain dict (a form, or parsed JSON without an API shape) read field by field with the rules above;
    a message per bad field, and `check()` raises one ValidationError with them all."""

    def __init__(self, data):
        self.data = expect_object(data)
        self.errors: dict[str, str] = {}

    def present(self, name: str) -> bool:
        return name in self.data

    def _apply(self, name: str, rule, *args, **kwargs):
        try:
            return rule(self.data.get(name), *args, **kwargs)
        except PydanticCustomError as exc:
            self.error(name, describe(exc.type, exc.context))
            return None

    def text(self, name: str, *, max_length: int, required: bool = False, multiline: bool = False):
        return self._apply(name, clean_text, max_length=max_length, required=required, multiline=multiline)

    def choice(self, name: str, choices, *, required: bool = False):
        return self._apply(name, clean_choice, choices=choices, required=required)

    def datetime(self, name: str, *, required: bool = False) -> datetime | None:
        return self._apply(name, clean_moment, required=required)

    def integer(self, name: str, *, minimum: int, maximum: int, required: bool = False) -> int | None:
        return self._apply(name, clean_number, minimum=minimum, maximum=maximum, required=required)

    def boolean(self, name: str) -> bool | None:
        return self._apply(name, clean_boolean)

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
