"""The management links on a person's profile page."""
from accounts.permissions import is_admin
from accounts.profile import profile_panel
from partners.permissions import can_manage_organisation


@profile_panel("admin/_me_management.html")
def management_panel(user) -> dict:
    return {"site_admin": is_admin(user),
            "organisations": [m.organisation for m in user.memberships
                              if can_manage_organisation(user, m.organisation)]}
