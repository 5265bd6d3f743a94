"""The OpenAPI document is valid and lists exactly the API's routes and methods."""
import re
from datetime import timedelta

from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from core.timeutil import isoformat, utcnow
from openapi import build_spec
from tests.conftest import totp_code

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


def _check(response, status: int, schema_name: str) -> None:
    """The response has this status and a body valid against the document's schema."""
    assert response.status_code == status, (response.status_code, response.get_json())
    spec = build_spec()
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": spec["components"]}
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in OAS31Validator(schema).iter_errors(response.get_json())]
    assert not errors, (response.request.method, response.request.path, errors)


def test_responses_match_the_documented_schemas(api, client, make_user, make_wijk):
    make_wijk("centrum")
    resident = make_user("Resi", email="resi@example.test")
    start = utcnow() + timedelta(days=3)
    event = {"kind": "evenement", "title": "Burendag", "body": "Kom ook!", "location": "Plein",
             "starts_at": isoformat(start), "ends_at": isoformat(start + timedelta(hours=3)), "capacity": 20}
    me = api.as_user(resident)

    _check(client.post("/api/v1/tokens", json={"email": "resi@example.test", "password": "correct horse battery",
                                               "otp": totp_code(resident)}), 201, "Token")
    _check(api.get("/api/v1/wijken"), 200, "WijkList")
    _check(api.get("/api/v1/wijken/centrum"), 200, "WijkDetail")
    _check(api.get("/api/v1/lookup?lat=51.05&lon=5.05"), 200, "Wijk")
    _check(me.put("/api/v1/wijken/centrum/follow", json={"level": "important"}), 200, "Follow")

    created = me.post("/api/v1/wijken/centrum/posts", json=event)
    _check(created, 201, "Post")
    post_id = created.get_json()["id"]
    _check(me.post("/api/v1/wijken/centrum/posts", json={"kind": "bericht", "title": "Hoi", "body": "Buren!"}),
           201, "Post")
    _check(me.patch(f"/api/v1/posts/{post_id}", json={"title": "Burendag 2"}), 200, "Post")
    _check(api.get(f"/api/v1/posts/{post_id}"), 200, "Post")
    _check(api.get("/api/v1/wijken/centrum/posts?limit=1"), 200, "PostPage")
    _check(me.get("/api/v1/me/feed"), 200, "PostPage")

    comment = me.post(f"/api/v1/posts/{post_id}/comments", json={"body": "Ik kom!"})
    _check(comment, 201, "Comment")
    comment_id = comment.get_json()["id"]
    _check(me.post(f"/api/v1/posts/{post_id}/comments", json={"body": "Ik ook", "parent_id": comment_id}),
           201, "Comment")
    _check(me.patch(f"/api/v1/comments/{comment_id}", json={"body": "Ik kom zeker!"}), 200, "Comment")
    _check(api.get(f"/api/v1/posts/{post_id}/comments"), 200, "CommentPage")

    _check(me.put(f"/api/v1/posts/{post_id}/reactions/thanks"), 200, "ReactionResult")
    _check(me.delete(f"/api/v1/posts/{post_id}/reactions/thanks"), 200, "ReactionResult")
    _check(me.put(f"/api/v1/posts/{post_id}/rsvp", json={"status": "going"}), 200, "RsvpResult")
    _check(me.get("/api/v1/me"), 200, "Me")

    assert me.delete(f"/api/v1/comments/{comment_id}").status_code == 204
    _check(api.get("/api/v1/wijken/centrum/events?since=0&limit=5"), 200, "EventPage")
    _check(api.get("/api/v1/wijken/centrum/events"), 200, "EventPage")

    _check(me.post("/api/v1/wijken/centrum/posts", json={"kind": "bericht"}), 422, "Error")
    _check(api.get("/api/v1/wijken/nergens"), 404, "Error")
    _check(api.get("/api/v1/me"), 401, "Error")
    _check(me.post("/api/v1/wijken/centrum/posts", data="nope", content_type="application/json"), 400, "Error")


def test_moderation_responses_match_the_documented_schemas(api, make_user, make_wijk, make_post):
    from wijken.roles import grant_wijk_role

    wijk = make_wijk("centrum")
    coordinator, author, reporter = make_user("Coco"), make_user("Auteur"), make_user("Melder")
    grant_wijk_role(coordinator, wijk, "coordinator")
    post_id = make_post(author, wijk, title="Te koop").id
    mod, writer, resident = api.as_user(coordinator), api.as_user(author), api.as_user(reporter)
    comment_id = writer.post(f"/api/v1/posts/{post_id}/comments", json={"body": "Bel mij"}).get_json()["id"]

    _check(resident.post("/api/v1/flags", json={"target": "post", "id": post_id, "reason": "spam"}), 201, "Flag")
    _check(resident.post("/api/v1/flags", json={"target": "comment", "id": comment_id, "reason": "anders",
                                                "text": "Reclame"}), 201, "Flag")
    _check(resident.post("/api/v1/flags", json={"target": "post", "id": post_id, "reason": "spam"}), 409, "Error")
    _check(resident.post("/api/v1/flags", json={"target": "post", "id": post_id, "reason": "anders"}), 422, "Error")

    _check(mod.patch("/api/v1/wijken/centrum", json={"premoderation": True, "premoderation_posts": 1,
                                                     "flag_threshold": 2, "reason": "Veel spam"}),
           200, "WijkSettings")
    pending = resident.post("/api/v1/wijken/centrum/posts", json={"kind": "bericht", "title": "Hoi", "body": "Ik"})
    _check(pending, 201, "Post")
    assert pending.get_json()["status"] == "pending"

    queue = mod.get("/api/v1/moderation/queue?wijk=centrum")
    _check(queue, 200, "QueuePage")
    assert {(i["target"], i["id"]) for i in queue.get_json()["items"]} == {
        ("post", post_id), ("comment", comment_id), ("post", pending.get_json()["id"])}
    _check(mod.get("/api/v1/moderation/queue"), 200, "QueuePage")

    def act(**data):
        return mod.post("/api/v1/moderation/actions", json={"reason": "Zie huisregels"} | data)

    _check(act(action="hide", target="post", id=post_id), 200, "ModerationResult")
    _check(act(action="restore", target="post", id=post_id), 200, "ModerationResult")
    _check(act(action="pin", target="post", id=post_id), 200, "ModerationResult")
    _check(act(action="dismiss", target="comment", id=comment_id), 200, "ModerationResult")
    _check(act(action="approve", target="post", id=pending.get_json()["id"]), 200, "ModerationResult")
    _check(act(action="mute", target="user", id=author.id, wijk="centrum", until="1w"), 200, "ModerationResult")
    _check(act(action="unmute", target="user", id=author.id, wijk="centrum"), 200, "ModerationResult")
    _check(act(action="purge", target="user", id=reporter.id, wijk="centrum"), 200, "ModerationResult")
    _check(act(action="restore", target="post", id=post_id), 409, "Error")
    _check(act(action="hide", target="post", id=999_999), 404, "Error")
    _check(mod.post("/api/v1/moderation/actions", json={"action": "hide", "target": "post", "id": post_id}),
           422, "Error")
    _check(resident.post("/api/v1/moderation/actions",
                         json={"action": "hide", "target": "post", "id": post_id, "reason": "Weg"}), 403, "Error")
    _check(resident.get("/api/v1/moderation/queue"), 403, "Error")

    log = mod.get("/api/v1/audit?wijk=centrum")
    _check(log, 200, "AuditPage")
    entries = log.get_json()["items"]
    assert [e["action"] for e in entries][:2] == ["purge", "unmute"]
    _check(mod.get(f"/api/v1/audit?wijk=centrum&before={entries[0]['id']}"), 200, "AuditPage")
    _check(mod.get("/api/v1/audit?wijk=centrum&before=x"), 422, "Error")
    _check(resident.get("/api/v1/audit?wijk=centrum"), 403, "Error")

    notes = writer.get("/api/v1/me/notifications")
    _check(notes, 200, "NotificationPage")
    assert notes.get_json()["unread"] > 0
    assert writer.post("/api/v1/me/notifications/read").status_code == 204
    assert writer.get("/api/v1/me/notifications").get_json()["unread"] == 0
