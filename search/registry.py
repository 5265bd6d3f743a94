"""Document kinds: what each area indexes, and how a result links back to the item it came from.

An area registers a kind once (`document_kind`) and keeps its documents up to date with `search.index.put`
and `drop` when its items change (posts and comments: `search.posts`, through `wijken.signals`). At query
time the kind's `links(ids, viewer)` answers the URL of each item the viewer may still see: an index that
lags behind a change never shows what is gone.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Document:
    kind: str
    source_id: int
    title: str
    body: str
    created_at: datetime
    wijk_id: int | None = None
    public: bool = True
    user_id: int | None = None
    organisation_id: int | None = None


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: object  # lazy_gettext: "Bericht", "Reactie", ...
    links: Callable[[list[int], object], dict[int, str]]  # (source ids, viewer) -> {visible id: URL}
    documents: Callable[[], Iterable[Document]] = field(default=lambda: ())  # everything, for a rebuild


KINDS: dict[str, DocumentKind] = {}
# Every kind's name, kept up to date: the API's `kind` filter documents this list itself.
KIND_NAMES: list[str] = []


def document_kind(name: str, label, *, documents: Callable[[], Iterable[Document]]):
    """Register the decorated `links(ids, viewer)` as kind `name`."""
    def register(links):
        if name in KINDS:
            raise ValueError(f"two document kinds {name!r}")
        KINDS[name] = DocumentKind(name, label, links, documents)
        KIND_NAMES.append(name)
        return links
    return register
