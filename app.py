"""Application factory: `flask --app app ...` and `create_app(config)` in tests."""
from flask import Flask
from flask_babel import format_datetime, get_locale
from sqlalchemy import event
from sqlalchemy.engine import Engine

import reach.models  # noqa: F401  (the outbox and subscription tables, for migrations and create_all)
import realtime  # noqa: F401  (registers the after-commit emit hooks)
import wijken.events  # noqa: F401  (socket handlers: imported before any init_app, so every app gets them)
from config import Config
from errors import register_error_handlers
from extensions import babel, cache, csrf, db, limiter, login_manager, mail, migrate, socketio
from i18n import select_locale
from partners.moderation import FLAG_REASON_LABELS, unread_notifications
from permissions import TEMPLATE_PREDICATES
from reach import jobs as reach_jobs  # (also registers the after-commit hook that delivers queued mail)
from validation import IdConverter
from wijken import pagecache
from wijken.serializers import shown_name


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    app.config.from_pyfile("config.py", silent=True)
    if config:
        app.config.update(config)

    _init_extensions(app)
    app.url_map.converters["int"] = IdConverter  # before any route: ids beyond MAX_ID are a 404
    _register_blueprints(app)
    _register_cli(app)
    _register_templates(app)
    register_error_handlers(app)
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = None
    babel.init_app(app, locale_selector=select_locale)
    cache.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    socketio.init_app(app, message_queue=app.config.get("REDIS_URL"), channel=app.config["SOCKETIO_CHANNEL"],
                      async_mode=app.config.get("SOCKETIO_ASYNC_MODE", "threading"),
                      cors_allowed_origins=app.config["SOCKETIO_ORIGINS"],
                      max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE"],
                      # One client's events are handled in order, in its own thread: the handlers are tiny,
                      # and concurrent handlers of one connection race on its shared WSGI environ.
                      async_handlers=False)

    from accounts.models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def _register_blueprints(app: Flask) -> None:
    from accounts.api import bp as accounts_api
    from accounts.auth import check_token_scope
    from accounts.privacy_views import bp as privacy_views
    from accounts.sso_views import bp as sso_views
    from accounts.views import bp as accounts_views
    from openapi import bp as openapi_bp
    from partners.api import bp as partners_api
    from partners.api_client_views import bp as api_client_views
    from partners.invitation_views import bp as invitation_views
    from partners.moderation_views import bp as moderation_views
    from partners.oauth import bp as oauth_bp
    from partners.views import bp as partners_views
    from reach.mail_views import bp as mail_views
    from reach.views import bp as flyer_views
    from wijken.api import bp as wijken_api
    from wijken.views import bp as wijken_views

    for api in (accounts_api, wijken_api, partners_api, openapi_bp):
        csrf.exempt(api)  # bearer tokens only: see accounts/auth.py
        app.register_blueprint(api)
        app.before_request_funcs.setdefault(api.name, []).append(check_token_scope)
    csrf.exempt(oauth_bp)  # client credentials in every request, no cookies
    app.register_blueprint(oauth_bp)
    app.register_blueprint(accounts_views)
    app.register_blueprint(privacy_views)
    app.register_blueprint(sso_views)
    app.register_blueprint(moderation_views)
    app.register_blueprint(partners_views)
    app.register_blueprint(invitation_views)
    app.register_blueprint(api_client_views)
    app.register_blueprint(wijken_views)
    app.register_blueprint(mail_views)
    app.register_blueprint(flyer_views)
    reach_jobs.register(app)


def _register_cli(app: Flask) -> None:
    from accounts.cli import users_cli
    from demo import seed_demo_command
    from partners.cli import orgs_cli, roles_cli
    from reach.cli import jobs_cli, mail_cli
    from wijken.cli import wijken_cli

    for group in (users_cli, orgs_cli, roles_cli, wijken_cli, mail_cli, jobs_cli):
        app.cli.add_command(group)
    app.cli.add_command(seed_demo_command)


def _register_templates(app: Flask) -> None:
    app.jinja_env.globals.update(TEMPLATE_PREDICATES, get_locale=get_locale, csrf_token=pagecache.csrf_token,
                                 flag_reasons=FLAG_REASON_LABELS, unread_notifications=unread_notifications,
                                 shown_name=shown_name)
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
