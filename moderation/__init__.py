"""Moderation: flags, the review queue, actions on posts, comments and people, mutes; the audit log pages."""

from flask_babel import lazy_gettext as _l

from audit.services import audit_actions

audit_actions(hide=_l("hidden"), restore=_l("restored"), remove=_l("removed"), approve=_l("approved"),
              pin=_l("pinned"), unpin=_l("unpinned"), dismiss=_l("flags dismissed"), mute=_l("muted"),
              unmute=_l("no longer muted"), purge=_l("all content removed"), auto_hide=_l("hidden after flags"),
              settings=_l("settings changed"))


def init_app(app) -> None:
    from accounts.auth import register_api
    from audit.labels import action_label, target_label

    from . import api, events, personal_data, schemas, views  # noqa: F401  (events, personal_data: registries)
    from .services import FLAG_REASON_LABELS, FLAG_STATUS_LABELS
    from .targets import can_flag_content

    register_api(app, api.bp)
    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(flag_reasons=FLAG_REASON_LABELS, flag_status_labels=FLAG_STATUS_LABELS,
                                 action_label=action_label, target_label=target_label,
                                 can_flag_content=can_flag_content, **schemas.LIMITS)
