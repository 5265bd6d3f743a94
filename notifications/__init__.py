"""Notifications: messages on the site for one person, with a live unread count on every page."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, events, personal_data, services, views  # noqa: F401  (events, personal_data: registries)

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(unread_notifications=services.unread_count)
