"""The participation page: the frame (level, promise, owner, dates), the answer form, the results (a bar
chart with the same numbers as a table), the outcome and result items, and the owner's actions."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import AppError
from core.ratelimits import write_limit

from . import services
from .levels import LEVELS
from .permissions import can_manage_participation, is_eligible, is_open
from .tools import TOOLS

bp = Blueprint("participation", __name__)
limited = write_limit(lambda: f"user:{current_user.id}")


@bp.get("/doe-mee/<int:participation_id>")
def page(participation_id):
    participation = services.get_participation(current_user, participation_id)
    answered = services.has_answered(current_user, participation)
    may_answer = (is_open(participation) and not answered
                  and is_eligible(current_user, participation, services.followed_wijk_ids(current_user)))
    tool = TOOLS[participation.tool]
    return render_template("participation/page.html", p=participation, level=LEVELS[participation.level],
                           tool=tool, tool_context=tool.context(current_user, participation) if tool.context else {},
                           answered=answered, may_answer=may_answer,
                           results=services.visible_results(current_user, participation),
                           manage=can_manage_participation(current_user, participation),
                           decision_label=services.decision_label, overdue=services.overdue_days(participation))


@bp.post("/doe-mee/<int:participation_id>/antwoord")
@login_required
@limited
def answer(participation_id):
    participation = services.get_participation(current_user, participation_id)
    choices = [int(c) for c in request.form.getlist("choice") if c.isdigit() and len(c) < 10]
    data = {"choices": choices}
    if request.form.get("other", "").strip():
        data["other"] = request.form["other"]
    return _act(participation, lambda: services.respond(current_user, participation, data),
                _("Thank you: your answer is counted."))


@bp.post("/doe-mee/<int:participation_id>/<any(publiceren, sluiten):action>")
@login_required
def owner_action(participation_id, action):
    participation = services.get_participation(current_user, participation_id)
    service = {"publiceren": services.publish, "sluiten": services.close}[action]
    message = {"publiceren": _("Published in the wijk."), "sluiten": _("Closed.")}[action]
    return _act(participation, lambda: service(current_user, participation), message)


@bp.post("/doe-mee/<int:participation_id>/uitkomst")
@login_required
def outcome(participation_id):
    participation = services.get_participation(current_user, participation_id)
    data = {"decision": request.form.get("decision", ""), "body": request.form.get("body", "")}
    return _act(participation, lambda: services.publish_outcome(current_user, participation, data),
                _("The outcome is published; every participant is told."))


def _act(participation, action, success: str):
    """Run a service; a refusal becomes a message on the same page, nothing changed."""
    try:
        action()
    except AppError as error:
        flash(error.summary, "error")
    else:
        flash(success, "success")
    return redirect(url_for("participation.page", participation_id=participation.id))
