"""Partner API clients: OAuth2 client credentials, posting as the organisation, scopes, revocation.

A client acts through a service account holding a poster membership, so it posts
where and what a poster of its organisation may, with the same live events; its
token is limited to its scopes. Refused requests change nothing.
"""
import base64
import hashlib
import re

import pytest
import requests
from sqlalchemy import func, select

from accounts.models import ApiToken, User
from accounts.services import authenticate
from audit.models import AuditEntry
from core.errors import PermissionDenied, ValidationError
from core.extensions import db, socketio
from openapi import build_spec
from partners.api_clients import create_api_client, revoke_api_client
from partners.models import API_SCOPES, ApiClient, Membership
from partners.services import grant_membership
from tests.live import conftest as live
from wijken.models import Comment, Post

# The real gunicorn servers and socket clients of tests/live (fixtures by import).
start_server, listener = live.start_server, live.listener

WARNING = {"kind": "inbraakwaarschuwing", "title": "Inbraken in de Vogelbuurt",
           "body": "Sluit ramen en deuren, ook overdag.", "organisation": "politie"}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def basic(client_id: str, secret: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def token_response(http, client_id: str, secret: str, *, scope: str | None = None, method: str = "basic"):
    data = {"grant_type": "client_credentials"} | ({"scope": scope} if scope else {})
    if method == "basic":
        return http.post("/oauth/token", data=data, headers=basic(client_id, secret))
    return http.post("/oauth/token", data=data | {"client_id": client_id, "client_secret": secret})


def bearer(http, record: ApiClient, secret: str, **kwargs) -> dict:
    response = token_response(http, record.client_id, secret, **kwargs)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json['access_token']}"}


@pytest.fixture
def centrum(make_wijk):
    return make_wijk("centrum")


@pytest.fixture
def noord(make_wijk):
    return make_wijk("noord")


@pytest.fixture
def politie_admin(make_user):
    return make_user("Paula Politie")


@pytest.fixture
def politie(make_org, centrum, noord, politie_admin):
    """The police serve centrum only (noord exists, but is not theirs)."""
    return make_org("politie", "politie", [centrum], [politie_admin], role="admin")


@pytest.fixture
def meldkamer(politie, politie_admin):
    """(client, secret) with every scope."""
    return create_api_client(politie_admin, politie, {"name": "Meldkamer", "scopes": list(API_SCOPES)})


# --- the service --------------------------------------------------------------------

def test_a_client_gets_a_service_account_that_posts_as_poster_and_never_logs_in(politie, meldkamer, politie_admin,
                                                                               client):
    record, secret = meldkamer
    assert len(secret) >= 40
    assert record.secret_hash == hashlib.sha256(secret.encode()).hexdigest() and secret not in record.secret_hash
    assert record.scope == " ".join(API_SCOPES) and record.created_by_id == politie_admin.id

    account = record.user
    assert account.is_service and not account.is_active and account.is_authenticated
    assert account.password_hash is None and account.email_verified_at is not None
    assert account.email == f"client-{record.client_id}@api.invalid"
    assert account.display_name == "Politie · Meldkamer"
    assert [(m.organisation_id, m.role) for m in account.memberships] == [(politie.id, "poster")]

    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "create_api_client")).one()
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.organisation_id) == (
        politie_admin.id, "api_client", record.id, politie.id)
    assert entry.details["client_id"] == record.client_id and secret not in str(entry.details)

    assert authenticate(account.email, secret) is None
    assert client.post("/api/v1/tokens", json={"email": account.email, "password": secret}).status_code == 401


def test_only_the_organisations_admins_manage_its_clients(politie, meldkamer, make_user, make_org, centrum):
    poster, other_admin, site_admin = make_user(), make_user(), make_user(admin=True)
    grant_membership(poster, politie, "poster")
    make_org("casade", "woningcorporatie", [centrum], [other_admin], role="admin")
    record, _secret = meldkamer
    before = (count(ApiClient), count(User), count(AuditEntry))

    for actor in (poster, other_admin):
        with pytest.raises(PermissionDenied):
            create_api_client(actor, politie, {"name": "Stiekem", "scopes": ["posts:write"]})
        with pytest.raises(PermissionDenied):
            revoke_api_client(actor, record)
    assert (count(ApiClient), count(User), count(AuditEntry)) == before
    assert db.session.get(ApiClient, record.id).revoked_at is None

    created, _ = create_api_client(site_admin, politie, {"name": "Beheer", "scopes": ["posts:read"]})
    assert created.scope == "posts:read"


@pytest.mark.parametrize("data, field", [
    ({"name": "", "scopes": ["posts:read"]}, "name"),
    ({"name": "x" * 81, "scopes": ["posts:read"]}, "name"),
    ({"name": "Meldkamer", "scopes": []}, "scopes"),
    ({"name": "Meldkamer", "scopes": ["posts:read", "admin"]}, "scopes"),
    ({"name": "Meldkamer", "scopes": "posts:read"}, None),  # a space-separated string is fine
    ({"name": "Meldkamer", "scopes": [1]}, "scopes"),
    ({"name": "Meldkamer"}, "scopes"),
])
def test_bad_client_input_is_refused_and_creates_nothing(politie, politie_admin, data, field):
    before = (count(ApiClient), count(User), count(Membership))
    if field is None:
        create_api_client(politie_admin, politie, data)
        return
    with pytest.raises(ValidationError) as raised:
        create_api_client(politie_admin, politie, data)
    assert field in raised.value.fields
    assert (count(ApiClient), count(User), count(Membership)) == before


def test_revoking_ends_tokens_and_membership_once(app, client, politie, meldkamer, politie_admin):
    record, secret = meldkamer
    bearer(client, record, secret)
    assert count(ApiToken) == 1

    revoke_api_client(politie_admin, record)
    revoke_api_client(politie_admin, record)  # again: nothing more happens

    record = db.session.get(ApiClient, record.id)
    assert record.revoked_at is not None
    assert count(ApiToken) == 0
    assert db.session.scalar(select(Membership).where(Membership.user_id == record.user_id)) is None
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "revoke_api_client")) == 1


# --- POST /oauth/token ------------------------------------------------------------

@pytest.mark.parametrize("method", ["basic", "post"])
def test_client_credentials_give_a_bearer_token_stored_as_a_hash(client, meldkamer, method):
    record, secret = meldkamer
    response = token_response(client, record.client_id, secret, method=method)
    assert response.status_code == 200, response.text
    body = response.json
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"] == " ".join(API_SCOPES) and "refresh_token" not in body
    assert response.headers["Cache-Control"] == "no-store"

    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_hash == hashlib.sha256(body["access_token"].encode()).hexdigest()
    assert (stored.client_id, stored.user_id, stored.scope) == (record.id, record.user_id, " ".join(API_SCOPES))
    assert db.session.get(ApiClient, record.id).last_used_at is not None


def test_wrong_or_unknown_credentials_are_invalid_client(client, meldkamer):
    record, secret = meldkamer
    cases = [token_response(client, record.client_id, secret + "x"),
             token_response(client, record.client_id, secret + "x", method="post"),
             token_response(client, "wpc-bestaat-niet", secret),
             token_response(client, "wpc-bestaat-niet", secret, method="post"),
             client.post("/oauth/token", data={"grant_type": "client_credentials"}),
             client.post("/oauth/token", data={"grant_type": "client_credentials"},
                         headers={"Authorization": "Basic " + base64.b64encode(b"\xff\xfe:x").decode()}),
             client.post("/oauth/token", data={"grant_type": "client_credentials"},
                         headers={"Authorization": "Basic !!!"})]
    for response in cases:
        assert response.status_code in (400, 401), response.text
        assert response.json["error"] == "invalid_client", response.text
        assert "access_token" not in response.json
    assert cases[0].status_code == 401 and cases[0].headers["WWW-Authenticate"].startswith("Basic")
    assert count(ApiToken) == 0
    assert db.session.get(ApiClient, record.id).last_used_at is None


def test_other_grants_and_bad_requests_get_oauth_errors(client, meldkamer):
    record, secret = meldkamer
    password = client.post("/oauth/token", data={"grant_type": "password", "username": "x", "password": "y"},
                           headers=basic(record.client_id, secret))
    assert (password.status_code, password.json["error"]) == (400, "unsupported_grant_type")
    empty = client.post("/oauth/token", headers=basic(record.client_id, secret))
    assert (empty.status_code, empty.json["error"]) == (400, "unsupported_grant_type")
    too_large = client.post("/oauth/token", data={"grant_type": "client_credentials", "x": "y" * 1_100_000},
                            headers=basic(record.client_id, secret))
    assert too_large.status_code == 413 and too_large.json["error"] == "request_entity_too_large"
    assert count(ApiToken) == 0


def test_scope_is_what_was_asked_for_and_the_client_has(client, politie, politie_admin, meldkamer):
    full, full_secret = meldkamer
    reader, reader_secret = create_api_client(politie_admin, politie, {"name": "Lezer", "scopes": ["posts:read"]})

    def scope_of(record, secret, scope):
        response = token_response(client, record.client_id, secret, scope=scope)
        return response.json.get("scope") if response.status_code == 200 else response.json["error"]

    assert scope_of(full, full_secret, "posts:write") == "posts:write"
    assert scope_of(full, full_secret, "posts:write posts:read") == "posts:read posts:write"
    assert scope_of(reader, reader_secret, None) == "posts:read"
    assert scope_of(reader, reader_secret, "posts:read posts:write") == "posts:read"
    assert scope_of(reader, reader_secret, "posts:write") == "invalid_scope"
    assert scope_of(full, full_secret, "admin") == "invalid_scope"
    assert sorted(t.scope for t in db.session.scalars(select(ApiToken))) == [
        "posts:read", "posts:read", "posts:read posts:write", "posts:write"]


def test_the_token_endpoint_wants_https_except_on_loopback_or_behind_tls(make_app, meldkamer):
    record, secret = meldkamer
    plain = make_app(BASE_URL="http://wijk.example").test_client()
    refused = token_response(plain, record.client_id, secret)  # as if reached as http://localhost: loopback, ok
    assert refused.status_code == 200
    refused = plain.post("/oauth/token", base_url="http://wijk.example", data={"grant_type": "client_credentials"},
                         headers=basic(record.client_id, secret))
    assert (refused.status_code, refused.json["error"]) == (400, "insecure_transport")

    behind_proxy = make_app(BASE_URL="https://wijk.example").test_client()
    allowed = behind_proxy.post("/oauth/token", base_url="http://wijk.example",
                                data={"grant_type": "client_credentials"}, headers=basic(record.client_id, secret))
    assert allowed.status_code == 200, allowed.text


def test_token_requests_are_rate_limited_per_client(make_app, meldkamer):
    record, secret = meldkamer
    client = make_app(RATELIMIT_ENABLED=True).test_client()
    statuses = [token_response(client, record.client_id, "wrong").status_code for _ in range(11)]
    assert statuses == [401] * 10 + [429]
    limited = token_response(client, record.client_id, secret)
    assert limited.status_code == 429 and limited.json["error"] == "too_many_requests"
    assert limited.headers["Retry-After"]
    other = token_response(client, "wpc-iemand-anders", "x")  # another client id from the same address
    assert other.status_code == 401


# --- posting with a client token ----------------------------------------------------

def test_a_client_posts_a_warning_as_its_organisation_in_a_served_wijk(app, client, meldkamer):
    record, secret = meldkamer
    headers = bearer(client, record, secret)
    listening = socketio.test_client(app)
    assert listening.emit("join", {"wijk": "centrum"}, callback=True)["ok"]

    response = client.post("/api/v1/wijken/centrum/posts", json=WARNING, headers=headers)
    assert response.status_code == 201, response.text
    post = response.json
    assert post["organisation"]["slug"] == "politie" and post["kind"] == "inbraakwaarschuwing"
    assert post["author"] == {"id": record.user_id, "display_name": "Politie · Meldkamer"}
    assert post["status"] == "published" and post["expires_at"]

    events = {e["name"]: e["args"][0] for e in listening.get_received()}
    assert events["post_created"] == post and events["alert"]["id"] == post["id"]
    listening.disconnect()

    edited = client.patch(f"/api/v1/posts/{post['id']}", json={"title": "Update: inbraken"}, headers=headers)
    assert edited.status_code == 200 and edited.json["title"] == "Update: inbraken"
    assert client.get(f"/api/v1/posts/{post['id']}", headers=headers).status_code == 200
    assert client.delete(f"/api/v1/posts/{post['id']}", headers=headers).status_code == 204
    assert db.session.get(Post, post["id"]).status == "removed"


@pytest.mark.parametrize("path, data", [
    ("/api/v1/wijken/noord/posts", WARNING),  # a wijk the police do not serve
    ("/api/v1/wijken/centrum/posts", {**WARNING, "organisation": None}),  # as a "resident"
    ("/api/v1/wijken/centrum/posts", {**WARNING, "kind": "bericht", "organisation": None}),
    ("/api/v1/wijken/noord/posts", {**WARNING, "kind": "bericht", "organisation": None}),
])
def test_a_client_cannot_post_outside_its_wijken_or_as_anyone_else(app, client, meldkamer, path, data):
    record, secret = meldkamer
    headers = bearer(client, record, secret)
    listening = socketio.test_client(app)
    listening.emit("join", {"wijk": path.split("/")[4]}, callback=True)

    response = client.post(path, json=data, headers=headers)
    assert response.status_code == 403, response.text
    assert response.json["error"]["code"] == "forbidden" and response.json["error"]["message"]
    assert count(Post) == 0
    assert listening.get_received() == []
    listening.disconnect()


def test_a_client_posts_only_the_kinds_its_organisation_kind_may(client, make_user, make_org, centrum):
    admin = make_user()
    casade = make_org("casade", "woningcorporatie", [centrum], [admin], role="admin")
    record, secret = create_api_client(admin, casade, {"name": "Verhuur", "scopes": ["posts:write"]})
    headers = bearer(client, record, secret)

    refused = client.post("/api/v1/wijken/centrum/posts", json={**WARNING, "organisation": "casade"},
                          headers=headers)
    assert refused.status_code == 403 and count(Post) == 0
    allowed = client.post("/api/v1/wijken/centrum/posts", headers=headers, json={
        "kind": "aankondiging", "title": "Onderhoud galerijen", "body": "Vanaf maandag.", "organisation": "casade"})
    assert allowed.status_code == 201 and allowed.json["organisation"]["slug"] == "casade"
    invalid = client.post("/api/v1/wijken/centrum/posts", headers=headers,
                          json={"kind": "aankondiging", "title": "", "body": "x", "organisation": "casade"})
    assert invalid.status_code == 422 and count(Post) == 1


def test_a_client_token_is_refused_outside_its_scopes(client, meldkamer, politie_admin, politie, make_post,
                                                      centrum):
    record, secret = meldkamer
    headers = bearer(client, record, secret)
    post = make_post(politie_admin, centrum, title="Van de wijkagent")
    before = (count(Comment), count(Post))

    refused = [
        client.post(f"/api/v1/posts/{post.id}/comments", json={"body": "Hallo"}, headers=headers),
        client.put(f"/api/v1/posts/{post.id}/reactions/like", headers=headers),
        client.put(f"/api/v1/posts/{post.id}/rsvp", json={"status": "going"}, headers=headers),
        client.put("/api/v1/wijken/centrum/follow", headers=headers),
        client.post("/api/v1/flags", json={"target": "post", "id": post.id, "reason": "spam"}, headers=headers),
        client.get("/api/v1/moderation/queue", headers=headers),
        client.post("/api/v1/moderation/actions", headers=headers,
                    json={"action": "hide", "target": "post", "id": post.id, "reason": "x"}),
        client.get("/api/v1/me", headers=headers),
        client.get("/api/v1/me/feed", headers=headers),
        client.post("/api/v1/tokens", json={"email": "x@example.test", "password": "y"}, headers=headers),
    ]
    for response in refused:
        assert response.status_code == 403, (response.request.path, response.text)
        assert response.json["error"]["code"] == "insufficient_scope", response.text
    assert (count(Comment), count(Post)) == before

    for path in ("/api/v1/wijken", "/api/v1/wijken/centrum", "/api/v1/wijken/centrum/posts",
                 f"/api/v1/posts/{post.id}", f"/api/v1/posts/{post.id}/comments", "/api/v1/wijken/centrum/events",
                 "/api/v1/openapi.json"):
        assert client.get(path, headers=headers).status_code == 200, path


def test_a_read_only_client_cannot_post_and_a_write_only_one_cannot_read(client, politie, politie_admin):
    reader, reader_secret = create_api_client(politie_admin, politie, {"name": "Lezer", "scopes": ["posts:read"]})
    writer, writer_secret = create_api_client(politie_admin, politie, {"name": "Schrijver",
                                                                       "scopes": ["posts:write"]})
    read_headers, write_headers = bearer(client, reader, reader_secret), bearer(client, writer, writer_secret)

    refused = client.post("/api/v1/wijken/centrum/posts", json=WARNING, headers=read_headers)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "insufficient_scope"
    assert "posts:write" in refused.json["error"]["message"] and count(Post) == 0
    assert client.get("/api/v1/wijken/centrum/posts", headers=read_headers).status_code == 200

    post = client.post("/api/v1/wijken/centrum/posts", json=WARNING, headers=write_headers)
    assert post.status_code == 201
    unread = client.get(f"/api/v1/posts/{post.json['id']}", headers=write_headers)
    assert unread.status_code == 403 and unread.json["error"]["code"] == "insufficient_scope"


def test_after_revocation_old_tokens_are_401_and_new_ones_refused(client, meldkamer, politie_admin):
    record, secret = meldkamer
    headers = bearer(client, record, secret)
    assert client.post("/api/v1/wijken/centrum/posts", json=WARNING, headers=headers).status_code == 201

    revoke_api_client(politie_admin, record)
    old = client.post("/api/v1/wijken/centrum/posts", json=WARNING, headers=headers)
    assert old.status_code == 401 and old.json["error"]["code"] == "unauthorized"
    assert client.get("/api/v1/wijken", headers=headers).status_code == 401
    assert count(Post) == 1

    for method in ("basic", "post"):
        again = token_response(client, record.client_id, secret, method=method)
        assert (again.status_code, again.json["error"]) == (401, "invalid_client")
        assert "revoked" in again.json["error_description"]
    wrong = token_response(client, record.client_id, "geraden")  # without the secret nothing is told
    assert wrong.json["error"] == "invalid_client" and "revoked" not in wrong.json["error_description"]
    assert count(ApiToken) == 0


def test_a_persons_token_is_not_limited_by_scopes(api, make_user, make_post, centrum):
    resident = make_user()
    post = make_post(resident, centrum)
    me = api.as_user(resident)
    assert me.post(f"/api/v1/posts/{post.id}/comments", json={"body": "Hoi"}).status_code == 201
    assert me.get("/api/v1/me").status_code == 200
    assert api.client.get("/api/v1/wijken", headers={"Authorization": "Bearer onzin"}).status_code == 401


# --- the pages ----------------------------------------------------------------------

def test_the_page_lists_clients_and_shows_a_new_secret_once(client, login, politie, politie_admin, meldkamer):
    existing, existing_secret = meldkamer
    login(politie_admin)
    page = client.get("/organisaties/politie/api-clients")
    assert page.status_code == 200
    assert existing.client_id in page.text and "Meldkamer" in page.text and existing_secret not in page.text
    assert 'name="csrf_token"' in page.text and f"/api-clients/{existing.id}/intrekken" in page.text
    members = client.get("/organisaties/politie/leden")
    assert "/organisaties/politie/api-clients" in members.text
    assert existing.user.email not in members.text  # the service account is not listed as a person

    created = client.post("/organisaties/politie/api-clients", data={"name": "Alarmcentrale",
                                                                      "scopes": ["posts:write"]})
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    record = db.session.scalar(select(ApiClient).where(ApiClient.name == "Alarmcentrale"))
    assert record.scope == "posts:write" and record.created_by_id == politie_admin.id
    secret = re.search(r'<code id="client-secret">([^<]+)</code>', created.text).group(1)
    assert record.client_id in created.text and "http://localhost/oauth/token" in created.text
    assert token_response(client, record.client_id, secret).status_code == 200

    again = client.get("/organisaties/politie/api-clients")
    assert record.client_id in again.text and secret not in again.text


def test_bad_form_input_shows_errors_and_creates_nothing(client, login, politie, politie_admin):
    login(politie_admin)
    response = client.post("/organisaties/politie/api-clients", data={"name": "  ", "scopes": ["posts:admin"]})
    assert response.status_code == 422
    assert 'id="scopes-error"' in response.text and 'aria-invalid="true"' in response.text
    assert count(ApiClient) == 0


def test_revoking_in_the_browser(client, login, politie, politie_admin, meldkamer, make_user, make_org, centrum):
    record, secret = meldkamer
    login(politie_admin)
    response = client.post(f"/organisaties/politie/api-clients/{record.id}/intrekken")
    assert response.status_code == 302 and response.location.endswith("/organisaties/politie/api-clients")
    assert db.session.get(ApiClient, record.id).revoked_at is not None
    page = client.get("/organisaties/politie/api-clients")
    assert f"/api-clients/{record.id}/intrekken" not in page.text
    assert client.post(f"/organisaties/politie/api-clients/{record.id}/intrekken").status_code == 302

    other_admin = make_user()
    casade = make_org("casade", "woningcorporatie", [centrum], [other_admin], role="admin")
    theirs, _ = create_api_client(other_admin, casade, {"name": "Hun", "scopes": ["posts:read"]})
    assert client.post(f"/organisaties/politie/api-clients/{theirs.id}/intrekken").status_code == 404
    assert client.post(f"/organisaties/casade/api-clients/{theirs.id}/intrekken").status_code == 403
    assert db.session.get(ApiClient, theirs.id).revoked_at is None


def test_only_organisation_admins_see_the_page(client, login, politie, make_user):
    assert client.get("/organisaties/politie/api-clients").status_code == 302  # to the login page
    poster = make_user()
    grant_membership(poster, politie, "poster")
    login(poster)
    assert client.get("/organisaties/politie/api-clients").status_code == 403
    assert client.post("/organisaties/politie/api-clients", data={"name": "X", "scopes": ["posts:read"]}
                       ).status_code == 403
    assert client.get("/organisaties/bestaat-niet/api-clients").status_code == 404
    assert count(ApiClient) == 0


# --- the demo and the OpenAPI document --------------------------------------------------

def test_the_demo_police_have_a_working_api_client(app, client):
    from demo.seed import API_CLIENT, seed_demo_command

    result = app.test_cli_runner().invoke(seed_demo_command)
    assert result.exit_code == 0, result.output
    assert API_CLIENT["client_id"] in result.output and API_CLIENT["secret"] in result.output
    record = db.session.scalar(select(ApiClient).where(ApiClient.client_id == API_CLIENT["client_id"]))
    assert record.organisation.slug == "politie-waalwijk" and API_CLIENT["secret"] not in record.secret_hash
    again = app.test_cli_runner().invoke(seed_demo_command).output
    assert API_CLIENT["secret"] in again and count(ApiClient) == 1

    headers = bearer(client, record, API_CLIENT["secret"])
    wijk = record.organisation.wijken[0]
    response = client.post(f"/api/v1/wijken/{wijk.slug}/posts", headers=headers,
                           json={**WARNING, "organisation": "politie-waalwijk"})
    assert response.status_code == 201, response.text


def test_the_openapi_document_describes_client_credentials():
    spec = build_spec()
    scheme = spec["components"]["securitySchemes"]["partnerClient"]
    assert scheme["flows"]["clientCredentials"]["tokenUrl"] == "/oauth/token"
    assert set(scheme["flows"]["clientCredentials"]["scopes"]) == set(API_SCOPES)
    create = spec["paths"]["/api/v1/wijken/{slug}/posts"]["post"]
    assert {"partnerClient": ["posts:write"]} in create["security"] and "403" in create["responses"]
    assert "403" in spec["paths"]["/api/v1/me"]["get"]["responses"]


# --- end to end: real server, real socket client -------------------------------------

def test_end_to_end_token_post_live_event_revoke_refused(start_server, listener, meldkamer, politie_admin):
    record, secret = meldkamer
    base = start_server()
    in_wijk = listener(base).connect(wijk="centrum")

    issued = requests.post(f"{base}/oauth/token", data={"grant_type": "client_credentials"},
                           auth=(record.client_id, secret), timeout=5)
    assert issued.status_code == 200, issued.text
    headers = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    created = requests.post(f"{base}/api/v1/wijken/centrum/posts", json=WARNING, headers=headers, timeout=5)
    assert created.status_code == 201, created.text
    assert in_wijk.wait_for("post_created") == [created.json()]
    assert in_wijk.wait_for("alert")[0]["id"] == created.json()["id"]

    revoke_api_client(politie_admin, record)
    refused = requests.post(f"{base}/api/v1/wijken/centrum/posts", json=WARNING, headers=headers, timeout=5)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"
    again = requests.post(f"{base}/oauth/token", data={"grant_type": "client_credentials"},
                          auth=(record.client_id, secret), timeout=5)
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
    assert len(in_wijk.wait_for("post_created", count=2, timeout=1)) == 1
