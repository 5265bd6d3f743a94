"""The building blocks of the API shapes (each area's `schemas.py`).

A shape is one pydantic model: its fields say what the API accepts (the rules of core.validation, with
their limits) or what it answers, and `core.apidoc` turns the models into the OpenAPI document.

Input is read with `Input(Model, data)`: field by field, so a service checks the fields in its own order,
adds its own errors (a wijk's rules, a lookup) and raises them all at once in the contract's shape
(`ValidationError` with `fields`); `parse(Model, data)` reads and checks every field at once. Unknown
fields are ignored, as the contract has it. Output is `Model(...).dump()`: the JSON the API answers.
"""
from datetime import datetime
from functools import cache, partial
from typing import Annotated, Any

from flask_babel import gettext as _
from pydantic import BaseModel, ConfigDict, PlainSerializer, PlainValidator, TypeAdapter, WithJsonSchema
from pydantic import ValidationError as PydanticValidationError

from core.timeutil import isoformat

from .errors import ValidationError
from .validation import (
    MAX_ID,
    clean_boolean,
    clean_choice,
    clean_moment,
    clean_number,
    clean_text,
    describe,
    expect_object,
)


class Schema(BaseModel):
    """An API shape. Unknown input fields are ignored (CONTRACT.md); output leaves out fields never set."""
    model_config = ConfigDict(extra="ignore")

    def dump(self) -> dict:
        return self.model_dump(mode="json", exclude_unset=True)


def _nullable(schema: dict) -> dict:
    return schema | {"type": [schema["type"], "null"]}


# --- input field types (each a rule of core.validation, with the schema it documents) -------------------

def Text(max_length: int, *, required: bool = False, multiline: bool = False, **schema) -> Any:  # noqa: N802
    """Text of at most `max_length` characters, trimmed; `required`: when given, not empty."""
    documented = {"type": "string", **({"minLength": 1} if required else {}), "maxLength": max_length, **schema}
    return Annotated[str | None, PlainValidator(partial(clean_text, max_length=max_length, required=required,
                                                        multiline=multiline)),
                     WithJsonSchema(documented if required else _nullable(documented))]


def Choice(choices, *, required: bool = False, **schema) -> Any:  # noqa: N802
    return Annotated[str | None, PlainValidator(partial(clean_choice, choices=tuple(choices), required=required)),
                     WithJsonSchema({"type": "string", "enum": list(choices), **schema})]


def Moment(*, required: bool = False, **schema) -> Any:  # noqa: N802
    documented = {"type": "string", "format": "date-time", **schema}
    return Annotated[datetime | None, PlainValidator(partial(clean_moment, required=required)),
                     WithJsonSchema(documented if required else _nullable(documented))]


def WholeNumber(minimum: int, maximum: int, *, required: bool = False, nullable: bool = True,  # noqa: N802
                **schema) -> Any:
    documented = {"type": "integer", "minimum": minimum, "maximum": maximum, **schema}
    return Annotated[int | None, PlainValidator(partial(clean_number, minimum=minimum, maximum=maximum,
                                                        required=required)),
                     WithJsonSchema(_nullable(documented) if nullable and not required else documented)]


def Id(*, required: bool = True, **schema) -> Any:  # noqa: N802
    """A row id: a whole number from 1 to MAX_ID (what every backend's integer column holds)."""
    return WholeNumber(1, MAX_ID, required=required, nullable=not required, **schema)


YesNo = Annotated[bool | None, PlainValidator(clean_boolean), WithJsonSchema({"type": "boolean"})]

# --- output field types ---------------------------------------------------------------------------------

Timestamp = Annotated[datetime, PlainSerializer(isoformat, return_type=str),
                      WithJsonSchema({"type": "string", "format": "date-time"})]
"""A stored (naive UTC) time, written as ISO 8601 with a Z."""


# --- reading input ---------------------------------------------------------------------------------------

@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter:
    info = model.model_fields[name]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)])


def field_errors(exc: PydanticValidationError) -> dict[str, str]:
    """The one translation of pydantic's errors into the contract's `fields`: the first problem per field."""
    fields: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        name = ".".join(str(part) for part in error["loc"]) or "body"
        fields.setdefault(name, describe(error["type"], error.get("ctx")))
    return fields


class Input:
    """A request's fields read through its shape, one at a time (see the module's description)."""

    def __init__(self, model: type[BaseModel], data):
        self.model = model
        self.data = expect_object(data)
        self.errors: dict[str, str] = {}
        self._values: dict[str, Any] = {}

    def present(self, name: str) -> bool:
        return name in self.data

    def __getitem__(self, name: str):
        if name not in self._values:
            self._values[name] = self._read(name)
        return self._values[name]

    def _read(self, name: str):
        try:
            value = _adapter(self.model, name).validate_python(self.data.get(name))
        except PydanticValidationError as exc:
            self.error(name, next(iter(field_errors(exc).values())))
            return None
        default = self.model.model_fields[name].default
        return default if value is None and isinstance(default, str | int | bool) else value

    def require(self, name: str):
        """The field's value, which this request must give (the shape leaves it optional for other cases)."""
        value = self[name]
        if value is None:
            self.error(name, describe("missing"))
        return value

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def check(self) -> None:
        if self.errors:
            raise ValidationError(_("Some fields need attention."), fields=self.errors)

    def model_instance(self):
        """The shape with every declared field read (call `check()` first)."""
        values = {name: self[name] for name in self.model.model_fields}
        return self.model.model_construct(_fields_set={n for n in values if self.present(n)}, **values)


def parse(model: type[BaseModel], data):
    """Every field of the shape read and checked at once: the model, or a ValidationError with them all."""
    reader = Input(model, data)
    for name in model.model_fields:
        reader[name]  # noqa: B018  (reading collects the field's error)
    reader.check()
    return reader.model_instance()
