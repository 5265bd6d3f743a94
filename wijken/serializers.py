"""The API's object shapes (wijken/schemas.py) filled from the models, shared by the JSON API, live events and
the event log."""
from flask_babel import gettext as _

from accounts.schemas import UserBrief
from core.urls import external_url, path_for
from partners.schemas import OrganisationBrief

from . import schemas
from .kinds import REACTION_KINDS


def shown_name(user) -> str:
    """The name others see; a deleted account's is "deleted user", in the reader's language."""
    return _("deleted user") if user.deleted_at is not None else user.display_name


def user_brief(user) -> dict:
    return UserBrief(id=user.id, display_name=shown_name(user)).dump()


def organisation_brief(org) -> dict | None:
    brief = OrganisationBrief.of(org)
    return brief.dump() if brief else None


def wijk_json(wijk, follower_count: int, *, geometry: bool = False) -> dict:
    data = {"slug": wijk.slug, "name": wijk.name, "cbs_code": wijk.cbs_code,
            "municipality": wijk.municipality_name, "follower_count": follower_count, "households": wijk.households,
            "municipality_slug": wijk.municipality.slug if wijk.municipality else None}
    if geometry:
        return schemas.WijkDetail(**data, description=wijk.description, geometry=wijk.geometry).dump()
    return schemas.Wijk(**data).dump()


def lookup_json(wijk, follower_count: int, buurt=None, demo: bool = False) -> dict:
    return schemas.Lookup(**wijk_json(wijk, follower_count), demo=demo, buurt=schemas.BuurtBrief(
        cbs_code=buurt.cbs_code, name=buurt.name) if buurt else None).dump()


def removed_stub(item) -> dict:
    """What everyone may know of hidden or removed content: that it went away."""
    return {"id": item.id, "status": item.status, "seq": item.seq}


def reactions_json(reactions: dict[str, int] | None) -> dict:
    reactions = reactions or {}
    return {kind: reactions.get(kind, 0) for kind in REACTION_KINDS}


def photo_json(photo, slug: str) -> dict:
    """A photo of a post in the wijk `slug` (passed in: a page of posts loads no wijk per photo)."""
    image = photo.image
    sizes = [{"width": w, "height": image.height_at(w),
              "url": path_for("wijken.photo", slug=slug, key=image.key, width=w)} for w in image.widths]
    return {"id": photo.id, "alt": photo.alt, "width": image.width, "height": image.height, "sizes": sizes}


def post_json(post, reactions: dict[str, int] | None = None) -> dict:
    data = {
        "id": post.id, "wijk": post.wijk.slug, "kind": post.kind, "title": post.title, "body": post.body,
        "body_html": post.body_html, "author": user_brief(post.author),
        "organisation": organisation_brief(post.organisation), "author_function": post.author_function,
        "status": post.status, "pinned": post.pinned,
        "created_at": post.created_at, "edited_at": post.edited_at, "seq": post.seq,
        "comment_count": post.comment_count, "reactions": reactions_json(reactions),
        "photos": [photo_json(p, post.wijk.slug) for p in post.photos],
    }
    info = post.kind_info
    if info.is_event:
        data |= {"starts_at": post.starts_at, "ends_at": post.ends_at, "location": post.location,
                 "route": post.route, "capacity": post.capacity,
                 "rsvp": {"going": post.going_count, "maybe": post.maybe_count}}
    if info.expires:
        data["expires_at"] = post.expires_at
    return schemas.Post(**data).dump()


def comment_json(comment) -> dict:
    return schemas.Comment(
        id=comment.id, post_id=comment.post_id, parent_id=comment.parent_id, body=comment.body,
        body_html=comment.body_html, author=user_brief(comment.author),
        organisation=organisation_brief(comment.organisation), author_function=comment.author_function,
        status=comment.status,
        created_at=comment.created_at, edited_at=comment.edited_at, seq=comment.seq,
        photos=[photo_json(p, comment.post.wijk.slug) for p in comment.photos]).dump()


def public_post(post, reactions: dict[str, int] | None = None) -> dict:
    """The post as anyone may see it: in full while published, otherwise only that it went away.

    Live events and the event log carry this shape, so hidden or removed
    content never travels to people who may not see it.
    """
    return post_json(post, reactions) if post.status == "published" else removed_stub(post)


def public_comment(comment) -> dict:
    if comment.status == "published" and comment.post.status == "published":
        return comment_json(comment)
    return removed_stub(comment) | {"post_id": comment.post_id}


def municipality_json(municipality, wijk_count: int) -> dict:
    logo = municipality.logo
    return schemas.Municipality(
        slug=municipality.slug, name=municipality.name, cbs_code=municipality.cbs_code,
        primary_colour=municipality.primary_colour, wijk_count=wijk_count,
        url=external_url("municipalities.home", slug=municipality.slug),
        logo_url=external_url("municipalities.logo", slug=municipality.slug, key=logo.key, width=logo.smallest)
        if logo else None).dump()


def municipality_detail_json(municipality, wijken, partners) -> dict:
    return schemas.MunicipalityDetail(
        **municipality_json(municipality, len(wijken)),
        wijken=[schemas.WijkBrief(slug=w.slug, name=w.name, cbs_code=w.cbs_code) for w in wijken],
        partners=[OrganisationBrief.of(o) for o in partners]).dump()
