"""Fixtures: one app per test on SQLite and on PostgreSQL, real commits, factories.

Every test that uses `app` runs twice, once per database backend. The schema is
built by the project's own Alembic migrations once per backend and session;
after each test every table is emptied. PostgreSQL tests are skipped with a
reason when the server is unreachable, unless REQUIRE_SERVICES=1.
"""
import atexit
import contextvars
import os
import re
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

import openapi  # noqa: F401  (every area's registries fill in the app's own order, whichever test module is collected first)
from app import create_app
from core.extensions import cache, db, socketio

pytest_plugins = ["tests.mailbox"]  # smtp: the real local SMTP server every test app mails to

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
# Uploaded files (logos, photos) of tests that do not choose a folder themselves: never the real instance/.
UPLOADS = tempfile.mkdtemp(prefix="wijkpagina-test-uploads-")
atexit.register(shutil.rmtree, UPLOADS, ignore_errors=True)

SQUARE = {"type": "Polygon", "coordinates": [[[5.0, 51.0], [5.1, 51.0], [5.1, 51.1], [5.0, 51.1], [5.0, 51.0]]]}


def without_csrf_tokens(html: str) -> str:
    """The page with its CSRF tokens blanked: a signed token carries the second it was made, so two renders of
    the same page differ in it whenever a second boundary falls between them."""
    return re.sub(r'(name="csrf_token"[^>]*value=")[^"]*"', r'\1"', html)


def service_unavailable(reason: str):
    """Skip with a visible reason, or fail when CI demands the real services."""
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


class IsolatedClient(FlaskClient):
    """A test client whose requests get their own app context, `g` and db session.

    Tests hold an app context for their factories and assertions. Flask would
    reuse it for requests made meanwhile, sharing `g` (and so the logged-in
    user) between requests; production never does that. Each request here runs
    in an empty contextvars context, and the test's own session is expired after
    it so assertions read what the request committed.
    """

    def open(self, *args, **kwargs):
        # Buffered, so the response is closed as a real server closes it (its call_on_close hooks run).
        kwargs.setdefault("buffered", True)
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


def base_config(database_url: str, mail_port: int = 25) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast for the many users tests make; scrypt in production
        "RATELIMIT_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "CACHE_TYPE": "SimpleCache",
        "REDIS_URL": None,
        "BASE_URL": "http://localhost",
        "SSO_ALLOW_PRIVATE_HOSTS": True,  # the tests' OpenID provider runs on 127.0.0.1
        "SERVER_NAME": None,
        "UPLOAD_FOLDER": UPLOADS,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": mail_port,
        # Requests deliver only the mail they queued themselves, so query counts of pages stay exact;
        # retries are tested by calling reach.outbox.deliver_due.
        "MAIL_SWEEP_SECONDS": 10**9,
        # Live tallies go out with each write, in its transaction (tests/participation/test_live_tallies.py
        # tests the once-a-second throttle with its own clock).
        "LIVE_TALLY_INTERVAL": 0,
    }


def _migrate(url: str) -> None:
    app = create_app(base_config(url))
    with app.app_context():
        upgrade(directory=MIGRATIONS)
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    _migrate(url)
    return url


@pytest.fixture(scope="session")
def postgresql_url():
    name = f"wp_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # any connection failure means: no PostgreSQL here
        admin.dispose()
        service_unavailable(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {type(exc).__name__}")
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    _migrate(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def redis_url():
    """The Redis database for tests (db 15), or a skip (a failure with REQUIRE_SERVICES=1) without Redis."""
    import redis
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_unavailable(f"Redis is not reachable at {REDIS_TEST_URL}: {type(exc).__name__}")
    return REDIS_TEST_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    return request.getfixturevalue(f"{request.param}_url")


def _empty_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def make_app(database_url, smtp):
    """Build an app on this test's database, mailing to the test SMTP server; extra config merges over the
    test defaults."""
    apps = []

    def factory(**config):
        # Flask-SocketIO keeps the Redis client manager of an earlier app that had REDIS_URL in its
        # options; every test app starts without one unless it asks for it.
        socketio.server_options.pop("client_manager", None)
        app = create_app(base_config(database_url, smtp.port) | config)
        app.test_client_class = IsolatedClient
        apps.append(app)
        return app

    yield factory
    for app in apps:
        with app.app_context():
            db.session.remove()
            cache.clear()
    with apps[0].app_context():
        _empty_tables()
        db.session.remove()
    for app in apps:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


# --- factories ----------------------------------------------------------------

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # every test user's authenticator, unless two_factor=False


def totp_code(user=None, *, secret: str = TOTP_SECRET, step_offset: int = 0) -> str:
    """The code the user's app shows now; `step_offset` gives a neighbouring (still accepted) one."""
    import time

    import pyotp
    return pyotp.TOTP(user.totp_secret if user is not None else secret).at(int(time.time()) + 30 * step_offset)


def unused_totp_code(user) -> str:
    """A code the server has not accepted yet: a code works once, so a second login in the same 30 s
    types the next step's code (still within the accepted drift)."""
    db.session.refresh(user)
    offset = 0 if user.totp_last_step is None else max(0, user.totp_last_step - int(time.time()) // 30 + 1)
    db.session.rollback()  # hold no snapshot or lock while a server writes
    return totp_code(user, step_offset=offset)


@pytest.fixture
def make_user(app):
    """Users with a verified address and two-factor authentication on (as privileged roles require)."""
    from accounts import two_factor
    from accounts.services import create_user

    counter = iter(range(1, 10_000))

    def factory(name: str | None = None, *, email: str | None = None, admin: bool = False,
                verified: bool = True, two_factor_on: bool = True):
        n = next(counter)
        user = create_user({"email": email or f"user{n}@example.test", "display_name": name or f"Bewoner {n}",
                            "password": "correct horse battery"}, is_admin=admin, verified=verified)
        if two_factor_on:
            two_factor.provision(user, TOTP_SECRET)
            db.session.commit()
        return user
    return factory


@pytest.fixture
def make_wijk(app):
    from wijken.models import Wijk
    from wijken.municipalities import municipality_named

    def factory(slug: str = "centrum", name: str | None = None, geometry: dict | None = None):
        wijk = Wijk(slug=slug, name=name or slug.title(), cbs_code=f"WK{abs(hash(slug)) % 10**6:06d}",
                    municipality=municipality_named("Teststad"), geometry=geometry or SQUARE)
        db.session.add(wijk)
        db.session.commit()
        return wijk
    return factory


@pytest.fixture
def make_org(app):
    from partners.services import create_or_update_organisation, grant_membership
    from wijken.roles import serve_wijken

    def factory(slug: str, kind: str, wijken=(), members=(), role: str = "poster"):
        org = create_or_update_organisation({"slug": slug, "name": slug.title(), "kind": kind, "verified": True})
        serve_wijken(org, [w.slug for w in wijken], add=True)
        for user in members:
            grant_membership(user, org, role)
        return org
    return factory


@pytest.fixture
def make_world(make_user, make_wijk, make_org):
    """The setting of most tool tests: a wijk served by the gemeente, its poster (`poster`, `org`) and three
    residents (`anna`, `bram`, `cor`); a test's own fixture adds what else it needs."""
    def factory(slug: str, name: str) -> SimpleNamespace:
        wijk = make_wijk(slug, name)
        poster = make_user("Gemeente Medewerker")
        org = make_org("gemeente", "gemeente", wijken=[wijk], members=[poster])
        return SimpleNamespace(wijk=wijk, poster=poster, org=org,
                               anna=make_user("Anna"), bram=make_user("Bram"), cor=make_user("Cor"))
    return factory


@pytest.fixture
def make_post(app):
    from wijken.services import create_post

    def factory(author, wijk, **data):
        data = {"kind": "bericht", "title": "Een bericht", "body": "Hallo buren!"} | data
        if data.get("organisation") is not None and not isinstance(data["organisation"], str):
            data["organisation"] = data["organisation"].slug
        return create_post(author, wijk, data)
    return factory


class Api:
    """The test client speaking JSON, optionally with a user's bearer token."""

    def __init__(self, client, user=None):
        self.client, self.user = client, user
        self._token = None

    def as_user(self, user):
        return Api(self.client, user)

    @property
    def headers(self):
        if self.user is None:
            return {}
        if self._token is None:
            from accounts.services import issue_token
            self._token, _record = issue_token(self.user)
        return {"Authorization": f"Bearer {self._token}"}

    def __getattr__(self, method):
        if method not in ("get", "post", "put", "patch", "delete"):
            raise AttributeError(method)

        def call(path, json=None, **kwargs):
            return getattr(self.client, method)(path, json=json, headers=self.headers, **kwargs)
        return call


@pytest.fixture
def api(client):
    return Api(client)


def log_in(client, user, password: str = "correct horse battery"):
    """Both login steps through the real forms (the second only when the user has two-factor on)."""
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.text
    if response.location.endswith("/login/code"):
        response = client.post("/login/code", data={"code": unused_totp_code(user)})
        assert response.status_code == 302, response.text
    return client


@pytest.fixture
def login(client):
    """Log a user in through the real login form(s)."""
    def do(user, password: str = "correct horse battery"):
        return log_in(client, user, password)
    return do
