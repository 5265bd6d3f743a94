"""Wijk boundaries: CBS GeoJSON import, point lookup and the SVG map."""
import json
import math
import re
import unicodedata
from dataclasses import dataclass

from shapely.geometry import Point, shape
from shapely.validation import explain_validity
from sqlalchemy import select
from sqlalchemy.orm import undefer

from core.extensions import db
from core.transactions import commit

from .models import Wijk


class GeoJSONError(ValueError):
    """The file is not usable CBS wijk/buurt GeoJSON; nothing was imported."""


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@dataclass
class WijkFeature:
    cbs_code: str
    name: str
    geometry: dict


def parse_features(raw: str) -> list[WijkFeature]:
    """Read and check every feature before anything is written."""
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise GeoJSONError(f"not valid JSON: {exc}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list) or not data["features"]:
        raise GeoJSONError("expected a GeoJSON FeatureCollection with at least one feature")
    features, seen = [], set()
    for index, feature in enumerate(data["features"], start=1):
        props = (feature or {}).get("properties") or {}
        code, name = props.get("statcode"), props.get("statnaam")
        if not isinstance(code, str) or not isinstance(name, str) or not code.strip() or not name.strip():
            raise GeoJSONError(f"feature {index}: properties statcode and statnaam are required")
        if code in seen:
            raise GeoJSONError(f"feature {index}: statcode {code} appears twice")
        seen.add(code)
        geometry = feature.get("geometry")
        try:
            geom = shape(geometry)
        except Exception:  # shapely raises several types for malformed geometry
            raise GeoJSONError(f"feature {index} ({code}): geometry is missing or malformed") from None
        if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
            raise GeoJSONError(f"feature {index} ({code}): geometry must be a Polygon or MultiPolygon")
        if not geom.is_valid:
            raise GeoJSONError(f"feature {index} ({code}): invalid polygon ({explain_validity(geom)})")
        features.append(WijkFeature(code.strip(), name.strip(), geometry))
    return features


def import_wijken(raw: str, municipality: str = "") -> tuple[int, int]:
    """Create or update wijken by CBS code; returns (created, updated). All or nothing."""
    features = parse_features(raw)
    created = updated = 0
    for feature in features:
        wijk = db.session.scalar(select(Wijk).where(Wijk.cbs_code == feature.cbs_code))
        if wijk is None:
            wijk = Wijk(cbs_code=feature.cbs_code, slug=_free_slug(feature.name), name=feature.name,
                        geometry=feature.geometry, municipality=municipality)
            db.session.add(wijk)
            db.session.flush()
            created += 1
        else:
            wijk.name, wijk.geometry = feature.name, feature.geometry
            wijk.municipality = municipality or wijk.municipality
            updated += 1
    commit()
    _shapes.clear()
    return created, updated


def _free_slug(name: str) -> str:
    base = slugify(name) or "wijk"
    slug, n = base, 1
    while db.session.scalar(select(Wijk.id).where(Wijk.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


# Shapely shapes per wijk, rebuilt when a wijk's geometry changes.
_shapes: dict[int, tuple[str, object]] = {}


def wijk_at(lat: float, lon: float) -> Wijk | None:
    """The wijk whose polygon contains the point (point-in-polygon with shapely)."""
    point = Point(lon, lat)
    for wijk in db.session.scalars(select(Wijk).options(undefer(Wijk.geometry))):
        key = json.dumps(wijk.geometry, sort_keys=True)
        cached = _shapes.get(wijk.id)
        if cached is None or cached[0] != key:
            cached = _shapes[wijk.id] = (key, shape(wijk.geometry))
        if cached[1].covers(point):
            return wijk
    return None


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


def svg_map(wijken: list[Wijk], width: int = 600) -> SvgMap | None:
    """Project the wijk polygons onto an SVG canvas (equirectangular, scaled by latitude)."""
    geoms = [(w, shape(w.geometry)) for w in wijken]
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
