"""Moderators' live room: open-flag counts of the wijken and organisations they moderate."""
from sqlalchemy import select

from accounts.permissions import is_admin
from core import realtime
from core.extensions import db
from partners.models import Organisation
from partners.permissions import MODERATING_ROLES, membership_role
from wijken.live import MAX_SLUG
from wijken.models import Wijk
from wijken.permissions import can_manage_wijk


def moderation_room(name: str) -> str:
    return f"moderation:{name}"


@realtime.room_resolver("moderation")
def _moderation_room(name, user) -> str | None:
    """`moderation:<wijk>` for its coordinators, `moderation:org:<slug>` for the organisation's moderators."""
    if not isinstance(name, str) or not 0 < len(name) <= MAX_SLUG + 4:
        return None
    if name.startswith("org:"):
        org = db.session.scalar(select(Organisation).where(Organisation.slug == name[4:]))
        allowed = org is not None and (is_admin(user) or membership_role(user, org) in MODERATING_ROLES)
    else:
        wijk = db.session.scalar(select(Wijk).where(Wijk.slug == name))
        allowed = wijk is not None and can_manage_wijk(user, wijk)
    return moderation_room(name) if allowed else None
