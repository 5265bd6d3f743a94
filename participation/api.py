"""JSON API of participations (CONTRACT.md "Participation, first cut"): reads are public, writes need a token.
Each view declares its operation (core.apidoc), so the OpenAPI document is generated from participation.schemas."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import Unauthorized

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation, path_parameter, query_parameter
from core.errors import PermissionDenied, ValidationError
from core.ratelimits import write_limit
from partners.services import organisation_by_slug
from wijken.services import wijk_by_slug

from . import codes, exports, live, schemas, services, survey_schemas, survey_services  # noqa: F401  (live: its event)
from .codes import code_limit
from .promises import promise_record
from .serializers import participation_json, result_item_json

bp = Blueprint("participation_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{getattr(api_user(), 'id', None) or request.remote_addr}")
TAG = "participations"
OWNER = (400, 401, 404, 409, 413, 422, 429)  # what the owner's writes may answer
path_parameter("participation_id", {"type": "integer"}, "The participation's id.")


def _shown(participation, status: int = 200):
    user = api_user()
    return jsonify(participation_json(participation, services.visible_results(user, participation))), status


def _participation(participation_id: int):
    return services.get_participation(api_user(), participation_id)


@operation(bp, "get", "/wijken/<slug>/participations", "listParticipations", "A wijk's participations, open first",
           tag=TAG, ok=schemas.list_shape, errors=(404, 422), optional_token=True, query=(
               query_parameter("status", {"type": "string", "enum": ["open", "closed"]}, "Only these."),))
def list_participations(slug):
    status = request.args.get("status")
    if status not in (None, "open", "closed"):
        raise ValidationError(_("Some fields need attention."), fields={"status": _("Choose open or closed.")})
    user = api_user()
    items = services.wijk_participations(wijk_by_slug(slug), status)
    return jsonify({"items": [participation_json(p, services.visible_results(user, p)) for p in items],
                    "next": None})


@operation(bp, "get", "/organisations/<org_slug>/promises", "getPromiseRecord",
           "How many of an organisation's feedback promises were kept on time", tag=TAG, ok=schemas.PromiseRecord,
           errors=(404,), optional_token=True,
           path_params={"org_slug": ({"type": "string"}, "The organisation's slug.")})
def promises(org_slug):
    record = promise_record(organisation_by_slug(org_slug))
    return jsonify(schemas.PromiseRecord(organisation=org_slug, due=record.due, kept=record.kept,
                                         share=record.share).dump())


@operation(bp, "post", "/participations", "createParticipation", "A draft participation (not public yet)", tag=TAG,
           ok=schemas.participation_shape, status=201, body=schemas.create_shape, errors=OWNER)
@token_required
@limited
def create():
    return _shown(services.create_participation(api_user(), json_body()), 201)


@operation(bp, "get", "/participations/<int:participation_id>", "getParticipation", "One participation", tag=TAG,
           ok=schemas.participation_shape, errors=(404,), optional_token=True)
def show(participation_id):
    return _shown(_participation(participation_id))


@operation(bp, "patch", "/participations/<int:participation_id>", "changeParticipation",
           "Change a participation (once published only stricter rules)", tag=TAG, ok=schemas.participation_shape,
           body=schemas.update_shape, errors=OWNER)
@token_required
@limited
def change(participation_id):
    return _shown(services.update_participation(api_user(), _participation(participation_id), json_body()))


@operation(bp, "post", "/participations/<int:participation_id>/publish", "publishParticipation",
           "Publish: the wijk post appears and followers hear of it", tag=TAG, ok=schemas.participation_shape,
           errors=(401, 404, 409))
@token_required
def publish(participation_id):
    return _shown(services.publish(api_user(), _participation(participation_id)))


@operation(bp, "post", "/participations/<int:participation_id>/close", "closeParticipation", "Close early",
           tag=TAG, ok=schemas.participation_shape, errors=(401, 404, 409))
@token_required
def close(participation_id):
    return _shown(services.close(api_user(), _participation(participation_id)))


@operation(bp, "put", "/participations/<int:participation_id>/response", "respond", "The caller's one answer",
           tag=TAG, ok=schemas.participation_shape, body=schemas.ballot_shape,
           errors=(400, 401, 403, 404, 409, 413, 422, 429),
           optional_token=True,
           description="409 `already_answered` for a second answer, `closed` when it is not open; 403 when the "
                       "caller is not eligible. Where eligibility is `code`, the body's `code` answers without a "
                       "token: 403 `bad_code` for a wrong code, 409 `code_used` for a used one; refused codes from "
                       "one client are rate-limited (429).")
@code_limit
@limited
def respond(participation_id):
    participation = _participation(participation_id)
    if participation.eligibility != "code" and not api_user().is_authenticated:
        raise Unauthorized(_("Log in with a bearer token."))
    if participation.tool == "survey":
        survey_services.save_answers(api_user(), participation, json_body())
    else:
        services.respond(api_user(), participation, json_body())
    return _shown(participation)


@operation(bp, "get", "/participations/<int:participation_id>/response", "getMyResponse",
           "The caller's survey answers: the draft to continue, or what was submitted", tag=TAG,
           ok=survey_schemas.MyAnswers, errors=(401, 404))
@token_required
def my_response(participation_id):
    return jsonify(survey_services.my_answers(api_user(), _participation(participation_id)))


@operation(bp, "post", "/participations/<int:participation_id>/letter-codes", "makeLetterCodes",
           "Single-use letter codes for one of its wijken (shown once; stored hashed)", tag=TAG,
           ok=schemas.LetterCodes, status=201, body=schemas.LetterCodesCreate, errors=OWNER,
           description="Without `count`, one code for every household of the wijk that has none yet. 409 "
                       "`not_by_code` when the participation is not answered with letter codes.")
@token_required
@limited
def letter_codes(participation_id):
    participation = _participation(participation_id)
    wijk, made = codes.generate_codes(api_user(), participation, json_body())
    made = schemas.LetterCodes(wijk=wijk.slug, codes=made, issued=codes.issued(participation, wijk))
    return jsonify(made.dump()), 201


@operation(bp, "get", "/participations/<int:participation_id>/results", "getResults",
           "Tallies per option and per origin, as the results visibility allows", tag=TAG, ok=schemas.results_shape,
           errors=(403, 404), optional_token=True)
def results(participation_id):
    shown = services.visible_results(api_user(), _participation(participation_id))
    if shown is None:
        raise PermissionDenied(_("The results are not visible yet."))
    return jsonify(shown)


@operation(bp, "post", "/participations/<int:participation_id>/paper-responses", "enterPaperResponses",
           "Answers from paper, a booth or the phone (a poll's ballots or a survey's answers)", tag=TAG,
           ok=schemas.PaperEntered, status=201,
           body=schemas.paper_shape, errors=OWNER)
@token_required
@limited
def paper_responses(participation_id):
    participation = _participation(participation_id)
    enter = survey_services.enter_paper_answers if participation.tool == "survey" else services.enter_paper_responses
    return jsonify({"entered": enter(api_user(), participation, json_body())}), 201


@operation(bp, "get", "/participations/<int:participation_id>/answers", "getRawAnswers",
           "Every answer, for the owner; people named only as far as the identity setting allows", tag=TAG,
           ok=survey_schemas.RawAnswers, errors=(401, 404))
@token_required
def raw_answers(participation_id):
    return jsonify(exports.raw_answers(api_user(), _participation(participation_id)))


@operation(bp, "post", "/participations/<int:participation_id>/published-answers", "publishAnswer",
           "Make one open-text answer public: it becomes a comment in the thread (flags and review apply)",
           tag=TAG, ok=survey_schemas.PublishedAnswer, status=201, body=survey_schemas.PublishAnswer, errors=OWNER)
@token_required
@limited
def publish_answer(participation_id):
    published = survey_services.publish_answer(api_user(), _participation(participation_id), json_body())
    return jsonify({"id": published.id, "comment_id": published.comment_id, "text": published.text}), 201


@operation(bp, "post", "/participations/<int:participation_id>/outcome", "publishOutcome",
           "The outcome: what was done with the input; every participant is told", tag=TAG,
           ok=schemas.participation_shape, status=201, body=schemas.OutcomeCreate, errors=OWNER)
@token_required
def outcome(participation_id):
    return _shown(services.publish_outcome(api_user(), _participation(participation_id), json_body()), 201)


@operation(bp, "post", "/participations/<int:participation_id>/results-items", "addResultItem",
           "A result item after the outcome", tag=TAG, ok=schemas.ResultItem, status=201,
           body=schemas.ResultItemChange, errors=OWNER)
@token_required
def add_result_item(participation_id):
    item = services.save_result_item(api_user(), _participation(participation_id), json_body())
    return jsonify(result_item_json(item)), 201


@operation(bp, "patch", "/participations/<int:participation_id>/results-items/<int:item_id>", "changeResultItem",
           "A result item's status, progress and a dated update", tag=TAG, ok=schemas.ResultItem,
           body=schemas.ResultItemChange, errors=OWNER,
           path_params={"item_id": ({"type": "integer"}, "The result item's id.")})
@token_required
def change_result_item(participation_id, item_id):
    participation = _participation(participation_id)
    item = services.save_result_item(api_user(), participation, json_body(),
                                     services.result_item(participation, item_id))
    return jsonify(result_item_json(item))
