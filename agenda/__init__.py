"""The wijkagenda: each wijk's agendapunten, proposed by residents (an idea that reached its threshold),
promoted by a coordinator from a broadly supported stelling, or added by a partner; with an owner, a status, the
next meeting and a feedback date. Linked from the wijk page and printed on the flyer."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, flyer, views  # noqa: F401  (flyer: registers)
    from .permissions import TEMPLATE_PREDICATES

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
