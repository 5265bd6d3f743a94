"""Partner single sign-on against a real OpenID Connect provider (tests/oidc/provider.js, npm oidc-provider).

The Flask app runs in its test client but really talks to the provider over HTTP (discovery, token
endpoint, JWKS, userinfo); `requests` plays the browser at the provider and brings the authorization
response back to the test client's callback URL.
"""
import json
import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
import requests
from sqlalchemy import func, select

from accounts.models import User
from audit.models import AuditEntry
from core.extensions import db
from partners.models import IdentityProvider, Membership, UserIdentity
from tests.conftest import service_unavailable
from tests.helpers import free_port

OIDC_DIR = Path(__file__).resolve().parents[1] / "oidc"
APP_BASE = "http://localhost"  # BASE_URL of the test configuration, and the test client's host
CLIENT_ID, CLIENT_SECRET = "wijkpagina-test", "test-client-secret"
SLUGS = ("gemeente-test", "politie-test")  # organisations whose callback the provider's client allows
ROLE_MAP = {"wijkteam": "poster", "communicatie": "moderator", "beheer": "admin"}


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """These tests read the pages' messages in English, the second language (tests/test_translations.py
    checks that every one of them has its Dutch translation)."""
    monkeypatch.setattr("core.i18n.choose_locale", lambda user_locale: "en")


@pytest.fixture(scope="session")
def issuer(tmp_path_factory):
    """Start the provider on a free loopback port for the whole session; its issuer URL."""
    node = shutil.which("node")
    if node is None:
        service_unavailable("node is not installed: the OpenID Connect provider of the SSO tests cannot run")
    if not (OIDC_DIR / "node_modules" / "oidc-provider").is_dir():
        service_unavailable("tests/oidc/node_modules is missing: run `npm ci --prefix tests/oidc`")
    port = free_port()
    clients = [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "redirect_uris": [f"{APP_BASE}/login/sso/{slug}/callback" for slug in SLUGS]}]
    log_path = tmp_path_factory.mktemp("oidc") / "provider.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([node, str(OIDC_DIR / "provider.js")], stdout=log, stderr=subprocess.STDOUT,
                                   env=os.environ | {"PORT": str(port), "OIDC_CLIENTS": json.dumps(clients)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(url + "/.well-known/openid-configuration", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the OpenID Connect provider did not start:\n{log_path.read_text()}")
        time.sleep(0.1)
    yield url
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()


def account(issuer, **claims) -> str:
    """A new account at the provider (a fresh login id, so tests never share one); returns its id."""
    login_id = f"u{uuid.uuid4().hex[:12]}"
    set_account(issuer, login_id, **claims)
    return login_id


def set_account(issuer, login_id, *, email, email_verified=True, name="Medewerker", groups=()):
    """Create or change an account at the provider, e.g. take someone out of a group."""
    response = requests.put(f"{issuer}/_test/accounts/{login_id}", timeout=5, data=json.dumps(
        {"email": email, "email_verified": email_verified, "name": name, "groups": list(groups)}))
    assert response.status_code == 204


def at_provider(url: str, login_id: str, *, cancel: bool = False) -> str:
    """Play the browser at the provider from the authorization URL; returns the callback URL it sends us to."""
    browser = requests.Session()
    response = browser.get(url, allow_redirects=False, timeout=10)
    for _ in range(10):
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(APP_BASE + "/"):
                return url
            response = browser.get(url, allow_redirects=False, timeout=10)
        elif cancel:
            response = browser.get(url.rstrip("/") + "/abort", allow_redirects=False, timeout=10)
        else:
            assert response.status_code == 200, response.text
            action = re.search(r'action="([^"]+)"', response.text).group(1)
            response = browser.post(urljoin(url, action), data={"login": login_id}, allow_redirects=False,
                                    timeout=10)
    raise AssertionError(f"the provider never sent the browser back: {response.status_code} {response.text}")


def start(client, slug: str = "gemeente-test", **params):
    response = client.get(f"/login/sso/{slug}" + (f"?{urlencode(params)}" if params else ""))
    assert response.status_code == 302, response.text
    return response.location


def local(url: str) -> str:
    """The path and query of a callback URL, for the test client."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def sso_login(client, issuer, login_id, slug: str = "gemeente-test", **params):
    """The whole round trip; returns the app's answer to the callback."""
    authorize = start(client, slug, **params)
    assert authorize.startswith(issuer + "/auth?")
    return client.get(local(at_provider(authorize, login_id)))


def refused(response, client, message: str):
    assert response.status_code == 302 and response.location == "/login"
    page = client.get("/login").text
    assert message in page, page
    assert client.get("/me").status_code == 302  # not logged in


def configure(org, issuer, **settings) -> IdentityProvider:
    values = {"issuer": issuer, "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
              "email_domain": "gemeente.test", "groups_claim": "groups", "role_map": ROLE_MAP,
              "default_role": None, "enabled": True} | settings
    provider = IdentityProvider(organisation=org, **values)
    db.session.add(provider)
    db.session.commit()
    return provider


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def membership(user) -> Membership | None:
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id))


@pytest.fixture
def gemeente(make_org, issuer):
    org = make_org("gemeente-test", "gemeente")
    configure(org, issuer)
    return org


# --- logging in -----------------------------------------------------------------------

def test_first_login_creates_a_linked_account_with_the_mapped_role(client, issuer, gemeente):
    login_id = account(issuer, email="Ans.Ambtenaar@Gemeente.test", name="Ans Ambtenaar", groups=["wijkteam"])
    response = sso_login(client, issuer, login_id, next="/me")
    assert response.status_code == 302 and response.location == "/me"
    user = db.session.scalars(select(User)).one()
    assert user.email == "ans.ambtenaar@gemeente.test" and user.display_name == "Ans Ambtenaar"
    assert user.password_hash is None and user.email_verified_at is not None
    identity = db.session.scalars(select(UserIdentity)).one()
    assert (identity.user_id, identity.subject) == (user.id, login_id) and identity.last_login_at is not None
    member = membership(user)
    assert (member.organisation_id, member.role, member.source) == (gemeente.id, "poster", "sso")
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.actor_id, entry.action, entry.target_id, entry.organisation_id, entry.reason) == (
        None, "grant_role", user.id, gemeente.id, "via single sign-on")
    assert "Ans Ambtenaar" in client.get("/me").text
    # The next login finds the same account through the identity.
    other = client.application.test_client()
    assert sso_login(other, issuer, login_id).status_code == 302
    assert count(User) == 1 and count(UserIdentity) == 1 and count(AuditEntry) == 1


def test_groups_map_to_roles_and_the_highest_wins(app, client, issuer, gemeente):
    login_id = account(issuer, email="piet@gemeente.test", groups=["wijkteam", "communicatie", "voetbal"])
    assert sso_login(client, issuer, login_id).location == "/"
    user = db.session.scalars(select(User)).one()
    assert membership(user).role == "moderator"
    set_account(issuer, login_id, email="piet@gemeente.test", groups=["wijkteam"])
    assert sso_login(app.test_client(), issuer, login_id).location == "/"
    assert membership(user).role == "poster"
    change = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert change.details == {"role": "poster", "previous": "moderator"} and change.actor_id is None


def test_the_role_is_removed_at_the_next_login_when_the_group_is_gone(app, client, issuer, gemeente):
    login_id = account(issuer, email="kees@gemeente.test", groups=["communicatie"])
    sso_login(client, issuer, login_id)
    user = db.session.scalars(select(User)).one()
    assert membership(user).role == "moderator"
    set_account(issuer, login_id, email="kees@gemeente.test", groups=[])
    other = app.test_client()
    refused(sso_login(other, issuer, login_id), other, "no longer gives you a role")
    assert membership(user) is None
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert (entry.action, entry.actor_id, entry.reason, entry.details) == (
        "revoke_role", None, "via single sign-on", {"role": "moderator"})
    assert count(UserIdentity) == 1  # still linked: a later group membership brings the role back
    set_account(issuer, login_id, email="kees@gemeente.test", groups=["beheer"])
    assert sso_login(app.test_client(), issuer, login_id).location == "/"
    assert membership(user).role == "admin"


def test_default_role_for_the_email_domain(make_org, client, issuer):
    org = make_org("gemeente-test", "gemeente")
    configure(org, issuer, groups_claim=None, role_map={}, default_role="poster")
    login_id = account(issuer, email="sanne@gemeente.test", groups=[])
    assert sso_login(client, issuer, login_id).location == "/"
    assert membership(db.session.scalars(select(User)).one()).role == "poster"


def test_an_existing_account_is_linked_by_verified_address_in_the_domain(client, issuer, gemeente, make_user):
    resident = make_user("Bob", email="bob@gemeente.test", two_factor_on=False)
    login_id = account(issuer, email="bob@gemeente.test", name="Bob B.", groups=["communicatie"])
    assert sso_login(client, issuer, login_id).location == "/"
    assert count(User) == 1
    assert db.session.scalars(select(UserIdentity)).one().user_id == resident.id
    assert membership(resident).role == "moderator"
    assert db.session.get(User, resident.id).display_name == "Bob"  # their own name stays
    password = client.application.test_client().post("/login", data={"email": "bob@gemeente.test",
                                                                      "password": "correct horse battery"})
    assert password.status_code == 302  # residents (and linked staff) keep their password


def test_a_user_with_two_factor_goes_to_the_second_step(client, issuer, gemeente, make_user):
    user = make_user(email="tfa@gemeente.test")
    login_id = account(issuer, email="tfa@gemeente.test", groups=["wijkteam"])
    response = sso_login(client, issuer, login_id)
    assert response.location.endswith("/login/code")
    assert client.get("/me").status_code == 302  # not logged in before the code
    assert membership(user).role == "poster"


def test_an_unverified_address_is_neither_linked_nor_let_in(client, issuer, gemeente, make_user):
    make_user(email="mallory@gemeente.test")
    login_id = account(issuer, email="mallory@gemeente.test", email_verified=False, groups=["beheer"])
    refused(sso_login(client, issuer, login_id), client, "Only verified e-mail addresses ending in @gemeente.test")
    assert count(UserIdentity) == 0 and count(Membership) == 0


def test_without_an_email_domain_an_existing_account_is_not_taken_over(make_org, client, issuer, make_user):
    configure(make_org("gemeente-test", "gemeente"), issuer, email_domain=None)
    make_user(email="lies@gemeente.test")
    login_id = account(issuer, email="lies@gemeente.test", groups=["beheer"])
    refused(sso_login(client, issuer, login_id), client, "Log in with your password")
    assert count(User) == 1 and count(UserIdentity) == 0 and count(Membership) == 0


def test_a_manual_membership_is_left_alone(client, issuer, gemeente, make_user):
    from partners.services import grant_membership
    user = make_user(email="hand@gemeente.test", two_factor_on=False)
    grant_membership(user, gemeente, "admin")
    login_id = account(issuer, email="hand@gemeente.test", groups=["wijkteam"])
    assert sso_login(client, issuer, login_id).location == "/"
    member = membership(user)
    assert (member.role, member.source) == ("admin", "manual")


# --- refusals ---------------------------------------------------------------------------

def test_an_address_outside_the_domain_is_refused(client, issuer, gemeente):
    refused(sso_login(client, issuer, "eve"), client, "Only verified e-mail addresses ending in @gemeente.test")
    assert count(User) == 0 and count(UserIdentity) == 0 and count(Membership) == 0


def test_no_mapped_role_is_refused(client, issuer, gemeente):
    login_id = account(issuer, email="gast@gemeente.test", groups=["voetbal"])
    refused(sso_login(client, issuer, login_id), client, "gives you no role on Wijkpagina")
    assert count(User) == 0 and count(UserIdentity) == 0 and count(AuditEntry) == 0


def test_a_tampered_state_is_refused_and_an_answer_works_once(app, client, issuer, gemeente):
    login_id = account(issuer, email="alex@gemeente.test", groups=["wijkteam"])
    callback = at_provider(start(client), login_id)
    query = parse_qs(urlsplit(callback).query)
    assert query["iss"] == [issuer] and "code" in query
    tampered = local(callback).replace(f"state={query['state'][0]}", "state=" + "x" * 20)
    refused(client.get(tampered), client, "does not belong to a login started in this browser")
    assert count(User) == 0
    # The untouched answer works, once: even a copy of the session cookie from before cannot use it again,
    # as the provider redeems a code only once.
    replay = app.test_client()
    with client.session_transaction() as original, replay.session_transaction() as copy:
        copy.update(original)
    assert client.get(local(callback)).location == "/"
    refused(replay.get(local(callback)), replay, "gave an answer that could not be checked")
    assert count(UserIdentity) == 1


def test_a_wrong_nonce_is_refused(app, client, issuer, gemeente, caplog):
    """Replay browser A's authorization response into browser B's session, whose nonce is B's own.

    State, PKCE verifier and redirect URI all match, the code is valid and unused: only the nonce inside
    the signed ID token (A's) differs from the one B's session expects, and that alone refuses it."""
    login_id = account(issuer, email="nina@gemeente.test", groups=["wijkteam"])
    browser_b = app.test_client()
    start(browser_b)
    callback = at_provider(start(client), login_id)
    state = parse_qs(urlsplit(callback).query)["state"][0]
    with client.session_transaction() as session_a, browser_b.session_transaction() as session_b:
        key_a = next(k for k in session_a if k.endswith("_" + state))
        nonce_b = next(v for k, v in session_b.items() if k.startswith("_state_"))["data"]["nonce"]
        entry = session_a[key_a]
        assert entry["data"]["nonce"] != nonce_b
        session_b[key_a] = entry | {"data": entry["data"] | {"nonce": nonce_b}}
    with caplog.at_level("WARNING"):
        response = browser_b.get(local(callback))
    refused(response, browser_b, "could not be reached or gave an answer that could not be checked")
    assert "nonce" in caplog.text
    assert count(User) == 0 and count(UserIdentity) == 0


def test_a_disabled_provider_is_refused(client, issuer, gemeente):
    provider = db.session.scalars(select(IdentityProvider)).one()
    login_id = account(issuer, email="dirk@gemeente.test", groups=["wijkteam"])
    callback = at_provider(start(client), login_id)
    provider.enabled = False
    db.session.commit()
    refused(client.get(local(callback)), client, "Single sign-on is not available for this organisation.")
    assert count(User) == 0
    response = client.get("/login/sso/gemeente-test")
    assert response.location == "/login"
    assert "Log in via" not in client.get("/login").text


def test_an_error_at_the_provider_is_refused(client, issuer, gemeente):
    callback = at_provider(start(client), "alice", cancel=True)
    assert "error=access_denied" in callback
    refused(client.get(local(callback)), client, "did not log you in")
    assert count(User) == 0


def test_an_unknown_organisation_or_issuer_mismatch_is_refused(make_org, client, issuer):
    assert client.get("/login/sso/niet-bestaand").location == "/login"
    org = make_org("politie-test", "politie")
    configure(org, issuer.replace("127.0.0.1", "localhost"))  # the provider calls itself otherwise
    refused(client.get("/login/sso/politie-test"), client, "is not set up correctly")


def test_the_login_page_offers_each_enabled_provider(client, issuer, gemeente, make_org):
    configure(make_org("politie-test", "politie"), issuer, enabled=False)
    page = client.get("/login?next=/w/centrum").text
    assert "Log in via Gemeente-Test" in page and "Politie-Test" not in page
    assert 'href="/login/sso/gemeente-test?next=/w/centrum"' in page


# --- the site admin's settings page --------------------------------------------------------

GOOD = {"issuer": "https://login.gemeente.test/realms/staff", "client_id": "wijkpagina",
        "client_secret": "geheim-123", "email_domain": "@Gemeente.test", "groups_claim": "groups",
        "role_map": "wijkteam=poster\ncn=beheer,ou=groepen=admin\n\n", "default_role": "", "enabled": "y"}


def test_admin_saves_settings_and_the_secret_is_never_shown(client, login, make_user, make_org):
    org = make_org("gemeente-test", "gemeente")
    login(make_user(admin=True))
    page = client.get("/beheer/organisaties/gemeente-test/sso")
    assert page.status_code == 200 and "http://localhost/login/sso/gemeente-test/callback" in page.text
    response = client.post("/beheer/organisaties/gemeente-test/sso", data=GOOD)
    assert response.status_code == 302, response.text
    provider = db.session.scalars(select(IdentityProvider)).one()
    assert (provider.organisation_id, provider.email_domain, provider.client_secret) == (
        org.id, "gemeente.test", "geheim-123")
    assert provider.role_map == {"wijkteam": "poster", "cn=beheer,ou=groepen": "admin"} and provider.enabled
    page = client.get("/beheer/organisaties/gemeente-test/sso").text
    assert "geheim-123" not in page and "https://login.gemeente.test/realms/staff" in page
    assert "cn=beheer,ou=groepen=admin" in page
    # Left empty, the secret is kept; the rest changes.
    assert client.post("/beheer/organisaties/gemeente-test/sso",
                       data=GOOD | {"client_secret": "", "enabled": ""}).status_code == 302
    db.session.refresh(provider)
    assert provider.client_secret == "geheim-123" and not provider.enabled
    assert "geheim-123" not in client.post("/beheer/organisaties/gemeente-test/sso",
                                           data=GOOD | {"client_id": ""}).text


@pytest.mark.parametrize("changes, field", [
    ({"issuer": "ftp://login.gemeente.test"}, "issuer"),
    ({"issuer": "http://login.gemeente.test"}, "issuer"),  # plain http only for localhost
    ({"issuer": "https://login.gemeente.test/?x=1"}, "issuer"),
    ({"client_id": ""}, "client_id"),
    ({"client_secret": ""}, "client_secret"),  # required the first time
    ({"email_domain": "geen domein"}, "email_domain"),
    ({"role_map": "wijkteam=chef"}, "role_map"),
    ({"role_map": "wijkteam"}, "role_map"),
    ({"role_map": "a=poster\na=admin"}, "role_map"),
    ({"role_map": ""}, "role_map"),  # a groups claim needs a map
    ({"groups_claim": ""}, "groups_claim"),  # a map needs a groups claim
    ({"default_role": "baas"}, "default_role"),
    ({"default_role": "poster", "email_domain": ""}, "email_domain"),
    ({"role_map": "", "groups_claim": "", "default_role": ""}, "default_role"),  # nobody would get in
])
def test_admin_form_validation(client, login, make_user, make_org, changes, field):
    make_org("gemeente-test", "gemeente")
    login(make_user(admin=True))
    response = client.post("/beheer/organisaties/gemeente-test/sso", data=GOOD | changes)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text, response.text
    assert count(IdentityProvider) == 0 and "geheim-123" not in response.text


def test_only_site_admins_configure_sso(client, login, make_user, make_org):
    org_admin = make_user()
    make_org("gemeente-test", "gemeente", members=[org_admin], role="admin")
    login(org_admin)
    assert client.get("/beheer/organisaties/gemeente-test/sso").status_code == 403
    assert client.post("/beheer/organisaties/gemeente-test/sso", data=GOOD).status_code == 403
    assert count(IdentityProvider) == 0


# --- no requests to this machine or the private network (SSRF) ------------------------------

@pytest.fixture
def internet_only(app):
    """The app as deployed: SSO_ALLOW_PRIVATE_HOSTS off (the other tests' provider runs on 127.0.0.1)."""
    app.config["SSO_ALLOW_PRIVATE_HOSTS"] = False
    return app


SETTINGS = {"issuer": "https://8.8.8.8/realms/staff", "client_id": "wijkpagina", "client_secret": "geheim-123",
            "email_domain": "gemeente.nl", "groups_claim": "groups", "role_map": "wijkteam=poster",
            "enabled": True}


@pytest.mark.parametrize("issuer", [
    "https://127.0.0.1:8443", "https://10.1.2.3/realms/x", "https://192.168.1.1", "https://169.254.169.254",
    "https://[::1]:8443", "https://[fd00::1]", "https://[::ffff:127.0.0.1]", "https://100.64.0.1",
    "https://localhost", "https://intranet", "https://idp.internal", "https://keycloak.local",
    "http://127.0.0.1:8080",
])
def test_an_issuer_on_this_machine_or_a_private_network_is_refused(internet_only, make_user, make_org, issuer):
    from core.errors import ValidationError
    from partners.sso import save_identity_provider
    org = make_org("gemeente-test", "gemeente")
    with pytest.raises(ValidationError) as refused_:
        save_identity_provider(make_user(admin=True), org, SETTINGS | {"issuer": issuer})
    assert "issuer" in refused_.value.fields and count(IdentityProvider) == 0


def test_an_issuer_on_the_internet_is_accepted(internet_only, make_user, make_org):
    from partners.sso import save_identity_provider
    org = make_org("gemeente-test", "gemeente")
    save_identity_provider(make_user(admin=True), org, SETTINGS)
    assert count(IdentityProvider) == 1


def test_a_stored_provider_on_this_machine_is_never_called(internet_only, client, issuer, make_org, caplog):
    """Configured before the rule (or by hand): the login refuses without sending anything there."""
    configure(make_org("gemeente-test", "gemeente"), issuer)
    refused(client.get("/login/sso/gemeente-test"), client, "could not be reached")
    assert "NotPublic" in caplog.text


def test_endpoints_of_the_discovery_document_must_be_public(internet_only, make_org):
    from partners import sso
    provider = configure(make_org("gemeente-test", "gemeente"), "https://8.8.8.8")
    public = {"authorization_endpoint": "https://8.8.8.8/auth", "token_endpoint": "https://8.8.8.8/token",
              "jwks_uri": "https://8.8.4.4/jwks", "userinfo_endpoint": "https://8.8.8.8/me"}
    assert sso._endpoints_allowed(provider, public)
    for name, url in (("token_endpoint", "http://169.254.169.254/latest/meta-data"),
                      ("jwks_uri", "http://127.0.0.1:6379/"), ("userinfo_endpoint", "https://db.internal/"),
                      ("authorization_endpoint", "javascript:alert(1)")):
        assert not sso._endpoints_allowed(provider, public | {name: url}), name


def test_the_guarded_transport_refuses_private_addresses_and_redirects_there(issuer, monkeypatch):
    import requests

    from core.outbound import NotPublic, check_public_url, guard
    with pytest.raises(NotPublic):
        guard(requests.Session()).get(issuer + "/.well-known/openid-configuration", timeout=5)
    # A public address that redirects to a private one: the redirect is refused before it is followed.
    from requests.adapters import HTTPAdapter

    from core.outbound import PublicOnlyAdapter
    followed = []

    class Redirects(HTTPAdapter):
        def send(self, request, *args, **kwargs):
            followed.append(request.url)
            response = requests.Response()
            response.status_code, response.url, response.request = 302, request.url, request
            response.headers["Location"] = "http://169.254.169.254/latest/meta-data/"
            response._content = b""
            return response

    class Guarded(PublicOnlyAdapter, Redirects):
        pass

    session = requests.Session()
    session.mount("http://", Guarded())
    session.mount("https://", Guarded())
    with pytest.raises(NotPublic):
        session.get("https://8.8.8.8/.well-known/openid-configuration", timeout=5)
    assert followed == ["https://8.8.8.8/.well-known/openid-configuration"]
    # A public name that resolves to a private address is refused as well.
    monkeypatch.setattr("socket.getaddrinfo", lambda *a, **k: [(2, 1, 6, "", ("10.0.0.7", 443))])
    with pytest.raises(NotPublic):
        check_public_url("https://idp.gemeente.nl/")
