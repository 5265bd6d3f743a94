"""The one documents index: a row per searchable item of any area, with who may find it."""
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db

TITLE_MAX = 300


class SearchDocument(db.Model):
    """What a search matches. The text is kept as plain text; the full-text index on it is the database's own:
    PostgreSQL a generated `tsv` column (`to_tsvector('dutch', title || ' ' || body)`) with a GIN index,
    SQLite an FTS5 table `search_fts` over `terms` (the Dutch stems) kept in step by triggers. Both are made by
    the migration (see `search.index.DATABASE_OBJECTS`)."""
    __tablename__ = "search_document"
    __table_args__ = (
        UniqueConstraint("kind", "source_id"),
        Index("ix_search_document_recent", "created_at", "id"),  # newest first, keyset-paginated
        Index("ix_search_document_wijk", "wijk_id", "created_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # a registered document kind: post, comment, ...
    source_id: Mapped[int]  # the item's id in its own area
    wijk_id: Mapped[int | None] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    # Who may find it: everyone, or only its owner and the staff of its organisation (a private item).
    public: Mapped[bool] = mapped_column(default=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"),
                                                        index=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    body: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text, default="")  # SQLite only: the stems FTS5 indexes
    created_at: Mapped[datetime]
