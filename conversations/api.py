"""JSON API of spreekuren and debates: reads are public, writes need a token. Hiding a message is the
moderation API's `hide` (POST /moderation/actions), like any comment."""
from flask import Blueprint, jsonify

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation, path_parameter
from core.ratelimits import write_limit
from wijken.services import wijk_by_slug

from . import debates, schemas, services, spreekuur
from .serializers import conversation_json, message_json

bp = Blueprint("conversations_api", __name__, url_prefix="/api/v1")
limited = write_limit(lambda: f"user:{api_user().id}")
TAG = "conversations"
WRITES = (400, 401, 404, 409, 413, 422, 429)
path_parameter("conversation_id", {"type": "integer"}, "The spreekuur's or debate's id.")
# `comment_id` (a message is a comment of the post) is the wijken API's shared path parameter.
REFUSALS = ("409 `not_started` (with `retry_at`) or `ended` outside the window, 403 `muted` for a mute for the "
            "session, 429 `slow_mode` (with `retry_at`) when written again too soon.")


def _shown(conversation, status: int = 200):
    user = api_user()
    entries = services.thread(user, conversation)
    return jsonify(conversation_json(conversation, entries, services.my_votes(user, conversation))), status


def _get(conversation_id: int, kind: str):
    return services.require_visible(api_user(), services.get_conversation(conversation_id, kind))


@operation(bp, "post", "/wijken/<slug>/spreekuren", "createSpreekuur", "Schedule a spreekuur with a named host",
           tag=TAG, ok=schemas.Conversation, status=201, body=schemas.SpreekuurCreate, errors=WRITES)
@token_required
@limited
def create_spreekuur(slug):
    return _shown(spreekuur.create_spreekuur(api_user(), wijk_by_slug(slug), json_body()), 201)


@operation(bp, "get", "/spreekuren/<int:conversation_id>", "getSpreekuur",
           "A spreekuur with its messages (the transcript afterwards)", tag=TAG, ok=schemas.Conversation,
           errors=(404,), optional_token=True)
def show_spreekuur(conversation_id):
    return _shown(_get(conversation_id, "spreekuur"))


@operation(bp, "post", "/spreekuren/<int:conversation_id>/messages", "saySpreekuur",
           "A question, answer or message in a live spreekuur", tag=TAG, ok=schemas.Message, status=201,
           body=schemas.MessageCreate, errors=WRITES, description=REFUSALS)
@token_required
@limited
def say_spreekuur(conversation_id):
    return _said(_get(conversation_id, "spreekuur"))


@operation(bp, "put", "/spreekuren/<int:conversation_id>/messages/<int:comment_id>/vote", "upvoteQuestion",
           "Upvote a question (the host answers the most asked first)", tag=TAG, ok=schemas.VoteResult,
           errors=(401, 404, 429))
@token_required
@limited
def upvote(conversation_id, comment_id):
    return _vote(_get(conversation_id, "spreekuur"), comment_id, True)


@operation(bp, "delete", "/spreekuren/<int:conversation_id>/messages/<int:comment_id>/vote", "withdrawUpvote",
           "Take an upvote back", tag=TAG, errors=(401, 404, 429))
@token_required
@limited
def withdraw_upvote(conversation_id, comment_id):
    _vote(_get(conversation_id, "spreekuur"), comment_id, False)
    return "", 204


@operation(bp, "put", "/spreekuren/<int:conversation_id>/mutes/<int:user_id>", "muteForSession",
           "Mute someone for the rest of the spreekuur (moderators)", tag=TAG, ok=schemas.MuteResult,
           body=schemas.SessionMuteRequest, errors=(400, 401, 404, 409, 422),
           path_params={"user_id": ({"type": "integer"}, "The person's user id.")})
@token_required
def mute(conversation_id, user_id):
    return _mute(conversation_id, user_id, True)


@operation(bp, "delete", "/spreekuren/<int:conversation_id>/mutes/<int:user_id>", "unmuteForSession",
           "Lift a mute for the session (moderators); logged with a default reason", tag=TAG,
           errors=(400, 401, 404, 409, 422), path_params={"user_id": ({"type": "integer"}, "The person's user id.")})
@token_required
def unmute(conversation_id, user_id):
    _mute(conversation_id, user_id, False)
    return "", 204


@operation(bp, "post", "/spreekuren/<int:conversation_id>/summary", "summariseSpreekuur",
           "The host's summary, after the spreekuur: followers and participants get it", tag=TAG,
           ok=schemas.Conversation, status=201, body=schemas.SummaryCreate, errors=WRITES)
@token_required
def summary(conversation_id):
    return _shown(spreekuur.publish_summary(api_user(), _get(conversation_id, "spreekuur"), json_body()), 201)


@operation(bp, "post", "/wijken/<slug>/debates", "createDebate", "Start a debate (a forum with an end)", tag=TAG,
           ok=schemas.Conversation, status=201, body=schemas.DebateCreate, errors=WRITES)
@token_required
@limited
def create_debate(slug):
    return _shown(debates.create_debate(api_user(), wijk_by_slug(slug), json_body()), 201)


@operation(bp, "get", "/debates/<int:conversation_id>", "getDebate", "A debate with its arguments", tag=TAG,
           ok=schemas.Conversation, errors=(404,), optional_token=True)
def show_debate(conversation_id):
    return _shown(_get(conversation_id, "debat"))


@operation(bp, "post", "/debates/<int:conversation_id>/arguments", "argue",
           "An argument (for, against or neutral) or a reply", tag=TAG, ok=schemas.Message, status=201,
           body=schemas.MessageCreate, errors=WRITES, description=REFUSALS)
@token_required
@limited
def argue(conversation_id):
    return _said(_get(conversation_id, "debat"))


@operation(bp, "put", "/debates/<int:conversation_id>/arguments/<int:comment_id>/useful", "markUseful",
           "Call an argument useful (the strongest of each side are shown first)", tag=TAG, ok=schemas.VoteResult,
           errors=(401, 404, 429))
@token_required
@limited
def useful(conversation_id, comment_id):
    return _vote(_get(conversation_id, "debat"), comment_id, True)


@operation(bp, "delete", "/debates/<int:conversation_id>/arguments/<int:comment_id>/useful", "unmarkUseful",
           "Take “useful” back", tag=TAG, errors=(401, 404, 429))
@token_required
@limited
def not_useful(conversation_id, comment_id):
    _vote(_get(conversation_id, "debat"), comment_id, False)
    return "", 204


@operation(bp, "post", "/debates/<int:conversation_id>/close", "closeDebate",
           "Close with conclusions: what was heard, what happens next; every participant is told", tag=TAG,
           ok=schemas.Conversation, status=201, body=schemas.DebateClose, errors=WRITES)
@token_required
def close(conversation_id):
    return _shown(debates.close_debate(api_user(), _get(conversation_id, "debat"), json_body()), 201)


def _said(conversation):
    entry = services.say(api_user(), conversation, json_body())
    return jsonify(message_json(conversation, entry, False)), 201


def _vote(conversation, comment_id: int, on: bool):
    entry = services.set_vote(api_user(), conversation, services.entry_in(conversation, comment_id), on)
    return jsonify({"comment_id": entry.comment_id, "votes": entry.votes, "voted": on})


def _mute(conversation_id: int, user_id: int, on: bool):
    conversation = _get(conversation_id, "spreekuur")
    reason = json_body(optional=not on).get("reason")
    muted = services.mute_for_session(api_user(), conversation, user_id, reason, on)
    return jsonify({"user": user_id, "muted": muted})
