"""The wijk side: wijken, follows, posts, threads, reactions, RSVPs, the event log; the organisations
serving a wijk, its coordinators and its mutes."""
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint, and_, event, false, true
from sqlalchemy.orm import Mapped, backref, foreign, mapped_column, relationship

from core.extensions import db
from core.timeutil import utcnow
from media.models import StoredImage
from partners.models import Organisation

from .kinds import DEFAULT_FOLLOW_LEVEL, KINDS

MUNICIPALITY_MAX = 120
DEFAULT_COLOUR = "#0b5c8c"  # the site's own --brand (static/style.css)
MUNICIPALITY_ROLES = ("admin",)
POST_STATUSES = ("published", "pending", "hidden", "removed")
ALT_MAX = 250


class Municipality(db.Model):
    """A gemeente on this installation: its home page (/g/<slug>), wijken, admins and branding."""
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(MUNICIPALITY_MAX), unique=True)
    cbs_code: Mapped[str | None] = mapped_column(String(8), unique=True)  # GM0867
    # Buttons and links of its pages; white text on it reaches WCAG AA (core.colour).
    primary_colour: Mapped[str] = mapped_column(String(7), default=DEFAULT_COLOUR, server_default=DEFAULT_COLOUR)
    logo_id: Mapped[int | None] = mapped_column(ForeignKey("stored_image.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    logo: Mapped[StoredImage | None] = relationship()

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class Wijk(db.Model):
    __table_args__ = (Index("ix_wijk_name", "name", "id"),)  # the wijken list, by name
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    cbs_code: Mapped[str] = mapped_column(String(16), unique=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    geometry: Mapped[dict] = mapped_column(JSON, deferred=True)  # large: loaded where maps and lookups need it
    # When the geometry last changed: the point lookup's spatial index is rebuilt when this moves.
    geometry_changed_at: Mapped[datetime | None] = mapped_column(index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # Number of households (CBS kerncijfers; set by admins): the base of a participation's response rate.
    households: Mapped[int | None]
    # The last event number handed out in this wijk; every write takes the next one.
    last_seq: Mapped[int] = mapped_column(default=0)
    # Moderation settings, the coordinator's: content flagged by this many people is hidden
    # pending review; with premoderation, a new account's first posts wait for approval.
    flag_threshold: Mapped[int] = mapped_column(default=3, server_default="3")
    premoderation: Mapped[bool] = mapped_column(default=False, server_default=false())
    premoderation_posts: Mapped[int] = mapped_column(default=3, server_default="3")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Joined: every page that shows a wijk names its municipality, without a query of its own.
    municipality: Mapped[Municipality | None] = relationship(lazy="joined")

    @property
    def municipality_name(self) -> str:
        return self.municipality.name if self.municipality else ""

    def __repr__(self) -> str:
        return f"<Wijk {self.slug}>"


@event.listens_for(Wijk.geometry, "set")
def _geometry_changed(wijk: Wijk, value, old_value, initiator) -> None:
    wijk.geometry_changed_at = utcnow()


class Follow(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "wijk_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), index=True)
    level: Mapped[str] = mapped_column(String(16), default=DEFAULT_FOLLOW_LEVEL)
    # At level "important" or "digest": how often the summary comes (kinds.DIGEST_FREQUENCIES).
    digest_frequency: Mapped[str] = mapped_column(String(8), default="weekly", server_default="weekly")
    last_digest_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    wijk: Mapped[Wijk] = relationship()


class Post(db.Model):
    __table_args__ = (
        # The wijk feed: published posts of a wijk, pinned first, newest next.
        Index("ix_post_feed", "wijk_id", "status", "pinned", "created_at", "id"),
        # Banners and the agenda: a wijk's posts of one kind.
        Index("ix_post_wijk_kind", "wijk_id", "kind", "status"),
        # "My feed": each followed wijk's newest published posts.
        Index("ix_post_wijk_recent", "wijk_id", "status", "created_at", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"),
                                                        index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(140))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="published")
    pinned: Mapped[bool] = mapped_column(default=False)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    location: Mapped[str | None] = mapped_column(String(200))
    route: Mapped[str | None] = mapped_column(String(2000))
    capacity: Mapped[int | None]
    expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    # Written for an organisation: the writer's function in it then ("wethouder", "wijkagent"), shown with the badge.
    author_function: Mapped[str | None] = mapped_column(String(60))
    seq: Mapped[int] = mapped_column(default=0)
    # Others may comment, react and sign up (a tool may close it: a private melding's post only names its category).
    thread_open: Mapped[bool] = mapped_column(default=True, server_default=true())
    comment_count: Mapped[int] = mapped_column(default=0)
    going_count: Mapped[int] = mapped_column(default=0)
    maybe_count: Mapped[int] = mapped_column(default=0)

    wijk: Mapped[Wijk] = relationship()  # feeds load their wijk first: found in the identity map
    author: Mapped["User"] = relationship(lazy="joined", innerjoin=True)  # noqa: F821
    organisation: Mapped["Organisation | None"] = relationship(lazy="joined")  # noqa: F821

    @property
    def kind_info(self):
        return KINDS.get(self.kind)

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or utcnow())

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.going_count >= self.capacity


class Comment(db.Model):
    __table_args__ = (Index("ix_comment_thread", "post_id", "created_at", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # Staff replying on behalf of their organisation: the reply shows the organisation and its verified badge.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="SET NULL"),
                                                        index=True)
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="published")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None]
    # Written for an organisation: the writer's function in it then ("wethouder", "wijkagent"), shown with the badge.
    author_function: Mapped[str | None] = mapped_column(String(60))
    seq: Mapped[int] = mapped_column(default=0)

    post: Mapped[Post] = relationship()
    author: Mapped["User"] = relationship(lazy="joined", innerjoin=True)  # noqa: F821
    organisation: Mapped["Organisation | None"] = relationship(lazy="joined")  # noqa: F821


class Photo(db.Model):
    """A photo of a post (`comment_id` None) or of one of its comments. Its files are served only to who may
    see the post (and the comment): wijken.views.photo."""
    __table_args__ = (Index("ix_photo_post", "post_id", "comment_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    image_id: Mapped[int] = mapped_column(ForeignKey("stored_image.id", ondelete="CASCADE"), unique=True)
    alt: Mapped[str] = mapped_column(String(ALT_MAX))  # what the photo shows, for who cannot see it
    position: Mapped[int] = mapped_column(default=0)

    image: Mapped[StoredImage] = relationship(lazy="joined", innerjoin=True)
    post: Mapped[Post] = relationship()
    comment: Mapped[Comment | None] = relationship()


# Loaded with every batch of posts or comments in one more query (no page loads them one by one).
Post.photos = relationship(Photo, primaryjoin=and_(foreign(Photo.post_id) == Post.id, Photo.comment_id.is_(None)),
                           order_by=Photo.position, lazy="selectin", viewonly=True)
Comment.photos = relationship(Photo, primaryjoin=foreign(Photo.comment_id) == Comment.id, order_by=Photo.position,
                              lazy="selectin", viewonly=True)


class Reaction(db.Model):
    __table_args__ = (UniqueConstraint("post_id", "user_id", "kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Rsvp(db.Model):
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship(lazy="joined", innerjoin=True)  # noqa: F821


class WijkEvent(db.Model):
    """The per-wijk ordered log behind live updates and resume (`?since=seq`)."""
    __table_args__ = (UniqueConstraint("wijk_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    seq: Mapped[int]
    name: Mapped[str] = mapped_column(String(32))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


# --- who serves and looks after a wijk --------------------------------------------------------

# The wijken an organisation serves. Organisations (partners) know nothing of wijken; the wijk side adds
# `Organisation.wijken`.
organisation_wijk = Table(
    "organisation_wijk",
    db.metadata,
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
    Column("wijk_id", ForeignKey("wijk.id", ondelete="CASCADE"), primary_key=True),
)

Organisation.wijken = relationship(Wijk, secondary=organisation_wijk)

WIJK_ROLES = ("coordinator",)


class WijkRole(db.Model):
    __table_args__ = (UniqueConstraint("user_id", "wijk_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    # Loaded on first use (permission checks of the current user), never for every author on a page.
    user: Mapped["User"] = relationship(backref=backref("wijk_roles", cascade="all, delete-orphan"))  # noqa: F821
    wijk: Mapped[Wijk] = relationship()


class MunicipalityRole(db.Model):
    """A municipality admin: its branding, wijk settings and admins; a privileged role (two-factor)."""
    __table_args__ = (UniqueConstraint("user_id", "municipality_id", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship(  # noqa: F821
        backref=backref("municipality_roles", cascade="all, delete-orphan"))
    municipality: Mapped[Municipality] = relationship()


class WijkMute(db.Model):
    """A user may read but not write in a wijk until `until`."""
    __table_args__ = (UniqueConstraint("user_id", "wijk_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    wijk_id: Mapped[int] = mapped_column(ForeignKey("wijk.id", ondelete="CASCADE"))
    until: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship(backref=backref("mutes", cascade="all, delete-orphan"))  # noqa: F821


# --- buurten and postcodes --------------------------------------------------------------------

class Buurt(db.Model):
    """A CBS buurt, and the wijk page that covers it: the page made of this buurt itself, else the named group
    of buurten it was put in, else the page of its CBS wijk (see `wijken.buurten.assign_pages`)."""
    id: Mapped[int] = mapped_column(primary_key=True)
    cbs_code: Mapped[str] = mapped_column(String(16), unique=True)  # BU08670000
    name: Mapped[str] = mapped_column(String(120))
    wijk_code: Mapped[str] = mapped_column(String(16), index=True)  # its CBS wijk: WK086700
    geometry: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    # A named group of buurten that is one wijk page (a municipality's own cut), chosen by an admin.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("wijk.id", ondelete="SET NULL"), index=True)
    page_id: Mapped[int | None] = mapped_column(ForeignKey("wijk.id", ondelete="SET NULL"), index=True)

    page: Mapped[Wijk | None] = relationship(foreign_keys=[page_id])


class PostcodeRange(db.Model):
    """CBS's "buurt, wijk en gemeente per postcode en huisnummer", folded into runs of house numbers: the
    numbers first..last of a postcode lie in one buurt. A number in a gap belongs to the run below it."""
    __table_args__ = (Index("ix_postcode_range_lookup", "postcode", "first_number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    postcode: Mapped[str] = mapped_column(String(6))  # 5141AB
    first_number: Mapped[int]
    last_number: Mapped[int]
    buurt_code: Mapped[str] = mapped_column(String(16))  # BU08670000
    wijk_code: Mapped[str] = mapped_column(String(16))  # WK086700
    demo: Mapped[bool] = mapped_column(default=False)  # generated for the demo, not CBS's table
