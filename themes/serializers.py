"""The JSON shapes of the themes (docs/api.md "Themes"): a scope's latest run and each theme."""
from core.timeutil import isoformat

from .models import Theme, ThemeRun


def example_json(key: str, link: dict) -> dict:
    kind, _sep, number = key.partition(":")
    return {"kind": kind, "id": int(number), **link}


def theme_json(theme: Theme, links: dict[str, dict], rising_ids: set[int]) -> dict:
    return {"id": theme.id, "name": theme.name, "label": theme.label, "terms": theme.terms, "size": theme.size,
            "weekly": theme.weekly, "growth": theme.growth, "rising": theme.id in rising_ids,
            "examples": [example_json(key, links[key]) for key in theme.examples if key in links]}


def themes_json(scope, run: ThemeRun | None, links: dict[str, dict], rising: list[Theme]) -> dict:
    rising_ids = [t.id for t in rising]
    return {"scope": scope.key, "wijk": scope.wijk.slug if scope.wijk is not None else None,
            "municipality": scope.municipality or None,
            "days": run.days if run else None, "period_end": isoformat(run.period_end) if run else None,
            "computed_at": isoformat(run.computed_at) if run else None, "text_count": run.text_count if run else 0,
            "items": [theme_json(t, links, set(rising_ids)) for t in (run.themes if run else [])],
            "rising": rising_ids}
