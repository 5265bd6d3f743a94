"""The pages of stellingen: the card to vote on (in the participation page), adding a stelling, the opinion
groups, reviewing residents' stellingen, and the open-data export in Polis's CSV format."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import AppError
from core.ratelimits import write_limit
from core.timeutil import parse_iso
from moderation.views import queue_section
from participation.services import get_participation

from . import export, services

bp = Blueprint("stellingen", __name__)
limited = write_limit(lambda: f"user:{current_user.id}")
VOTES = {"eens": 1, "pas": 0, "oneens": -1}


def _set(participation_id: int):
    participation = get_participation(current_user, participation_id)
    services.set_of(participation)
    return participation


def _back(participation, anchor: str = "kaart"):
    return redirect(url_for("participation.page", participation_id=participation.id, _anchor=anchor))


@bp.post("/doe-mee/<int:participation_id>/stellingen/<int:statement_id>/<any(eens, pas, oneens):choice>")
@login_required
@limited
def vote(participation_id, statement_id, choice):
    participation = _set(participation_id)
    statement = services.get_statement(current_user, statement_id)
    if statement.participation_id != participation.id:
        abort(404)
    try:
        services.vote(current_user, statement, {"value": VOTES[choice],
                                                "important": request.form.get("important") == "1"})
    except AppError as error:
        flash(error.summary, "error")
    return _back(participation)


@bp.post("/doe-mee/<int:participation_id>/stellingen")
@login_required
@limited
def add(participation_id):
    participation = _set(participation_id)
    try:
        statement = services.add_statement(current_user, participation, {"text": request.form.get("text", "")})
    except AppError as error:
        flash(error.summary, "error")
    else:
        flash(_("Your stelling is published.") if statement.status == "approved" else
              _("Thank you. We review your stelling within %(n)d hours; you hear from us.",
                n=participation.statement_set.review_hours), "success")
    return _back(participation, "nieuwe-stelling")


@bp.get("/doe-mee/<int:participation_id>/meningen")
def groups(participation_id):
    participation = _set(participation_id)
    try:
        shown = services.opinion_groups(current_user, participation)
    except AppError as error:
        if error.status != 403:
            raise
        flash(error.summary, "error")
        return _back(participation)
    computed = parse_iso(shown["computed_at"]) if shown["computed_at"] else None
    return render_template("stellingen/groups.html", p=participation, g=shown, computed=computed)


@bp.route("/doe-mee/<int:participation_id>/stellingen/beoordelen", methods=["GET", "POST"])
@login_required
def review(participation_id):
    """Residents' stellingen waiting for review, oldest first: publish, or refuse with the reason."""
    participation = _set(participation_id)
    if request.method == "POST":
        raw = request.form.get("statement", "")
        if not raw.isdigit() or len(raw) > 9:
            abort(404)
        statement = services.get_statement(current_user, int(raw))
        try:
            services.review_statement(current_user, statement, {"action": request.form.get("action", ""),
                                                                "reason": request.form.get("reason", "")})
        except AppError as error:
            flash(error.summary, "error")
        else:
            flash(_("Published.") if statement.status == "approved" else _("Refused; the author is told why."),
                  "success")
        return redirect(url_for("stellingen.review", participation_id=participation.id))
    return render_template("stellingen/review.html", p=participation,
                           pending=services.statements(current_user, participation, "pending"),
                           hidden=services.statements(current_user, participation, "hidden"))


@bp.get("/doe-mee/<int:participation_id>/export/<name>.csv")
def export_csv(participation_id, name):
    """Open data without personal data, in Polis's format."""
    if name not in export.FILES:
        abort(404)
    participation = _set(participation_id)
    return Response(export.export(participation, name), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="stellingen-{participation.id}-{name}.csv"'})


@queue_section
def _waiting_stellingen(user):
    """On the review queue: the sets with residents' stellingen waiting for this moderator."""
    waiting = services.waiting_for_review(user)
    return ("stellingen/_queue_section.html", {"waiting": waiting}) if waiting else None
