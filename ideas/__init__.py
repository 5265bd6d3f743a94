"""Ideas: the crowdsourcing tool of the participation frame. An idea round is a participation with tool
`ideas`; residents submit and support ideas, the owner answers every one (in bulk with saved answers),
duplicates are merged, and an adopted idea can become a result item of the outcome."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, personal_data, views  # noqa: F401  (personal_data: registers)
    from .deadlines import answer_by, is_overdue
    from .permissions import TEMPLATE_PREDICATES
    from .states import state_label

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES, state_label=state_label, ideas_answer_by=answer_by,
                                 ideas_is_overdue=is_overdue)
