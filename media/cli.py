"""`flask media sweep`: remove files that no stored image names (a commit that failed after its files were
written, a writer that died mid-file)."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from core.extensions import db

from .models import StoredImage
from .storage import storage


@click.group()
def media() -> None:
    """Stored images."""


@media.command("sweep")
@click.option("--hours", default=1.0, show_default=True, help="Leave files younger than this alone.")
@with_appcontext
def sweep(hours: float) -> None:
    files = storage()
    removed = 0
    for name in list(files.stored(older_than=hours * 3600)):
        key = name.split("-", 1)[0]
        if db.session.scalar(select(StoredImage.id).where(StoredImage.key == key)) is None:
            files.delete(name)
            removed += 1
    click.echo(f"{removed} file(s) removed")
