"""Voorzieningen: a directory per wijk of places (school, huisarts, buurthuis, ...) kept by the organisations
that own them (or admins), CSV import, "in de buurt" sorted by distance with one-tap call and mail links, and
their documents in the search index."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, cli, views  # noqa: F401
    from .permissions import TEMPLATE_PREDICATES

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.places_cli)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
