"""`flask places import FILE`: voorzieningen from a CSV file, all or nothing."""
import csv
import io
from pathlib import Path

import click
from flask.cli import AppGroup

from core.errors import AppError
from core.transactions import unit_of_work

from .services import create_place

places_cli = AppGroup("places", help="Voorzieningen.")
COLUMNS = {"naam": "name", "soort": "kind", "wijk": "wijk", "adres": "address", "lat": "lat", "lon": "lon",
           "telefoon": "phone", "email": "email", "website": "website", "openingstijden": "opening_hours",
           "organisatie": "organisation"}


def read_rows(text: str) -> list[dict]:
    first = text.split("\n", 1)[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if ";" in first else ",")
    missing = {"naam", "soort", "wijk", "adres", "lat", "lon"} - {(h or "").strip().lower() for h in
                                                                 reader.fieldnames or []}
    if missing:
        raise click.ClickException(f"missing columns: {', '.join(sorted(missing))} (expected "
                                   f"{';'.join(COLUMNS)}). Nothing was imported.")
    return [{COLUMNS[k.strip().lower()]: (v or "").strip() or None for k, v in row.items()
             if k and k.strip().lower() in COLUMNS} for row in reader]


@places_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--organisation", default=None, help="Owning organisation (slug) for rows without one.")
def import_command(path: Path, organisation: str | None):
    """Add voorzieningen from CSV: naam;soort;wijk;adres;lat;lon;telefoon;email;website;openingstijden
    (;organisatie). Phone numbers are normalised; one bad row and nothing is imported."""
    rows = read_rows(path.read_text(encoding="utf-8-sig"))
    try:
        with unit_of_work():
            for line, row in enumerate(rows, start=2):
                try:
                    create_place(None, {"organisation": organisation} | {k: v for k, v in row.items() if v},
                                 trusted=True)
                except AppError as exc:
                    details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
                    raise click.ClickException(f"line {line}: {exc.message} {details}. Nothing was imported.") \
                        from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(rows)} voorzieningen imported.")
