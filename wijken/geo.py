"""Wijk boundaries: CBS GeoJSON import, point lookup and the SVG map."""
import json
import math
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from shapely import STRtree
from shapely.geometry import Point, shape
from shapely.validation import explain_validity
from sqlalchemy import func, select

from core.api import json_depth_ok
from core.extensions import db
from core.transactions import commit
from core.urls import slugify
from core.validation import Fields

from .models import Wijk
from .municipalities import municipality_named


class GeoJSONError(ValueError):
    """The file is not usable CBS wijk/buurt GeoJSON; nothing was imported."""


@dataclass
class WijkFeature:
    cbs_code: str
    name: str
    geometry: dict


# GeoJSON nests a FeatureCollection's MultiPolygon coordinates 7 deep; far deeper is not a wijk file.
MAX_DEPTH = 12
NAME_MAX = 120  # Wijk.name
CODE = re.compile(r"^[A-Za-z0-9_-]{1,16}$")  # Wijk.cbs_code: WK086700, BU08670000, ...
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# Amersfoort / RD New (EPSG:28992) in metres covers the Netherlands with about these x and y; CBS publishes
# its wijk and buurt maps in it.
RD_NEW_X, RD_NEW_Y = (-7_000, 300_000), (289_000, 629_000)
RD_NEW_MESSAGE = ("the coordinates are in metres, RD New (Amersfoort, EPSG:28992), as in CBS's own downloads; "
                  "Wijkpagina needs WGS84 longitude and latitude (EPSG:4326). Convert the file first, for "
                  "example: ogr2ogr -f GeoJSON -t_srs EPSG:4326 wijken_wgs84.geojson wijken.geojson "
                  "(or download the WGS84 version from PDOK)")


def _no_constant(name: str):
    raise GeoJSONError(f"{name} is not a number")


def _coordinates(geom):
    polygons = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
    for polygon in polygons:
        for ring in (polygon.exterior, *polygon.interiors):
            yield from ring.coords


def _crs_name(data: dict) -> str:
    """The old GeoJSON (2008) `crs` member's name, if any: e.g. urn:ogc:def:crs:EPSG::28992."""
    crs = data.get("crs")
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) and isinstance(
        crs.get("properties"), dict) else None
    return name if isinstance(name, str) else ""


def _check_range(index: int, code: str, geom) -> None:
    """Every coordinate a finite longitude and latitude; a file in RD New gets its own message."""
    points = list(_coordinates(geom))
    if any(len(p) < 2 or not all(math.isfinite(v) for v in p[:2]) for p in points):
        raise GeoJSONError(f"feature {index} ({code}): coordinates must be finite numbers")
    if all(RD_NEW_X[0] <= p[0] <= RD_NEW_X[1] and RD_NEW_Y[0] <= p[1] <= RD_NEW_Y[1] for p in points):
        raise GeoJSONError(RD_NEW_MESSAGE)
    if not all(-180 <= p[0] <= 180 and -90 <= p[1] <= 90 for p in points):
        raise GeoJSONError(f"feature {index} ({code}): coordinates must be WGS84 longitude (-180 to 180) and "
                           f"latitude (-90 to 90)")


def _text_property(props: dict, key: str, index: int, max_length: int) -> str:
    value = props.get(key)
    if not isinstance(value, str) or not value.strip():
        raise GeoJSONError(f"feature {index}: properties statcode and statnaam are required")
    value = value.strip()
    if _CONTROL.search(value):
        raise GeoJSONError(f"feature {index}: {key} contains a line break or another control character")
    if len(value) > max_length:
        raise GeoJSONError(f"feature {index}: {key} is longer than {max_length} characters")
    return value


def parse_features(raw: str) -> list[WijkFeature]:
    """Read and check every feature before anything is written: the structure, the names and codes, and that
    the polygons are valid and lie in WGS84 (a file in RD New is recognised and refused with advice)."""
    try:
        data = json.loads(raw, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise GeoJSONError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise GeoJSONError("nested far too deeply to be GeoJSON") from None
    if not json_depth_ok(data, MAX_DEPTH):
        raise GeoJSONError("nested far too deeply to be GeoJSON")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list) or not data["features"]:
        raise GeoJSONError("expected a GeoJSON FeatureCollection with at least one feature")
    if "28992" in _crs_name(data):
        raise GeoJSONError(RD_NEW_MESSAGE)
    features, seen = [], set()
    for index, feature in enumerate(data["features"], start=1):
        if not isinstance(feature, dict):
            raise GeoJSONError(f"feature {index}: expected a GeoJSON Feature object")
        props = feature.get("properties")
        if not isinstance(props, dict):
            raise GeoJSONError(f"feature {index}: properties statcode and statnaam are required")
        code = _text_property(props, "statcode", index, 16)
        name = _text_property(props, "statnaam", index, NAME_MAX)
        if not CODE.match(code):
            raise GeoJSONError(f"feature {index}: statcode {code!r} is not a CBS code such as WK086700")
        if code in seen:
            raise GeoJSONError(f"feature {index}: statcode {code} appears twice")
        seen.add(code)
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            raise GeoJSONError(f"feature {index} ({code}): geometry is missing or malformed")
        try:
            geom = shape(geometry)
        except Exception:  # shapely raises several types for malformed geometry
            raise GeoJSONError(f"feature {index} ({code}): geometry is missing or malformed") from None
        if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
            raise GeoJSONError(f"feature {index} ({code}): geometry must be a Polygon or MultiPolygon")
        _check_range(index, code, geom)
        if not geom.is_valid:
            raise GeoJSONError(f"feature {index} ({code}): invalid polygon ({explain_validity(geom)})")
        features.append(WijkFeature(code, name, {"type": geom.geom_type, "coordinates": geometry["coordinates"]}))
    return features


def import_wijken(raw: str, municipality: str = "") -> tuple[int, int]:
    """Create or update wijken by CBS code; returns (created, updated). All or nothing."""
    features = parse_features(raw)
    named = municipality_named(municipality, _gemeente_code(features))
    created = updated = 0
    for feature in features:
        wijk = db.session.scalar(select(Wijk).where(Wijk.cbs_code == feature.cbs_code))
        if wijk is None:
            wijk = Wijk(cbs_code=feature.cbs_code, slug=free_slug(feature.name), name=feature.name,
                        geometry=feature.geometry, municipality=named)
            db.session.add(wijk)
            db.session.flush()
            created += 1
        else:
            wijk.name, wijk.geometry = feature.name, feature.geometry
            wijk.municipality = named or wijk.municipality
            updated += 1
    commit()
    point_index.forget()
    return created, updated


def _gemeente_code(features: list[WijkFeature]) -> str | None:
    """GM0867 when every CBS wijk code of the file is one of municipality 0867's (WK0867xx)."""
    codes = {f"GM{f.cbs_code[2:6]}" for f in features if re.fullmatch(r"WK\d{6}", f.cbs_code)}
    return codes.pop() if len(codes) == 1 and all(f.cbs_code.startswith("WK") for f in features) else None


def free_slug(name: str) -> str:
    base = slugify(name) or "wijk"
    slug, n = base, 1
    while db.session.scalar(select(Wijk.id).where(Wijk.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


class PointIndex:
    """A shapely STRtree over every wijk's outline, kept per process.

    A lookup costs one small query (the number of wijken and the latest geometry change) and a tree search;
    the outlines are loaded only when that key moved, so no geometry is read or parsed per request.
    """

    def __init__(self) -> None:
        self.key: tuple | None = None
        self.tree: STRtree | None = None
        self.wijk_ids: list[int] = []

    def forget(self) -> None:
        self.key = None

    def wijk_id_at(self, lat: float, lon: float) -> int | None:
        key = tuple(db.session.execute(select(func.count(Wijk.id), func.max(Wijk.geometry_changed_at))).one())
        if key != self.key or self.tree is None:
            self._build(key)
        hits = self.tree.query(Point(lon, lat), predicate="covered_by")
        return min((self.wijk_ids[i] for i in hits), default=None)

    def _build(self, key: tuple) -> None:
        rows = db.session.execute(select(Wijk.id, Wijk.geometry).order_by(Wijk.id)).all()
        outlines = [(wijk_id, shape(geometry)) for wijk_id, geometry in rows if geometry]
        self.wijk_ids = [wijk_id for wijk_id, _ in outlines]
        self.tree = STRtree([outline for _, outline in outlines])
        self.key = key


point_index = PointIndex()


def wijk_at(lat: float, lon: float) -> Wijk | None:
    """The wijk whose outline covers the point (the lowest id where outlines overlap)."""
    wijk_id = point_index.wijk_id_at(lat, lon)
    return db.session.get(Wijk, wijk_id) if wijk_id is not None else None


# --- SVG map -------------------------------------------------------------------

@dataclass
class MapShape:
    wijk: Wijk
    path: str
    label_x: float
    label_y: float


@dataclass
class SvgMap:
    width: int
    height: int
    shapes: list[MapShape]
    bounds: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


def _drawable(wijk: Wijk, geom) -> bool:
    west, south, east, north = geom.bounds if not geom.is_empty else (math.nan,) * 4
    if all(math.isfinite(v) for v in (west, south, east, north)) and -180 <= west <= east <= 180 \
            and -90 <= south <= north <= 90:
        return True
    current_app.logger.warning("wijk %s has no WGS84 geometry; left off the map", wijk.slug)
    return False


def svg_map(wijken: list[Wijk], width: int = 600) -> SvgMap | None:
    """Project the wijk polygons onto an SVG canvas (equirectangular, scaled by latitude). A wijk stored before
    the import checked its coordinates, and not in WGS84, is left off the map rather than breaking it."""
    geoms = [(w, g) for w, g in ((w, shape(w.geometry)) for w in wijken) if _drawable(w, g)]
    if not geoms:
        return None
    min_lon = min(g.bounds[0] for _, g in geoms)
    min_lat = min(g.bounds[1] for _, g in geoms)
    max_lon = max(g.bounds[2] for _, g in geoms)
    max_lat = max(g.bounds[3] for _, g in geoms)
    x_scale = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * x_scale, 1e-9)
    span_y = max(max_lat - min_lat, 1e-9)
    height = round(width * span_y / span_x)

    def project(lon, lat):
        return ((lon - min_lon) * x_scale / span_x * width, (max_lat - lat) / span_y * height)

    shapes = []
    for wijk, geom in geoms:
        polygons = geom.geoms if geom.geom_type == "MultiPolygon" else [geom]
        parts = []
        for polygon in polygons:
            for ring in [polygon.exterior, *polygon.interiors]:
                points = [project(x, y) for x, y in ring.coords]
                parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
        label = geom.representative_point()
        lx, ly = project(label.x, label.y)
        shapes.append(MapShape(wijk, " ".join(parts), round(lx, 1), round(ly, 1)))
    return SvgMap(width, height, shapes, (min_lon, min_lat, max_lon, max_lat))


def read_point(fields: Fields) -> tuple[float, float] | None:
    """`lat` and `lon` as finite WGS84 degrees (numbers, or text from a form): a melding's spot, an idea's point."""
    point = []
    for name, bound in (("lat", 90), ("lon", 180)):
        value = fields.data.get(name)
        try:
            number = float(value) if isinstance(value, int | float | str) and not isinstance(value, bool) else None
        except ValueError:
            number = None
        if number is None or not math.isfinite(number) or abs(number) > bound:
            fields.error(name, _("Choose the spot on the map, or give its coordinates."))
        point.append(number)
    return None if fields.errors.keys() & {"lat", "lon"} else (point[0], point[1])


def in_wijk(wijk: Wijk, lat: float, lon: float) -> bool:
    return shape(wijk.geometry).covers(Point(lon, lat))
