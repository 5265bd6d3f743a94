"""What people read for the codes stored in the audit log: the log keeps the code, pages show these."""
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "hide": _l("hidden"), "restore": _l("restored"), "remove": _l("removed"), "approve": _l("approved"),
    "pin": _l("pinned"), "unpin": _l("unpinned"), "dismiss": _l("flags dismissed"),
    "auto_hide": _l("hidden after flags"), "mute": _l("muted"), "unmute": _l("no longer muted"),
    "purge": _l("all content removed"), "settings": _l("settings changed"),
    "grant_role": _l("role given"), "revoke_role": _l("role taken away"), "invite": _l("invited"),
    "create_api_client": _l("API client made"), "revoke_api_client": _l("API client revoked"),
    "configure_sso": _l("single sign-on set up"), "delete_account": _l("account deleted"),
}

TARGET_LABELS = {
    "post": _l("post"), "comment": _l("comment"), "user": _l("person"), "wijk": _l("wijk"),
    "organisation": _l("organisation"), "api_client": _l("API client"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def target_label(code: str) -> str:
    return str(TARGET_LABELS.get(code, code))
