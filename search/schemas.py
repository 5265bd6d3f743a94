"""API shapes of search."""
from pydantic import Field

from core.schemas import Schema, Timestamp


class WijkRef(Schema):
    slug: str
    name: str


class SearchHit(Schema):
    kind: str = Field(description="The document kind: post, comment, or one an area registered.")
    kind_label: str = Field(description="The kind in the caller's language.")
    id: int = Field(description="The item's id in its own area (a post's id, a comment's id, ...).")
    url: str = Field(description="The page that shows the item.")
    title_html: str = Field(description="The title, HTML-escaped, matched words in <mark>.")
    snippet_html: str = Field(description="Words around the first match, HTML-escaped, matched words in <mark>.")
    wijk: WijkRef | None
    created_at: Timestamp


class SearchPage(Schema):
    items: list[SearchHit]
    next: str | None = Field(description="Pass as `before` for the next page.")
    words: list[str] = Field(description="The words searched for: all must occur (stop words and signs dropped).")
