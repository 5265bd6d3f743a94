"""Storing, deleting and serving images: what every area that keeps uploads uses.

An area validates its own fields, turns each upload into a `Processed` image with `prepare` (before it
writes anything, so a refused file leaves nothing behind), and then, in its writing transaction, calls
`store`; the files are written just before that transaction commits, and a rollback writes none. `discard`
deletes rows and, once that commit is done, their files. Serving goes through the area's own view, which
first checks that the viewer may see what the image belongs to, then answers with `image_response`.
"""
import hashlib
import secrets

from flask import Response, current_app, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from core.errors import NotFound
from core.extensions import db
from core.transactions import after_commit, before_commit, collect

from .images import MAX_BYTES, MIMETYPE, Processed, process
from .models import StoredImage
from .storage import storage

CACHE_SECONDS = 365 * 24 * 3600  # names carry a content hash: new content is a new address
UPLOAD_MARGIN = 1024 * 1024  # room for the form's other fields and the multipart framing

def prepare(upload) -> Processed:
    """The upload decoded and re-encoded, or ImageRefused; nothing is stored yet."""
    return process(upload)


def store(owner, processed: Processed) -> StoredImage:
    """A row for `processed`, owned by `owner`; its files are written when the transaction commits.

    The key hashes the content together with a random salt: it changes whenever the content does (so the
    files can be cached for a year) and is never shared by two uploads (so deleting one never touches
    another's files, in any process, without locks).
    """
    key = hashlib.sha256(secrets.token_bytes(16) + processed.largest).hexdigest()[:32]
    image = StoredImage(key=key, owner_id=owner.id, width=processed.width, height=processed.height,
                        widths=list(processed.variants), byte_size=len(processed.largest), phash=processed.phash)
    db.session.add(image)
    for width, data in processed.variants.items():
        collect("media_save", (image.file_name(width), data))
    return image


def discard(images) -> None:
    """Delete these images' rows now and their files after the commit."""
    for image in images:
        collect("media_delete", image.file_names())
        db.session.delete(image)


def discard_owned_by(user) -> None:
    """Every image `user` uploaded (account deletion)."""
    discard(db.session.scalars(select(StoredImage).where(StoredImage.owner_id == user.id)).all())


@before_commit("media_save")
def _save_files(items) -> None:
    """Written inside the transaction, just before it commits: a failing write rolls everything back. A commit
    that fails after this leaves files without a row, which `flask media sweep` removes."""
    files = storage()
    for name, data in items:
        files.save(name, data)


@after_commit("media_delete")
def _delete_files(items) -> None:
    files = storage()
    for names in items:
        for name in names:
            files.delete(name)


def image_response(image: StoredImage, width: int) -> Response:
    """One variant of `image` (call only after checking the viewer may see what it belongs to).

    JPEG with nosniff, cached for a year by the viewer's browser only (`private`): a shared cache must not
    keep serving a photo once its post is hidden.
    """
    if width not in image.widths:
        raise NotFound(_("Not found."))
    try:
        response = storage().send(image.file_name(width), mimetype=MIMETYPE, max_age=CACHE_SECONDS)
    except FileNotFoundError:
        raise NotFound(_("Not found.")) from None
    response.cache_control.private = True
    response.cache_control.public = False
    response.cache_control.immutable = True
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def accepts_images(count: int):
    """Mark a view as taking up to `count` image uploads: its requests may be that many times MAX_BYTES
    large (other requests keep the app's MAX_CONTENT_LENGTH)."""
    def mark(view):
        view.accepts_images = count
        return view
    return mark


def raise_upload_limit() -> None:
    """before_request, ahead of CSRF (which reads the form): the body limit of a view marked with
    `accepts_images` (decorators made with functools.wraps carry the mark outwards)."""
    count = getattr(current_app.view_functions.get(request.endpoint or ""), "accepts_images", 0)
    if count:
        request.max_content_length = count * MAX_BYTES + UPLOAD_MARGIN


def srcset(endpoint: str, image: StoredImage, **values) -> str:
    """`url 400w, url 800w, ...` for an <img srcset>, each URL from `endpoint` with `key` and `width`."""
    return ", ".join(f"{url_for(endpoint, key=image.key, width=w, **values)} {w}w" for w in image.widths)
