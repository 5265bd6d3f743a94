"""JSON API of webcare and the scorecards: ask an organisation a question, read it, the staff's replies (holding or
answer) and assignment, the asker's "dit helpt", turning it into a melding, the organisation's questions and clock
settings, and the public scorecards. Registered on the meldingen API blueprint; each view declares its operation."""
from flask import jsonify, request
from flask_babel import gettext as _

from accounts.auth import api_user, client_scope, token_required
from core.api import json_body
from core.apidoc import BEFORE, LIMIT, operation, path_parameter, query_parameter
from core.errors import ValidationError, require
from partners.permissions import can_manage_organisation
from partners.services import organisation_by_slug
from wijken.feeds import parse_before, parse_limit
from wijken.services import wijk_by_slug

from . import schemas, scorecards, webcare
from .permissions import is_webcare_staff
from .reports_api import WRITES, _shown, _staff_organisation, bp, limited
from .serializers import question_json, settings_json

WEBCARE = "webcare"
path_parameter("question_id", {"type": "integer"}, "The question's id.")


def _question(question_id: int):
    return webcare.get_question(api_user(), question_id)


def _show(question, status: int = 200):
    return jsonify(question_json(question, staff=is_webcare_staff(api_user(), question))), status


@operation(bp, "post", "/organisations/<slug>/questions", "askQuestion",
           "Ask the organisation a question in a wijk it serves (public, or private with personal data)", tag=WEBCARE,
           ok=schemas.Question, status=201, body=schemas.QuestionCreate, errors=WRITES,
           description="422 (`wijk`) for an unknown wijk or one the organisation does not serve; nothing is stored. "
                       "The clocks start: a first reaction within the organisation's business hours target, an "
                       "answer within its working days.")
@token_required
@limited
def ask_question(slug):
    organisation = organisation_by_slug(slug)
    data = json_body()
    return _show(webcare.ask(api_user(), webcare.read_wijk(data), data | {"organisation": organisation.slug}), 201)


@operation(bp, "get", "/questions/<int:question_id>", "getQuestion",
           "One question with the organisation's replies (a private one for the asker and the organisation only)",
           tag=WEBCARE, ok=schemas.Question, errors=(404,), optional_token=True)
@client_scope("reports")
def get_question(question_id):
    return _show(_question(question_id))


@operation(bp, "post", "/questions/<int:question_id>/replies", "replyToQuestion",
           "Staff answer as the organisation (with its badge); `holding` stops only the first-reaction clock",
           tag=WEBCARE, ok=schemas.Question, status=201, body=schemas.QuestionReplyCreate, errors=(403, *WRITES),
           description="403 for anyone not of the organisation asked.")
@client_scope("reports")
@token_required
@limited
def reply_question(question_id):
    question = _question(question_id)
    webcare.reply(api_user(), question, json_body())
    return _show(question, 201)


@operation(bp, "put", "/questions/<int:question_id>/assignee", "assignQuestion",
           "Give the question to a colleague (`assignee`: a user id of the organisation's staff, or null)",
           tag=WEBCARE, ok=schemas.Question, body=schemas.QuestionAssign, errors=(403, *WRITES))
@client_scope("reports")
@token_required
@limited
def assign_question(question_id):
    return _show(webcare.assign(api_user(), _question(question_id), json_body()))


@operation(bp, "put", "/questions/<int:question_id>/accepted", "acceptAnswer",
           "The asker's \"dit helpt\" on one of the organisation's answers", tag=WEBCARE, ok=schemas.Question,
           body=schemas.QuestionAccept, errors=WRITES)
@token_required
@limited
def accept_answer(question_id):
    return _show(webcare.accept(api_user(), _question(question_id), json_body()))


@operation(bp, "post", "/questions/<int:question_id>/report", "convertQuestion",
           "Turn a question into a melding (the asker or the organisation's staff)", tag=WEBCARE,
           ok=schemas.Report, status=201, body=schemas.ReportCreate, errors=WRITES,
           description="Like createReport; `body` defaults to the question's text and the asker is the reporter.")
@token_required
@limited
def convert_question(question_id):
    return _shown(webcare.convert(api_user(), _question(question_id), json_body()), 201)


@operation(bp, "get", "/organisations/<slug>/questions", "organisationQuestions",
           "The questions asked of an organisation (its staff and partner systems), newest first", tag=WEBCARE,
           ok=schemas.QuestionList, errors=(400, 401, 404, 422), query=(
               query_parameter("filter", {"type": "string", "enum": list(webcare.INBOX_FILTERS)},
                               "open (default), mine, unassigned, answered or all."), LIMIT, BEFORE))
@client_scope("reports")
@token_required
def organisation_questions(slug):
    organisation = _staff_organisation(slug)
    which = request.args.get("filter", "open")
    if which not in webcare.INBOX_FILTERS:
        raise ValidationError(_("Some fields need attention."), fields={"filter": _("Unknown filter.")})
    limit = parse_limit(request.args.get("limit"), 50)
    found = webcare.inbox(organisation, api_user(), which, parse_before(request.args.get("before")), limit)
    return jsonify({"items": [question_json(q, staff=True) for q in found],
                    "next": found[-1].id if len(found) == limit else None})


@operation(bp, "get", "/organisations/<slug>/webcare", "getWebcareSettings",
           "The organisation's targets for questions and its business hours", tag=WEBCARE,
           ok=schemas.WebcareSettings, errors=(404,))
def get_webcare_settings(slug):
    return jsonify(settings_json(webcare.settings_of(organisation_by_slug(slug))))


@operation(bp, "put", "/organisations/<slug>/webcare", "setWebcareSettings",
           "Set the organisation's targets for questions and its business hours (its admins)", tag=WEBCARE,
           ok=schemas.WebcareSettings, body=schemas.WebcareSettings, errors=(403, *WRITES))
@token_required
@limited
def set_webcare_settings(slug):
    organisation = organisation_by_slug(slug)
    require(can_manage_organisation(api_user(), organisation), _("Only the organisation's admins change this."))
    return jsonify(settings_json(webcare.save_settings(api_user(), organisation, json_body())))


@operation(bp, "get", "/organisations/<slug>/scorecard", "organisationScorecard",
           "Public response times of an organisation over the last 30 and 90 days", tag=WEBCARE,
           ok=schemas.Scorecard, errors=(404, 422), optional_token=True, query=(
               query_parameter("wijk", {"type": "string"}, "Only in this wijk (slug)."),
               query_parameter("days", {"type": "integer", "enum": list(scorecards.WINDOWS)}, "Only this window.")),
           description="From the times stored with every public question and melding; private and hidden ones are "
                       "not counted. `share_closed_in_time` is null below 5 afgehandelde meldingen.")
def organisation_scorecard(slug):
    organisation = organisation_by_slug(slug)
    wijk = wijk_by_slug(request.args["wijk"]) if request.args.get("wijk") else None
    days = request.args.get("days")
    if days is not None and days not in {str(n) for n in scorecards.WINDOWS}:
        raise ValidationError(_("Some fields need attention."), fields={"days": _("Choose 30 or 90.")})
    card = scorecards.scorecard(organisation=organisation, wijk=wijk, windows=(int(days),) if days else None)
    return jsonify(scorecards.scorecard_json(card))


@operation(bp, "get", "/wijken/<slug>/scorecard", "wijkScorecard",
           "Public response times of every organisation in a wijk over the last 30 and 90 days", tag=WEBCARE,
           ok=schemas.Scorecard, errors=(404,), optional_token=True)
def wijk_scorecard(slug):
    return jsonify(scorecards.scorecard_json(scorecards.scorecard(wijk=wijk_by_slug(slug))))
