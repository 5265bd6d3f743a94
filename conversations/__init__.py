"""Conversations: the spreekuur (a live chat with a named host of an organisation, in a set window) and the debate
(a forum with an end, closed with written conclusions). One package, because both are a wijk post whose thread has
a shape — a window, rules for who writes when, votes on entries, and a closing text that reaches people — and they
share all of that; each adds its own post kind, creation and closing (`spreekuur.py`, `debates.py`)."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, cli, personal_data, views  # noqa: F401  (personal_data: registers)
    from .permissions import TEMPLATE_PREDICATES
    from .schemas import LIMITS

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.cli.add_command(cli.conversations_cli)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
    app.jinja_env.globals.update(LIMITS, conversation_state_label=views.state_label, stance_label=views.stance_label)
