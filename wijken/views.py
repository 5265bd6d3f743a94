"""HTML pages of the wijk side. Each view loads, checks, calls a service, redirects."""
from urllib.parse import urlsplit

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from accounts.auth import api_user
from accounts.idempotency import run_once
from accounts.services import set_locale
from core.errors import AppError, Conflict, ValidationError, require
from core.extensions import db
from core.i18n import LANGUAGES
from core.ratelimits import write_limit as rate_limit_writes
from core.registries import keyed
from core.urls import safe_next
from core.validation import apply_errors, comparable
from media.models import StoredImage
from media.services import accepts_images, image_response
from wijken.permissions import can_edit, can_post, can_see_attendees, can_view, posting_organisations

from . import services
from .calendar import event_calendar, rss_feed
from .feeds import active_warnings, followed_feed, upcoming_events, wijk_feed
from .forms import CommentForm, FollowSettingsForm, PostForm
from .geo import wijk_at
from .kinds import KINDS, REACTION_KINDS, form_kinds
from .models import MUNICIPALITY_MAX, Comment, Photo, Post, Wijk
from .municipalities import municipality_page, wijk_counts
from .pagecache import wijk_page
from .photos import PHOTOS_PER_COMMENT, PHOTOS_PER_POST, uploads_from
from .postcodes import demo_postcode, lookup_postcode
from .threads import build_thread

bp = Blueprint("wijken", __name__)

# Areas above this one add to the wijk page: `fn(wijk) -> dict`, merged into the template's context.
_WIJK_PAGE_EXTRAS: list = []


def wijk_page_extra(fn):
    """Register `fn(wijk) -> dict` for the wijk page's template context (e.g. reach's e-mail form)."""
    _WIJK_PAGE_EXTRAS.append(fn)
    return fn


def _page_extras(wijk) -> dict:
    extras = {"wijk_sections": _WIJK_PAGE_SECTIONS}
    for fn in _WIJK_PAGE_EXTRAS:
        extras |= fn(wijk)
    return extras


# Templates of areas above this one, shown on the wijk page above the feed, in the order registered (their data
# comes from a wijk_page_extra).
_WIJK_PAGE_SECTIONS: list[str] = []


def wijk_page_section(template: str) -> None:
    """Show `template` on the wijk page, above the feed (e.g. "Meld een probleem" and the open meldingen)."""
    if template not in _WIJK_PAGE_SECTIONS:
        _WIJK_PAGE_SECTIONS.append(template)


# Areas above this one add to the posts of their own kind (a melding's status strip): `fn(posts, viewer)` gives
# {post_id: {"card": template or None, "page": template or None, ...context}} in one query for all the posts; the
# feed card and the post page include those templates with `extra` set to the dict.
_POST_EXTRAS: dict = {}


def post_extras(kind: str):
    """Register `fn(posts, viewer) -> {post_id: dict}` for the posts of `kind` (see _POST_EXTRAS)."""
    return keyed(_POST_EXTRAS, kind, unique="post extras")


def extras_for(posts) -> dict:
    """Every registered area's extras for these posts, as the current user sees them."""
    found: dict = {}
    for kind, load in _POST_EXTRAS.items():
        of_kind = [p for p in posts if p.kind == kind]
        if of_kind:
            found |= load(of_kind, current_user)
    return found

write_limit = rate_limit_writes(lambda: f"user:{getattr(current_user, 'id', None)}")


def get_post_or_404(slug: str, post_id: int) -> Post:
    """The post, in this wijk, if the current user may see it."""
    post = db.session.get(Post, post_id)
    if post is None or post.wijk.slug != slug or not can_view(current_user, post):
        abort(404)
    return post


def get_comment_or_404(slug: str, comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.post.wijk.slug != slug or not can_view(current_user, comment):
        abort(404)
    return comment


def back_to(post: Post, anchor: str = ""):
    return redirect(url_for("wijken.post", slug=post.wijk.slug, post_id=post.id) + anchor)


def _safe_next(default: str) -> str:
    return safe_next(request.form.get("next")) or default


@bp.get("/")
def index():
    """The front page: the search (postcode, location) and a page of municipalities, never every wijk."""
    after = (request.args.get("na") or "")[:MUNICIPALITY_MAX] or None
    page, next_after = municipality_page(after)
    return render_template("wijken/index.html", municipalities=page, after=after, next_after=next_after,
                           wijk_counts=wijk_counts(page), demo_postcode=demo_postcode())


@bp.get("/zoek")
def find():
    """Find my wijk without JavaScript: a point from the map or the location button."""
    try:
        wijk = wijk_at(float(request.args["lat"]), float(request.args["lon"]))
    except (KeyError, ValueError):
        wijk = None
    if wijk is None:
        flash(_("We found no wijk at that spot. Pick yours from the list."), "warning")
        return redirect(url_for("wijken.index"))
    return redirect(url_for("wijken.wijk", slug=wijk.slug))


@bp.get("/postcode")
def by_postcode():
    """Find my wijk by postcode (and house number where the postcode lies in two pages)."""
    postcode, number = request.args.get("postcode", ""), request.args.get("huisnummer", "")
    try:
        found = lookup_postcode(postcode, number)
    except AppError as error:
        return render_template("wijken/postcode.html", error=error, postcode=postcode[:20], huisnummer=number[:20],
                               needs_number=error.code == "huisnummer_required"), error.status
    return redirect(url_for("wijken.wijk", slug=found.wijk.slug))


@bp.get("/w/<slug>")
def wijk(slug):
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    before = request.args.get("before")
    if not comparable(slug):
        abort(404)
    html = wijk_page(slug, f"{kind}:{before}", lambda wijk_id: _render_wijk(db.session.get(Wijk, wijk_id),
                                                                            kind, before))
    if html is None:
        abort(404)
    return html


def _render_wijk(wijk: Wijk, kind, before) -> str:
    try:
        posts, next_cursor = wijk_feed(wijk, kind=kind, before=before)
    except AppError:
        abort(400)
    post_ids = [p.id for p in posts]
    follow = services.get_follow(current_user, wijk)
    return render_template(
        "wijken/wijk.html", wijk=wijk, posts=posts, next_cursor=next_cursor, kind=kind, kinds=KINDS,
        warnings=active_warnings(wijk),
        follower_count=services.follower_counts([wijk.id]).get(wijk.id, 0),
        follow=follow, follow_form=FollowSettingsForm(obj=follow, formdata=None) if follow else None,
        counts=services.reaction_counts(post_ids), mine=services.user_reactions(current_user, post_ids),
        reaction_kinds=REACTION_KINDS, post_extras=extras_for(posts), **_page_extras(wijk))


@bp.post("/w/<slug>/follow")
@login_required
def follow(slug):
    wijk = services.wijk_by_slug(slug)
    if request.form.get("action") == "unfollow":
        services.unfollow(current_user, wijk)
        flash(_("You no longer follow %(wijk)s.", wijk=wijk.name), "success")
    elif request.form.get("action") == "settings":
        services.follow(current_user, wijk, request.form.get("level"), request.form.get("digest_frequency"))
        flash(_("Your e-mail settings for %(wijk)s are saved.", wijk=wijk.name), "success")
    else:
        services.follow(current_user, wijk, request.form.get("level"))
        flash(_("You follow %(wijk)s.", wijk=wijk.name), "success")
    return redirect(_safe_next(url_for("wijken.wijk", slug=wijk.slug)))


@bp.get("/mijn-wijken")
@login_required
def my_feed():
    try:
        posts, next_cursor = followed_feed(current_user, before=request.args.get("before"))
    except AppError:
        abort(400)
    post_ids = [p.id for p in posts]
    return render_template("wijken/my_feed.html", posts=posts, next_cursor=next_cursor, post_extras=extras_for(posts),
                           counts=services.reaction_counts(post_ids),
                           mine=services.user_reactions(current_user, post_ids), reaction_kinds=REACTION_KINDS)


def _post_form(wijk: Wijk) -> PostForm:
    form = PostForm()
    orgs = posting_organisations(current_user, wijk)
    form.organisation.choices = [SelectChoice("", _("Myself (resident)"))] + [
        SelectChoice(o.slug, o.name) for o in orgs]
    form.kind.choices = [SelectChoice(k.name, str(k.label)) for k in form_kinds()
                         if any(can_post(current_user, wijk, k.name, o) for o in [None, *orgs])]
    return form


def _photos():
    """The photos sent with a form: its `photos` file inputs and `alt` fields, in order."""
    return uploads_from(request.files.getlist("photos"), request.form.getlist("alt"))


@bp.route("/w/<slug>/nieuw", methods=["GET", "POST"])
@login_required
@write_limit
@accepts_images(PHOTOS_PER_POST)
def new_post(slug):
    wijk = services.wijk_by_slug(slug)
    form = _post_form(wijk)
    if not form.kind.choices:
        abort(403)
    photo_errors = {}
    if form.validate_on_submit():
        def publish():
            post = services.create_post(current_user, wijk, form.submitted_data(), _photos())
            return post, url_for("wijken.post", slug=post.wijk.slug, post_id=post.id)
        try:
            done, post = run_once(current_user, form.form_key.data, publish)
        except ValidationError as exc:
            apply_errors(form, exc.fields)
            photo_errors = exc.fields
            flash(exc.message, "error")
        except Conflict:  # the same form, sent a moment ago, is still being saved
            flash(_("Your post is being saved."), "success")
            return redirect(url_for("wijken.wijk", slug=wijk.slug))
        else:
            if done is not None:  # the same form again: the post it created
                return redirect(done.location)
            flash(_("Your post is online."), "success")
            return back_to(post)
    elif request.method == "GET" and request.args.get("kind") in KINDS:
        form.kind.data = request.args["kind"]
    return render_template("wijken/post_form.html", wijk=wijk, form=form, post=None, photo_errors=photo_errors,
                           alts=request.form.getlist("alt")), 422 if request.method == "POST" else 200


@bp.get("/w/<slug>/p/<int:post_id>")
def post(slug, post_id):
    post = get_post_or_404(slug, post_id)
    return render_template(
        "wijken/post.html", wijk=post.wijk, post=post, thread=build_thread(post, current_user),
        form=CommentForm(), counts=services.reaction_counts([post.id]).get(post.id, {}),
        mine=services.user_reactions(current_user, [post.id]), reaction_kinds=REACTION_KINDS,
        rsvp=services.get_rsvp(current_user, post),
        attendees=services.attendees(post) if can_see_attendees(current_user, post) else None,
        warnings=active_warnings(post.wijk), post_extras=extras_for([post]),
        comment_as=posting_organisations(current_user, post.wijk))


@bp.get("/w/<slug>/foto/<key>/<int:width>.jpg")
def photo(slug, key, width):
    """A photo of a post or comment, only for who may see them (a bearer token counts, for API clients): the
    same 404 for a photo that does not exist and one that is not theirs to see."""
    viewer = api_user() if request.headers.get("Authorization") else current_user
    found = db.session.scalar(select(Photo).join(Photo.image).where(StoredImage.key == key)) \
        if comparable(key) else None
    if (found is None or found.post.wijk.slug != slug or not can_view(viewer, found.post)
            or (found.comment is not None and not can_view(viewer, found.comment))):
        abort(404)
    return image_response(found.image, width)


@bp.route("/w/<slug>/p/<int:post_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_post(slug, post_id):
    post = get_post_or_404(slug, post_id)
    require(can_edit(current_user, post))
    form = PostForm()
    if form.validate_on_submit():
        try:
            services.update_post(current_user, post, form.submitted_data(post))
        except ValidationError as exc:
            apply_errors(form, exc.fields)
            flash(exc.message, "error")
        else:
            flash(_("Your changes are saved."), "success")
            return back_to(post)
    elif request.method == "GET":
        form.fill_from(post)
    return render_template("wijken/post_form.html", wijk=post.wijk, form=form, post=post), \
        422 if request.method == "POST" else 200


@bp.post("/w/<slug>/p/<int:post_id>/verwijderen")
@login_required
def delete_post(slug, post_id):
    post = get_post_or_404(slug, post_id)
    services.delete_post(current_user, post)
    flash(_("The post has been deleted."), "success")
    return redirect(url_for("wijken.wijk", slug=slug))


@bp.post("/w/<slug>/p/<int:post_id>/reacties")
@login_required
@write_limit
def react(slug, post_id):
    post = get_post_or_404(slug, post_id)
    kind, _sep, switch = request.form.get("reaction", "").partition(":")
    services.set_reaction(current_user, post, kind, on=switch == "on")
    return redirect(_safe_next(url_for("wijken.post", slug=slug, post_id=post.id)))


@bp.post("/w/<slug>/p/<int:post_id>/rsvp")
@login_required
@write_limit
def rsvp(slug, post_id):
    post = get_post_or_404(slug, post_id)
    try:
        services.set_rsvp(current_user, post, request.form.get("status"))
    except AppError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Your response is saved."), "success")
    return back_to(post, "#rsvp")


@bp.post("/w/<slug>/p/<int:post_id>/reageren")
@login_required
@write_limit
@accepts_images(PHOTOS_PER_COMMENT)
def comment(slug, post_id):
    post = get_post_or_404(slug, post_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            created = services.add_comment(current_user, post, {
                "body": form.body.data, "parent_id": form.parent_id.data,
                "organisation": request.form.get("organisation") or None}, _photos())
        except ValidationError as exc:  # a refusal (muted, outside a window) is the 403 page keeping the text
            flash(exc.summary, "error")
        else:
            return back_to(post, f"#c{created.id}")
    return back_to(post, "#reageren")


@bp.route("/w/<slug>/c/<int:comment_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_comment(slug, comment_id):
    comment = get_comment_or_404(slug, comment_id)
    require(can_edit(current_user, comment))
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.update_comment(current_user, comment, {"body": form.body.data})
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            return back_to(comment.post, f"#c{comment.id}")
    elif request.method == "GET":
        form.body.data = comment.body
    return render_template("wijken/comment_form.html", wijk=comment.post.wijk, comment=comment, form=form)


@bp.post("/w/<slug>/c/<int:comment_id>/verwijderen")
@login_required
def delete_comment(slug, comment_id):
    comment = get_comment_or_404(slug, comment_id)
    services.delete_comment(current_user, comment)
    flash(_("The comment has been deleted."), "success")
    return back_to(comment.post, "#reacties")


# --- live fragments: what live.js puts into an open page, rendered by the page's own macros for this viewer ---

def _fragment(body, mimetype: str = "text/html") -> Response:
    response = body if isinstance(body, Response) else Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/w/<slug>/fragment/reactie/<int:comment_id>")
def comment_fragment(slug, comment_id):
    """A comment as this viewer would see it in the thread (reply, report, edit and delete as they may), or
    null when they may not see it (any more), with the thread's current count. 404 unless the post is visible."""
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.post.wijk.slug != slug or not can_view(current_user, comment.post):
        abort(404)
    post = comment.post
    html = None
    if can_view(current_user, comment):
        html = render_template("wijken/fragments/comment.html", wijk=post.wijk, post=post, comment=comment,
                               form=CommentForm(), comment_as=posting_organisations(current_user, post.wijk))
    return _fragment(jsonify({"id": comment.id, "post_id": post.id, "parent_id": comment.parent_id,
                              "comment_count": post.comment_count, "html": html}))


@bp.get("/w/<slug>/fragment/bericht/<int:post_id>")
def post_card_fragment(slug, post_id):
    """A post's card in the wijk feed as this viewer sees it."""
    post = get_post_or_404(slug, post_id)
    return _fragment(render_template(
        "wijken/fragments/post_card.html", post=post, counts=services.reaction_counts([post.id]),
        post_extras=extras_for([post]),
        mine=services.user_reactions(current_user, [post.id]), reaction_kinds=REACTION_KINDS,
        next=url_for("wijken.wijk", slug=slug)))


@bp.get("/w/<slug>/fragment/waarschuwingen")
def warnings_fragment(slug):
    """The banner of the wijk's active burglary warnings (?zonder=<id>: without the post the page shows)."""
    wijk = services.wijk_by_slug(slug)
    shown = request.args.get("zonder", type=int)
    return _fragment(render_template("wijken/fragments/warnings.html",
                                     warnings=[w for w in active_warnings(wijk) if w.id != shown]))


@bp.get("/w/<slug>/p/<int:post_id>.ics")
def post_ics(slug, post_id):
    post = get_post_or_404(slug, post_id)
    if not post.kind_info.is_event or post.status != "published":
        abort(404)
    return _calendar_response(event_calendar(post.wijk, [post]), f"{post.kind}-{post.id}.ics")


@bp.get("/w/<slug>/agenda.ics")
def agenda(slug):
    wijk = services.wijk_by_slug(slug)
    return _calendar_response(event_calendar(wijk, upcoming_events(wijk)), f"{wijk.slug}.ics")


def _calendar_response(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="text/calendar",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@bp.get("/w/<slug>/feed.xml")
def rss(slug):
    wijk = services.wijk_by_slug(slug)
    posts, _cursor = wijk_feed(wijk, limit=50)
    return Response(rss_feed(wijk, posts), mimetype="application/rss+xml")


LANGUAGE_NAMES = {"nl": "Nederlands", "en": "English"}  # each in its own language


@bp.route("/taal/<code>", methods=["GET", "POST"])
def set_language(code):
    """The language switch: a small form in every page's header (POST, with CSRF). A GET (an old link) only
    shows that form: following a link never changes anything."""
    if code not in LANGUAGES:
        abort(404)
    if request.method == "GET":
        return render_template("language.html", code=code, name=LANGUAGE_NAMES[code],
                               next=safe_next(request.args.get("next")) or "")
    back = safe_next(request.form.get("next")) or (
        request.referrer if request.referrer and urlsplit(request.referrer).netloc == request.host
        else url_for("wijken.index"))
    response = redirect(back)
    response.set_cookie("lang", code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    if current_user.is_authenticated:
        set_locale(current_user, code)
    return response
