"""Running the themes of a scope, reading them for a viewer, and naming them.

A run reads the scope's texts of the last `days` days (`sources.items`), groups them (`pipeline.find_themes`)
and replaces the scope's themes in one transaction. A new theme whose term weights are alike enough (cosine
at least CARRY_OVER) to one of the run before takes over that theme's row: its id and an official's name stay.
"""
import math
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from core.errors import NotFound, require
from core.extensions import db
from core.schemas import Input
from core.timeutil import utcnow
from core.transactions import commit
from wijken.models import Municipality, Wijk
from wijken.services import wijk_by_slug

from . import pipeline, sources
from .models import Theme, ThemeRun
from .permissions import can_see_scope_themes, can_see_wijk_themes
from .schemas import ThemeRename

DEFAULT_DAYS = 56      # eight weeks: enough texts, and weeks to see a theme grow
MIN_DAYS, MAX_DAYS = 14, 365
CARRY_OVER = 0.6       # cosine of term weights from which a theme is the same as the run before
RISING_MIN = 0.5       # growth (pipeline.growth) from which a theme is a stijger
RISING_SHOWN = 3


class Scope:
    """A wijk, or a municipality (its wijken); keyed by id, so a renamed municipality keeps its themes' names."""

    def __init__(self, wijken: list[Wijk], *, wijk: Wijk | None = None, municipality: str = ""):
        self.wijken, self.wijk, self.municipality = wijken, wijk, municipality
        self.key = f"wijk:{wijk.id}" if wijk is not None else f"gemeente:{wijken[0].municipality_id}"

    @property
    def name(self) -> str:
        return self.wijk.name if self.wijk is not None else self.municipality


def wijk_scope(slug: str) -> Scope:
    wijk = wijk_by_slug(slug)
    return Scope([wijk], wijk=wijk)


def municipality_scope(name: str) -> Scope:
    return _municipality(db.session.scalar(select(Municipality).where(Municipality.name == name)) if name else None)


def _municipality(municipality: Municipality | None) -> Scope:
    wijken = list(db.session.scalars(select(Wijk).where(Wijk.municipality_id == municipality.id)
                                     .order_by(Wijk.name))) if municipality is not None else []
    if not wijken:
        raise NotFound(_("No such municipality."))
    return Scope(wijken, municipality=municipality.name)


# --- running ------------------------------------------------------------------------------------------------

def run_scope(scope: Scope, days: int = DEFAULT_DAYS, now: datetime | None = None) -> ThemeRun:
    """Find the scope's themes of the last `days` days and store them (committed)."""
    until = now or utcnow()
    found = pipeline.find_themes(sources.items([w.id for w in scope.wijken], until - timedelta(days=days), until),
                                 period_end=until, weeks=math.ceil(days / 7))
    run = db.session.scalar(select(ThemeRun).where(ThemeRun.scope == scope.key))
    if run is None:
        run = ThemeRun(scope=scope.key, wijk=scope.wijk, municipality=scope.municipality)
        db.session.add(run)
    previous = {theme.id: theme.weights for theme in run.themes}
    matched = pipeline.match(previous, [t.weights for t in found.themes], CARRY_OVER)
    kept = {theme.id: theme for theme in run.themes}
    run.themes = [_fill(kept[matched[i]] if i in matched else Theme(), i, theme)
                  for i, theme in enumerate(found.themes)]
    run.municipality = scope.municipality  # its name now
    run.days, run.period_end, run.computed_at = days, until, utcnow()
    run.text_count, run.coherence = found.text_count, found.coherence
    commit()
    return run


def _fill(theme: Theme, position: int, found: pipeline.Theme) -> Theme:
    theme.position, theme.terms, theme.weights, theme.size = position, found.terms, found.weights, found.size
    theme.weekly, theme.growth, theme.examples = found.weekly, found.growth, found.examples
    return theme


def scopes(wijk: str | None = None, municipality: str | None = None) -> list[Scope]:
    """The scopes a run covers: one wijk, one municipality, or (neither) every wijk and every municipality."""
    if wijk:
        return [wijk_scope(wijk)]
    if municipality:
        return [municipality_scope(municipality)]
    wijken = list(db.session.scalars(select(Wijk).order_by(Wijk.id)))
    municipalities = sorted({w.municipality for w in wijken if w.municipality}, key=lambda m: m.name)
    return [Scope([w], wijk=w) for w in wijken] + [
        Scope([w for w in wijken if w.municipality_id == m.id], municipality=m.name) for m in municipalities]


def run(wijk: str | None = None, municipality: str | None = None, days: int = DEFAULT_DAYS,
        now: datetime | None = None) -> list[ThemeRun]:
    return [run_scope(scope, days, now) for scope in scopes(wijk, municipality)]


# --- reading ------------------------------------------------------------------------------------------------

def visible_scopes(viewer) -> tuple[list[Wijk], list[str]]:
    """The wijken and municipalities whose themes the viewer sees, by name."""
    wijken = [w for w in db.session.scalars(select(Wijk).order_by(Wijk.name)) if can_see_wijk_themes(viewer, w)]
    everything = db.session.execute(select(Municipality.name, Wijk.id).join(Wijk.municipality)).all()
    seen = {w.id for w in wijken}
    per_name: dict[str, set[int]] = {}
    for name, wijk_id in everything:
        per_name.setdefault(name, set()).add(wijk_id)
    return wijken, sorted(name for name, ids in per_name.items() if ids <= seen)


def read(viewer, scope: Scope) -> tuple[ThemeRun | None, dict[str, dict]]:
    """The scope's latest run (None before the first) and the links of its examples anyone may still see."""
    require(can_see_scope_themes(viewer, scope.wijken), _("You may not see the themes here."))
    run = db.session.scalar(select(ThemeRun).where(ThemeRun.scope == scope.key))
    if run is None:
        return None, {}
    return run, sources.links([key for theme in run.themes for key in theme.examples])


def rising(run: ThemeRun | None) -> list[Theme]:
    """The stijgers: the themes that grew most in the last weeks."""
    grown = [t for t in (run.themes if run else []) if t.growth >= RISING_MIN]
    return sorted(grown, key=lambda t: (-t.growth, t.position))[:RISING_SHOWN]


def get_theme(theme_id: int) -> Theme:
    theme = db.session.get(Theme, theme_id)
    if theme is None:
        raise NotFound(_("No such theme."))
    return theme


def scope_of(run: ThemeRun) -> Scope:
    if run.wijk is not None:
        return Scope([run.wijk], wijk=run.wijk)
    return _municipality(db.session.get(Municipality, int(run.scope.partition(":")[2])))


def rename(viewer, theme: Theme, data) -> Theme:
    """An official's name for the theme (empty: its terms again); it stays while later runs find the theme."""
    require(can_see_scope_themes(viewer, scope_of(theme.run).wijken), _("You may not name this theme."))
    fields = Input(ThemeRename, data)
    name = fields["name"]
    fields.check()
    theme.name = name or None
    theme.renamed_by_id, theme.renamed_at = (viewer.id, utcnow()) if name else (None, None)
    commit()
    return theme
