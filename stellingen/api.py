"""JSON API of stellingen (docs/api.md "Stellingen"): reads are public as the set is, writes need a token."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation, path_parameter, query_parameter
from core.errors import ValidationError
from core.ratelimits import write_limit
from participation.services import get_participation

from . import schemas, services
from .permissions import can_review_statements
from .serializers import statement_json, vote_json

bp = Blueprint("stellingen_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{api_user().id}")
TAG = "stellingen"
WRITES = (400, 401, 404, 409, 413, 422, 429)
STATUSES = ("approved", "pending", "refused", "hidden")
path_parameter("statement_id", {"type": "integer"}, "The stelling's id.")


def _set(participation_id: int):
    participation = get_participation(api_user(), participation_id)
    services.set_of(participation)
    return participation


def _shown(statement, status: int = 200):
    user = api_user()
    reason = can_review_statements(user, statement.participation) or (
        user.is_authenticated and statement.author_id == user.id)
    return jsonify(statement_json(statement, with_reason=reason)), status


@operation(bp, "get", "/participations/<int:participation_id>/statements", "listStatements",
           "A set's approved stellingen (pending and refused: for those who review)", tag=TAG,
           ok=schemas.StatementList, errors=(403, 404, 422), optional_token=True,
           query=(query_parameter("status", {"type": "string", "enum": list(STATUSES)}, "Default `approved`."),))
def list_statements(participation_id):
    status = request.args.get("status", "approved")
    if status not in STATUSES:
        raise ValidationError(_("Some fields need attention."), fields={"status": _("No such status.")})
    participation = _set(participation_id)
    reviewer = status != "approved"
    return jsonify({"items": [statement_json(s, with_reason=reviewer)
                              for s in services.statements(api_user(), participation, status)], "next": None})


@operation(bp, "post", "/participations/<int:participation_id>/statements", "addStatement",
           "Add a stelling (a resident's waits for review; the owner's is published at once)", tag=TAG,
           ok=schemas.Statement, status=201, body=schemas.StatementCreate, errors=WRITES)
@token_required
@limited
def add(participation_id):
    return _shown(services.add_statement(api_user(), _set(participation_id), json_body()), 201)


@operation(bp, "get", "/participations/<int:participation_id>/statements/next", "nextStatement",
           "The caller's next card (seeds and new stellingen first); 204 when every one is voted on", tag=TAG,
           ok=schemas.Statement, errors=(401, 404))
@token_required
def next_card(participation_id):
    statement = services.next_statement(api_user(), _set(participation_id))
    return _shown(statement) if statement else ("", 204)


@operation(bp, "get", "/statements/<int:statement_id>", "getStatement", "One stelling", tag=TAG,
           ok=schemas.Statement, errors=(404,), optional_token=True)
def show(statement_id):
    return _shown(services.get_statement(api_user(), statement_id))


@operation(bp, "put", "/statements/<int:statement_id>/vote", "vote", "Vote eens / pas / oneens (again: changes it)",
           tag=TAG, ok=schemas.VoteResult, body=schemas.VoteRequest, errors=WRITES,
           description="403 when the set is closed or the caller may not take part; nothing is stored.")
@token_required
@limited
def vote(statement_id):
    user = api_user()
    statement = services.get_statement(user, statement_id)
    cast = services.vote(user, statement, json_body())
    return jsonify(vote_json(cast, statement, services.votes_cast(user, statement.participation)))


@operation(bp, "post", "/statements/<int:statement_id>/review", "reviewStatement",
           "Approve or refuse a resident's stelling (owner, coordinators); the author is told", tag=TAG,
           ok=schemas.Statement, body=schemas.Review, errors=WRITES)
@token_required
def review(statement_id):
    return _shown(services.review_statement(api_user(), services.get_statement(api_user(), statement_id),
                                            json_body()))


@operation(bp, "get", "/participations/<int:participation_id>/opinion-groups", "opinionGroups",
           "The opinion groups, the caller's group, representative and broadly supported stellingen", tag=TAG,
           ok=schemas.OpinionGroups, errors=(403, 404), optional_token=True,
           description="403 until the caller voted on 7 stellingen (the owner always sees them).")
def groups(participation_id):
    return jsonify(services.opinion_groups(api_user(), _set(participation_id)))
