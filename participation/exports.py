"""Exports: the aggregated results as CSV for Dutch Excel (semicolon, decimal comma, UTF-8 with a byte order
mark) or JSON, for whoever may see the results; the raw answers only for the owner, naming people only as far
as the identity setting allows (named: the name; pseudonymous: a code per person and participation;
anonymous: nobody, and only the day)."""
import csv
import hashlib
import hmac
import io

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from accounts.models import User
from core.errors import require
from core.extensions import db

from .models import Participation, PollOption, Response
from .permissions import can_manage_participation
from .survey_models import SurveyResponse
from .surveys import answer_text

BOM = "\ufeff"


def _percent(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}".replace(".", ",") if total else "0,0"


def _writer(buffer):
    return csv.writer(buffer, delimiter=";", lineterminator="\r\n")


def results_csv(participation: Participation, results: dict) -> str:
    """One row per answer with its count and share: question; answer; count; percentage; plus the origins."""
    buffer = io.StringIO()
    out = _writer(buffer)
    out.writerow([_("Question"), _("Answer"), _("Count"), _("Percentage")])
    total = results["participant_count"]
    for option in results["options"]:
        out.writerow([participation.title, option["label"], option["votes"], _percent(option["votes"], total)])
    if results["other"] is not None:
        out.writerow([participation.title, _("Other"), results["other"], _percent(results["other"], total)])
    for question in results.get("questions") or []:
        answered = question["answered"]
        for bar in question["bars"]:
            out.writerow([question["text"], bar["label"], bar["count"],
                          "" if question["kind"] == "ranking" else _percent(bar["count"], answered)])
        for row in question["rows"] or []:
            for bar in row["bars"]:
                out.writerow([question["text"], f"{row['label']}: {bar['label']}", bar["count"],
                              _percent(bar["count"], answered)])
        for text in question["published"] or []:
            out.writerow([question["text"], text, "", ""])
    for origin, count in results["origins"].items():
        out.writerow([_("Origin"), origin, count, _percent(count, total)])
    return BOM + buffer.getvalue()


def pseudonym(participation: Participation, user_id: int) -> str:
    """The same code for a person within one participation, meaningless outside it."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), f"{participation.id}:{user_id}".encode(),
                      hashlib.sha256).hexdigest()
    return "P-" + digest[:8]


def _respondent(participation: Participation, user_id, names: dict) -> str | None:
    if user_id is None or participation.identity == "anonymous":
        return None
    return names.get(user_id) if participation.identity == "named" else pseudonym(participation, user_id)


def raw_answers(actor, participation: Participation) -> dict:
    """Every submitted answer, for the owner only (three queries)."""
    require(can_manage_participation(actor, participation), _("Only the owner sees the answers."))
    if participation.tool == "survey":
        rows = [(r.id, r.user_id, r.origin, r.submitted_at, r.answers) for r in db.session.scalars(
            select(SurveyResponse).where(SurveyResponse.participation_id == participation.id,
                                         SurveyResponse.submitted_at.is_not(None)).order_by(SurveyResponse.id))]
    else:
        labels = dict(db.session.execute(select(PollOption.id, PollOption.label).where(
            PollOption.participation_id == participation.id)).all())
        rows = [(r.id, r.user_id, r.origin, r.created_at,
                 {"choices": [labels.get(c) for c in r.choices], "other": r.other_text})
                for r in db.session.scalars(select(Response).where(Response.participation_id == participation.id)
                                            .order_by(Response.id))]
    named = participation.identity == "named"
    ids = {user_id for _id, user_id, *_rest in rows if user_id}
    names = dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) \
        if named and ids else {}
    anonymous = participation.identity == "anonymous"
    return {"identity": participation.identity, "items": [
        {"id": rid, "respondent": _respondent(participation, user_id, names), "origin": origin,
         "submitted_on": None if anonymous or at is None else at.date().isoformat(), "answers": answers}
        for rid, user_id, origin, at, answers in rows]}


def raw_csv(participation: Participation, raw: dict) -> str:
    """The raw answers, one row per response: id; respondent; origin; day; then one column per question."""
    if participation.tool == "survey":
        questions = participation.questions
        head = [q.text for q in questions]

        def cells(answers):
            return [answer_text(q, answers.get(q.key)) for q in questions]
    else:
        head = [participation.title, _("Other")]

        def cells(answers):
            return [", ".join(filter(None, answers["choices"])), answers["other"] or ""]
    buffer = io.StringIO()
    out = _writer(buffer)
    out.writerow(["id", _("Respondent"), _("Origin"), _("Day"), *head])
    for item in raw["items"]:
        out.writerow([item["id"], item["respondent"] or "", item["origin"], item["submitted_on"] or "",
                      *cells(item["answers"])])
    return BOM + buffer.getvalue()
