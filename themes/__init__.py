"""Themes: what residents are talking about. Per wijk and per municipality, offline and in Dutch, the public
texts of a period (posts, comments, ideas, stellingen, public meldingen and webcare questions, and open survey
answers counted but never shown) are grouped into themes (`pipeline`); officials see them, their trend and
examples at /inzichten/themas and name them. Run nightly (`flask themes run` from cron or the RQ job of
`jobs`)."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, profile, views  # noqa: F401  (profile: registers)
    from .cli import themes_cli
    from .permissions import TEMPLATE_PREDICATES

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(themes_cli)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
