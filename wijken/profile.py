"""What the wijk side adds to a person's profile (accounts.profile): follows and roles."""
from accounts.profile import profile_fields, profile_panel

from .schemas import WijkProfile
from .serializers import organisation_brief
from .services import follows_of


@profile_fields(WijkProfile)
def roles_and_follows(user) -> dict:
    return {"roles": {"organisations": [organisation_brief(m.organisation) | {"role": m.role}
                                        for m in user.memberships],
                      "wijken": [{"wijk": r.wijk.slug, "role": r.role} for r in user.wijk_roles]},
            "follows": [{"wijk": f.wijk.slug, "level": f.level} for f in follows_of(user)]}


@profile_panel("wijken/_me_follows.html")
def follows_panel(user) -> dict:
    return {"follows": follows_of(user), "memberships": user.memberships, "wijk_roles": user.wijk_roles}
