"""Photos of posts and comments: read from a form or a multipart API request, attached to what they belong
to, deleted with it. The pixels go through the media pipeline (media.services); who may see a photo is who
may see its post (and comment): wijken.views.photo checks that before a file is served."""
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from pydantic_core import PydanticCustomError
from sqlalchemy import select

from core.extensions import db
from core.validation import clean_text, describe
from media.images import ImageRefused, Processed
from media.services import discard, prepare, store

from .models import ALT_MAX, Photo

PHOTOS_PER_POST = 4
PHOTOS_PER_COMMENT = 1


@dataclass
class PhotoUpload:
    """One photo as sent: the file and the text that says what it shows."""
    file: object
    alt: object = None


def uploads_from(files: list, alts: list) -> list[PhotoUpload]:
    """Pairs of the request's `photos` files and `alt` texts, in order; slots left empty are skipped."""
    uploads = []
    for index, file in enumerate(files):
        if file is not None and getattr(file, "filename", None) != "":
            uploads.append(PhotoUpload(file, alts[index] if index < len(alts) else None))
    return uploads


def read_photos(fields, uploads: list[PhotoUpload], limit: int) -> list[tuple[Processed, str]]:
    """Each upload decoded and re-encoded with its alt text; problems go to `fields` (`photos`, `alt`), and
    nothing is stored."""
    if len(uploads) > limit:
        fields.error("photos", ngettext("At most %(num)d photo.", "At most %(num)d photos.", limit))
        return []
    photos = []
    for number, upload in enumerate(uploads, start=1):
        alt = _alt(fields, upload.alt, number, len(uploads))
        try:
            processed = prepare(upload.file)
        except ImageRefused as exc:
            fields.error("photos", _numbered(exc.message, number, len(uploads)))
            continue
        if alt is not None:
            photos.append((processed, alt))
    return photos


def _numbered(message: str, number: int, total: int) -> str:
    """With several photos, say which one a message is about."""
    return _("Photo %(n)d: %(problem)s", n=number, problem=message) if total > 1 else message


def _alt(fields, value, number: int, total: int) -> str | None:
    try:
        return clean_text(value, max_length=ALT_MAX, required=True)
    except PydanticCustomError as exc:
        problem = (_("Describe what the photo shows.") if exc.type == "missing"
                   else describe(exc.type, exc.context))
        fields.error("alt", _numbered(problem, number, total))
        return None


def attach(owner, post, photos: list[tuple[Processed, str]], comment=None) -> None:
    """Store the photos for the post (or its comment), after those already there."""
    start = len(comment.photos if comment is not None else post.photos)
    for position, (processed, alt) in enumerate(photos, start=start):
        db.session.add(Photo(post_id=post.id, comment_id=comment.id if comment is not None else None,
                             image=store(owner, processed), alt=alt, position=position))


def discard_photos(post=None, comment=None) -> None:
    """Delete the photos of a removed post (its comments' too) or of a removed comment, files and all."""
    where = Photo.comment_id == comment.id if comment is not None else Photo.post_id == post.id
    photos = db.session.scalars(select(Photo).where(where)).all()
    discard([photo.image for photo in photos])
    for photo in photos:
        db.session.delete(photo)
