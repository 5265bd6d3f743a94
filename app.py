"""Application factory: `flask --app app ...` and `create_app(config)` in tests.

The factory sets up the infrastructure (`core`) and then lists the areas, lowest layer first; each area
registers its own blueprints, commands, socket rooms and template globals through `init_app(app)`
(the layer order is in docs/architecture.md, enforced by import-linter).
"""
from flask import Flask
from flask_babel import format_datetime, get_locale
from socketio import RedisManager
from sqlalchemy import event
from sqlalchemy.engine import Engine

import accounts
import admin
import agenda
import audit
import budgets
import conversations
import demo
import ideas
import insights
import media
import meldingen
import moderation
import moodboard
import notifications
import participation
import partners
import places
import privacy
import reach
import search
import stellingen
import themes
import wijken
from core import realtime, security  # noqa: F401  (realtime: the socket handlers, registered before any init_app)
from core.api import BoundedJSONProvider
from core.config import Config
from core.errors import register_error_handlers
from core.extensions import babel, cache, csrf, db, limiter, login_manager, mail, migrate, socketio
from core.i18n import select_locale
from core.markup import plain_text_with_phone_links
from core.validation import IdConverter, SegmentConverter

AREAS = (accounts, audit, media, partners, wijken, search, notifications, moderation, reach, participation, meldingen,
         ideas, stellingen, moodboard, places, agenda, conversations, budgets, themes, admin,
         privacy, insights, demo)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.json = BoundedJSONProvider(app)  # bodies nested too deeply are malformed (a 400), not a RecursionError
    app.config.from_object(Config)
    app.config.from_pyfile("config.py", silent=True)
    if config:
        app.config.update(config)

    _init_extensions(app)
    security.init_app(app)  # headers on every response; the trusted proxies
    # Before any route: ids beyond MAX_ID are a 404, and so are segments with NUL or a lone surrogate.
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["default"] = app.url_map.converters["string"] = SegmentConverter
    _register_templates(app)
    for area in AREAS:
        area.init_app(app)
    _register_openapi(app)
    register_error_handlers(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    cache.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    # The message queue between the processes; with Redis away, publishing gives up after REDIS_TIMEOUT
    # (logged) instead of holding up the request that committed.
    redis_url = app.config.get("REDIS_URL")
    queue = {"client_manager": RedisManager(redis_url, channel=app.config["SOCKETIO_CHANNEL"], redis_options={
        "socket_connect_timeout": app.config["REDIS_TIMEOUT"]})} if redis_url else {}
    socketio.init_app(app, **queue,
                      async_mode=app.config.get("SOCKETIO_ASYNC_MODE", "threading"),
                      cors_allowed_origins=app.config["SOCKETIO_ORIGINS"],
                      max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE"],
                      serializer=realtime.BoundedPacket,  # messages nested too deeply get the error event
                      # One client's events are handled in order, in its own thread: the handlers are tiny,
                      # and concurrent handlers of one connection race on its shared WSGI environ.
                      async_handlers=False)


def _register_openapi(app: Flask) -> None:
    from accounts.auth import register_api
    from openapi import bp as openapi_bp

    register_api(app, openapi_bp)


def _register_templates(app: Flask) -> None:
    app.jinja_env.globals.update(get_locale=get_locale)
    app.jinja_env.filters["phone_links"] = plain_text_with_phone_links
    app.jinja_env.filters["localtime"] = lambda value, fmt="EEEE d MMMM y, HH:mm": (
        format_datetime(value, fmt) if value else "")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Foreign keys (for ON DELETE CASCADE), WAL for concurrent readers, and a busy timeout."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()
