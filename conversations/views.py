"""The spreekuur and debate pages. They work without JavaScript (forms, and a read-along page that refreshes
itself); static/conversation.js makes them live. A refused message comes back on the page with the text kept."""
from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from core.errors import AppError, attempt, wants_json
from core.ratelimits import write_limit
from core.timeutil import utcnow
from wijken.permissions import can_comment, can_manage_wijk
from wijken.services import wijk_by_slug

from . import debates, services, spreekuur
from .permissions import window_state
from .serializers import message_json

bp = Blueprint("conversations", __name__)
limited = write_limit(lambda: f"user:{current_user.id}")
KIND = {"spreekuur": "spreekuur", "debat": "debat"}
READ_ALONG_SECONDS = 20
STATE_LABELS = {"scheduled": _l("planned"), "live": _l("live now"), "ended": _l("ended")}
STANCE_LABELS = {"for": _l("for"), "against": _l("against"), "neutral": _l("neutral")}


def state_label(state: str) -> str:
    return str(STATE_LABELS[state])


def stance_label(stance: str) -> str:
    return str(STANCE_LABELS[stance])


def _conversation(kind: str, conversation_id: int):
    return services.require_visible(current_user, services.get_conversation(conversation_id, kind))


def _page(conversation, *, typed: str = "", error: AppError | None = None, status: int = 200):
    entries = services.thread(current_user, conversation)
    now = utcnow()
    refused = services.refusal(current_user, conversation, now) if current_user.is_authenticated else None
    context = dict(c=conversation, post=conversation.post, wijk=conversation.wijk, now=now,
                   state=window_state(conversation, now), entries=entries,
                   replies=services.replies_by_parent(entries), voted=services.my_votes(current_user, conversation),
                   may_write=can_comment(current_user, conversation.post) if current_user.is_authenticated else False,
                   refused=refused, typed=typed, error=error, muted_ids=services.muted_ids(conversation),
                   read_along=request.args.get("lezen") == "1", read_along_seconds=READ_ALONG_SECONDS)
    if conversation.kind == "spreekuur":
        return render_template("conversations/spreekuur.html", questions=services.ranked(entries, "question"),
                               **context), status
    return render_template("conversations/debate.html", strongest=debates.strongest(entries), **context), status


def _back(conversation, anchor: str = ""):
    return redirect(services.page_link(conversation) + anchor)


@bp.get("/spreekuur/<int:conversation_id>", endpoint="spreekuur")
def spreekuur_page(conversation_id):
    return _page(_conversation("spreekuur", conversation_id))


@bp.get("/debat/<int:conversation_id>", endpoint="debate")
def debate_page(conversation_id):
    return _page(_conversation("debat", conversation_id))


@bp.post("/<any(spreekuur, debat):kind>/<int:conversation_id>/bericht")
@login_required
@limited
def say(kind, conversation_id):
    """A message from the page's form (or its script, which asks for JSON); refused: the text comes back."""
    conversation = _conversation(kind, conversation_id)
    data = {name: request.form.get(name) or None for name in ("body", "parent_id", "stance")}
    if data["parent_id"] is not None:
        data["parent_id"] = int(data["parent_id"]) if data["parent_id"].isdigit() and len(data["parent_id"]) < 10 \
            else data["parent_id"]
    try:
        entry = services.say(current_user, conversation, data)
    except AppError as error:
        if wants_json():
            raise
        return _page(conversation, typed=request.form.get("body", ""), error=error, status=error.status)
    if wants_json():
        return jsonify(message_json(conversation, entry, False)), 201
    return _back(conversation, f"#c{entry.comment_id}")


@bp.post("/<any(spreekuur, debat):kind>/<int:conversation_id>/stem/<int:comment_id>")
@login_required
@limited
def vote(kind, conversation_id, comment_id):
    conversation = _conversation(kind, conversation_id)
    on = request.form.get("on") == "1"
    return _act(conversation, lambda: services.set_vote(current_user, conversation,
                                                        services.entry_in(conversation, comment_id), on),
                None, f"#c{comment_id}")


@bp.post("/<any(spreekuur, debat):kind>/<int:conversation_id>/verbergen/<int:comment_id>")
@login_required
def hide(kind, conversation_id, comment_id):
    conversation = _conversation(kind, conversation_id)
    return _act(conversation, lambda: services.hide_message(current_user, conversation, comment_id,
                                                            request.form.get("reason")), _("Hidden."))


@bp.post("/<any(spreekuur, debat):kind>/<int:conversation_id>/dempen/<int:user_id>")
@login_required
def mute(kind, conversation_id, user_id):
    conversation = _conversation(kind, conversation_id)
    on = request.form.get("on", "1") == "1"
    return _act(conversation, lambda: services.mute_for_session(current_user, conversation, user_id,
                                                                request.form.get("reason"), on),
                _("Muted for the rest of this conversation.") if on else _("No longer muted."))


def _act(conversation, action, success: str | None, anchor: str = ""):
    """Run a service; a refusal becomes a message on the same page, nothing changed. JSON for the script."""
    try:
        result = action()
    except AppError as error:
        if wants_json():
            raise
        flash(error.summary, "error")
    else:
        if wants_json():
            return jsonify({"ok": True, "votes": getattr(result, "votes", None)})
        if success:
            flash(success, "success")
    return _back(conversation, anchor)


# --- the spreekuur's owner ------------------------------------------------------------------------------

@bp.route("/w/<slug>/spreekuur/nieuw", methods=["GET", "POST"])
@login_required
def new_spreekuur(slug):
    wijk = wijk_by_slug(slug)
    organisations = spreekuur.organisations_for(current_user, wijk)
    error, form = None, request.form
    if request.method == "POST":
        data = {name: form.get(name) or None for name in ("organisation", "host_function", "title", "body",
                                                          "starts_at", "ends_at")}
        data["host"] = int(form["host"]) if form.get("host", "").isdigit() and len(form["host"]) < 10 else None
        data["slow_mode_seconds"] = form.get("slow_mode_seconds") or 0
        try:
            conversation = spreekuur.create_spreekuur(current_user, wijk, data)
        except AppError as exc:
            error = exc
        else:
            flash(_("The spreekuur is scheduled and in the wijk's feed."), "success")
            return _back(conversation)
    hosts = {org.slug: spreekuur.host_candidates(org) for org in organisations}
    return render_template("conversations/spreekuur_form.html", wijk=wijk, organisations=organisations,
                           hosts=hosts, error=error, form=form), (error.status if error else 200)


@bp.post("/spreekuur/<int:conversation_id>/beeindigen")
@login_required
def end(conversation_id):
    conversation = _conversation("spreekuur", conversation_id)
    return _act(conversation, lambda: spreekuur.end_now(current_user, conversation), _("The spreekuur has ended."))


@bp.post("/spreekuur/<int:conversation_id>/samenvatting")
@login_required
def summary(conversation_id):
    conversation = _conversation("spreekuur", conversation_id)
    return _act(conversation, lambda: spreekuur.publish_summary(current_user, conversation,
                                                                {"body": request.form.get("body")}),
                _("The summary is published; followers and participants get it."))


# --- debates -----------------------------------------------------------------------------------------------

@bp.route("/w/<slug>/debat/nieuw", methods=["GET", "POST"])
@login_required
def new_debate(slug):
    wijk = wijk_by_slug(slug)
    options = debates.starting_options(current_user, wijk)
    error, form = None, request.form
    if request.method == "POST":
        data = {name: form.get(name) or None for name in ("organisation", "title", "body", "ends_at")}
        try:
            conversation = debates.create_debate(current_user, wijk, data)
        except AppError as exc:
            error = exc
        else:
            flash(_("The debate is open."), "success")
            return _back(conversation)
    return render_template("conversations/debate_form.html", wijk=wijk, options=options, error=error, form=form,
                           residents_may_start=debates.residents_may_start(wijk),
                           may_change=can_manage_wijk(current_user, wijk)), (error.status if error else 200)


@bp.post("/w/<slug>/debat/instelling")
@login_required
def debate_setting(slug):
    wijk = wijk_by_slug(slug)
    attempt(lambda: debates.set_residents_may_start(current_user, wijk, request.form.get("allowed") == "1"),
            _("Saved."))
    return redirect(url_for("conversations.new_debate", slug=wijk.slug))


@bp.post("/debat/<int:conversation_id>/sluiten")
@login_required
def close_debate(conversation_id):
    conversation = _conversation("debat", conversation_id)
    data = {"heard": request.form.get("heard"), "next_steps": request.form.get("next_steps")}
    try:
        debates.close_debate(current_user, conversation, data)
    except AppError as error:
        return _page(conversation, error=error, status=error.status)
    flash(_("The debate is closed; every participant is told."), "success")
    return _back(conversation)
