"""Participation ("doe mee"): the frame every e-participation tool plugs into — a level with its standard
promise, an owner, dates, eligibility, identity and results visibility, the outcome and its result items —
and its first tool, the poll."""


def init_app(app) -> None:
    from flask_babel import format_percent

    from accounts.auth import register_api

    from . import api, cli, editor, live, personal_data, survey_views, views  # noqa: F401  (they register)
    from .levels import origin_label
    from .permissions import TEMPLATE_PREDICATES
    from .phases import timeline

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.participation_cli)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES, origin_label=origin_label, phase_timeline=timeline)
    app.jinja_env.filters["percent"] = lambda share: format_percent(share, "#,##0.#%")
