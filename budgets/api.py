"""JSON API of the budget tools. Creating, answering (`PUT .../response` with a distribution or a ballot), paper
answers, closing and the outcome go through the participation frame's operations, whose shapes include the
tools' (budgets.schemas); what only a budgetschuiver has is here: the real decision per line."""
from flask import Blueprint, jsonify

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation
from participation import schemas as frame_schemas
from participation.serializers import participation_json
from participation.services import get_participation, visible_results

from . import schemas, services

bp = Blueprint("budgets_api", __name__, url_prefix="/api/v1")


@operation(bp, "put", "/participations/<int:participation_id>/budget-decision", "setBudgetDecision",
           "A closed budgetschuiver's real decision per line, shown beside the residents' budget",
           tag="participations", ok=frame_schemas.participation_shape, body=schemas.BudgetDecision,
           errors=(400, 401, 404, 409, 413, 422),
           description="409 `not_closed` while it is open, `not_a_budget` for another tool.")
@token_required
def set_decision(participation_id):
    user = api_user()
    participation = services.set_decision(user, get_participation(user, participation_id), json_body())
    return jsonify(participation_json(participation, visible_results(user, participation)))
