"""Rate limits hit and recovered: in memory, and in Redis as production runs them.

The limits come from the configuration exactly as in production (ratelimits.py), with windows long
enough that a slow machine never sees one end by accident; a test ends a window by expiring the counters
as the storage itself would (`window_ends`), so nothing waits for the clock.
"""
import pytest
from limits.storage import MemoryStorage
from sqlalchemy import select

from core.extensions import db, limiter
from tests.conftest import REDIS_TEST_URL
from wijken.models import Wijk


@pytest.fixture(params=["memory", "redis"])
def storage(request):
    if request.param == "memory":
        return "memory://"
    request.getfixturevalue("redis_url")
    return REDIS_TEST_URL


@pytest.fixture
def limited_app(make_app, storage):
    """An app with small limits; the test's counters start at zero (the limiter is one object for all apps)."""
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage,
                   AUTH_LIMIT_PER_IP="6 per 1 minute", AUTH_LIMIT_PER_ACCOUNT="3 per 1 minute",
                   WRITE_LIMIT_PER_USER="3 per 1 minute")
    limiter.reset()
    if storage.startswith("redis"):
        assert limiter.storage.check()  # really counting in Redis
    yield app
    limiter.reset()


def window_ends() -> None:
    """What the end of the window does to every counter: in memory its expiry passes, in Redis its key is gone."""
    storage = limiter.storage
    if isinstance(storage, MemoryStorage):
        for key in list(storage.expirations):
            storage.expirations[key] = 0
    else:
        for key in storage.storage.scan_iter("LIMITS*"):
            storage.storage.delete(key)


def _login(client, email):
    return client.post("/login", data={"email": email, "password": "wrong password"})


def test_login_attempts_per_account_hit_and_recover(limited_app):
    with limited_app.app_context():
        client = limited_app.test_client()
        assert [_login(client, "a@example.test").status_code for _ in range(3)] == [422] * 3
        limited = _login(client, "A@Example.test")  # the same account, however it is written
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
        assert "Te veel pogingen" in limited.text  # a friendly page, not a stack trace
        assert _login(client, "b@example.test").status_code == 422  # another account is not blocked
        window_ends()
        assert _login(client, "a@example.test").status_code == 422


def test_attempts_per_ip_cover_every_account_and_every_way_in(limited_app):
    with limited_app.app_context():
        client = limited_app.test_client()
        statuses = [_login(client, f"user{n}@example.test").status_code for n in range(4)]
        statuses += [client.post("/wachtwoord-vergeten", data={"email": "x@example.test"}).status_code]
        statuses += [client.post("/api/v1/tokens", json={"email": "y@example.test", "password": "p"}).status_code]
        assert statuses == [422, 422, 422, 422, 200, 401]
        refused = client.post("/api/v1/tokens", json={"email": "z@example.test", "password": "p"})
        assert refused.status_code == 429 and refused.headers["Retry-After"]
        assert refused.json["error"]["code"] == "too_many_requests"


def test_writes_per_user_count_pages_and_api_together(make_user, make_wijk, make_post, limited_app):
    """(limited_app comes last: the factories build an app of their own, and the limiter follows the newest.)"""
    with limited_app.app_context():
        make_wijk("centrum")
        writer = make_user(two_factor_on=False)
        post = make_post(make_user(two_factor_on=False), db.session.scalar(select(Wijk)))
        client = limited_app.test_client()
        from tests.conftest import Api, log_in
        log_in(client, writer)
        comment = {"body": "Eens!"}
        assert client.post(f"/w/centrum/p/{post.id}/reageren", data=comment).status_code == 302
        assert client.post(f"/w/centrum/p/{post.id}/reageren", data=comment).status_code == 302
        api = Api(limited_app.test_client(), writer)
        assert api.post(f"/api/v1/posts/{post.id}/comments", json=comment).status_code == 201
        limited = api.put(f"/api/v1/posts/{post.id}/reactions/like")
        assert limited.status_code == 429 and limited.json["error"]["code"] == "too_many_requests"
        assert client.post(f"/w/centrum/p/{post.id}/reageren", data=comment).status_code == 429
        window_ends()
        assert api.put(f"/api/v1/posts/{post.id}/reactions/like").status_code in (200, 201)
