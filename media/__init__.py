"""Media: the one pipeline for uploaded images (docs/media.md).

`images` decodes and re-encodes (EXIF gone after its orientation is applied, limits against bombs),
`storage` keeps the files behind a small interface (local disk by default), `services` stores, deletes and
serves them. The areas above (wijken's post photos, the moodboard) own the rows that point to a
`StoredImage` and decide who may see it; media knows nothing of posts or boards.
"""
from . import cli, personal_data  # noqa: F401  (personal_data: registers its eraser)
from .images import ACCEPT
from .services import raise_upload_limit, srcset


def init_app(app) -> None:
    # Ahead of every other before_request: CSRF protection reads the form, and with it the body.
    app.before_request_funcs.setdefault(None, []).insert(0, raise_upload_limit)
    app.jinja_env.globals.update(srcset=srcset, PHOTO_ACCEPT=ACCEPT)
    app.cli.add_command(cli.media)
