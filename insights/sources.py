"""Where new followers came from: `?src=<medium>` on the links the platform prints or hands out (the flyer's QR
code, the local paper, a poster, a shared link). The medium is kept in the visitor's session, so a follow after
landing counts to it; only the medium and the wijk are stored (FollowReferral), once per landing."""
from flask import has_request_context, request, session

from core.extensions import db
from wijken import signals

from .models import MEDIA, FollowReferral

SESSION_KEY = "insights_src"


def remember_source() -> None:
    """Before a request: a known `?src=` is remembered for this visitor's next follow."""
    medium = request.args.get("src")
    if medium in MEDIA and session.get(SESSION_KEY) != medium:
        session[SESSION_KEY] = medium


@signals.followed.connect
def _count_referral(follow, **_kwargs) -> None:
    """A new follow in the same transaction: to the medium the follower landed through, if any (used once)."""
    if not has_request_context():
        return
    medium = session.pop(SESSION_KEY, None)
    if medium in MEDIA:
        db.session.add(FollowReferral(wijk_id=follow.wijk_id, medium=medium))
