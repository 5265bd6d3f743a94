"""A survey's use cases: the participant's draft (save and continue later), submitting it once, answers the
owner enters from paper, a booth or the phone, and publishing an open-text answer into the thread."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts.permissions import is_user
from core.errors import Conflict, NotFound, PermissionDenied, Unauthenticated, require
from core.extensions import db
from core.timeutil import isoformat, utcnow
from core.transactions import commit, lock, unit_of_work
from core.validation import MAX_ID, Fields
from wijken.permissions import can_participate
from wijken.services import add_comment

from .levels import ORIGINS
from .models import Participation
from .permissions import can_manage_participation, is_eligible, is_open
from .services import _announce, followed_wijk_ids, has_answered, record_participant, response_rate
from .survey_models import PublishedAnswer, SurveyResponse
from .surveys import TEXT_KINDS, add_to_tallies, check_answers, define, definition_json, survey_results, without_unasked
from .tools import Tool, register_tool

PAPER_MAX = 200


def _require_survey(participation: Participation) -> None:
    if participation.tool != "survey":
        raise NotFound(_("Not found."))


def my_draft(user, participation: Participation) -> SurveyResponse | None:
    """The caller's unsubmitted answers, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(select(SurveyResponse).where(SurveyResponse.participation_id == participation.id,
                                                          SurveyResponse.user_id == user.id,
                                                          SurveyResponse.submitted_at.is_(None)))


def my_answers(user, participation: Participation) -> dict:
    """The caller's draft, or (once submitted) that they answered; an anonymous survey keeps no link."""
    _require_survey(participation)
    draft = my_draft(user, participation)
    if draft is not None:
        return {"answers": draft.answers, "submitted": False, "updated_at": isoformat(draft.updated_at)}
    if has_answered(user, participation):
        kept = db.session.scalar(select(SurveyResponse).where(SurveyResponse.participation_id == participation.id,
                                                              SurveyResponse.user_id == user.id))
        return {"answers": kept.answers if kept else {}, "submitted": True,
                "updated_at": isoformat(kept.updated_at) if kept else None}
    return {"answers": {}, "submitted": False, "updated_at": None}


def _may_answer(user, participation: Participation) -> None:
    if not is_user(user):
        raise Unauthenticated(_("Log in to take part."))
    if not is_open(participation):
        raise Conflict(_("This participation is not open."), code="closed")
    if not is_eligible(user, participation, followed_wijk_ids(user)):
        raise PermissionDenied(_("You may not take part in this participation."))
    if has_answered(user, participation):
        raise Conflict(_("You have already taken part."), code="already_answered")


def save_answers(user, participation: Participation, data, *, merge: bool = False) -> SurveyResponse:
    """Save the caller's draft (`{"answers": {...}}`), or submit it (`"submit": true`): then every required
    question that is asked must be answered, it counts, and it cannot change any more. `merge` (the page,
    one section at a time) adds the answers to the draft; answers to questions no longer asked are dropped."""
    _require_survey(participation)
    participation = lock(Participation, participation.id)
    _may_answer(user, participation)
    fields = Fields(data)
    submit = bool(fields.boolean("submit"))
    fields.check()
    draft = my_draft(user, participation)
    answers = data.get("answers", {})
    if merge and isinstance(answers, dict):
        combined = {**(draft.answers if draft else {}), **answers}
        answers = without_unasked(participation.questions, {k: v for k, v in combined.items() if v not in (None, "")})
    cleaned = check_answers(participation.questions, answers, complete=submit)
    if draft is None:
        draft = SurveyResponse(participation_id=participation.id, user_id=user.id, origin="online")
        db.session.add(draft)
    draft.answers, draft.updated_at = cleaned, utcnow()
    if submit:
        _submit(participation, draft, user)
    commit()
    return draft


def _submit(participation: Participation, response: SurveyResponse, user) -> None:
    """Count it once. An anonymous survey's response loses its person, and its times only keep the day, so
    neither the id order nor a clock ties it to the participant row written now."""
    record_participant(user, participation)
    now = utcnow()
    response.submitted_at = now
    if participation.identity == "anonymous":
        response.user_id = None
        response.submitted_at = response.updated_at = now.replace(hour=0, minute=0, second=0, microsecond=0)
    add_to_tallies(participation, response.answers, response.origin)
    db.session.flush()
    _announce(participation)


def enter_paper_answers(actor, participation: Participation, data) -> int:
    """Complete responses from paper, a booth or the phone, entered by the owner: each with its origin,
    naming nobody. All or nothing: one bad response stores none (422 with `responses.<n>.answers.<key>`)."""
    _require_survey(participation)
    require(can_manage_participation(actor, participation), _("You may not enter answers here."))
    participation = lock(Participation, participation.id)
    if participation.status != "open":
        raise Conflict(_("This participation is not open."), code="closed")
    fields = Fields(data)
    origin = fields.choice("origin", ORIGINS[1:], required=True)
    responses = data.get("responses")
    if not isinstance(responses, list) or not 1 <= len(responses) <= PAPER_MAX:
        fields.error("responses", _("Give between 1 and %(n)d answers.", n=PAPER_MAX))
    fields.check()
    cleaned = [check_answers(participation.questions, item.get("answers") if isinstance(item, dict) else None,
                             complete=True, path=f"responses.{i}.answers") for i, item in enumerate(responses)]
    now = utcnow()
    for answers in cleaned:
        response = SurveyResponse(participation_id=participation.id, origin=origin, answers=answers,
                                  submitted_at=now, updated_at=now)
        db.session.add(response)
        add_to_tallies(participation, answers, origin)
        participation.participant_count += 1
    db.session.flush()
    _announce(participation)
    commit()
    return len(cleaned)


def publish_answer(actor, participation: Participation, data) -> PublishedAnswer:
    """Make one open-text answer (`{"response_id", "question"}`) public: it goes into the thread as a comment
    by the owner (so it can be flagged and lands in the review queue like any comment), and shows with the
    results while it stands."""
    _require_survey(participation)
    require(can_manage_participation(actor, participation), _("You may not publish answers here."))
    fields = Fields(data)
    response_id = fields.integer("response_id", minimum=1, maximum=MAX_ID, required=True)
    key = fields.text("question", max_length=32, required=True)
    fields.check()
    question = next((q for q in participation.questions if q.key == key and q.kind in TEXT_KINDS), None)
    response = db.session.get(SurveyResponse, response_id)
    if (question is None or response is None or response.participation_id != participation.id
            or response.submitted_at is None or not response.answers.get(key)):
        raise NotFound(_("Not found."))
    if db.session.scalar(select(PublishedAnswer.id).where(PublishedAnswer.response_id == response.id,
                                                          PublishedAnswer.question_id == question.id)):
        raise Conflict(_("This answer is already published."), code="published")
    post = participation.post
    if post is None or not can_participate(actor, post):
        raise Conflict(_("There is no thread to publish this in."), code="no_thread")
    text = response.answers[key]
    quoted = "\n".join(f"> {line}" for line in text.splitlines())
    with unit_of_work():
        comment = add_comment(actor, post, {"body": _("A participant answered “%(question)s”:",
                                                      question=question.text) + "\n\n" + quoted})
        published = PublishedAnswer(participation_id=participation.id, question_id=question.id,
                                    response_id=response.id, comment_id=comment.id, text=text)
        db.session.add(published)
    return published


def _results(participation: Participation) -> dict:
    return survey_results(participation) | response_rate(participation)


def _page_context(viewer, participation: Participation) -> dict:
    return {"draft": my_draft(viewer, participation)}


register_tool(Tool("survey", _l("Survey"), define=define, page="participation/_survey.html", context=_page_context,
                   describe=definition_json, results=_results))
