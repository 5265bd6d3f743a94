"""Browser-side protections on every response, and the trusted proxies (core/security.py)."""
import pytest
from werkzeug.routing import BuildError

from core.extensions import limiter

STRICT = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def assert_protected(response, where: str, https: bool = False) -> None:
    for name, value in STRICT.items():
        assert response.headers.get(name) == value, (where, name)
    csp = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'", where
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'", where
    assert "unsafe" not in response.headers["Content-Security-Policy"], where
    assert ("Strict-Transport-Security" in response.headers) is https, where


def _pages(app, post, wijk, user):
    """Every GET route of the app (with the test's wijk, post and user filled in) and some error pages."""
    values = {"slug": wijk.slug, "post_id": post.id, "filename": "style.css", "code": "nl", "user_id": user.id}
    urls = set()
    with app.test_request_context():
        from flask import url_for
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods:
                continue
            try:
                urls.add(url_for(rule.endpoint, **{arg: values.get(arg, 1) for arg in rule.arguments}))
            except (BuildError, ValueError):
                continue
    return sorted(urls) + ["/does-not-exist", "/api/v1/does-not-exist", f"/api/v1/posts/{post.id}"]


def test_every_page_and_api_answer_carries_the_headers(app, client, login, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    user = make_user(admin=True)
    post = make_post(user, wijk)
    urls = _pages(app, post, wijk, user)
    assert len(urls) > 40 and "/" in urls and "/api/v1/wijken" in urls
    login(user)
    for url in urls:
        assert_protected(client.get(url), url)
    assert_protected(client.post("/api/v1/tokens", data="{", content_type="application/json"), "bad json")
    assert_protected(client.post("/logout"), "logout")


def test_https_adds_hsts_and_the_remember_cookie_is_samesite_lax(make_app, make_user):
    app = make_app(BASE_URL="https://wijk.example", REMEMBER_COOKIE_SECURE=False, SESSION_COOKIE_SECURE=False)
    with app.app_context():
        user = make_user(two_factor_on=False)
        client = app.test_client()
        assert_protected(client.get("/"), "/", https=True)
        response = client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                                "remember": "y"})
        assert response.status_code == 302
        remember = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("remember_token=")]
        assert remember and "SameSite=Lax" in remember[0] and "HttpOnly" in remember[0]


@pytest.fixture
def limited(make_app):
    def factory(**config):
        app = make_app(RATELIMIT_ENABLED=True, AUTH_LIMIT_PER_IP="2 per minute",
                       AUTH_LIMIT_PER_ACCOUNT="100 per minute", **config)
        limiter.reset()
        return app
    yield factory
    limiter.reset()


def _attempts(app, forwarded_for: str) -> list[int]:
    client = app.test_client()
    return [client.post("/login", data={"email": f"x{n}@example.test", "password": "nope"},
                        headers={"X-Forwarded-For": forwarded_for},
                        environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code for n in range(3)]


def test_behind_a_trusted_proxy_each_visitor_has_their_own_limit(limited):
    app = limited(TRUSTED_PROXIES=1)
    with app.app_context():
        assert _attempts(app, "203.0.113.7") == [422, 422, 429]
        assert _attempts(app, "203.0.113.8") == [422, 422, 429]  # another visitor behind the same proxy


def test_without_trusted_proxies_a_forwarded_for_header_is_ignored(limited):
    app = limited()
    with app.app_context():
        assert _attempts(app, "203.0.113.7") == [422, 422, 429]
        assert _attempts(app, "203.0.113.8") == [429, 429, 429]  # a visitor cannot choose their address
