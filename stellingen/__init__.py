"""Stellingen, the Polis model, as a tool of the participation frame: the owner seeds stellingen, residents
add their own (reviewed first), everyone votes eens / pas / oneens one card at a time, and the opinion groups
show who thinks alike and what is broadly supported."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, personal_data, views  # noqa: F401  (personal_data: registers)
    from .permissions import TEMPLATE_PREDICATES

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
