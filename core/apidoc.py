"""The OpenAPI 3.1 document, generated from what the API views declare.

Every API view is routed with `operation(bp, method, rule, ...)` instead of `bp.route`: it registers the
route and records the operation (its request and response shapes, query parameters, status codes). At
import time each area's `api.py` registers its operations here; `build_document` walks them and asks
pydantic for the JSON Schema of every shape (`#/components/schemas/{model}`), so the document cannot
differ from the code. Who may call an operation is read from the view itself: a view that needs a token
carries `needs_token`, one that partner systems may call carries `client_scope` (accounts.auth); the
composition root turns that into OpenAPI security (`build_document(security=...)`).
"""
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint
from pydantic import BaseModel, Field, TypeAdapter
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from .schemas import Schema
from .validation import MAX_LIMIT

REF = "#/components/schemas/{model}"

ERRORS = {
    400: ("BadRequest", "Malformed request: not a JSON object, a bad cursor or limit."),
    401: ("Unauthorized", "No valid bearer token (or a token that is invalid or expired)."),
    403: ("Forbidden", "The caller may not do this; nothing changed. A partner system's token gets code "
                       "`insufficient_scope` for an operation its scopes do not cover."),
    404: ("NotFound", "No such resource, or not visible to the caller."),
    409: ("Conflict", "The request conflicts with the current state."),
    413: ("PayloadTooLarge", "The request body is too large."),
    422: ("ValidationFailed", "Validation failed; `error.fields` names each bad field."),
    429: ("TooManyRequests", "Rate limit exceeded; try again later."),
}


class ErrorDetail(Schema):
    code: str = Field(description="snake_case, stable; e.g. `validation_failed`, `not_found`.")
    message: str = Field(description="Human text in the caller's language.")
    fields: dict[str, str] = Field(None, description="Per field, what is wrong (422 only).")


class Error(Schema):
    """The contract's error shape: every 4xx answer."""
    error: ErrorDetail


@dataclass
class Operation:
    method: str
    rule: str  # Flask's rule, with the blueprint's prefix
    operation_id: str
    summary: str
    tag: str
    view: Callable
    ok: Any = None  # a model, a JSON Schema dict, or None (204)
    status: int = 200
    ok_description: str | None = None
    body: type[BaseModel] | Callable | None = None  # a model, or a function giving one (as `ok`)
    multipart: type[BaseModel] | None = None  # the same request as multipart/form-data, with files
    body_required: bool = True
    query: tuple = ()
    path_params: dict = field(default_factory=dict)
    errors: tuple[int, ...] = ()
    optional_token: bool = False
    description: str | None = None

    @property
    def path(self) -> str:
        return _CONVERTER.sub(lambda m: "{" + m["name"] + "}", self.rule)

    @property
    def auth(self) -> str:
        """"required" (a token), "optional" (reads show more with one) or "none"."""
        if getattr(self.view, "needs_token", False):
            return "required"
        return "optional" if self.optional_token else "none"

    @property
    def scope(self) -> str | None:
        return getattr(self.view, "client_scope", None)


OPERATIONS: list[Operation] = []
PATH_PARAMETERS: dict[str, dict] = {}
QUERY_PARAMETERS: dict[str, dict] = {}
_CONVERTER = re.compile(r"<(?:(?P<converter>[^:<>]+):)?(?P<name>[^:<>]+)>")


def operation(bp: Blueprint, method: str, rule: str, operation_id: str, summary: str, *, tag: str,
              ok=None, status: int | None = None, ok_description: str | None = None, body=None, multipart=None,
              body_required: bool = True, query: Iterable = (), path_params: dict | None = None,
              errors: Iterable[int] = (), optional_token: bool = False, description: str | None = None):
    """Route an API view and declare it for the document (see the module's description).

    `ok`: the response shape (status 200, or `status`; None: 204 without a body); `body`: the request
    shape (as JSON; like `ok`, a function giving a model is called when the document is built; `multipart`: the
    shape of the same request sent as multipart/form-data, with files);
    `query`: parameters made with `query_parameter` (or the shared `LIMIT`, `BEFORE`); path
    parameters come from the rule (shared ones registered with `path_parameter`, others in `path_params`);
    `errors`: the 4xx statuses it may answer (403 is added for every operation that takes a token).
    """
    def register(view: Callable) -> Callable:
        bp.add_url_rule(rule, view_func=view, methods=[method.upper()])
        OPERATIONS.append(Operation(
            method=method.lower(), rule=(bp.url_prefix or "") + rule, operation_id=operation_id, summary=summary,
            tag=tag, view=view, ok=ok, status=status or (200 if ok is not None else 204),
            ok_description=ok_description, body=body, multipart=multipart, body_required=body_required,
            query=tuple(query),
            path_params=path_params or {}, errors=tuple(errors), optional_token=optional_token,
            description=description))
        return view
    return register


def _parameter(name: str, location: str, schema, description: str, required: bool) -> dict:
    return {"name": name, "in": location, "required": required, "description": description,
            "schema": _plain_schema(schema)}


def _plain_schema(schema) -> dict:
    """A JSON Schema dict as given, or the schema of a (simple) type."""
    if isinstance(schema, dict):
        return schema
    return TypeAdapter(schema).json_schema()


def path_parameter(name: str, schema, description: str) -> None:
    """A path parameter shared by several operations (`#/components/parameters/{name}`), declared once: the
    document must not depend on which area was imported last."""
    parameter = _parameter(name, "path", schema, description, True)
    if PATH_PARAMETERS.get(name, parameter) != parameter:
        raise ValueError(f"path parameter {name!r} is declared twice, differently")
    PATH_PARAMETERS[name] = parameter


def shared_query(name: str, schema, description: str) -> dict:
    """A query parameter shared by several operations; returns its reference."""
    QUERY_PARAMETERS[name] = _parameter(name, "query", schema, description, False)
    return {"$ref": f"#/components/parameters/{name}"}


def query_parameter(name: str, schema, description: str, *, required: bool = False) -> dict:
    return _parameter(name, "query", schema, description, required)


LIMIT = shared_query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                     f"Page size (at most {MAX_LIMIT}; larger values are capped).")
BEFORE = shared_query("before", {"type": "string"}, "Cursor: the `next` of the previous page.")


class _Generator(GenerateJsonSchema):
    def field_title_should_be_set(self, schema) -> bool:
        return False

    def default_schema(self, schema) -> dict:
        """Answers leave out a field without a value, and a request's field without one is just absent: only a
        real value is documented as a default."""
        json_schema = super().default_schema(schema)
        if self.mode == "serialization" or json_schema.get("default", 0) is None:
            json_schema.pop("default", None)
        return json_schema


def _model(value) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _shape(value):
    """A response shape as declared: a model, a JSON Schema dict, None, or a function giving a model (a shape
    that other areas extend, built once they are all imported)."""
    return value() if callable(value) and not isinstance(value, type) else value


def _schemas(operations: list[Operation], extra_models: Iterable) -> tuple[dict, dict]:
    """The components' schemas and, per (model, mode), its reference."""
    pairs = [(Error, "serialization")] + [(m, "serialization") for m in extra_models]
    for op in operations:
        if _model(_shape(op.ok)):
            pairs.append((_shape(op.ok), "serialization"))
        pairs += [(_shape(model), "validation") for model in (op.body, op.multipart) if model is not None]
    pairs = list(dict.fromkeys(pairs))
    refs, document = models_json_schema(pairs, ref_template=REF, schema_generator=_Generator)
    return document.get("$defs", {}), refs


def _path_parameters(op: Operation) -> list[dict]:
    params = []
    for match in _CONVERTER.finditer(op.rule):
        name, converter = match["name"], match["converter"]
        if name in op.path_params:
            schema, description = op.path_params[name]
            params.append(_parameter(name, "path", schema, description, True))
        elif name in PATH_PARAMETERS:
            params.append({"$ref": f"#/components/parameters/{name}"})
        else:
            params.append(_parameter(name, "path", {"type": "integer" if converter == "int" else "string"},
                                     name, True))
    return params


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _operation(op: Operation, refs: dict, security: list) -> dict:
    ok = _shape(op.ok)
    if ok is None:
        responses = {"204": {"description": op.ok_description or "Done; no body."}}
    else:
        schema = refs[(ok, "serialization")] if _model(ok) else ok
        description = op.ok_description or ("Created" if op.status == 201 else "OK")
        responses = {str(op.status): {"description": description, "content": _json(schema)}}
    statuses = set(op.errors) | ({403} if security else set())  # any token may be a partner's outside its scopes
    for status in sorted(statuses):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERRORS[status][0]}"}
    document = {"operationId": op.operation_id, "summary": op.summary, "tags": [op.tag], "security": security,
                "responses": responses}
    if op.description:
        document["description"] = op.description
    if op.query:
        document["parameters"] = list(op.query)
    if op.body is not None or op.multipart is not None:
        content = _json(refs[(_shape(op.body), "validation")]) if op.body is not None else {}
        if op.multipart is not None:
            content["multipart/form-data"] = {"schema": refs[(op.multipart, "validation")]}
        document["requestBody"] = {"required": op.body_required, "content": content}
    return document


def build_document(*, info: dict, tags: list[str], security: Callable[[str, str | None], list],
                   security_schemes: dict, extra_models: Iterable = ()) -> dict:
    """The OpenAPI 3.1 document of every registered operation.

    `security(auth, scope)` gives an operation's security requirements from its `auth` ("none",
    "optional", "required") and the partner scope its view is marked with.
    """
    schemas, refs = _schemas(OPERATIONS, extra_models)
    paths: dict[str, dict] = {}
    for op in OPERATIONS:
        item = paths.setdefault(op.path, {})
        parameters = _path_parameters(op)
        if parameters:
            item.setdefault("parameters", parameters)
        item[op.method] = _operation(op, refs, security(op.auth, op.scope))
    responses = {name: {"description": description, "content": _json({"$ref": REF.format(model="Error")})}
                 for name, description in ERRORS.values()}
    return {
        "openapi": "3.1.0",
        "info": info,
        "servers": [{"url": "/"}],
        "tags": [{"name": name} for name in tags],
        "paths": paths,
        "components": {"schemas": schemas, "responses": responses,
                       "parameters": PATH_PARAMETERS | QUERY_PARAMETERS, "securitySchemes": security_schemes},
    }
