"""The themes pages: /inzichten/themas (the wijken and municipalities the viewer sees; `?gemeente=` shows a
municipality's themes, `?wijk=` goes to the wijk's page) and /inzichten/themas/<slug>; naming a theme."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import attempt, require
from core.ratelimits import write_limit

from . import services
from .models import THEME_NAME_MAX
from .permissions import can_see_themes

bp = Blueprint("themes", __name__, url_prefix="/inzichten")
limited = write_limit(lambda: f"user:{current_user.id}")


@bp.get("/themas")
@login_required
def index():
    if request.args.get("wijk"):
        return redirect(url_for("themes.wijk_themes", slug=request.args["wijk"]))
    if request.args.get("gemeente"):
        return _render(services.municipality_scope(request.args["gemeente"]))
    require(can_see_themes(current_user), _("You may not see the themes here."))
    wijken, municipalities = services.visible_scopes(current_user)
    return render_template("themes/index.html", wijken=wijken, municipalities=municipalities)


@bp.get("/themas/<slug>")
@login_required
def wijk_themes(slug):
    return _render(services.wijk_scope(slug))


def _render(scope):
    run, links = services.read(current_user, scope)
    return render_template("themes/themes.html", scope=scope, run=run, links=links, rising=services.rising(run),
                           name_max=THEME_NAME_MAX, back=_scope_url(scope))


def _scope_url(scope) -> str:
    if scope.wijk is not None:
        return url_for("themes.wijk_themes", slug=scope.wijk.slug)
    return url_for("themes.index", gemeente=scope.municipality)


@bp.post("/themas/thema/<int:theme_id>/naam")
@login_required
@limited
def rename(theme_id):
    theme = services.get_theme(theme_id)
    scope = services.scope_of(theme.run)
    attempt(lambda: services.rename(current_user, theme, {"name": request.form.get("name", "")}),
            _("The theme's name is saved."))
    return redirect(f"{_scope_url(scope)}#thema-{theme_id}")
