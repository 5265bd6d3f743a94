"""The moodboard (tool `moodboard` of the participation frame): residents pin images and comments on a design
drawing, give their dots within a budget, see the results per category, and the board is shared as an image
and printed for the buurthuis wall. Images go through the media pipeline; pins are reported and reviewed."""
from flask_babel import lazy_gettext as _l

from accounts.auth import register_api
from participation.tools import Tool, register_tool

from . import api, forms, personal_data, views  # noqa: F401  (personal_data: registers)
from .permissions import TEMPLATE_PREDICATES
from .services import define, describe, results

register_tool(Tool("moodboard", _l("Moodboard"), define=define, page="moodboard/_board.html", context=views.context,
                   describe=describe, results=results, form="moodboard/_edit_board.html",
                   form_values=forms.board_values, read_form=forms.read_board))


def init_app(app) -> None:
    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(TEMPLATE_PREDICATES)
