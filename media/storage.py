"""Where stored images live, behind one small interface.

`LocalStorage` (the default) keeps files under UPLOAD_FOLDER/media (by default instance/uploads/media), two
levels of folders by the name's first characters. It is safe for several processes on one machine: a file is
written to a temporary name in its own folder and renamed into place (atomic on POSIX), so a reader sees
the whole file or none; names are never shared between two uploads (see `media.services`), so no process
ever deletes or overwrites another's file and no locks are needed.

Several machines need one storage they all see: a shared file system mounted at UPLOAD_FOLDER on every
machine (NFS, EFS; the rename stays atomic within it), or an object store (S3-compatible) through a class
with the same five methods, set as `app.extensions["media_storage"]` by `media.init_app`. docs/media.md
says what else changes then.
"""
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import Response, current_app, send_file


class Storage(Protocol):
    def save(self, name: str, data: bytes) -> None:
        """Store `data` under `name` (whole or not at all)."""

    def read(self, name: str) -> bytes:
        """The file's bytes (to draw it into a share image or a print); FileNotFoundError when it is gone."""

    def delete(self, name: str) -> None:
        """Remove `name`; nothing happens when it is not there."""

    def send(self, name: str, *, mimetype: str, max_age: int) -> Response:
        """A response with the file (conditional requests answered); FileNotFoundError when it is gone."""

    def stored(self, older_than: float) -> Iterator[str]:
        """The names of files stored more than `older_than` seconds ago (for the orphan sweep)."""


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def path(self, name: str) -> Path:
        return self.root / name[:2] / name

    def save(self, name: str, data: bytes) -> None:
        path = self.path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, partial = tempfile.mkstemp(prefix=".", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.chmod(partial, 0o644)
            os.replace(partial, path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise

    def read(self, name: str) -> bytes:
        return self.path(name).read_bytes()

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)

    def send(self, name: str, *, mimetype: str, max_age: int) -> Response:
        return send_file(self.path(name), mimetype=mimetype, max_age=max_age, conditional=True, etag=name)

    def stored(self, older_than: float) -> Iterator[str]:
        if not self.root.is_dir():
            return
        limit = time.time() - older_than
        for path in self.root.glob("*/*"):
            if not path.is_file() or path.stat().st_mtime >= limit:
                continue
            if path.name.startswith("."):  # the partial file of a writer that died
                path.unlink(missing_ok=True)
            else:
                yield path.name


def storage() -> Storage:
    """The app's storage: LocalStorage under UPLOAD_FOLDER/media unless an area or deployment set another."""
    found = current_app.extensions.get("media_storage")
    if found is not None:
        return found
    uploads = current_app.config.get("UPLOAD_FOLDER") or os.path.join(current_app.instance_path, "uploads")
    return LocalStorage(Path(uploads) / "media")
