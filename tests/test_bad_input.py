"""Bad input is a 400 or 422 (or a 404) in the contract's error shape, never a 500, on SQLite and PostgreSQL:
JSON nested thousands deep, numbers beyond every id, non-scalar values, NUL bytes and lone surrogates in
URLs."""
import pytest

from tests.conftest import Api

BIG = 2**31
HUGE = 2**70
DEEP = "[" * 5000 + "]" * 5000
DEEP_OBJECT = '{"a":' * 5000 + "1" + "}" * 5000


@pytest.fixture
def world(app, make_user, make_wijk, make_post):
    from wijken.roles import grant_wijk_role
    wijk = make_wijk("centrum")
    admin = make_user("Beheerder", admin=True)
    resident = make_user("Bewoner")
    grant_wijk_role(admin, wijk, "coordinator")
    post = make_post(resident, wijk)
    return {"wijk": wijk, "admin": admin, "resident": resident, "post": post}


def assert_refused(response, where):
    assert 400 <= response.status_code < 500, (where, response.status_code, response.get_data(as_text=True)[:300])
    if response.is_json:
        error = response.json["error"]
        assert error["code"] and error["message"], where


def test_json_nested_thousands_deep_is_a_400(client, world):
    api = Api(client, world["resident"])
    post = world["post"]
    for path, method in (("/api/v1/tokens", "post"), ("/api/v1/wijken/centrum/posts", "post"),
                         (f"/api/v1/posts/{post.id}", "patch"), ("/api/v1/flags", "post"),
                         ("/api/v1/me/notifications/read", "post")):
        for body in (DEEP, DEEP_OBJECT):
            headers = {"Content-Type": "application/json"}
            response = getattr(client, method)(path, data=body, headers=api.headers | headers)
            assert response.status_code == 400, (path, response.status_code)
            assert response.json["error"]["code"] == "malformed"
    # The second login step reads JSON too.
    assert_refused_or_ok(client.post("/login/code", data=DEEP, content_type="application/json"), "/login/code")


def test_a_list_as_mute_until_is_a_422_for_a_coordinator_and_a_403_for_others(client, world):
    for until in ([], {}, ["1d"], {"a": 1}, 5):
        body = {"action": "mute", "target": "user", "id": world["resident"].id, "wijk": "centrum",
                "reason": "rust", "until": until}
        refused = Api(client, world["resident"]).post("/api/v1/moderation/actions", json=body)
        assert refused.status_code == 403, until
        invalid = Api(client, world["admin"]).post("/api/v1/moderation/actions", json=body)
        assert invalid.status_code == 422 and "until" in invalid.json["error"]["fields"], until


@pytest.mark.parametrize("number", [BIG, HUGE, -BIG])
def test_numbers_beyond_every_id_are_refused_or_find_nothing(client, world, number):
    admin, resident = Api(client, world["admin"]), Api(client, world["resident"])
    post = world["post"]
    for path in (f"/api/v1/wijken/centrum/events?since={number}", f"/api/v1/audit?before={number}",
                 f"/api/v1/audit?wijk=centrum&before={number}", f"/api/v1/me/notifications?before={number}",
                 f"/api/v1/moderation/queue?before={number}", f"/api/v1/wijken/centrum/posts?limit={number}",
                 f"/api/v1/posts/{post.id}/comments?limit={number}", f"/moderatie/logboek?before={number}",
                 f"/notificaties?before={number}", f"/moderatie?before={number}"):
        assert_refused_or_ok(admin.get(path), path)
    for body in ({"target": "post", "id": number, "reason": "spam"},
                 {"target": "comment", "id": number, "reason": "spam"}):
        assert_refused(resident.post("/api/v1/flags", json=body), body)
    for target in ("post", "comment", "user"):
        body = {"action": "hide" if target != "user" else "mute", "target": target, "id": number,
                "wijk": "centrum", "reason": "x"}
        assert_refused(admin.post("/api/v1/moderation/actions", json=body), body)
    assert_refused(resident.post(f"/api/v1/posts/{post.id}/comments", json={"body": "x", "parent_id": number}),
                   "parent_id")
    assert_refused_or_ok(resident.post("/api/v1/me/notifications/read", json={"ids": [number]}), "read ids")
    from tests.conftest import log_in
    log_in(client, world["admin"])
    assert_refused_or_ok(client.post("/beheer/mail", data={"action": "retry", "id": str(number)}), "retry")
    assert_refused_or_ok(client.post("/notificaties/gelezen", data={"id": str(number)}), "read form")


def assert_refused_or_ok(response, where):
    assert response.status_code < 500, (where, response.status_code, response.get_data(as_text=True)[:300])


@pytest.mark.parametrize("bad", ["%00", "a%00b", "%0A", "%ED%A0%80", "%F0%9F"])
def test_nul_bytes_and_lone_surrogates_in_urls_are_refused(client, world, bad):
    """In a path segment the URL converter refuses them (404 before any view, even one that needs a login);
    in a query argument they find nothing."""
    admin = Api(client, world["admin"])
    post = world["post"]
    refused_by_converter = bad in ("%00", "a%00b", "%0A")
    for path in (f"/w/{bad}", f"/w/{bad}/feed.xml", f"/w/{bad}/agenda.ics", f"/w/{bad}/p/{post.id}",
                 f"/api/v1/wijken/{bad}", f"/api/v1/wijken/{bad}/posts", f"/api/v1/wijken/{bad}/events",
                 f"/organisaties/{bad}/logo", f"/organisaties/{bad}/leden", f"/taal/{bad}", f"/wachtwoord/{bad}",
                 f"/email/bevestigen/{bad}", f"/uitnodiging/{bad}", f"/beheer/organisaties/{bad}"):
        response = admin.get(path)
        assert_refused_or_ok(response, path)
        if refused_by_converter:
            assert response.status_code == 404, path
    for path in (f"/api/v1/audit?wijk={bad}", f"/api/v1/moderation/queue?wijk={bad}", f"/?q={bad}",
                 f"/login?next={bad}", f"/api/v1/lookup?lat={bad}&lon=5", f"/api/v1/wijken/centrum/posts?kind={bad}",
                 f"/api/v1/wijken/centrum/posts?before={bad}"):
        assert_refused_or_ok(admin.get(path), path)
    assert_refused(admin.put(f"/api/v1/wijken/{bad}/follow", json={}), "follow")


def test_the_url_converter_refuses_lone_surrogates(app):
    """A WSGI server decodes paths with replacement characters, so no request brings a lone surrogate; the
    converter refuses one all the same (a test client or another server might)."""
    from werkzeug.exceptions import NotFound
    urls = app.url_map.bind("localhost")
    assert urls.match("/w/centrum")[0] == "wijken.wijk"
    for path in ("/w/\udc80", "/w/a\ud800b", "/w/a\x00b", "/api/v1/wijken/\udfff/posts"):
        with pytest.raises(NotFound):
            urls.match(path)
