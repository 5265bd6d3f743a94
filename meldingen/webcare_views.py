"""The pages of webcare and the scorecards: "Stel een vraag aan <organisatie>" (the form), a question's page (a
private one; a public one is its post, with the same panel), the staff's reply, holding reply and assignment, the
asker's "dit helpt", turning a question into a melding, the organisation's inbox with its clocks and its settings,
and the public scorecards of an organisation and of a wijk. Registered on the meldingen blueprint."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import ValidationError, attempt, require
from core.timeutil import utcnow
from partners.permissions import POSTING_ROLES, can_manage_organisation, membership_role
from partners.services import organisation_by_slug
from wijken.services import wijk_by_slug
from wijken.views import post_extras, wijk_page_extra, wijk_page_section

from . import scorecards, webcare
from .permissions import can_ask
from .views import bp, limited, report_form

ASK_FIELDS = ("organisation", "title", "body")

wijk_page_section("meldingen/_webcare_section.html")


@wijk_page_extra
def _webcare_section(wijk) -> dict:
    return {"webcare_organisations": webcare.organisations_for(wijk)}


@post_extras(webcare.KIND)
def _extras(posts, viewer) -> dict:
    questions = webcare.questions_for_posts([p.id for p in posts])
    return {post_id: {"card": "meldingen/_question_card.html", "page": "meldingen/_question_panel.html",
                      "question": question} for post_id, question in questions.items()}


@bp.route("/w/<slug>/vraag-stellen", methods=["GET", "POST"])
@login_required
@limited
def ask(slug):
    """"Stel een vraag aan <organisatie>": the organisation (preset with ?aan=), a title, the question."""
    wijk = wijk_by_slug(slug)
    require(can_ask(current_user, wijk), _("You cannot ask a question here."))
    data = {name: request.form.get(name, "") for name in ASK_FIELDS} | {"private": "private" in request.form}
    data["organisation"] = data["organisation"] or request.args.get("aan", "")
    errors = {}
    if request.method == "POST":
        try:
            question = webcare.ask(current_user, wijk, data)
        except ValidationError as exc:
            errors = exc.fields
            flash(exc.message, "error")
        else:
            flash(_("Your question is sent to %(organisation)s.", organisation=question.organisation.name), "success")
            return redirect(webcare.link(question))
    return render_template("meldingen/ask.html", wijk=wijk, data=data, errors=errors,
                           organisations=webcare.organisations_for(wijk)), 422 if errors else 200


def _question(question_id):
    return webcare.get_question(current_user, question_id)


def _back(question):
    return redirect(webcare.link(question) + "#vraag")


@bp.get("/vragen/<int:question_id>")
def question(question_id):
    """A private question's page (asker and staff); a public question lives on its post."""
    found = _question(question_id)
    if not found.private and found.post_id is not None:
        return redirect(webcare.link(found))
    return render_template("meldingen/question.html", question=found, extra={"question": found})


@bp.post("/vragen/<int:question_id>/antwoord")
@login_required
@limited
def reply(question_id):
    found = _question(question_id)
    data = {"body": request.form.get("body") or None, "holding": "holding" in request.form}
    attempt(lambda: webcare.reply(current_user, found, data), _("Your answer is placed."))
    return _back(found)


@bp.post("/vragen/<int:question_id>/toewijzen")
@login_required
@limited
def assign(question_id):
    found = _question(question_id)
    attempt(lambda: webcare.assign(current_user, found, {"assignee": request.form.get("assignee")}),
            _("The question is assigned."))
    return redirect(request.form.get("next") == "inbox" and url_for(
        "meldingen.questions_inbox", slug=found.organisation.slug) or webcare.link(found) + "#vraag")


@bp.post("/vragen/<int:question_id>/dit-helpt")
@login_required
@limited
def accept(question_id):
    found = _question(question_id)
    attempt(lambda: webcare.accept(current_user, found, {"reply": request.form.get("reply")}),
            _("Thank you: the organisation hears that this helped."))
    return _back(found)


@bp.route("/vragen/<int:question_id>/melding", methods=["GET", "POST"])
@login_required
@limited
def convert_question(question_id):
    """Turn a question into a melding: category and spot, the text comes along."""
    found = _question(question_id)
    return report_form(found.wijk.slug, found, lambda data: webcare.convert(current_user, found, data))


# --- the organisation's side -------------------------------------------------------------------------------

def _staff_only(slug):
    organisation = organisation_by_slug(slug)
    require(membership_role(current_user, organisation) in POSTING_ROLES
            or can_manage_organisation(current_user, organisation), _("Only the organisation's staff see this."))
    return organisation


@bp.get("/organisaties/<slug>/vragen")
@login_required
def questions_inbox(slug):
    """The organisation's questions with their clocks: open, mine, unassigned, answered, all."""
    organisation = _staff_only(slug)
    which = request.args.get("filter", "open")
    which = which if which in webcare.INBOX_FILTERS else "open"
    return render_template("meldingen/questions_inbox.html", organisation=organisation, which=which,
                           questions=webcare.inbox(organisation, current_user, which, limit=200),
                           staff=webcare.staff_of(organisation), now=utcnow(),
                           settings=webcare.settings_of(organisation))


@bp.route("/organisaties/<slug>/webcare", methods=["GET", "POST"])
@login_required
def webcare_settings(slug):
    organisation = organisation_by_slug(slug)
    require(can_manage_organisation(current_user, organisation), _("Only the organisation's admins change this."))
    settings = webcare.settings_of(organisation)
    data = {"first_reaction_hours": settings.first_reaction_hours, "answer_days": settings.answer_days,
            "opens": settings.opens.strftime("%H:%M"), "closes": settings.closes.strftime("%H:%M")}
    errors = {}
    if request.method == "POST":
        data = {name: request.form.get(name, "") for name in data}
        try:
            webcare.save_settings(current_user, organisation, data)
        except ValidationError as exc:
            errors = exc.fields
            flash(exc.message, "error")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("meldingen.webcare_settings", slug=slug))
    return render_template("meldingen/webcare_settings.html", organisation=organisation, data=data,
                           errors=errors), 422 if errors else 200


# --- public scorecards -------------------------------------------------------------------------------------

@bp.get("/organisaties/<slug>/reactietijden")
def organisation_scorecard(slug):
    organisation = organisation_by_slug(slug)
    return render_template("meldingen/scorecard.html", organisation=organisation, wijk=None,
                           card=scorecards.scorecard(organisation=organisation))


@bp.get("/w/<slug>/reactietijden")
def wijk_scorecard(slug):
    wijk = wijk_by_slug(slug)
    return render_template("meldingen/scorecard.html", organisation=None, wijk=wijk,
                           card=scorecards.scorecard(wijk=wijk))


TEMPLATE_HELPERS = {"webcare_state_label": webcare.label, "webcare_staff": webcare.staff_of,
                    "webcare_hours": scorecards.as_hours, "webcare_days": scorecards.as_days,
                    "webcare_min_closed": scorecards.MIN_CLOSED}
