"""Meldingen: reports about the public space (a broken street light, rubbish) at a spot in the wijk, handled by the
organisation of their category within a target of working days, in the open: a wijk post with a status strip, every
change in its thread, a public map, partner systems and signed webhooks for the back office."""


from flask_babel import format_date


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, cli, personal_data, views, webcare_views  # noqa: F401  (they register)
    from .permissions import TEMPLATE_PREDICATES

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.meldingen_cli)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES, **views.TEMPLATE_HELPERS, **webcare_views.TEMPLATE_HELPERS)
    app.jinja_env.filters["report_date"] = lambda day: format_date(day, "d MMMM y")
