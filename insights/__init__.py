"""Insights: dashboards per wijk (reach, conversation, participation, responsiveness) read from a daily roll-up,
readers counted without cookies, where new followers came from, municipalities' goals on a public page, and the
launch checklist of a new wijk. Above every other area: it reads them all and none reads it."""
from core.timeutil import utcnow


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, cli, launch, readers, sources, views
    from .permissions import TEMPLATE_PREDICATES

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.insights_cli)
    app.before_request(sources.remember_source)
    app.after_request(lambda response: readers.count_view(response, utcnow().date()))
    app.after_request(launch.mark_flyer)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES, **views.TEMPLATE_HELPERS)
    app.jinja_env.filters.update(views.TEMPLATE_FILTERS)
