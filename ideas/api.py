"""JSON API of ideas (docs/api.md "Ideas"): reads are public as the round is, writes need a token."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import BEFORE, LIMIT, operation, path_parameter, query_parameter
from core.errors import AppError, ValidationError
from core.ratelimits import write_limit
from media.services import accepts_images
from participation.services import get_participation
from wijken.feeds import parse_limit

from . import schemas, services
from .serializers import idea_json, template_json

bp = Blueprint("ideas_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{api_user().id}")
TAG = "ideas"
WRITES = (400, 401, 404, 409, 413, 422, 429)
path_parameter("idea_id", {"type": "integer"}, "The idea's id.")


def _round(participation_id: int):
    participation = get_participation(api_user(), participation_id)
    services.round_of(participation)
    return participation


def _idea(idea_id: int):
    return services.get_idea(api_user(), idea_id)


def _items(ideas) -> list[dict]:
    """The ideas as the caller sees them: whether they support each (null without a token)."""
    user = api_user()
    if not user.is_authenticated:
        return [idea_json(idea) for idea in ideas]
    supported = services.supported_ids(user, ideas)
    return [idea_json(idea, idea.id in supported) for idea in ideas]


def _shown(idea, status: int = 200):
    return jsonify(_items([idea])[0]), status


@operation(bp, "get", "/participations/<int:participation_id>/ideas", "listIdeas",
           "A round's ideas, most supported (or newest) first", tag=TAG, ok=schemas.IdeaPage, errors=(400, 404, 422),
           optional_token=True, query=(
               query_parameter("sort", {"type": "string", "enum": list(services.SORTS)}, "Default `support`."),
               query_parameter("state", {"type": "string", "enum": list(schemas.STATES)}, "Only these."),
               LIMIT, BEFORE))
def list_ideas(participation_id):
    sort, state = request.args.get("sort", "support"), request.args.get("state")
    if sort not in services.SORTS or state not in (None, *schemas.STATES):
        raise ValidationError(_("Some fields need attention."), fields={"sort": _("Choose support or new.")}
                              if sort not in services.SORTS else {"state": _("No such state.")})
    before = request.args.get("before")
    after = services.parse_cursor(before)
    if before is not None and after is None:
        raise AppError(_("This cursor is not valid."), code="bad_cursor")
    participation = _round(participation_id)
    ideas, cursor = services.list_ideas(api_user(), participation, sort=sort, after=after, state=state,
                                        limit=parse_limit(request.args.get("limit"), services.PAGE))
    return jsonify({"items": _items(ideas), "next": services.format_cursor(cursor),
                    "answers": services.answer_counts(participation)})


@operation(bp, "get", "/participations/<int:participation_id>/ideas/similar", "similarIdeas",
           "The round's ideas like a new one, offered before submitting", tag=TAG, ok=schemas.IdeaPage,
           errors=(404, 422), optional_token=True, query=(
               query_parameter("title", {"type": "string", "maxLength": services.TITLE_MAX}, "The new title.",
                               required=True),
               query_parameter("body", {"type": "string", "maxLength": services.BODY_MAX}, "The new text.")))
def similar(participation_id):
    title, body = request.args.get("title", ""), request.args.get("body", "")
    if len(title) > services.TITLE_MAX or len(body) > services.BODY_MAX:
        raise ValidationError(_("Some fields need attention."), fields={"title": _("Too long.")})
    return jsonify({"items": _items(services.suggestions(_round(participation_id), title, body)), "next": None})


@operation(bp, "post", "/participations/<int:participation_id>/ideas", "submitIdea", "Submit an idea", tag=TAG,
           ok=schemas.Idea, status=201, body=schemas.IdeaCreate, multipart=schemas.IdeaCreateWithPhoto,
           errors=WRITES)
@token_required
@limited
@accepts_images(1)
def submit(participation_id):
    if request.mimetype == "multipart/form-data":
        data, upload = request.form.to_dict(), request.files.get("photo")
    else:
        data, upload = json_body(), None
    return _shown(services.submit_idea(api_user(), _round(participation_id), data, upload), 201)


@operation(bp, "get", "/ideas/<int:idea_id>", "getIdea", "One idea", tag=TAG, ok=schemas.Idea, errors=(404,),
           optional_token=True)
def show(idea_id):
    return _shown(_idea(idea_id))


@operation(bp, "put", "/ideas/<int:idea_id>/support", "supportIdea", "Support an idea (idempotent)", tag=TAG,
           ok=schemas.Idea, errors=(401, 404, 429))
@token_required
@limited
def support(idea_id):
    return _shown(services.support(api_user(), _idea(idea_id)))


@operation(bp, "delete", "/ideas/<int:idea_id>/support", "withdrawSupport",
           "Withdraw one's support while the round is open (idempotent)", tag=TAG, errors=(401, 404, 429))
@token_required
@limited
def withdraw(idea_id):
    services.withdraw_support(api_user(), _idea(idea_id))
    return "", 204


@operation(bp, "post", "/ideas/<int:idea_id>/answer", "answerIdea",
           "The owner's answer (or `merged` into another idea: supporters move, both authors told)", tag=TAG,
           ok=schemas.Idea, body=schemas.IdeaAnswer, errors=WRITES,
           description="409 `answered` when it was answered before. With `merged` the answer is the idea merged "
                       "into.")
@token_required
@limited
def answer(idea_id):
    return _shown(services.answer_idea(api_user(), _idea(idea_id), json_body()))


@operation(bp, "post", "/participations/<int:participation_id>/idea-answers", "answerIdeas",
           "Answer several ideas at once, with a saved template or a state and text", tag=TAG,
           ok=schemas.Answered, body=schemas.BulkAnswer, errors=WRITES)
@token_required
@limited
def answer_many(participation_id):
    return jsonify({"answered": services.answer_many(api_user(), _round(participation_id), json_body())})


@operation(bp, "get", "/participations/<int:participation_id>/answer-templates", "listAnswerTemplates",
           "The owner's saved answers", tag=TAG, ok=schemas.AnswerTemplateList, errors=(401, 404))
@token_required
def templates(participation_id):
    participation = _round(participation_id)
    services.require_answerer(api_user(), participation)
    return jsonify({"items": [template_json(t) for t in services.answer_templates(participation.organisation)],
                    "next": None})


@operation(bp, "post", "/participations/<int:participation_id>/answer-templates", "saveAnswerTemplate",
           "Save an answer for later", tag=TAG, ok=schemas.AnswerTemplate, status=201,
           body=schemas.AnswerTemplateCreate, errors=WRITES)
@token_required
@limited
def save_template(participation_id):
    return jsonify(template_json(services.save_template(api_user(), _round(participation_id), json_body()))), 201


@operation(bp, "post", "/ideas/<int:idea_id>/moderation", "moderateIdea",
           "Hide or restore an idea (owner, coordinators), with a reason in the audit log", tag=TAG,
           ok=schemas.Idea, body=schemas.Moderation, errors=WRITES)
@token_required
def moderate(idea_id):
    data = json_body()
    return _shown(services.moderate_idea(api_user(), _idea(idea_id), data.get("action"), data.get("reason")))


@operation(bp, "post", "/ideas/<int:idea_id>/result-item", "ideaResultItem",
           "An adopted idea becomes a result item of the round's outcome", tag=TAG, ok=schemas.Idea, status=201,
           errors=(401, 404, 409))
@token_required
def result_item(idea_id):
    return _shown(services.make_result_item(api_user(), _idea(idea_id)), 201)
