"""Budgets: two tools of the participation frame in which residents weigh money — the budgetschuiver (move the
lines of a budget within their limits, see the consequences; results are the residents' budget) and the
wijkbudget vote (choose projects within a budget; winners chosen greedily, with the cut-off line)."""


def init_app(app) -> None:
    from accounts.auth import register_api

    from . import api, personal_data, services, views  # noqa: F401  (personal_data: registers)
    from .rules import RULES, VOTE_RULES, money
    from .schemas import LIMITS

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(BUDGET_LIMITS=LIMITS, BUDGET_RULES=RULES, VOTE_RULES=VOTE_RULES,
                                 budgets_row_errors=views.row_errors, budgets_idea_choices=services.idea_choices)
    app.jinja_env.filters["euro"] = money
