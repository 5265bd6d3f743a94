"""Registration, login, profile, tokens, CSRF and rate limits."""
import pytest
from sqlalchemy import func, select

from accounts.models import ApiToken, User
from core.extensions import db
from tests.conftest import without_csrf_tokens


def count_users():
    return db.session.scalar(select(func.count()).select_from(User))


def test_register_hashes_the_password_and_asks_to_check_the_mailbox(client, smtp):
    response = client.post("/register", data={"email": "Ans@Example.TEST", "display_name": "Ans",
                                              "password": "lang genoeg wachtwoord"})
    assert response.status_code == 200 and "ans@example.test" in response.text
    user = db.session.scalars(select(User)).one()
    assert user.email == "ans@example.test" and user.password_hash != "lang genoeg wachtwoord"
    assert user.email_verified_at is None and len(smtp.to("ans@example.test")) == 1


@pytest.mark.parametrize("data, field", [
    ({"email": "geen-adres", "display_name": "A", "password": "lang genoeg wachtwoord"}, "email"),
    ({"email": "a@example.test", "display_name": "", "password": "lang genoeg wachtwoord"}, "display_name"),
    ({"email": "a@example.test", "display_name": "A", "password": "kort"}, "password"),
])
def test_register_errors(client, data, field):
    response = client.post("/register", data=data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert count_users() == 0


def test_register_twice_with_other_case_makes_no_second_account_and_tells_the_owner(client, make_user, smtp):
    make_user(email="piet@example.test")
    response = client.post("/register", data={"email": "PIET@example.test", "display_name": "Piet",
                                              "password": "lang genoeg wachtwoord"})
    # The same answer as for a new address: nobody learns which addresses have an account.
    assert response.status_code == 200 and "piet@example.test" in response.text and count_users() == 1
    (mail,) = smtp.to("piet@example.test")
    assert "/wachtwoord-vergeten" in mail.get_body(("plain",)).get_content()


def test_login_logout(client, make_user):
    user = make_user(two_factor_on=False)
    bad = client.post("/login", data={"email": user.email, "password": "fout"})
    assert bad.status_code == 422 and 'id="password-error"' in bad.text
    unknown = client.post("/login", data={"email": "niemand@example.test", "password": "fout"})
    assert unknown.status_code == 422
    same_page = unknown.text.replace("niemand@example.test", user.email)
    assert without_csrf_tokens(same_page) == without_csrf_tokens(bad.text)
    assert client.post("/login", data={"email": user.email, "password": "correct horse battery"}).status_code == 302
    assert client.get("/me").status_code == 200
    client.post("/logout")
    assert client.get("/me").status_code == 302


def test_login_redirects_only_to_local_pages(client, make_user):
    user = make_user(two_factor_on=False)
    data = {"email": user.email, "password": "correct horse battery"}
    response = client.post("/login?next=//evil.example/x", data=data)
    assert response.headers["Location"] == "/"


def test_profile_update_changes_language(client, login, make_user):
    user = make_user()
    login(user)
    client.post("/me", data={"display_name": "Nieuwe Naam", "locale": "en"})
    assert db.session.get(User, user.id).display_name == "Nieuwe Naam"
    assert 'lang="en"' in client.get("/").text
    assert client.post("/me", data={"display_name": "", "locale": "en"}).status_code == 422
    assert db.session.get(User, user.id).display_name == "Nieuwe Naam"


def test_token_and_me(api, client, make_user, make_wijk):
    user = make_user("Tokenhouder", two_factor_on=False)
    make_wijk("centrum")
    response = client.post("/api/v1/tokens", json={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 201 and response.json["expires_at"].endswith("Z")
    token = response.json["token"]
    stored = db.session.scalars(select(ApiToken)).one()
    assert stored.token_hash != token  # only the hash is kept
    headers = {"Authorization": f"Bearer {token}"}
    client.put("/api/v1/wijken/centrum/follow", json={"level": "digest"}, headers=headers)
    me = client.get("/api/v1/me", headers=headers).json
    assert me["display_name"] == "Tokenhouder" and me["follows"] == [{"wijk": "centrum", "level": "digest"}]


@pytest.mark.parametrize("body", [{"email": "x@example.test", "password": "y"}, {"email": 1}, {}])
def test_token_refused(client, make_user, body):
    make_user(email="x@example.test")
    response = client.post("/api/v1/tokens", json=body)
    assert response.status_code == 401 and response.json["error"]["code"] == "invalid_credentials"


def test_api_ignores_the_session_cookie(client, login, make_user, make_wijk):
    """The API acts only on bearer tokens, so a browser session cannot be abused cross-site."""
    make_wijk("centrum")
    login(make_user())
    response = client.post("/api/v1/wijken/centrum/posts", json={"kind": "bericht", "title": "x", "body": "y"})
    assert response.status_code == 401


def test_forms_require_a_csrf_token(make_app, make_user, make_wijk):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    make_wijk("centrum")
    user = make_user(two_factor_on=False)
    refused = client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    assert refused.status_code == 400
    page = client.get("/login").text
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    accepted = client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                           "csrf_token": token})
    assert accepted.status_code == 302
    assert client.post("/w/centrum/follow", data={"action": "follow"}).status_code == 400
    assert client.post("/logout").status_code == 400


def test_login_and_token_attempts_are_rate_limited(make_app, make_user):
    app = make_app(RATELIMIT_ENABLED=True, AUTH_LIMIT_PER_ACCOUNT="5 per minute")
    client = app.test_client()
    statuses = [client.post("/api/v1/tokens", json={"email": "a@example.test", "password": "b"}).status_code
                for _ in range(6)]
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    limited = client.post("/api/v1/tokens", json={"email": "A@example.test ", "password": "b"})
    assert limited.json["error"]["code"] == "too_many_requests" and limited.headers["Retry-After"]
    html = [client.post("/login", data={"email": "a@example.test", "password": "b"}) for _ in range(11)][-1]
    assert html.status_code == 429 and "<html" in html.text


def test_posting_is_rate_limited_per_user(make_app, make_user, make_wijk):
    from accounts.services import issue_token
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    make_wijk("centrum")
    token, _ = issue_token(make_user())
    headers = {"Authorization": f"Bearer {token}"}
    statuses = [client.post("/api/v1/wijken/centrum/posts", headers=headers,
                            json={"kind": "bericht", "title": f"nr {i}", "body": "spam"}).status_code
                for i in range(31)]
    assert statuses.count(201) == 30 and statuses[-1] == 429
