"""The participation page: the frame (level, promise, owner, dates), the answer form, the results (a bar
chart with the same numbers as a table), the outcome and result items, and the owner's actions."""
from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import AppError, attempt
from core.ratelimits import write_limit
from core.timeutil import to_local, utcnow
from partners.services import organisation_by_slug
from reach.views import flyer_limit

from . import services
from .codes import CODE_INPUT_MAX, code_limit, generate_codes, issued
from .letters import letters_pdf
from .levels import LEVELS
from .permissions import can_manage_participation, is_eligible, is_open
from .promises import organisation_participations, promise_record
from .tools import TOOLS, editable_tools

bp = Blueprint("participation", __name__)
limited = write_limit(lambda: f"user:{getattr(current_user, 'id', None) or request.remote_addr}")


@bp.get("/doe-mee/<int:participation_id>")
def page(participation_id):
    """The page; a letter's QR code opens it with `?code=` filled in (never sent by itself)."""
    participation = services.get_participation(current_user, participation_id)
    return render_page(participation, code=request.args.get("code", "")[:CODE_INPUT_MAX])


def render_page(participation, code: str = "", **tool_extra):
    """The participation page; `tool_extra` goes into the tool's context (a tool's own view showing its form again
    as typed, with what is wrong, say)."""
    manage = can_manage_participation(current_user, participation)
    letters = [(w, issued(participation, w)) for w in participation.wijken] \
        if manage and participation.eligibility == "code" else []
    answered = services.has_answered(current_user, participation)
    may_answer = (is_open(participation) and not answered
                  and is_eligible(current_user, participation, services.followed_wijk_ids(current_user)))
    tool = TOOLS[participation.tool]
    return render_template("participation/page.html", p=participation, level=LEVELS[participation.level],
                           tool=tool, tool_context=(tool.context(current_user, participation) if tool.context else {})
                           | tool_extra,
                           answered=answered, may_answer=may_answer,
                           results=services.visible_results(current_user, participation),
                           manage=manage, editable=participation.tool in editable_tools(), code=code,
                           letters=letters, decision_label=services.decision_label,
                           overdue=services.overdue_days(participation))


@bp.get("/organisaties/<slug>/doe-mee")
def organisation(slug):
    """An organisation's participations and how many of its feedback promises it kept on time."""
    org = organisation_by_slug(slug)
    return render_template("participation/organisation.html", organisation=org, record=promise_record(org),
                           participations=organisation_participations(org), levels=LEVELS)


@bp.post("/doe-mee/<int:participation_id>/antwoord")
@code_limit
@limited
def answer(participation_id):
    """An answer from the form; with a letter code no account is needed. A refusal keeps the code typed."""
    participation = services.get_participation(current_user, participation_id)
    if participation.eligibility != "code" and not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    choices = [int(c) for c in request.form.getlist("choice") if c.isdigit() and len(c) < 10]
    data = {"choices": choices}
    if request.form.get("other", "").strip():
        data["other"] = request.form["other"]
    if participation.eligibility == "code":
        data["code"] = request.form.get("code", "")
    try:
        services.respond(current_user, participation, data)
    except AppError as error:
        flash(error.summary, "error")
        return render_page(participation, code=data.get("code")), error.status
    flash(_("Thank you: your answer is counted."), "success")
    return redirect(url_for("participation.page", participation_id=participation.id))


@bp.post("/doe-mee/<int:participation_id>/brieven")
@login_required
@flyer_limit
def letters(participation_id):
    """A batch of letter codes as a PDF to print, one letter per page (the codes are shown only this once)."""
    participation = services.get_participation(current_user, participation_id)
    data = {"wijk": request.form.get("wijk", "")}
    if request.form.get("count", "").strip():
        data["count"] = request.form["count"]
    try:
        wijk, made = generate_codes(current_user, participation, data)
    except AppError as error:
        flash(error.summary, "error")
        return redirect(url_for("participation.page", participation_id=participation.id))
    with force_locale("nl"):
        pdf = letters_pdf(participation, wijk, made)
    filename = f"brieven-{participation.id}-{wijk.slug}-{to_local(utcnow()):%Y-%m-%d-%H%M}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "no-store"})


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
    attempt(action, success)
    return redirect(url_for("participation.page", participation_id=participation.id))
