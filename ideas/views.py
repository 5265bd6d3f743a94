"""The pages of ideas: a round's ideas (with the submit form, similar ideas offered first), one idea with
steun, its answer and the owner's and coordinators' actions, and the owner's page that answers many at once."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.auth import api_user
from core.errors import AppError, ValidationError, attempt
from core.extensions import db
from core.ratelimits import write_limit
from core.validation import apply_errors
from media.services import accepts_images, image_response
from participation.services import get_participation
from wijken.geo import svg_map

from . import services
from .forms import AnswerForm, IdeaForm, TemplateForm
from .models import Idea
from .permissions import can_answer_ideas, can_curate_ideas, can_view_idea

bp = Blueprint("ideas", __name__)
limited = write_limit(lambda: f"user:{current_user.id}")


def _round(participation_id: int):
    participation = get_participation(current_user, participation_id)
    services.round_of(participation)
    return participation


@bp.get("/doe-mee/<int:participation_id>/ideeen")
def ideas(participation_id):
    """Every idea of the round, a page at a time (most supported or newest first)."""
    participation = _round(participation_id)
    sort = request.args.get("sort") if request.args.get("sort") in services.SORTS else "support"
    items, cursor = services.list_ideas(current_user, participation, sort=sort,
                                        after=services.parse_cursor(request.args.get("na")))
    return render_template("ideas/list.html", p=participation, ideas=items, sort=sort,
                           next=services.format_cursor(cursor), supported=services.supported_ids(current_user, items),
                           eligible=services.may_take_part(current_user, participation))


@bp.post("/doe-mee/<int:participation_id>/ideeen")
@login_required
@limited
@accepts_images(1)
def submit(participation_id):
    """Submit an idea; first, similar ideas of the round are offered ("Bedoel je deze? Steun hem dan")."""
    participation = _round(participation_id)
    form = IdeaForm()
    data = {name: getattr(form, name).data for name in ("title", "body", "location", "lat", "lon", "alt")}
    similar = [] if form.confirm.data == "1" else services.suggestions(participation, form.title.data or "",
                                                                        form.body.data or "")
    errors = {}
    if not similar:
        try:
            idea = services.submit_idea(current_user, participation, data, request.files.get("photo"))
        except ValidationError as exc:
            apply_errors(form, exc.fields)
            errors = exc.fields
            flash(exc.summary, "error")
        else:
            flash(_("Your idea is in. Others can support it now."), "success")
            return redirect(url_for("ideas.idea", participation_id=participation.id, idea_id=idea.id))
    form.confirm.data = "1"
    return render_template("ideas/similar.html", p=participation, form=form, similar=similar,
                           map=svg_map(participation.wijken), errors=errors,
                           supported=services.supported_ids(current_user, similar),
                           eligible=services.may_take_part(current_user, participation)), 200 if similar else 422


@bp.get("/doe-mee/<int:participation_id>/ideeen/<int:idea_id>/foto/<key>/<int:width>.jpg")
def photo(participation_id, idea_id, key, width):
    """An idea's photo, only for who may see the idea (a bearer token counts, for API clients): the same 404 for
    a photo that does not exist and one that is not theirs to see."""
    viewer = api_user() if request.headers.get("Authorization") else current_user
    found = db.session.get(Idea, idea_id)
    if (found is None or found.participation_id != participation_id or found.image is None
            or found.image.key != key or not can_view_idea(viewer, found)):
        abort(404)
    return image_response(found.image, width)


@bp.get("/doe-mee/<int:participation_id>/ideeen/<int:idea_id>")
def idea(participation_id, idea_id):
    participation = _round(participation_id)
    item = services.idea_in_round(current_user, participation, idea_id)
    answering = can_answer_ideas(current_user, participation)
    return render_template(
        "ideas/idea.html", p=participation, idea=item, supported=services.supported_ids(current_user, [item]),
        eligible=services.may_take_part(current_user, participation),
        answer_form=AnswerForm() if answering else None,
        templates=services.answer_templates(participation.organisation) if answering else [],
        merge_targets=services.merge_targets(item) if can_curate_ideas(current_user, participation) else [])


@bp.post("/doe-mee/<int:participation_id>/ideeen/<int:idea_id>/<any(steun, intrekken):action>")
@login_required
@limited
def support(participation_id, idea_id, action):
    item = services.idea_in_round(current_user, _round(participation_id), idea_id)
    if action == "steun":
        return _act(item, lambda: services.support(current_user, item), _("You support this idea."))
    return _act(item, lambda: services.withdraw_support(current_user, item), _("Your support is withdrawn."))


@bp.post("/doe-mee/<int:participation_id>/ideeen/<int:idea_id>/antwoord")
@login_required
def answer(participation_id, idea_id):
    item = services.idea_in_round(current_user, _round(participation_id), idea_id)
    data = {"state": request.form.get("state", ""), "body": request.form.get("body", "")}
    if request.form.get("merged_into"):
        data |= {"state": "merged", "merged_into": request.form["merged_into"]}
    return _act(item, lambda: services.answer_idea(current_user, item, data), _("The answer is sent."))


@bp.post("/doe-mee/<int:participation_id>/ideeen/<int:idea_id>/<any(verbergen, terugzetten):action>")
@login_required
def moderate(participation_id, idea_id, action):
    item = services.idea_in_round(current_user, _round(participation_id), idea_id)
    verb = "hide" if action == "verbergen" else "restore"
    return _act(item, lambda: services.moderate_idea(current_user, item, verb, request.form.get("reason", "")),
                _("Hidden.") if verb == "hide" else _("Restored."))


@bp.post("/doe-mee/<int:participation_id>/ideeen/<int:idea_id>/resultaat")
@login_required
def result_item(participation_id, idea_id):
    item = services.idea_in_round(current_user, _round(participation_id), idea_id)
    return _act(item, lambda: services.make_result_item(current_user, item),
                _("The idea is now a result item: its progress shows here."))


@bp.route("/doe-mee/<int:participation_id>/beantwoorden", methods=["GET", "POST"])
@login_required
def answer_many(participation_id):
    """The owner's page: every idea still waiting for an answer, answered a few at once with a saved answer."""
    participation = _round(participation_id)
    services.require_answerer(current_user, participation)
    form, template_form = AnswerForm(), TemplateForm(prefix="template")
    if request.method == "POST":
        ids = [int(i) for i in request.form.getlist("idea") if i.isdigit() and len(i) < 10]
        data = {"ids": ids, "state": form.state.data, "body": form.body.data}
        if request.form.get("template", "").isdigit():
            data = {"ids": ids, "template": int(request.form["template"][:9])}
        try:
            count = services.answer_many(current_user, participation, data)
        except AppError as error:
            flash(error.summary, "error")
        else:
            flash(_("%(n)d ideas answered.", n=count), "success")
            return redirect(url_for("ideas.answer_many", participation_id=participation.id))
    waiting, _cursor = services.list_ideas(current_user, participation, sort="new", waiting=True, limit=200)
    return render_template("ideas/answer.html", p=participation, waiting=waiting, form=form,
                           template_form=template_form, templates=services.answer_templates(participation.organisation))


@bp.post("/doe-mee/<int:participation_id>/antwoorden-opslaan")
@login_required
def save_template(participation_id):
    participation = _round(participation_id)
    form = TemplateForm(prefix="template")
    try:
        services.save_template(current_user, participation, {"title": form.title.data, "state": form.state.data,
                                                             "body": form.body.data})
    except AppError as error:
        flash(error.summary, "error")
    else:
        flash(_("The answer is saved for later."), "success")
    return redirect(url_for("ideas.answer_many", participation_id=participation.id))


def _act(item, action, success: str):
    """Run a service; a refusal becomes a message on the idea's page, nothing changed."""
    attempt(action, success)
    return redirect(url_for("ideas.idea", participation_id=item.participation_id, idea_id=item.id))
