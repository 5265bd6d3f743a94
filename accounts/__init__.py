"""Accounts: users, login (with the second factor), e-mail links, two-factor authentication, API tokens, the
profile page, and the registries through which higher areas add to the profile and the login page."""


def init_app(app) -> None:
    from core.extensions import db, login_manager

    from . import api, cli, permissions, personal_data, views  # noqa: F401  (personal_data: registers)
    from .auth import register_api
    from .models import User, session_id

    login_manager.login_view = "accounts.login"
    login_manager.login_message = None

    @login_manager.user_loader
    def load_user(user_id: str):
        """The session's or remember-me cookie's user, if its session version is still the user's. (A cookie
        from before session versions names only the id: it counts as version 0.)"""
        found = session_id(user_id)
        user = db.session.get(User, found[0]) if found else None
        return user if user is not None and user.session_version == found[1] else None

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.users_cli)
    app.jinja_env.globals.update(permissions.TEMPLATE_PREDICATES)
