"""The API shapes of the themes (docs/api.md "Themes")."""
from core.schemas import Schema, Text, Timestamp

from .models import THEME_NAME_MAX


class ThemeExample(Schema):
    kind: str
    id: int
    url: str
    title: str
    excerpt: str


class Theme(Schema):
    id: int
    name: str | None
    label: str
    terms: list[str]
    size: int
    weekly: list[int]
    growth: float
    rising: bool
    examples: list[ThemeExample]


class ThemeList(Schema):
    scope: str
    wijk: str | None
    municipality: str | None
    days: int | None
    period_end: Timestamp | None
    computed_at: Timestamp | None
    text_count: int
    items: list[Theme]
    rising: list[int]


class ThemeRename(Schema):
    """An empty name gives the theme back its terms as a name."""
    name: Text(THEME_NAME_MAX)
