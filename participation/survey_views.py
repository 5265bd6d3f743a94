"""Pages around the participation page: a survey answered one section at a time (saved at every step, so a
participant continues later), the officer screen for answers from paper, a booth or the phone, the exports and
the printable A4. Routes on the participation blueprint (participation.views)."""
import json

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import AppError, PermissionDenied, ValidationError

from . import exports, printing, services, survey_services
from .levels import ORIGINS
from .permissions import can_manage_participation, is_eligible, is_open
from .survey_forms import answers_from_form, errors_by_key
from .surveys import check_answers, is_asked
from .tools import TOOLS
from .views import bp, limited

SURVEY_ACTIONS = ("next", "previous", "later")


def _survey(participation_id: int):
    participation = services.get_participation(current_user, participation_id)
    if participation.tool != "survey":
        abort(404)
    return participation


def _asked(section, answers: dict) -> list:
    return [q for q in section.questions if is_asked(q, answers)]


def _step(participation, number: int, answers: dict, direction: int) -> int | None:
    """The next (or previous) section with a question asked after these answers."""
    number += direction
    while 1 <= number <= len(participation.sections):
        if _asked(participation.sections[number - 1], answers):
            return number
        number += direction
    return None


def _may_answer(participation) -> bool:
    return (is_open(participation) and not services.has_answered(current_user, participation)
            and is_eligible(current_user, participation, services.followed_wijk_ids(current_user)))


@bp.route("/doe-mee/<int:participation_id>/vragen/<int:number>", methods=["GET", "POST"])
@login_required
@limited
def survey_section(participation_id, number):
    participation = _survey(participation_id)
    if not 1 <= number <= len(participation.sections):
        abort(404)
    if not _may_answer(participation):
        flash(_("You cannot answer this survey (any more)."), "error")
        return redirect(url_for("participation.page", participation_id=participation.id))
    section = participation.sections[number - 1]
    draft = survey_services.my_draft(current_user, participation)
    answers = dict(draft.answers) if draft else {}
    errors = _missing(participation, section, answers) if request.args.get("controle") else {}
    if request.method == "POST":
        given, errors = answers_from_form(_asked(section, answers), request.form)
        answers |= given
        if not errors:
            outcome = _save(participation, number, given, request.form.get("action"))
            if isinstance(outcome, dict):
                errors = outcome
            else:
                return outcome
    return render_template("participation/survey_section.html", p=participation, section=section, number=number,
                           questions=_asked(section, answers), answers=answers, errors=errors,
                           previous=_step(participation, number, answers, -1),
                           next=_step(participation, number, answers, 1))


def _missing(participation, section, answers: dict) -> dict:
    try:
        check_answers(participation.questions, answers, complete=True)
    except ValidationError as error:
        keys = {q.key for q in section.questions}
        return {key: message for key, message in errors_by_key(error.fields).items() if key in keys}
    return {}


def _save(participation, number: int, given: dict, action: str | None):
    """Save the section (and submit at the end); a redirect, or the section's errors by question key."""
    action = action if action in (*SURVEY_ACTIONS, "submit") else "next"
    try:
        saved = survey_services.save_answers(current_user, participation,
                                             {"answers": given, "submit": action == "submit"}, merge=True)
    except ValidationError as error:
        found = errors_by_key(error.fields)
        if action == "submit":
            flash(_("Some questions still need an answer."), "error")
            return redirect(url_for("participation.survey_section", participation_id=participation.id,
                                    number=_section_of(participation, found), controle=1))
        return found or {"": error.summary}
    except AppError as error:
        flash(error.summary, "error")
        return redirect(url_for("participation.page", participation_id=participation.id))
    if action == "submit":
        flash(_("Thank you: your answers are counted."), "success")
        return redirect(url_for("participation.page", participation_id=participation.id))
    if action == "later":
        flash(_("Your answers are saved. You can continue later."), "success")
        return redirect(url_for("participation.page", participation_id=participation.id))
    target = _step(participation, number, saved.answers, -1 if action == "previous" else 1)
    if target is None and action == "next":
        return redirect(url_for("participation.survey_send", participation_id=participation.id))
    return redirect(url_for("participation.survey_section", participation_id=participation.id,
                            number=target or number))


@bp.route("/doe-mee/<int:participation_id>/vragen/versturen", methods=["GET", "POST"])
@login_required
@limited
def survey_send(participation_id):
    """The last step: every page answered, send the answers (once)."""
    participation = _survey(participation_id)
    if not _may_answer(participation):
        flash(_("You cannot answer this survey (any more)."), "error")
        return redirect(url_for("participation.page", participation_id=participation.id))
    draft = survey_services.my_draft(current_user, participation)
    answers = draft.answers if draft else {}
    last = _step(participation, len(participation.sections) + 1, answers, -1) or 1
    if request.method == "POST":
        return _save(participation, last, {}, "submit")
    return render_template("participation/survey_send.html", p=participation, answered=len(answers), last=last)


def _section_of(participation, errors: dict) -> int:
    for number, section in enumerate(participation.sections, start=1):
        if any(q.key in errors for q in section.questions):
            return number
    return 1


# --- officer screen ---------------------------------------------------------------------------------------

@bp.route("/doe-mee/<int:participation_id>/invoeren", methods=["GET", "POST"])
@login_required
@limited
def officer(participation_id):
    """Answers from paper, a booth or the phone, one form (a poll: as many identical ones as counted)."""
    participation = services.get_participation(current_user, participation_id)
    if not can_manage_participation(current_user, participation):
        raise PermissionDenied(_("You may not enter answers here."))
    errors, answers = {}, {}
    if request.method == "POST":
        errors, answers = _enter(participation)
        if not errors:
            return redirect(url_for("participation.officer", participation_id=participation.id))
    return render_template("participation/officer.html", p=participation, origins=ORIGINS[1:], errors=errors,
                           tool_form=TOOLS[participation.tool].officer_form,
                           answers=answers, form=request.form, conditions=_conditions(participation),
                           results=services.results(participation))


def _conditions(participation) -> dict[str, str]:
    """Per conditional question, when it is asked (the officer screen shows every question at once)."""
    if participation.tool != "survey":
        return {}
    by_key = {q.key: q for q in participation.questions}
    return {q.key: _("Only asked after “%(question)s” was answered with: %(options)s.",
                     question=by_key[q.show_if["question"]].text,
                     options=", ".join(by_key[q.show_if["question"]].options[i] for i in q.show_if["options"]))
            for q in participation.questions if q.show_if}


def _officer_ballot(participation, form) -> dict:
    """One answer from the officer screen: the poll's choices, or as the tool reads its part of the form."""
    tool = TOOLS[participation.tool]
    if tool.officer_ballot:
        return tool.officer_ballot(participation, form)
    ballot = {"choices": [int(c) for c in form.getlist("choice") if c.isdigit() and len(c) < 10]}
    if form.get("other", "").strip():
        ballot["other"] = form["other"]
    return ballot


def _enter(participation) -> tuple[dict, dict]:
    form = request.form
    origin = form.get("origin", "")
    try:
        if participation.tool == "survey":
            answers, errors = answers_from_form(participation.questions, form)
            if errors:
                return errors, answers
            data = {"origin": origin, "responses": [{"answers": {k: v for k, v in answers.items() if v is not None}}]}
            entered = survey_services.enter_paper_answers(current_user, participation, data)
        else:
            answers = {}
            count = form.get("count", "1")
            copies = int(count) if count.isdigit() and len(count) < 4 else 0
            if not 1 <= copies <= 500:
                return {"count": _("Give a number from 1 to 500.")}, answers
            ballot = _officer_ballot(participation, form)
            entered = services.enter_paper_responses(current_user, participation,
                                                     {"origin": origin, "responses": [ballot] * copies})
    except ValidationError as error:
        found = errors_by_key(error.fields) or {k.rsplit(".", 1)[-1]: v for k, v in error.fields.items()}
        return found, answers if participation.tool == "survey" else {}
    except AppError as error:
        flash(error.summary, "error")
        return {"": error.summary}, {}
    flash(_("Entered: %(n)d.", n=entered), "success")
    return {}, {}


# --- exports and the printable A4 ---------------------------------------------------------------------------

def _download(body: str | bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/doe-mee/<int:participation_id>/resultaten.<any(csv, json):kind>")
def results_export(participation_id, kind):
    """The aggregated results, for whoever may see them now."""
    participation = services.get_participation(current_user, participation_id)
    shown = services.visible_results(current_user, participation)
    if shown is None:
        raise PermissionDenied(_("The results are not visible yet."))
    name = f"resultaten-{participation.id}.{kind}"
    if kind == "json":
        return _download(json.dumps(shown, ensure_ascii=False, indent=1), "application/json", name)
    return _download(exports.results_csv(participation, shown), "text/csv; charset=utf-8", name)


@bp.get("/doe-mee/<int:participation_id>/antwoorden.<any(csv, json):kind>")
@login_required
def raw_export(participation_id, kind):
    """Every answer, for the owner (named as far as the identity setting allows)."""
    participation = services.get_participation(current_user, participation_id)
    raw = exports.raw_answers(current_user, participation)
    name = f"antwoorden-{participation.id}.{kind}"
    if kind == "json":
        return _download(json.dumps(raw, ensure_ascii=False, indent=1), "application/json", name)
    return _download(exports.raw_csv(participation, raw), "text/csv; charset=utf-8", name)


@bp.get("/doe-mee/<int:participation_id>/a4.pdf")
def printable(participation_id):
    """An A4 for the notice board or the booth: the question, the promise and a QR code to take part."""
    participation = services.get_participation(current_user, participation_id)
    return Response(printing.participation_a4(participation), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="doe-mee-{participation.id}.pdf"'})
