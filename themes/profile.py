"""The link to the themes on the profile page of whoever sees them."""
from accounts.profile import profile_panel

from .permissions import can_see_themes


@profile_panel("themes/_me.html")
def themes_panel(user) -> dict:
    return {"themes": can_see_themes(user)}
