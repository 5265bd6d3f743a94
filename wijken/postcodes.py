"""Find the wijk page by postcode (and house number): CBS's table "buurt, wijk en gemeente per postcode en
huisnummer" imported as runs of house numbers, and the lookup behind the home page's field and the API."""
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import aliased

from core.errors import NotFound, ValidationError
from core.extensions import db
from core.transactions import commit

from .models import Buurt, PostcodeRange, Wijk

# Dutch postcodes: four digits (no leading zero), two letters; people type 1234ab, 1234 AB, 1234-AB.
POSTCODE = re.compile(r"([1-9][0-9]{3})[ -]*([A-Za-z]{2})")
HOUSE_NUMBER_MAX = 99999
BATCH = 5000


class PostcodeFileError(ValueError):
    """The file is not CBS's postcode-huisnummer table; nothing was imported."""


def normalise_postcode(text: str | None) -> str | None:
    """`1234 ab` -> `1234AB`; None if it is not a Dutch postcode."""
    match = POSTCODE.fullmatch((text or "").strip())
    return f"{match[1]}{match[2].upper()}" if match else None


def cbs_code(prefix: str, value: str, digits: int) -> str | None:
    """A CBS area code as the wijk and buurt maps write it (`BU08670000`, `WK086700`) from the table's own
    forms: with or without the prefix, with or without leading zeros."""
    value = value.strip().upper().removeprefix(prefix)
    return f"{prefix}{value.zfill(digits)}" if value.isdigit() and len(value) <= digits else None


# --- import --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Address:
    postcode: str
    number: int
    buurt_code: str
    wijk_code: str


def _column(header: list[str], name: str) -> int:
    """The column called `name`, or `name` followed by a year (CBS: Buurt2023, Wijk2023)."""
    for index, title in enumerate(header):
        if re.fullmatch(rf"{name}(\d{{4}})?", title.strip().lstrip("\ufeff"), re.IGNORECASE):
            return index
    raise PostcodeFileError(f"no column {name} in the header (expected PC6;Huisnummer;Buurt2023;Wijk2023;...)")


def read_addresses(text: str, municipality: str | None = None) -> Iterator[Address]:
    """The rows of the CBS CSV (`;`- or `,`-separated, header PC6;Huisnummer;BuurtJJJJ;WijkJJJJ;GemeenteJJJJ),
    checked one by one; with `municipality` (0867 or GM0867) only that municipality's addresses."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if ";" in first_line else ",")
    header = next(reader, None)
    if not header:
        raise PostcodeFileError("the file is empty")
    pc, number, buurt, wijk = (_column(header, name) for name in ("PC6", "Huisnummer", "Buurt", "Wijk"))
    gemeente = _column(header, "Gemeente") if municipality else None
    wanted = cbs_code("GM", municipality, 4) if municipality else None
    if municipality and wanted is None:
        raise PostcodeFileError(f"{municipality!r} is not a CBS municipality code such as 0867")
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            if wanted and cbs_code("GM", row[gemeente], 4) != wanted:
                continue
            address = Address(normalise_postcode(row[pc]), int(row[number]), cbs_code("BU", row[buurt], 8),
                              cbs_code("WK", row[wijk], 6))
        except (IndexError, ValueError):
            raise PostcodeFileError(f"line {line}: expected a postcode, a house number and two CBS codes") from None
        if not address.postcode or not address.buurt_code or not address.wijk_code \
                or not 0 < address.number <= HOUSE_NUMBER_MAX:
            raise PostcodeFileError(f"line {line}: {';'.join(row)!r} is not a postcode, house number, buurt "
                                    f"and wijk code")
        yield address


def fold(addresses: Iterable[Address]) -> Iterator[dict]:
    """Runs of house numbers of one postcode in one buurt, as rows of `PostcodeRange`."""
    ordered = sorted(addresses, key=lambda a: (a.postcode, a.number))
    for postcode, numbers in groupby(ordered, key=lambda a: a.postcode):
        for (buurt_code, wijk_code), run in groupby(numbers, key=lambda a: (a.buurt_code, a.wijk_code)):
            run = list(run)
            yield {"postcode": postcode, "first_number": run[0].number, "last_number": run[-1].number,
                   "buurt_code": buurt_code, "wijk_code": wijk_code}


def replace_postcodes(addresses: Iterable[Address], *, demo: bool = False) -> int:
    """Replace the whole postcode table with these addresses (all or nothing); returns the number of runs."""
    rows = [row | {"demo": demo} for row in fold(addresses)]  # the whole file is read and checked first
    db.session.execute(delete(PostcodeRange))
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(PostcodeRange), rows[start:start + BATCH])
    commit()
    return len(rows)


def postcodes_loaded() -> bool:
    return db.session.scalar(select(PostcodeRange.id).limit(1)) is not None


def demo_postcode() -> str | None:
    """A postcode to try, when the table is the demo's generated one (None for CBS's table or none)."""
    return db.session.scalar(select(PostcodeRange.postcode).where(PostcodeRange.demo).order_by(PostcodeRange.id)
                             .limit(1))


def lookup_known(postcode: str) -> bool:
    return db.session.scalar(select(PostcodeRange.id).where(PostcodeRange.postcode == postcode).limit(1)) is not None


# --- lookup --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """The wijk page covering an address, the buurt if known, and whether the table is the demo's."""
    wijk: Wijk
    buurt: Buurt | None
    demo: bool


def parse_house_number(text) -> int | None:
    """The number of `12`, `12a`, `12-3` (the addition does not change the buurt); None if absent."""
    match = re.match(r"^\s*(\d{1,5})", str(text)) if text not in (None, "") else None
    if text not in (None, "") and match is None:
        raise ValidationError(_("Enter a house number, such as 12 or 12a."),
                              fields={"huisnummer": _("Enter a house number, such as 12 or 12a.")})
    return int(match[1]) if match else None


def lookup_postcode(postcode_text: str | None, number_text=None) -> Found:
    """The page covering this address (one query). A postcode whose numbers lie in more than one page needs
    the house number (422 `huisnummer_required`); an unknown one is a 404 `unknown_postcode`."""
    postcode = normalise_postcode(postcode_text)
    if postcode is None:
        raise ValidationError(_("That is not a postcode. A postcode has four digits and two letters, "
                                "such as 5141 AB."), fields={"postcode": _("Four digits and two letters.")},
                              code="invalid_postcode")
    number = parse_house_number(number_text)
    buurt_page, cbs_wijk_page = aliased(Wijk), aliased(Wijk)
    rows = db.session.execute(
        select(PostcodeRange, Buurt, buurt_page, cbs_wijk_page)
        .outerjoin(Buurt, Buurt.cbs_code == PostcodeRange.buurt_code)
        .outerjoin(buurt_page, buurt_page.id == Buurt.page_id)
        .outerjoin(cbs_wijk_page, cbs_wijk_page.cbs_code == PostcodeRange.wijk_code)
        .where(PostcodeRange.postcode == postcode).order_by(PostcodeRange.first_number)).all()
    runs = [(run, Found(page_of_buurt or page_of_wijk, buurt, run.demo))
            for run, buurt, page_of_buurt, page_of_wijk in rows if page_of_buurt or page_of_wijk]
    if not runs:
        raise NotFound(_("We do not know postcode %(postcode)s. Find your wijk on the map instead.",
                         postcode=f"{postcode[:4]} {postcode[4:]}"), code="unknown_postcode")
    if number is not None:  # the last run starting at or below the number (a gap belongs to the run below)
        below = [found for run, found in runs if run.first_number <= number]
        return below[-1] if below else runs[0][1]
    found = [f for _run, f in runs]
    if len({f.wijk.id for f in found}) > 1:
        raise ValidationError(_("This postcode lies in more than one wijk. Add your house number."),
                              fields={"huisnummer": _("Add your house number.")}, code="huisnummer_required")
    buurten = {f.buurt.id if f.buurt else None for f in found}
    return Found(found[0].wijk, found[0].buurt if len(buurten) == 1 else None, found[0].demo)
