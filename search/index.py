"""Write documents into the index and query it: Dutch full text, only what the viewer may find, newest first,
keyset-paginated, with highlighted snippets. PostgreSQL matches with its `dutch` configuration on a GIN-indexed
generated column; SQLite with FTS5 over stems made here by the same Snowball algorithm (search.text)."""
import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import and_, delete, func, insert, literal_column, or_, select, text

from core.errors import AppError
from core.extensions import db
from core.validation import row_id
from partners.models import Membership
from wijken.models import Wijk

from .models import TITLE_MAX, SearchDocument
from .registry import KINDS, Document
from .text import highlight, query_words, stem, stems

# Made by the migration, per database, beside the table: the schema comparison leaves them out.
DATABASE_OBJECTS = {("column", "tsv"), ("index", "ix_search_document_tsv")}
BODY_MAX = 20_000  # of a document's text, what is indexed and searched


def include_in_schema_comparison(name, type_, parent_names) -> bool:
    """For alembic: the index's database-specific objects (the FTS5 table and its shadow tables on SQLite, the
    tsvector column and its GIN index on PostgreSQL) are not in the models."""
    if type_ == "table" and (name or "").startswith("search_fts"):
        return False
    return (type_, name) not in DATABASE_OBJECTS


def _sqlite() -> bool:
    return db.session.get_bind().dialect.name == "sqlite"


def _values(doc: Document) -> dict:
    title, body = doc.title[:TITLE_MAX], doc.body[:BODY_MAX]
    return {"kind": doc.kind, "source_id": doc.source_id, "wijk_id": doc.wijk_id, "public": doc.public,
            "user_id": doc.user_id, "organisation_id": doc.organisation_id, "title": title, "body": body,
            "created_at": doc.created_at, "terms": " ".join(stems(f"{title} {body}")) if _sqlite() else ""}


def put(doc: Document) -> None:
    """Add the document, or bring it up to date (in the caller's transaction)."""
    values = _values(doc)
    existing = db.session.scalar(select(SearchDocument.id).where(SearchDocument.kind == doc.kind,
                                                                 SearchDocument.source_id == doc.source_id))
    if existing is None:
        db.session.execute(insert(SearchDocument).values(values))
    else:
        db.session.execute(SearchDocument.__table__.update().where(SearchDocument.id == existing).values(values))


def drop(kind: str, source_ids) -> None:
    """Take these items out of the index (gone, hidden, or no longer to be found)."""
    ids = list(source_ids)
    if ids:
        db.session.execute(delete(SearchDocument).where(SearchDocument.kind == kind,
                                                        SearchDocument.source_id.in_(ids)))


def rebuild() -> int:
    """Index everything again from the registered kinds (`flask search reindex`); returns the count."""
    db.session.execute(delete(SearchDocument))
    rows = [_values(doc) for kind in KINDS.values() for doc in kind.documents()]
    for start in range(0, len(rows), 2000):
        db.session.execute(insert(SearchDocument), rows[start:start + 2000])
    return len(rows)


# --- query ---------------------------------------------------------------------------------

class BadCursor(AppError):
    status = 400
    code = "bad_cursor"


@dataclass
class Hit:
    kind: str
    label: object
    source_id: int
    url: str
    title: Markup
    snippet: Markup
    wijk_slug: str | None
    wijk_name: str | None
    created_at: datetime


@dataclass
class Results:
    items: list[Hit]
    next: str | None
    words: list[str]


def _encode(doc: SearchDocument) -> str:
    return base64.urlsafe_b64encode(f"{doc.created_at.isoformat()}|{doc.id}".encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[datetime, int]:
    try:
        created, ident = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split("|")
        created_at, doc_id = datetime.fromisoformat(created), row_id(ident)
        if doc_id is None or created_at.tzinfo is not None:
            raise ValueError
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise BadCursor(_("This page link is not valid.")) from None
    return created_at, doc_id


def _matches(words: list[str]):
    if _sqlite():
        match = " ".join(f'"{stem(w)}"' for w in words)  # stems are \w only: no FTS5 syntax gets through
        return SearchDocument.id.in_(select(literal_column("rowid")).select_from(text("search_fts"))
                                     .where(text("search_fts MATCH :match").bindparams(match=match)))
    return literal_column("search_document.tsv").op("@@")(func.plainto_tsquery("dutch", " ".join(words)))


def _may_find(viewer):
    if not getattr(viewer, "is_authenticated", False):
        return SearchDocument.public
    return or_(SearchDocument.public, SearchDocument.user_id == viewer.id, SearchDocument.organisation_id.in_(
        select(Membership.organisation_id).where(Membership.user_id == viewer.id)))


def search(viewer, query: str, *, wijk: Wijk | None = None, kinds=(), before: str | None = None,
           limit: int = 20) -> Results:
    """The documents matching every word of `query` that `viewer` may find, newest first."""
    words = query_words(query)
    if not words:
        return Results([], None, [])
    statement = (select(SearchDocument, Wijk.slug, Wijk.name).outerjoin(Wijk, Wijk.id == SearchDocument.wijk_id)
                 .where(_matches(words), _may_find(viewer))
                 .order_by(SearchDocument.created_at.desc(), SearchDocument.id.desc()).limit(limit + 1))
    if wijk is not None:
        statement = statement.where(SearchDocument.wijk_id == wijk.id)
    if kinds:
        statement = statement.where(SearchDocument.kind.in_(list(kinds)))
    if before:
        created_at, doc_id = _decode(before)
        statement = statement.where(or_(SearchDocument.created_at < created_at,
                                        and_(SearchDocument.created_at == created_at, SearchDocument.id < doc_id)))
    rows = db.session.execute(statement).all()
    next_cursor = _encode(rows[limit - 1][0]) if len(rows) > limit else None
    return Results(_hits(rows[:limit], viewer, {stem(w) for w in words}), next_cursor, words)


def _hits(rows, viewer, terms: set[str]) -> list[Hit]:
    """Each kind confirms, in one query, which of its items the viewer may still see, and where they are."""
    by_kind: dict[str, list[int]] = {}
    for doc, _slug, _name in rows:
        by_kind.setdefault(doc.kind, []).append(doc.source_id)
    links = {kind: KINDS[kind].links(ids, viewer) for kind, ids in by_kind.items() if kind in KINDS}
    return [Hit(doc.kind, KINDS[doc.kind].label, doc.source_id, links[doc.kind][doc.source_id],
                highlight(doc.title, terms, words=None), highlight(doc.body, terms), slug, name, doc.created_at)
            for doc, slug, name in rows if doc.source_id in links.get(doc.kind, {})]
