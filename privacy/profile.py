"""The data links on a person's profile page."""
from accounts.profile import profile_panel


@profile_panel("privacy/_me_data.html")
def data_panel(user) -> dict:
    return {}
