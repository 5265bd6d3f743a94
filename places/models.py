"""A voorziening: a place in a wijk with its address, location and how to reach it."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.timeutil import utcnow
from partners.models import Organisation
from wijken.models import Wijk

PLACE_KINDS = {
    "school": _l("School"), "huisarts": _l("GP"), "buurthuis": _l("Community centre"),
    "sporthal": _l("Sports hall"), "bibliotheek": _l("Library"), "speeltuin": _l("Playground"),
    "spreekuur": _l("Office hours of the neighbourhood officer"), "zorg": _l("Care"), "overig": _l("Other"),
}


class Place(db.Model):
    __table_args__ = (Index("ix_place_location", "lat", "lon"), Index("ix_place_wijk", "wijk_id", "name"))
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"),
                                                        index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120))
    address: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float]
    lon: Mapped[float]
    phone: Mapped[str | None] = mapped_column(String(20))  # E.164, normalised with phonenumbers
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(300))
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    wijk: Mapped[Wijk] = relationship(lazy="joined", innerjoin=True)
    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
