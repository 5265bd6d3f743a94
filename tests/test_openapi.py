"""The OpenAPI document is valid and lists exactly the API's routes and methods."""
import re

from openapi_spec_validator import validate

from openapi import build_spec

API_PREFIX = "/api/v1/"
OPERATIONS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}  # Flask adds these to every rule
_CONVERTER = re.compile(r"<(?:(?P<converter>[^:<>]+):)?(?P<name>[^:<>]+)>")


def _openapi_path(rule: str) -> str:
    """Flask's `/posts/<int:post_id>` as OpenAPI's `/posts/{post_id}`."""
    return _CONVERTER.sub(lambda m: "{" + m["name"] + "}", rule)


def _route_operations(app) -> set[tuple[str, str]]:
    return {(_openapi_path(rule.rule), method.lower())
            for rule in app.url_map.iter_rules() if rule.rule.startswith(API_PREFIX)
            for method in rule.methods - IGNORED_METHODS}


def _spec_operations(spec) -> set[tuple[str, str]]:
    return {(path, method) for path, item in spec["paths"].items() for method in item if method in OPERATIONS}


def _resolve(spec, node):
    while "$ref" in node:
        section, name = node["$ref"].removeprefix("#/components/").split("/")
        node = spec["components"][section][name]
    return node


def _path_parameters(spec, path: str, method: str) -> dict[str, dict]:
    item = spec["paths"][path]
    params = [_resolve(spec, p) for p in item.get("parameters", []) + item[method].get("parameters", [])]
    return {p["name"]: p for p in params if p["in"] == "path"}


def test_document_is_valid_openapi_3_1():
    spec = build_spec()
    assert spec["openapi"] == "3.1.0"
    validate(spec)  # raises with the first problem found


def test_document_is_served_to_anyone(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == build_spec()


def test_every_route_is_documented(app):
    missing = _route_operations(app) - _spec_operations(build_spec())
    assert not missing, f"API routes missing from openapi.py: {sorted(missing)}"


def test_every_documented_operation_exists(app):
    extra = _spec_operations(build_spec()) - _route_operations(app)
    assert not extra, f"openapi.py documents operations the app does not have: {sorted(extra)}"


def test_path_parameters_match_the_routes(app):
    spec = build_spec()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(API_PREFIX):
            continue
        path = _openapi_path(rule.rule)
        converters = {m["name"]: m["converter"] for m in _CONVERTER.finditer(rule.rule)}
        for method in rule.methods - IGNORED_METHODS:
            params = _path_parameters(spec, path, method.lower())
            assert set(params) == set(converters), (path, method)
            for name, converter in converters.items():
                expected = "integer" if converter == "int" else "string"
                assert params[name]["schema"]["type"] == expected, (path, method, name)


def test_status_codes_follow_the_code():
    paths = build_spec()["paths"]
    created = [("/api/v1/tokens", "post"), ("/api/v1/wijken/{slug}/posts", "post"),
               ("/api/v1/posts/{post_id}/comments", "post")]
    for path, method in created:
        assert "201" in paths[path][method]["responses"], (path, method)
    for path, item in paths.items():
        for method, operation in item.items():
            if method == "delete" and "reactions" not in path:
                assert "204" in operation["responses"], (path, method)
                assert "200" not in operation["responses"], (path, method)


def test_error_responses_use_the_error_shape():
    spec = build_spec()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in OPERATIONS:
                continue
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    schema = _resolve(spec, response)["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, status)
