"""Participation ("doe mee"): the frame every e-participation tool plugs into — a level with its standard
promise, an owner, dates, eligibility, identity and results visibility, the outcome and its result items —
and its first tool, the poll."""


def init_app(app) -> None:
    from flask_babel import format_percent

    from accounts.auth import register_api

    from . import api, cli, personal_data, views  # noqa: F401  (personal_data: registers)
    from .permissions import TEMPLATE_PREDICATES

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.participation_cli)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
    app.jinja_env.filters["percent"] = lambda share: format_percent(share, "#,##0.#%")
