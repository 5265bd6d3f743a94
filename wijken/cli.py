"""`flask wijken ...` commands."""
import csv
from pathlib import Path

import click
from flask.cli import AppGroup

from core.transactions import unit_of_work

from .buurten import BuurtError, assign_pages, group_page, import_buurten
from .geo import GeoJSONError, import_wijken
from .households import HouseholdsFileError, import_households
from .postcodes import PostcodeFileError, cbs_code, read_addresses, replace_postcodes

wijken_cli = AppGroup("wijken", help="Manage wijken.")
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:  # CBS's older files are Latin-1
        return path.read_text(encoding="latin-1")


@wijken_cli.command("import")
@click.argument("path", type=FILE)
@click.option("--municipality", default="", help="Municipality name stored with the wijken.")
def import_command(path: Path, municipality: str):
    """Create or update wijk pages from a CBS wijk/buurt GeoJSON file (statcode, statnaam)."""
    try:
        with unit_of_work():
            created, updated = import_wijken(_read(path), municipality)
            assign_pages()  # a buurt that now has a page of its own
    except GeoJSONError as exc:
        raise click.ClickException(f"{path}: {exc}. Nothing was imported.") from None
    click.echo(f"{created} wijken created, {updated} updated.")


@wijken_cli.command("import-buurten")
@click.argument("path", type=FILE)
def import_buurten_command(path: Path):
    """Create or update buurten from the CBS buurt layer (GeoJSON, statcode BU..., statnaam); each is covered
    by its own page, its group's page or its CBS wijk's page."""
    try:
        created, updated = import_buurten(_read(path))
    except (GeoJSONError, BuurtError) as exc:
        raise click.ClickException(f"{path}: {exc}. Nothing was imported.") from None
    click.echo(f"{created} buurten created, {updated} updated.")


@wijken_cli.command("import-postcodes")
@click.argument("path", type=FILE)
@click.option("--municipality", default=None, help="Only this municipality's addresses (CBS code, e.g. 0867).")
def import_postcodes_command(path: Path, municipality: str | None):
    """Replace the postcode table with CBS's "buurt, wijk en gemeente per postcode en huisnummer" CSV
    (PC6;Huisnummer;BuurtJJJJ;WijkJJJJ;GemeenteJJJJ)."""
    try:
        runs = replace_postcodes(read_addresses(_read(path), municipality))
    except PostcodeFileError as exc:
        raise click.ClickException(f"{path}: {exc}. Nothing was imported.") from None
    click.echo(f"{runs} runs of house numbers imported.")


@wijken_cli.command("group")
@click.argument("code")
@click.option("--name", required=True, help="The page's name, e.g. Waalwijk-Noord.")
@click.option("--buurt", "buurten", multiple=True, required=True, help="A CBS buurt code; repeat for each.")
@click.option("--municipality", default="", help="Municipality name stored with the page.")
def group_command(code: str, name: str, buurten: tuple[str, ...], municipality: str):
    """Make wijk page CODE cover exactly these buurten (a municipality's own cut)."""
    codes = [cbs_code("BU", b, 8) or b for b in buurten]
    try:
        page = group_page(code, name, codes, municipality)
    except BuurtError as exc:
        raise click.ClickException(f"{exc} Nothing was changed.") from None
    click.echo(f"Page {page.slug} covers {len(codes)} buurten.")


@wijken_cli.command("import-households")
@click.argument("path", type=FILE)
def import_households_command(path: Path):
    """Set the wijken's households from a CBS kerncijfers CSV (statcode;aantal_huishoudens)."""
    try:
        updated, unknown = import_households(_read(path))
    except (HouseholdsFileError, csv.Error) as exc:
        raise click.ClickException(f"{path}: {exc}. Nothing was imported.") from None
    click.echo(f"{updated} wijken updated, {unknown} codes not known here.")
