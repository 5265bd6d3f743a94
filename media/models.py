"""A stored image: what is known of the files the pipeline made from one upload."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.timeutil import utcnow

from .images import EXTENSION


class StoredImage(db.Model):
    """One upload, re-encoded: a JPEG per width in `widths`, named `<key>-<width>.jpg`.

    The areas that show images (post photos, moodboard pins) point to this row and decide who may see it;
    the files are written when the row's transaction commits and deleted after the commit that deletes it.
    """
    __tablename__ = "stored_image"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    width: Mapped[int]  # of the largest variant
    height: Mapped[int]
    widths: Mapped[list] = mapped_column(JSON)  # ascending; the last is `width`
    byte_size: Mapped[int]  # of the largest variant
    phash: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def file_name(self, width: int) -> str:
        return f"{self.key}-{width}.{EXTENSION}"

    def file_names(self) -> list[str]:
        return [self.file_name(w) for w in self.widths]

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    @property
    def smallest(self) -> int:
        return self.widths[0]
