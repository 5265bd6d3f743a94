"""The budget tools on the participation page: the distribution form (number fields that work without
JavaScript; budgetschuiver.js adds the sliders), the ballot, a preview that shows totals and consequences without
storing anything, and the owner's form for the real decision. A refused answer shows the page again with what was
typed and what is wrong."""
from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import AppError, ValidationError
from core.ratelimits import write_limit
from core.validation import row_id
from participation.codes import code_limit
from participation.services import get_participation, respond
from participation.views import render_page

from . import forms, services

bp = Blueprint("budgets", __name__)
limited = write_limit(lambda: f"user:{getattr(current_user, 'id', None) or request.remote_addr}")


def row_errors(errors: dict, prefix: str, labels: dict) -> tuple[list[str], set[str]]:
    """The editor's errors of one row (`definition.lines.2.`), each named by its field's label (`labels`), a
    consequence's by its line in the box; and the fields that have one."""
    found, fields = [], set()
    for name, message in sorted(errors.items()):
        if name.startswith(prefix):
            part = name.removeprefix(prefix).split(".")
            fields.add(part[0])
            if part[0] == "consequences" and len(part) > 1 and part[1].isdigit():
                message = _("Consequence %(n)d: %(message)s", n=int(part[1]) + 1, message=message)
            elif part[0] in labels:
                message = _("%(field)s: %(message)s", field=labels[part[0]], message=message)
            found.append(message)
    return found, fields


@bp.post("/doe-mee/<int:participation_id>/verdeling")
@code_limit
@limited
def distribute(participation_id):
    participation = get_participation(current_user, participation_id)
    data = forms.distribution_from_form(participation, request.form) | {"explanation": request.form.get("explanation")}
    return _answer(participation, data, _("Thank you: your budget is counted."))


@bp.post("/doe-mee/<int:participation_id>/stembiljet")
@code_limit
@limited
def vote(participation_id):
    participation = get_participation(current_user, participation_id)
    return _answer(participation, forms.ballot_from_form(participation, request.form),
                   _("Thank you: your vote is counted."))


def _typed(participation) -> dict:
    """The tool's part of the page as the form was filled in."""
    if participation.tool == "budget_vote":
        return services.vote_form(participation, {row_id(v) for v in request.form.getlist("project")})
    return services.budget_form(participation, request.form)


def _answer(participation, data, success: str):
    """`action=preview` shows the totals without storing; otherwise the answer is sent to the frame. With
    letter codes no account is needed (the frame checks the code); a refusal keeps what was typed."""
    code = request.form.get("code", "")
    if participation.eligibility == "code":
        data["code"] = code
    elif not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if request.form.get("action") == "preview":
        return render_page(participation, code=code, **_typed(participation))
    try:
        respond(current_user, participation, data)
    except ValidationError as error:
        return render_page(participation, code=code, errors=error.fields, **_typed(participation)), 422
    except AppError as error:
        flash(error.summary, "error")
    else:
        flash(success, "success")
    return redirect(url_for("participation.page", participation_id=participation.id))


@bp.post("/doe-mee/<int:participation_id>/besluit")
@login_required
def decision(participation_id):
    participation = get_participation(current_user, participation_id)
    try:
        services.set_decision(current_user, participation, {"amounts": forms.line_amounts(participation, request.form)})
    except ValidationError as error:
        return render_page(participation, errors=error.fields, decided=request.form), 422
    except AppError as error:
        flash(error.summary, "error")
    else:
        flash(_("The decision is shown beside the residents' budget."), "success")
    return redirect(url_for("participation.page", participation_id=participation.id))
