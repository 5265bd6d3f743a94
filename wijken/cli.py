"""`flask wijken ...` commands."""
from pathlib import Path

import click
from flask.cli import AppGroup

from .geo import GeoJSONError, import_wijken

wijken_cli = AppGroup("wijken", help="Manage wijken.")


@wijken_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--municipality", default="", help="Municipality name stored with the wijken.")
def import_command(path: Path, municipality: str):
    """Create or update wijken from a CBS wijk/buurt GeoJSON file (statcode, statnaam)."""
    try:
        created, updated = import_wijken(path.read_text(encoding="utf-8"), municipality)
    except (GeoJSONError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: {exc}. Nothing was imported.") from None
    click.echo(f"{created} wijken created, {updated} updated.")
