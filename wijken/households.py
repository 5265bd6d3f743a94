"""The number of households of a wijk: set by a site admin, or imported from a CBS kerncijfers CSV
(`statcode;aantal_huishoudens`, as CBS StatLine exports it). Participations show their response rate against it.
"""
import csv
import io

from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.transactions import commit
from core.validation import Fields

from .models import Wijk

HOUSEHOLDS_MAX = 10_000_000
CODE_COLUMN, COUNT_COLUMN = "statcode", "aantal_huishoudens"
COLUMNS = f"{CODE_COLUMN};{COUNT_COLUMN}"
CSV_ROWS_MAX = 100_000
MISSING = {"", ".", "x", "-"}  # how CBS writes "unknown" or "secret"


class HouseholdsFileError(ValueError):
    """The file is not a kerncijfers CSV with the two columns; nothing was imported."""


def set_households(wijk: Wijk, data) -> Wijk:
    """Set (or with null clear) the wijk's number of households. The caller checks that the actor is an admin."""
    fields = Fields(data)
    value = fields.integer("households", minimum=0, maximum=HOUSEHOLDS_MAX)
    if not fields.present("households"):
        fields.error("households", _("Give the number of households."))
    fields.check()
    wijk.households = value
    commit()
    return wijk


def _rows(text: str) -> list[dict]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    columns = {(name or "").strip().casefold() for name in reader.fieldnames or ()}
    if not {CODE_COLUMN, COUNT_COLUMN} <= columns:
        raise HouseholdsFileError(_("the columns %(columns)s are missing", columns=COLUMNS))
    rows = []
    for number, row in enumerate(reader, start=2):
        if number > CSV_ROWS_MAX:
            raise HouseholdsFileError(_("more than %(n)d rows", n=CSV_ROWS_MAX))
        rows.append({(key or "").strip().casefold(): (value or "").strip() for key, value in row.items()
                     if isinstance(value, str)} | {"line": number})
    return rows


def _count(row: dict) -> int | None:
    value = row.get(COUNT_COLUMN, "")
    if value in MISSING:
        return None
    value = value.replace(" ", "").replace("\N{NO-BREAK SPACE}", "")
    if not value.isdigit() or int(value) > HOUSEHOLDS_MAX:
        raise HouseholdsFileError(_("line %(line)d: %(value)s is not a number of households", line=row["line"],
                                    value=row.get(COUNT_COLUMN)))
    return int(value)


def import_households(text: str) -> tuple[int, int]:
    """Set the households of every known wijk in the CSV; all or nothing. Returns (updated, not known here);
    rows without a figure (CBS writes "." for unknown) are skipped."""
    rows = _rows(text)
    counts = {row.get(CODE_COLUMN, "").upper(): _count(row) for row in rows}
    wijken = {w.cbs_code.upper(): w for w in db.session.scalars(select(Wijk).where(
        Wijk.cbs_code.in_([code for code in counts if code])))}
    updated = 0
    for code, count in counts.items():
        if code in wijken and count is not None:
            wijken[code].households = count
            updated += 1
    commit()
    return updated, sum(1 for code in counts if code not in wijken)

