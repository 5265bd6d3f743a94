"""CBS buurten and the wijk page covering each: a page of the buurt itself, a named group of buurten (a
municipality's own cut: Waalwijk ran four pages), or the page of its CBS wijk."""
from shapely.geometry import mapping, shape
from shapely.ops import unary_union
from sqlalchemy import select
from sqlalchemy.orm import undefer

from core.extensions import db
from core.transactions import commit

from .geo import CODE, NAME_MAX, free_slug, parse_features, point_index
from .models import Buurt, Wijk
from .municipalities import municipality_named


class BuurtError(ValueError):
    """Not a usable buurt file or group; nothing was changed."""


def wijk_code_of(buurt_code: str) -> str:
    """CBS numbers a buurt inside its wijk: BU08670001 lies in WK086700."""
    return "WK" + buurt_code[2:8]


def import_buurten(raw: str) -> tuple[int, int]:
    """Create or update buurten by CBS code from the CBS buurt layer (GeoJSON, statcode BU..., statnaam);
    returns (created, updated). All or nothing."""
    features = parse_features(raw)
    wrong = [f.cbs_code for f in features if not (f.cbs_code.startswith("BU") and f.cbs_code[2:].isdigit()
                                                  and len(f.cbs_code) == 10)]
    if wrong:
        raise BuurtError(f"{wrong[0]} is not a CBS buurt code such as BU08670000")
    existing = {b.cbs_code: b for b in db.session.scalars(select(Buurt))}
    created = 0
    for feature in features:
        buurt = existing.get(feature.cbs_code)
        if buurt is None:
            created += 1
            buurt = Buurt(cbs_code=feature.cbs_code)
            db.session.add(buurt)
        buurt.name, buurt.geometry = feature.name, feature.geometry
        buurt.wijk_code = wijk_code_of(feature.cbs_code)
    db.session.flush()
    assign_pages()
    commit()
    return created, len(features) - created


def save_buurten(rows: list[tuple[str, str]]) -> None:
    """Buurten without a boundary (code, name): the demo's, and tables known only from the postcode file."""
    existing = {b.cbs_code: b for b in db.session.scalars(select(Buurt))}
    for code, name in rows:
        buurt = existing.get(code) or Buurt(cbs_code=code, wijk_code=wijk_code_of(code))
        buurt.name = name
        db.session.add(buurt)
    db.session.flush()
    assign_pages()
    commit()


def group_page(code: str, name: str, buurt_codes: list[str], municipality: str = "") -> Wijk:
    """Make (or change) the wijk page `code` that covers exactly these buurten; its outline is their union."""
    if not CODE.match(code or "") or not name.strip() or len(name) > NAME_MAX:
        raise BuurtError("Give the page a code (letters, digits, - or _, at most 16) and a name.")
    buurten = db.session.scalars(select(Buurt).where(Buurt.cbs_code.in_(buurt_codes))
                                 .options(undefer(Buurt.geometry))).all()
    missing = sorted(set(buurt_codes) - {b.cbs_code for b in buurten})
    if missing or not buurten:
        raise BuurtError(f"Unknown buurt: {', '.join(missing)}. Import the buurten first.")
    shapes = [shape(b.geometry) for b in buurten if b.geometry]
    if len(shapes) < len(buurten):
        raise BuurtError("Every buurt of a page needs its boundary: import the CBS buurt layer.")
    page = db.session.scalar(select(Wijk).where(Wijk.cbs_code == code))
    if page is None:
        page = Wijk(cbs_code=code, slug=free_slug(name))
        db.session.add(page)
    page.name, page.geometry = name.strip(), mapping(unary_union(shapes))
    page.municipality = municipality_named(municipality) or page.municipality
    db.session.flush()
    for buurt in db.session.scalars(select(Buurt).where(Buurt.group_id == page.id)):
        buurt.group_id = None
    for buurt in buurten:
        buurt.group_id = page.id
    assign_pages()
    commit()
    point_index.forget()
    return page


def assign_pages() -> None:
    """Give every buurt the page that covers it: its own page, else its group's, else its CBS wijk's."""
    pages = dict(db.session.execute(select(Wijk.cbs_code, Wijk.id)).all())
    for buurt in db.session.scalars(select(Buurt)):
        buurt.page_id = pages.get(buurt.cbs_code) or buurt.group_id or pages.get(buurt.wijk_code)
    db.session.flush()

